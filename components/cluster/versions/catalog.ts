/**
 * One catalog shape for every source: the dated tables, the clouds' live
 * answers (converted here), and the offline mocks' answers (made here from the
 * dated tables, in the clouds' own formats). Pure: no Pulumi, no SDK.
 */
import { AKS_CATALOG } from "./aks";
import { EKS_CATALOG } from "./eks";
import { GKE_CATALOG } from "./gke";
import type { CatalogCloud, EksBuild, GkeChannel, MinorSupport, VersionCatalog } from "./types";

/** The cloud's display name, for messages. */
export const CLOUD_NAME: Record<CatalogCloud, string> = { aws: "EKS", gcp: "GKE", azure: "AKS" };

/** The dated catalog of a cloud, as a `VersionCatalog`. */
export function datedCatalog(cloud: CatalogCloud): VersionCatalog {
    switch (cloud) {
        case "aws":
            return {
                cloud: "aws", source: "dated", takenOn: EKS_CATALOG.takenOn, sources: EKS_CATALOG.sources,
                minors: EKS_CATALOG.minors.map(({ minor, released, endOfStandardSupport, endOfExtendedSupport }) => ({ minor, released, endOfStandardSupport, endOfExtendedSupport })),
            };
        case "gcp":
            return GKE_CATALOG;
        case "azure":
            return AKS_CATALOG;
    }
}

/** What kubeship installs on an EKS cluster of this minor, or undefined when the dated table does not know it. */
export function eksBuild(minor: string): EksBuild | undefined {
    return EKS_CATALOG.minors.find((m) => m.minor === minor)?.build;
}

/**
 * What the EKS plan takes from the catalog for a chosen version: the support
 * type (EXTENDED only when the user opted in) and the autoscaler of its minor.
 * The add-ons' versions are asked of EKS at deploy time (aws.eks.getAddonVersion;
 * the offline mocks answer from this catalog). The choice only picks minors the table can build.
 */
export function eksVersionFields(k8s: { minor: string; extendedSupport: boolean }): { supportType: "STANDARD" | "EXTENDED" } & Pick<EksBuild, "autoscaler"> {
    const build = eksBuild(k8s.minor);
    if (!build) throw new Error(`kubeship bug: EKS ${k8s.minor} was chosen without add-on versions in the catalog`);
    return { supportType: k8s.extendedSupport ? "EXTENDED" : "STANDARD", autoscaler: { ...build.autoscaler } };
}

/** `1.35.8-gke.1036000` → `1.35`; anything not shaped like a version → undefined. */
export function minorOf(version: string): string | undefined {
    return /^(\d+\.\d+)(?:\.|$)/.exec(version)?.[1];
}

/** Minors in numeric order ("1.9" before "1.10"). */
export function compareMinors(a: string, b: string): number {
    const [a1, a2] = a.split(".").map(Number);
    const [b1, b2] = b.split(".").map(Number);
    return a1 - b1 || a2 - b2;
}

/** A timestamp the cloud returned (`2025-11-25T16:00:00-08:00`) as its UTC day; undefined when absent or unreadable. */
export function utcDay(timestamp: unknown): string | undefined {
    if (typeof timestamp !== "string" || timestamp === "") return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(timestamp)) return timestamp;
    const t = Date.parse(timestamp);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- EKS: aws.eks.getClusterVersions

/** The fields of aws.eks.getClusterVersions' `clusterVersions` entries that kubeship reads. */
export interface EksClusterVersionEntry {
    clusterVersion: string;
    releaseDate?: string;
    endOfStandardSupportDate?: string;
    endOfExtendedSupportDate?: string;
    versionStatus?: string;
}

/** EKS's answer as a catalog. Every entry is kept with its dates (it is called with includeAll). */
export function fromEksClusterVersions(entries: readonly EksClusterVersionEntry[], askedOn: string, region: string): VersionCatalog {
    const minors: MinorSupport[] = entries
        .filter((e) => minorOf(e.clusterVersion) === e.clusterVersion)
        .map((e) => ({
            minor: e.clusterVersion,
            released: utcDay(e.releaseDate),
            endOfStandardSupport: utcDay(e.endOfStandardSupportDate),
            endOfExtendedSupport: utcDay(e.endOfExtendedSupportDate),
        }))
        .sort((a, b) => compareMinors(a.minor, b.minor));
    return { cloud: "aws", source: "live", takenOn: askedOn, sources: [`aws.eks.getClusterVersions (region ${region}, includeAll)`], minors };
}

