/**
 * Every stack renders with a current Kubernetes version (today pinned to
 * 2026-12-01 by vitest.config.mts), through the program's own path: it asks the
 * cloud (the mocks answer from the dated catalog) and plans with the answer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render, userErrorLines, type Rendered } from "../../components/render/render";
import { listStacks } from "../../components/render/stack-file";

const ROOT = path.resolve(__dirname, "../..");
const stacks = listStacks(ROOT);
const cache = new Map<string, Promise<Rendered>>();
const rendered = (stack: string) => {
    if (!cache.has(stack)) cache.set(stack, render({ stack }, ROOT));
    return cache.get(stack)!;
};
const one = (r: Rendered, type: string) => {
    const found = r.resources.filter((x) => x.type === type);
    expect(found).toHaveLength(1);
    return found[0].inputs as Record<string, any>;
};

/** What each stack builds on 2026-12-01: EKS's newest in standard support, GKE's channel default, AKS's default. */
const EXPECTED: Record<string, string | undefined> = {
    "dev-aws": "1.36", "staging-aws": "1.36", "prod-aws": "1.36",
    "dev-gcp": "1.35", "staging-gcp": "1.35", "prod-gcp": "1.35",
    "dev-azure": "1.35", "staging-azure": "1.35", "prod-azure": "1.35",
    local: undefined,
};

describe("every stack renders with a current Kubernetes version", () => {
    it("covers every stack in stacks/", () => {
        expect(stacks.sort()).toEqual(Object.keys(EXPECTED).sort());
    });

    it.each(stacks)("%s", async (stack) => {
        const r = await rendered(stack);
        const want = EXPECTED[stack];
        expect(r.outputs.kubernetesVersion).toBe(want);
        expect(r.kubernetes?.minor).toBe(want);
        expect(r.warnings).toEqual([]);
        if (want === undefined) return;
        expect(r.kubernetes?.support).toBe("standard");
        expect(r.summary.split("\n")[1]).toMatch(new RegExp(`^Kubernetes ${want.replace(".", "\\.")} on (EKS|GKE|AKS): `));
        expect(r.files["diagram.mmd"]).toContain(`Kubernetes ${want}`);
        switch (r.platform.cluster.cloud) {
            case "aws": {
                const cluster = one(r, "aws:eks/cluster:Cluster");
                expect(cluster.version).toBe(want);
                expect(cluster.upgradePolicy).toEqual({ supportType: "STANDARD" });
                break;
            }
            case "gcp":
                expect(one(r, "gcp:container/cluster:Cluster").minMasterVersion).toBe(want);
                break;
            case "azure": {
                // Left out: AKS and its upgrade channel choose.
                const cluster = one(r, "azure-native:containerservice:ManagedCluster");
                expect(cluster.kubernetesVersion).toBeUndefined();
                expect(cluster.agentPoolProfiles[0].orchestratorVersion).toBeUndefined();
                break;
            }
        }
    });

    it("prints the choice in the summary (dev-aws)", async () => {
        expect((await rendered("dev-aws")).summary.split("\n")[1]).toBe(
            "Kubernetes 1.36 on EKS: the newest minor in standard support; standard support until 2027-08-02; upgradePolicy.supportType STANDARD (catalog of 2026-12-01)",
        );
    });
});

