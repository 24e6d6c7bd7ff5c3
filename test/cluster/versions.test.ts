/**
 * The version catalogs and the choice (pure; no Pulumi). Today is pinned to
 * 2026-12-01 by vitest.config.mts; tests that need another day pass it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";
import { AKS_CATALOG } from "../../components/cluster/versions/aks";
import { EKS_CATALOG } from "../../components/cluster/versions/eks";
import { GKE_CATALOG } from "../../components/cluster/versions/gke";
import { isDay } from "../../components/cluster/versions/today";
import {
    catalogAgeWarning, datedCatalog, eksBuild, eksClusterVersionsAnswer, fromEksClusterVersions, fromGkeEngineVersions,
    gkeEngineVersionsAnswer, minorOf, resolveKubernetesVersion, resolveToday, supportOn, type VersionCatalog,
} from "../../components/cluster/versions";

const ROOT = path.resolve(__dirname, "../..");
const TODAY = "2026-12-01";
const errorLines = (f: () => unknown): string => {
    try {
        f();
    } catch (e) {
        if (ConfigError.is(e)) return e.message;
        throw e;
    }
    throw new Error("expected a ConfigError");
};
const fixture = (name: string, cloud: string, region: string, extra: Record<string, unknown> = {}) =>
    loadPlan({ configFile: `test/fixtures/versions/${name}.yaml`, cloud, region, ...extra }, { root: ROOT });

describe("the dated catalogs", () => {
    const catalogs = [datedCatalog("aws"), datedCatalog("gcp"), datedCatalog("azure")];

    it.each(catalogs)("$cloud: is dated, sourced, and its dates are real days in order", (c) => {
        expect(isDay(c.takenOn)).toBe(true);
        expect(c.sources.length).toBeGreaterThan(0);
        for (const s of c.sources) expect(s).toMatch(/^https:\/\//);
        const minors = c.minors.map((m) => m.minor);
        expect(minors).toEqual([...new Set(minors)].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])));
        for (const m of c.minors) {
            for (const d of [m.released, m.endOfStandardSupport, m.endOfExtendedSupport]) if (d !== undefined) expect(isDay(d), `${m.minor} ${d}`).toBe(true);
            if (m.released && m.endOfStandardSupport) expect(m.released < m.endOfStandardSupport).toBe(true);
            if (m.endOfStandardSupport && m.endOfExtendedSupport) expect(m.endOfStandardSupport < m.endOfExtendedSupport).toBe(true);
        }
    });

    it("EKS: every minor EKS still supports on the catalog's date has add-on and cluster-autoscaler versions of that minor", () => {
        const supported = EKS_CATALOG.minors.filter((m) => supportOn(m, EKS_CATALOG.takenOn) !== "ended");
        expect(supported.map((m) => m.minor)).toEqual(["1.32", "1.33", "1.34", "1.35", "1.36"]);
        for (const m of supported) {
            const build = eksBuild(m.minor)!;
            expect(build.autoscaler.imageTag).toMatch(new RegExp(`^v${m.minor.replace(".", "\\.")}\\.\\d+$`));
            expect(build.autoscaler.chartVersion).toMatch(/^9\.\d+\.\d+$/);
            expect(build.addons["kube-proxy"]).toMatch(new RegExp(`^v${m.minor.replace(".", "\\.")}\\.\\d+-eksbuild\\.\\d+$`));
            for (const v of Object.values(build.addons)) expect(v).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
        }
    });

    it("GKE: every channel default is a valid master version in standard support on the catalog's date", () => {
        for (const version of Object.values(GKE_CATALOG.channelDefaults ?? {})) {
            expect(GKE_CATALOG.validMasterVersions).toContain(version);
            const m = GKE_CATALOG.minors.find((x) => x.minor === minorOf(version))!;
            expect(supportOn(m, GKE_CATALOG.takenOn)).toBe("standard");
        }
    });

    it("AKS: the default minor is one of the GA minors", () => {
        expect(AKS_CATALOG.minors.map((m) => m.minor)).toContain(AKS_CATALOG.defaultMinor);
    });

    it("are what the README's tables show (npm run docs refreshes them)", async () => {
        const { withVersionTables } = await import("../../components/cluster/versions/readme");
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(withVersionTables(readme)).toBe(readme);
    });

    it("no version is written anywhere in components/ outside the dated tables", () => {
        const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
            .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
        const offenders = files(path.join(ROOT, "components"))
            .filter((f) => f.endsWith(".ts") && !f.includes(`${path.sep}versions${path.sep}`))
            .filter((f) => fs.readFileSync(f, "utf8").split("\n")
                .some((line) => !/^\s*(\*|\/\/)/.test(line) && /["'`]v?1\.(2\d|3\d)(\.\d+)?["'`]/.test(line)));
        expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
    });
});

describe("choosing the version on 2026-12-01", () => {
    const choose = (cloud: "aws" | "gcp" | "azure", extra: { version?: string; extendedSupport?: boolean; channel?: "REGULAR" | "STABLE" } = {}, catalog?: VersionCatalog) =>
        resolveKubernetesVersion({ cloud, extendedSupport: false, ...extra }, { today: TODAY, catalog });

    it("EKS: the newest minor in standard support", () => {
        const r = choose("aws");
        expect(r.ok && r.value).toMatchObject({ minor: "1.36", pinned: false, support: "standard", endOfStandardSupport: "2027-08-02" });
    });

    it("GKE: the release channel's default (REGULAR outside prod, STABLE in prod)", () => {
        expect(choose("gcp", { channel: "REGULAR" })).toMatchObject({ ok: true, value: { minor: "1.35", how: "the REGULAR channel's default (1.35.8-gke.1036000)" } });
        expect(choose("gcp", { channel: "STABLE" })).toMatchObject({ ok: true, value: { minor: "1.35" } });
    });

    it("AKS: the minor AKS picks, recorded but not sent", () => {
        const plan = fixturePlan("azure");
        expect(plan.kubernetes).toMatchObject({ minor: "1.35", pinned: false });
        expect(plan.cluster.cloud === "azure" && plan.cluster.aks).toMatchObject({ version: "1.35", kubernetesVersion: undefined });
    });

    it("follows today: another day, another version, and none when the catalog has run out", () => {
        const on = (today: string) => resolveKubernetesVersion({ cloud: "aws", extendedSupport: false }, { today });
        expect(on("2026-03-01")).toMatchObject({ ok: true, value: { minor: "1.35" } }); // before 1.36 reached EKS
        expect(on("2027-08-01")).toMatchObject({ ok: true, value: { minor: "1.36" } });
        expect(on("2027-08-02")).toEqual({
            ok: false,
            problems: [{ path: ["cluster", "version"], message: "cannot be chosen: no Kubernetes version EKS offers is in standard support on 2027-08-02 per the version catalog of 2026-12-01; update kubeship, or pin cluster.version (with cluster.extendedSupport: true)" }],
        });
    });

    it("takes today from KUBESHIP_TODAY and refuses a malformed one", () => {
        expect(resolveToday()).toBe(TODAY);
        expect(resolveToday(undefined, {}, () => new Date("2027-01-02T23:00:00Z"))).toBe("2027-01-02");
        expect(() => resolveToday(undefined, { KUBESHIP_TODAY: "2026-02-30" })).toThrow('(environment):1:1 KUBESHIP_TODAY: must be a date written YYYY-MM-DD, got "2026-02-30"; unset it to use today\'s date');
    });
});

function fixturePlan(cloud: "azure") {
    return loadPlan({ configFile: "examples/guestbook.yaml", cloud, region: "westeurope" }, { root: ROOT });
}

describe("a pinned version is checked, positioned", () => {
    it("refuses a version past all support on EKS (1.29), naming what EKS can create", () => {
        expect(errorLines(() => fixture("stale", "aws", "us-east-1"))).toBe(
            'test/fixtures/versions/stale.yaml:3:12 cluster.version: reached the end of all support on EKS on 2026-03-23, got "1.29"; EKS can create 1.34, 1.35, 1.36 (standard support) and 1.32, 1.33 (extended support); leave cluster.version out for the newest (1.36)',
        );
    });

    it("refuses a version past standard support unless extendedSupport is set, and says what it costs", () => {
        expect(errorLines(() => fixture("extended", "aws", "us-east-1", { overrides: { cluster: { extendedSupport: false } } }))).toBe(
            'test/fixtures/versions/extended.yaml:3:12 cluster.version: left standard support on EKS on 2026-07-29, got "1.33"; set cluster.extendedSupport: true to run it on extended support until 2027-07-29 ($0.60 instead of $0.10 per cluster-hour), or use 1.34, 1.35 or 1.36',
        );
    });

    it("accepts 1.33 with extendedSupport: true on EKS: support type EXTENDED, add-ons and autoscaler of 1.33", () => {
        const plan = fixture("extended", "aws", "us-east-1");
        expect(plan.kubernetes).toMatchObject({ minor: "1.33", pinned: true, support: "extended", endOfExtendedSupport: "2027-07-29" });
        expect(plan.cluster.cloud === "aws" && plan.cluster.eks).toMatchObject({
            version: "1.33", supportType: "EXTENDED", autoscaler: { chartVersion: "9.51.0", imageTag: "v1.33.6" },
        });
    });

    it("refuses extended support on GKE and AKS with a clear line, and a version they no longer offer", () => {
        const gke = { overrides: { cluster: { gcp: { project: "kubeship-dev" } } } };
        expect(errorLines(() => fixture("extended", "gcp", "europe-west4", gke))).toBe([
            'test/fixtures/versions/extended.yaml:3:12 cluster.version: left standard support on GKE on 2026-08-03, got "1.33"; kubeship offers no extended support on GKE, so use 1.35 or 1.36, or leave cluster.version out',
            "test/fixtures/versions/extended.yaml:4:20 cluster.extendedSupport: is not available on GKE through kubeship, got true; kubeship does not use GKE's Extended release channel: remove it and use a version in standard support (1.35, 1.36)",
        ].join("\n"));
        expect(errorLines(() => fixture("extended", "azure", "westeurope"))).toBe([
            'test/fixtures/versions/extended.yaml:3:12 cluster.version: is not a Kubernetes version AKS can create, got "1.33"; AKS can create 1.34, 1.35, 1.36; leave cluster.version out for AKS\'s default (1.35)',
            "test/fixtures/versions/extended.yaml:4:20 cluster.extendedSupport: is not available on AKS through kubeship, got true; AKS's equivalent, Long Term Support, needs the Premium tier, which kubeship does not set up: remove it and use a version in standard support (1.34, 1.35, 1.36)",
        ].join("\n"));
    });

    it("points at the stack file when the stack pins the version", () => {
        const lines = errorLines(() => loadPlan({
            configFile: "examples/guestbook.yaml", cloud: "aws", region: "us-east-1", stackFile: "test/fixtures/versions/Pulumi.pinned.yaml",
            overrides: { cluster: { version: "1.40" } },
        }, { root: ROOT }));
        expect(lines).toBe('test/fixtures/versions/Pulumi.pinned.yaml:5:16 cluster.version: is not a Kubernetes version EKS can create, got "1.40"; EKS can create 1.34, 1.35, 1.36 (standard support) and 1.32, 1.33 (extended support); leave cluster.version out for the newest (1.36)');
    });
});

describe("the cloud's live answer", () => {
    const eksEntry = (minor: string, eoss: string, eoes: string) => ({
        clusterVersion: minor, releaseDate: "2025-01-01T00:00:00Z",
        endOfStandardSupportDate: `${eoss}T16:00:00-08:00`, endOfExtendedSupportDate: `${eoes}T16:00:00-08:00`, versionStatus: "STANDARD_SUPPORT",
    });

    it("reads EKS's timestamps as UTC days", () => {
        const c = fromEksClusterVersions([eksEntry("1.35", "2027-03-26", "2028-03-26")], TODAY, "us-east-1");
        expect(c.minors).toEqual([{ minor: "1.35", released: "2025-01-01", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" }]);
        expect(c).toMatchObject({ cloud: "aws", source: "live", takenOn: TODAY });
    });

    it("EKS: chooses among what EKS offers that kubeship can build, and notes a newer minor it cannot", () => {
        const live = fromEksClusterVersions([eksEntry("1.35", "2027-03-26", "2028-03-26"), eksEntry("1.37", "2027-12-01", "2028-12-01")], TODAY, "us-east-1");
        const r = resolveKubernetesVersion({ cloud: "aws", extendedSupport: false }, { today: TODAY, catalog: live });
        expect(r.ok && r.value.minor).toBe("1.35");
        expect(r.ok && r.value.notes).toEqual(["EKS also offers 1.37, which kubeship's catalog of 2026-12-01 cannot build yet (no add-on or cluster-autoscaler versions); update kubeship to use it"]);
        expect(resolveKubernetesVersion({ cloud: "aws", version: "1.37", extendedSupport: false }, { today: TODAY, catalog: live })).toEqual({
            ok: false,
            problems: [{ path: ["cluster", "version"], message: 'is a version EKS offers, but kubeship\'s catalog of 2026-12-01 has no add-on or cluster-autoscaler versions for it, got "1.37"; use 1.35, or update kubeship' }],
        });
        expect(resolveKubernetesVersion({ cloud: "aws", version: "1.36", extendedSupport: false }, { today: TODAY, catalog: live })).toMatchObject({ ok: false });
    });

    it("GKE: the channel default and the valid versions come from GKE, the dates from the table", () => {
        const live = fromGkeEngineVersions({ validMasterVersions: ["1.36.9-gke.1", "1.35.9-gke.2"], releaseChannelDefaultVersion: { REGULAR: "1.36.9-gke.1" } }, TODAY, "project p, location europe-west4");
        expect(resolveKubernetesVersion({ cloud: "gcp", channel: "REGULAR", extendedSupport: false }, { today: TODAY, catalog: live })).toMatchObject({ ok: true, value: { minor: "1.36" } });
        expect(live.minors.find((m) => m.minor === "1.35")?.endOfStandardSupport).toBe("2027-04-11");
        expect(resolveKubernetesVersion({ cloud: "gcp", channel: "REGULAR", version: "1.34", extendedSupport: false }, { today: "2026-09-01", catalog: live })).toMatchObject({
            ok: false, problems: [{ message: expect.stringMatching(/^is not a Kubernetes version GKE can create, got "1\.34"; GKE can create 1\.35, 1\.36;/) }],
        });
    });

    it("the mocks' answers, read back, are the dated tables: validate and render choose alike", () => {
        const eks = fromEksClusterVersions(eksClusterVersionsAnswer("us-east-1").clusterVersions as never, TODAY, "us-east-1");
        expect(eks.minors).toEqual(datedCatalog("aws").minors);
        const gke = fromGkeEngineVersions(gkeEngineVersionsAnswer("p", "europe-west4") as never, TODAY, "p");
        expect(gke.minors).toEqual(datedCatalog("gcp").minors);
        expect(gke.channelDefaults).toEqual(datedCatalog("gcp").channelDefaults);
        expect([...gke.validMasterVersions!].sort()).toEqual([...datedCatalog("gcp").validMasterVersions!].sort());
    });
});

describe("the catalog's age", () => {
    it("warns past 90 days, and not before", () => {
        expect(catalogAgeWarning(datedCatalog("aws"), "2027-03-01")).toBeUndefined();
        expect(catalogAgeWarning(datedCatalog("aws"), "2027-03-02")).toBe(
            "warning: the EKS version catalog was taken on 2026-12-01, 91 days before today (2027-03-02); its versions and support dates may be stale: update components/cluster/versions/eks.ts",
        );
        expect(catalogAgeWarning({ ...datedCatalog("gcp"), source: "live" }, "2030-01-01")).toBeUndefined();
    });
});