/** What the offline mock answers for aws.eks.getClusterVersions: the dated table, in EKS's format, as of its date. */
export function eksClusterVersionsAnswer(region: string): Record<string, unknown> {
    const asOf = EKS_CATALOG.takenOn;
    const stamp = (day?: string) => (day ? `${day}T00:00:00Z` : "");
    const newestStandard = EKS_CATALOG.minors.filter((m) => !m.endOfStandardSupport || asOf < m.endOfStandardSupport).at(-1)?.minor;
    return {
        id: region,
        region,
        includeAll: true,
        clusterVersions: EKS_CATALOG.minors.map((m) => ({
            clusterType: "eks",
            clusterVersion: m.minor,
            controlPlaneComponentConfigs: [],
            controlPlaneScalingTiers: [],
            defaultPlatformVersion: "eks.1",
            defaultVersion: m.minor === newestStandard,
            releaseDate: stamp(m.released),
            endOfStandardSupportDate: stamp(m.endOfStandardSupport),
            endOfExtendedSupportDate: stamp(m.endOfExtendedSupport),
            kubernetesPatchVersion: `${m.minor}.0`,
            versionStatus: m.endOfExtendedSupport && asOf >= m.endOfExtendedSupport ? "UNSUPPORTED"
                : m.endOfStandardSupport && asOf >= m.endOfStandardSupport ? "EXTENDED_SUPPORT" : "STANDARD_SUPPORT",
        })),
    };
}

// ---------------------------------------------------------------- GKE: gcp.container.getEngineVersions

/** The fields of gcp.container.getEngineVersions that kubeship reads. */
export interface GkeEngineVersions {
    validMasterVersions: readonly string[];
    releaseChannelDefaultVersion: Readonly<Record<string, string>>;
}

/**
 * GKE's answer as a catalog. GKE's API has no dates: they come from the dated
 * table, by minor; a minor the table does not know counts as in standard support.
 */
export function fromGkeEngineVersions(answer: GkeEngineVersions, askedOn: string, where: string): VersionCatalog {
    const dated = new Map(GKE_CATALOG.minors.map((m) => [m.minor, m]));
    const live = new Set(answer.validMasterVersions.map(minorOf).filter((m): m is string => m !== undefined));
    for (const v of Object.values(answer.releaseChannelDefaultVersion)) {
        const m = minorOf(v);
        if (m) live.add(m);
    }
    const minors = [...new Set([...dated.keys(), ...live])].sort(compareMinors).map((minor) => dated.get(minor) ?? { minor });
    const channelDefaults: Partial<Record<GkeChannel, string>> = {};
    for (const channel of ["RAPID", "REGULAR", "STABLE"] as const) {
        const v = Object.hasOwn(answer.releaseChannelDefaultVersion, channel) ? answer.releaseChannelDefaultVersion[channel] : undefined;
        if (v) channelDefaults[channel] = v;
    }
    return {
        cloud: "gcp", source: "live", takenOn: askedOn,
        sources: [`gcp.container.getEngineVersions (${where})`, ...GKE_CATALOG.sources.map((s) => `dates: ${s}`)],
        minors, channelDefaults, validMasterVersions: [...answer.validMasterVersions],
    };
}

/** What the offline mock answers for gcp.container.getEngineVersions: the dated table, in GKE's format. */
export function gkeEngineVersionsAnswer(project: string, location: string): Record<string, unknown> {
    const valid = [...(GKE_CATALOG.validMasterVersions ?? [])].sort((a, b) => compareMinors(minorOf(b) ?? "0.0", minorOf(a) ?? "0.0"));
    const defaults = { ...GKE_CATALOG.channelDefaults };
    return {
        id: `${project}/${location}`,
        project,
        location,
        defaultClusterVersion: defaults.REGULAR ?? valid[0],
        latestMasterVersion: valid[0],
        latestNodeVersion: valid[0],
        validMasterVersions: valid,
        validNodeVersions: valid,
        releaseChannelDefaultVersion: defaults,
        releaseChannelLatestVersion: defaults,
        releaseChannelUpgradeTargetVersion: defaults,
    };
}