function tempProject(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-versions-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

const platform = (cluster: string) => `cluster:\n${cluster}  nodePools:\n    general: { min: 1, max: 2 }\napp:\n  name: demo\n  tiers:\n    api: { image: "example/api:1.0.0", ports: { http: 8080 } }\n`;

describe("a pinned version through render", () => {
    it("refuses a stale one with the same line validate prints, registering nothing", async () => {
        const root = tempProject({ "platform.yaml": platform('  version: "1.29"\n') });
        const err = await render({ configFile: "platform.yaml", cloud: "aws" }, root).then(() => undefined, (e: unknown) => e);
        expect(userErrorLines(err)).toBe(
            'platform.yaml:2:12 cluster.version: reached the end of all support on EKS on 2026-03-23, got "1.29"; EKS can create 1.34, 1.35, 1.36 (standard support) and 1.32, 1.33 (extended support); leave cluster.version out for the newest (1.36)',
        );
    });

    it("builds 1.33 on EKS extended support when asked: supportType EXTENDED, the 1.33 autoscaler", async () => {
        const root = tempProject({ "platform.yaml": platform('  version: "1.33"\n  extendedSupport: true\n') });
        const r = await render({ configFile: "platform.yaml", cloud: "aws" }, root);
        const cluster = one(r, "aws:eks/cluster:Cluster");
        expect(cluster.version).toBe("1.33");
        expect(cluster.upgradePolicy).toEqual({ supportType: "EXTENDED" });
        const autoscaler = one(r, "kubernetes:helm.sh/v3:Release");
        expect(autoscaler.version).toBe("9.51.0");
        expect(autoscaler.values.image).toEqual({ repository: "registry.k8s.io/autoscaling/cluster-autoscaler", tag: "v1.33.6" });
        expect(r.outputs.kubernetesVersion).toBe("1.33");
        expect(r.summary).toContain("Kubernetes 1.33 on EKS: pinned by cluster.version; EXTENDED support until 2027-07-29 (standard support ended 2026-07-29); upgradePolicy.supportType EXTENDED");
    });

    it("sends a pinned AKS version to the cluster and its pools", async () => {
        const root = tempProject({ "platform.yaml": platform('  version: "1.36"\n') });
        const r = await render({ configFile: "platform.yaml", cloud: "azure" }, root);
        expect(one(r, "azure-native:containerservice:ManagedCluster")).toMatchObject({ kubernetesVersion: "1.36", agentPoolProfiles: [{ orchestratorVersion: "1.36" }] });
        expect(one(r, "azure-native:containerservice:AgentPool").orchestratorVersion).toBe("1.36");
    });
});

describe("the catalog's age, on the command line", () => {
    it("warns on stderr when the catalog is more than 90 days old, and still renders", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-age-")), "dev-aws");
        const r = spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), "render", "--stack", "dev-aws", "--out", out, "--quiet"], {
            cwd: ROOT, encoding: "utf8", env: { ...process.env, KUBESHIP_DEBUG: "", KUBESHIP_TODAY: "2027-03-15" },
        });
        expect(r.status).toBe(0);
        expect(r.stderr).toBe("warning: the EKS version catalog was taken on 2026-12-01, 104 days before today (2027-03-15); its versions and support dates may be stale: update components/cluster/versions/eks.ts\n");
        expect(fs.existsSync(path.join(out, "resources.json"))).toBe(true);
    });
});

describe("the program asks the cloud before it plans", () => {
    /** Runs the program for a config file on a cloud under the render's mocks, recording every invoke and registration. */
    async function runProgram(file: string, cloud: string, region: string, overrides?: unknown) {
        const { evaluate } = await import("../../components/render/engine");
        const { createMocks } = await import("../../components/render/mocks");
        const { deployPlatform } = await import("../../components/program");
        const pulumi = await import("@pulumi/pulumi");
        const base = createMocks({ cloud: cloud as "aws", region, stack: "asks" });
        const calls: { token: string; inputs: Record<string, unknown> }[] = [];
        const registered: string[] = [];
        const mocks = {
            newResource: (a: Parameters<typeof base.newResource>[0]) => { registered.push(a.type); return base.newResource(a); },
            call: (a: Parameters<typeof base.call>[0]) => { calls.push({ token: a.token, inputs: a.inputs }); return base.call(a); },
        };
        const run = evaluate(async () => {
            await deployPlatform({ configFile: file, cloud, region, overrides }, new pulumi.Config("kubeship"), ROOT);
        }, { project: "kubeship", stack: "asks", config: {}, mocks });
        const error = await run.then(() => undefined, (e: unknown) => e);
        return { calls, registered, error };
    }

    it("EKS: aws.eks.getClusterVersions with the stack's region, before any resource", async () => {
        const { calls, error } = await runProgram("examples/guestbook.yaml", "aws", "eu-west-1");
        expect(error).toBeUndefined();
        expect(calls[0]).toMatchObject({ token: "aws:eks/getClusterVersions:getClusterVersions", inputs: { region: "eu-west-1", includeAll: true } });
    });

    it("GKE: gcp.container.getEngineVersions with the project and location", async () => {
        const { calls, error } = await runProgram("examples/guestbook.yaml", "gcp", "europe-west4", { cluster: { gcp: { project: "kubeship-dev" } } });
        expect(error).toBeUndefined();
        expect(calls[0]).toMatchObject({ token: "gcp:container/getEngineVersions:getEngineVersions", inputs: { project: "kubeship-dev", location: "europe-west4" } });
    });

    it("refuses a stale pinned version from the cloud's answer with validate's line, and registers nothing", async () => {
        const { calls, registered, error } = await runProgram("test/fixtures/versions/stale.yaml", "aws", "us-east-1");
        expect(calls.map((c) => c.token)).toEqual(["aws:eks/getClusterVersions:getClusterVersions"]);
        expect(registered).toEqual(["pulumi:pulumi:Stack"]); // the engine's root only: no component, no cloud resource
        expect(userErrorLines(error)).toBe(
            'test/fixtures/versions/stale.yaml:3:12 cluster.version: reached the end of all support on EKS on 2026-03-23, got "1.29"; EKS can create 1.34, 1.35, 1.36 (standard support) and 1.32, 1.33 (extended support); leave cluster.version out for the newest (1.36)',
        );
    });
});
