/**
 * Choosing the Kubernetes version: pure, from a catalog and "today". Unpinned,
 * EKS gets the newest minor in standard support, GKE its release channel's
 * default, AKS its own default (kubeship sends no version). A pinned version is
 * checked: one the cloud cannot create is refused, and one past standard
 * support needs `extendedSupport: true` (EKS only). Problems name the config path.
 */
import type { PathProblem } from "../../config/errors";
import { CLOUD_NAME, compareMinors, datedCatalog, eksBuild, minorOf } from "./catalog";
import { EKS_SUPPORT_PRICE } from "./eks";
import { resolveToday } from "./today";
import type { CatalogCloud, GkeChannel, MinorSupport, VersionCatalog } from "./types";

/** What the plan records about the version: which minor, why, and its support. */
export interface KubernetesVersionPlan {
    cloud: CatalogCloud;
    /** The minor to build, e.g. "1.36" (for AKS unpinned: the minor AKS will pick, per the catalog). */
    minor: string;
    /** Whether `cluster.version` named it. */
    pinned: boolean;
    /** How it was chosen, for the render's summary. */
    how: string;
    /** Its support on `today`. */
    support: "standard" | "extended";
    endOfStandardSupport?: string;
    endOfExtendedSupport?: string;
    /** `cluster.extendedSupport` as configured. */
    extendedSupport: boolean;
    catalog: Pick<VersionCatalog, "source" | "takenOn" | "sources">;
    today: string;
    /** Things worth knowing that are not problems (a newer minor the catalog cannot build yet). */
    notes: string[];
}

/** The inputs of the choice: the catalog of the config's cloud (dated unless the cloud answered) and today. */
export interface VersionContext {
    today: string;
    catalog?: VersionCatalog;
}

export interface VersionRequest {
    cloud: CatalogCloud;
    /** `cluster.version`, if set. */
    version?: string;
    extendedSupport: boolean;
    /** GKE: the stack's release channel. */
    channel?: GkeChannel;
}

export type VersionResolution = { ok: true; value: KubernetesVersionPlan } | { ok: false; problems: PathProblem[] };

type State = "standard" | "extended" | "ended";

/** A minor's support on `today`: standard until its end of standard support, then extended until its end, then ended. */
export function supportOn(m: MinorSupport, today: string): State {
    if (m.endOfStandardSupport === undefined || today < m.endOfStandardSupport) return "standard";
    if (m.endOfExtendedSupport !== undefined && today < m.endOfExtendedSupport) return "extended";
    return "ended";
}

/** Whether the cloud lists the minor as one it can create (GKE: among the valid control-plane versions). */
function offered(catalog: VersionCatalog, minor: string): boolean {
    if (catalog.validMasterVersions) return catalog.validMasterVersions.some((v) => minorOf(v) === minor);
    return catalog.minors.some((m) => m.minor === minor);
}

/** The minors kubeship can create today, by support, in ascending order. */
function creatable(catalog: VersionCatalog, today: string): { standard: string[]; extended: string[] } {
    const out = { standard: [] as string[], extended: [] as string[] };
    for (const m of [...catalog.minors].sort((a, b) => compareMinors(a.minor, b.minor))) {
        if (!offered(catalog, m.minor) || (m.released !== undefined && today < m.released)) continue;
        if (catalog.cloud === "aws" && !eksBuild(m.minor)) continue;
        const state = supportOn(m, today);
        if (state !== "ended") out[state].push(m.minor);
    }
    return out;
}

/** "1.34", "1.34 or 1.35", "1.34, 1.35 or 1.36". */
export function orList(items: readonly string[]): string {
    return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function offerText(cloud: CatalogCloud, c: { standard: string[]; extended: string[] }): string {
    const name = CLOUD_NAME[cloud];
    if (!c.standard.length && !c.extended.length) return `kubeship knows no version ${name} can create today`;
    const std = c.standard.length ? `${c.standard.join(", ")}${c.extended.length ? " (standard support)" : ""}` : "";
    const ext = c.extended.length ? `${c.extended.join(", ")} (extended support)` : "";
    return `${name} can create ${[std, ext].filter(Boolean).join(" and ")}`;
}

const VERSION = ["cluster", "version"];
const EXTENDED = ["cluster", "extendedSupport"];

/** Chooses or checks the version; every problem names cluster.version or cluster.extendedSupport. */
export function resolveKubernetesVersion(req: VersionRequest, ctx: VersionContext): VersionResolution {
    const catalog = ctx.catalog?.cloud === req.cloud ? ctx.catalog : datedCatalog(req.cloud);
    const { today } = ctx;
    const name = CLOUD_NAME[req.cloud];
    const can = creatable(catalog, today);
    const newest = can.standard.at(-1);
    const problems: PathProblem[] = [];

    if (req.extendedSupport && req.cloud !== "aws") {
        const why = req.cloud === "gcp"
            ? "kubeship does not use GKE's Extended release channel"
            : "AKS's equivalent, Long Term Support, needs the Premium tier, which kubeship does not set up";
        problems.push({ path: EXTENDED, message: `is not available on ${name} through kubeship, got true; ${why}: remove it and use a version in standard support (${can.standard.join(", ") || "none known"})` });
    }

    let minor: string | undefined;
    let how = "";
    const notes: string[] = [];
    if (req.version === undefined) {
        ({ minor, how } = defaultMinor(req, catalog, can, today));
        if (minor === undefined) {
            problems.push({ path: VERSION, message: `cannot be chosen: no Kubernetes version ${name} offers is in standard support on ${today} per the version catalog of ${catalog.takenOn}; update kubeship, or pin cluster.version${req.cloud === "aws" ? " (with cluster.extendedSupport: true)" : ""}` });
        }
    } else {
        minor = req.version;
        how = "pinned by cluster.version";
        const problem = pinnedProblem(req, catalog, can, today);
        if (problem) problems.push({ path: VERSION, message: problem });
    }
    if (req.cloud === "aws") {
        const unbuildable = catalog.minors.map((m) => m.minor)
            .filter((m) => !eksBuild(m) && supportOn(catalog.minors.find((x) => x.minor === m)!, today) === "standard" && (!newest || compareMinors(m, newest) > 0));
        for (const m of unbuildable) notes.push(`EKS also offers ${m}, which kubeship's catalog of ${datedCatalog("aws").takenOn} cannot build yet (no add-on or cluster-autoscaler versions); update kubeship to use it`);
    }
    if (problems.length || minor === undefined) return { ok: false, problems };

    const m = catalog.minors.find((x) => x.minor === minor) ?? { minor };
    const state = supportOn(m, today);
    return {
        ok: true,
        value: {
            cloud: req.cloud, minor, pinned: req.version !== undefined, how,
            // A channel or cloud default is what the cloud creates today, whatever a stale table says.
            support: state === "extended" ? "extended" : "standard",
            endOfStandardSupport: m.endOfStandardSupport,
            endOfExtendedSupport: m.endOfExtendedSupport,
            extendedSupport: req.extendedSupport,
            catalog: { source: catalog.source, takenOn: catalog.takenOn, sources: catalog.sources },
            today,
            notes,
        },
    };
}

function defaultMinor(req: VersionRequest, catalog: VersionCatalog, can: { standard: string[] }, today: string): { minor?: string; how: string } {
    const newest = can.standard.at(-1);
    if (req.cloud === "gcp" && req.channel) {
        const version = catalog.channelDefaults?.[req.channel];
        const minor = version ? minorOf(version) : undefined;
        if (minor) return { minor, how: `the ${req.channel} channel's default (${version})` };
    }
    if (req.cloud === "azure" && catalog.defaultMinor) {
        const m = catalog.minors.find((x) => x.minor === catalog.defaultMinor);
        if (m && supportOn(m, today) === "standard") return { minor: m.minor, how: "left to AKS (its default for new clusters, per the catalog)" };
    }
    return { minor: newest, how: "the newest minor in standard support" };
}

function pinnedProblem(req: VersionRequest, catalog: VersionCatalog, can: { standard: string[]; extended: string[] }, today: string): string | undefined {
    const version = req.version as string;
    const name = CLOUD_NAME[req.cloud];
    const got = JSON.stringify(version);
    const newest = can.standard.at(-1);
    const fallback = defaultMinor({ ...req, version: undefined }, catalog, can, today).minor;
    const whose = req.cloud === "gcp" ? `the ${req.channel ?? "release"} channel's default` : req.cloud === "azure" ? "AKS's default" : "the newest";
    const fix = fallback ? `; leave cluster.version out for ${whose} (${fallback})` : "";
    const m = catalog.minors.find((x) => x.minor === version);
    const state = m ? supportOn(m, today) : "standard";
    if (m && state === "ended") {
        if (req.cloud === "aws") return `reached the end of all support on ${name} on ${m.endOfExtendedSupport ?? m.endOfStandardSupport}, got ${got}; ${offerText(req.cloud, can)}${fix}`;
        return `left standard support on ${name} on ${m.endOfStandardSupport}, got ${got}; kubeship offers no extended support on ${name}, so use ${orList(can.standard) || "a newer version"}, or leave cluster.version out`;
    }
    if (!offered(catalog, version)) return `is not a Kubernetes version ${name} can create, got ${got}; ${offerText(req.cloud, can)}${fix}`;
    if (req.cloud === "aws" && !eksBuild(version)) {
        return `is a version EKS offers, but kubeship's catalog of ${datedCatalog("aws").takenOn} has no add-on or cluster-autoscaler versions for it, got ${got}; use ${newest ?? "an older version"}, or update kubeship`;
    }
    if (state === "extended" && !req.extendedSupport) {
        return `left standard support on ${name} on ${m?.endOfStandardSupport}, got ${got}; set cluster.extendedSupport: true to run it on extended support until ${m?.endOfExtendedSupport} `
            + `(${EKS_SUPPORT_PRICE.extendedPerHour} instead of ${EKS_SUPPORT_PRICE.standardPerHour} per cluster-hour), or use ${orList(can.standard)}`;
    }
    return undefined;
}

/**
 * For the cloud resolvers: the version plan for a cluster config, with any
 * problems appended to `problems`. Without a context, the dated catalog and
 * today (KUBESHIP_TODAY or the clock) are used, as `kubeship validate` does.
 */
export function kubernetesVersionFor(
    cloud: CatalogCloud, config: { version?: string; extendedSupport?: boolean }, versions: VersionContext | undefined,
    problems: PathProblem[], channel?: GkeChannel,
): KubernetesVersionPlan | undefined {
    const r = resolveKubernetesVersion(
        { cloud, version: config.version, extendedSupport: config.extendedSupport ?? false, channel },
        versions ?? { today: resolveToday() },
    );
    if (r.ok) return r.value;
    problems.push(...r.problems);
    return undefined;
}
