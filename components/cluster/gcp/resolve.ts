/**
 * Pure resolution of the cluster config into everything GkeCluster creates:
 * names, location, network plan, endpoint access and per-pool autoscaling.
 * No Pulumi here, so every rule is unit- and property-testable. Problems are
 * collected (one line each, naming the option and the value) and reported together.
 */
import type { PathProblem } from "../../config/errors";
import type { Environment, NodePoolConfig } from "../../config/schema";
import { initialNodeCount, machineTypeFor } from "../sizes";
import { POOL_LABEL, type ResolvedClusterConfig } from "../types";
import { kubernetesVersionFor, type KubernetesVersionPlan, type VersionContext } from "../versions";
import { planGkeNetwork, type GkeNetworkPlan } from "./cidr";
import { diskTypeFor, storageFor, type GkeDiskType, type GkeStorage } from "./disk-type";
import { gkeRecurringWindow, resolveGkeMaintenance, type GkeRecurringWindow } from "./maintenance-window";
import { gkeNames, nodeServiceAccountId, type GkeNames } from "./names";
import {
    GKE_POOL_KEY_MAX, immutableNodeConfig, poolPhysicalName, serviceAccountEmail, type ImmutableNodeConfig,
} from "./pool-identity";

/** Zones GKE spreads a regional cluster's pools over when `zones` is not given. */
export const DEFAULT_REGIONAL_ZONES = 3;
/**
 * Roles of the node service account: what GKE nodes need and nothing more.
 * - roles/container.defaultNodeServiceAccount: "At a minimum, these node service accounts
 *   must have the Kubernetes Engine Default Node Service Account role on your project"
 *   (logging, monitoring, metadata): https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts#node-service-accounts
 *   and https://cloud.google.com/kubernetes-engine/security/configure-node-service-accounts
 * - roles/artifactregistry.reader: that role does not pull private images; the CIS GKE
 *   Benchmark v2.0.0, 5.2.1, adds "roles/artifactregistry.reader for pulling private images
 *   from Artifact Registry repositories" (https://www.tenable.com/audits/items/CIS_Google_Kubernetes_Engine_GKE_v2.0.0_L1_GCP.audit:cdf61a66e0746b34d1841c68886110da),
 *   as does https://cloud.google.com/artifact-registry/docs/integrate-gke
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
    "roles/container.defaultNodeServiceAccount",
    "roles/artifactregistry.reader",
] as const;
/**
 * The roles kubeship gave nodes before the predefined node role existed. An `up`
 * revokes them from stacks that still hold them, so a deployer limited to the
 * roles it may grant (bootstrap/gcp.ts) must be allowed to touch these too.
 */
export const LEGACY_NODE_SERVICE_ACCOUNT_ROLES = [
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
] as const;
/** Regions that have no zone `-a`; a zonal cluster there goes to `-b`. */
const REGIONS_WITHOUT_ZONE_A = new Set(["us-east1", "europe-west1"]);

const TAINT_EFFECTS = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

export interface GkeAutoscaling {
    /**
     * Total bounds across all of the pool's zones, so `min`/`max` mean the same
     * number of nodes as on EKS and AKS. (The per-zone `minNodeCount`/`maxNodeCount`
     * would multiply by the zone count: min 2 on a 3-zone pool would be 6 nodes.)
     */
    totalMinNodeCount: number;
    totalMaxNodeCount: number;
    /** BALANCED spreads nodes evenly over zones; ANY (spot pools) goes where capacity is. */
    locationPolicy: "BALANCED" | "ANY";
}

export interface ResolvedGkePool {
    /** The pool's key in the config; the value of its POOL_LABEL node label. */
    name: string;
    /**
     * Its GKE name: `<key>-<hash of the immutable settings>` (pool-identity.ts), so a
     * change that forces a new pool creates it beside the old one. GKE's
     * `cloud.google.com/gke-nodepool` label carries this name and changes with it.
     */
    physicalName: string;
    machineType: string;
    /** Boot disk: hyperdisk-balanced on Hyperdisk-only families, else pd-balanced (disk-type.ts). */
    diskType: GkeDiskType;
    /** The nodeConfig fields that force a new pool, exactly as the NodePool gets them. */
    immutable: ImmutableNodeConfig;
    min: number;
    max: number;
    spot: boolean;
    /** The configured labels plus POOL_LABEL = the pool's key. */
    labels: Record<string, string>;
    taints: { key: string; value: string; effect: (typeof TAINT_EFFECTS)[keyof typeof TAINT_EFFECTS] }[];
    diskSizeGb: number;
    /** Explicit zones, or undefined for the cluster's default node locations. */
    zones?: string[];
    /** Zones the pool's nodes are spread over (explicit, or GKE's default). */
    zoneCount: number;
    autoscaling: GkeAutoscaling;
    /** Nodes per zone at creation (GKE's initialNodeCount is per zone); ignored afterwards. */
    initialNodeCountPerZone: number;
    maxSurge: number;
}

export type GkeNetworkChoice =
    /** kubeship creates the VPC, subnetwork, router and NAT. */
    | { kind: "create"; plan: GkeNetworkPlan }
    /** An existing VPC; kubeship creates the subnetwork, router and NAT in it. */
    | { kind: "subnet-in-existing"; network: string; plan: GkeNetworkPlan }
    /** An existing VPC and subnetwork (with secondary ranges "pods" and "services"); nothing is created. */
    | { kind: "existing"; network: string; subnetwork: string };

export interface ResolvedGke {
    /**
     * The GKE cluster's name: `cluster.name` (or the app's) and the stack, within
     * GKE's 40 characters (names.ts). Any name the schema allows fits: a long one
     * is shortened with a hash, never refused.
     */
    clusterName: string;
    /** Every physical name kubeship gives, each carrying the stack (names.ts). */
    names: GkeNames;
    project: string;
    region: string;
    regional: boolean;
    /** A region (regional control plane) or a zone (zonal). */
    location: string;
    environment: Environment;
    prod: boolean;
    releaseChannel: "REGULAR" | "STABLE";
    /** The Kubernetes minor to build: the channel's default minor unless cluster.version pins one. */
    minMasterVersion: string;
    /** The version's choice and support state (components/cluster/versions). */
    kubernetes: KubernetesVersionPlan;
    workloadPool: string;
    network: GkeNetworkChoice;
    /**
     * Whether the IP endpoints are private only (`endpoint.public: false`). Never a
     * lock-out: every cluster also has its DNS endpoint open to IAM-authorized callers
     * (cluster-spec.ts), which Pulumi and kubectl use; the IP endpoints serve the nodes.
     */
    privateEndpoint: boolean;
    /** CIDRs allowed to the IP endpoints (authorized networks), or undefined when they are open to all. */
    authorizedCidrs?: string[];
    deletionProtection: boolean;
    /** The email GCP gives the node service account (`names.nodeServiceAccount`); the pools' `serviceAccount`. */
    nodeServiceAccountEmail: string;
    /** The stack's weekly maintenance window as GKE's recurring window. */
    maintenance: GkeRecurringWindow;
    /** The StorageClass stateful tiers use (disk-type.ts). */
    storage: GkeStorage;
    pools: ResolvedGkePool[];
}

export type Resolution = { ok: true; value: ResolvedGke } | { ok: false; problems: PathProblem[] };

export function resolveGke(config: ResolvedClusterConfig, versions?: VersionContext): Resolution {
    const problems: PathProblem[] = [];
    const releaseChannel = config.environment === "prod" ? "STABLE" : "REGULAR";
    const kubernetes = kubernetesVersionFor("gcp", config, versions, problems, releaseChannel);
    const gcp = config.gcp;
    const project = gcp?.project;
    if (!project) problems.push({ path: ["cluster", "gcp", "project"], message: `is required on gcp, got ${JSON.stringify(project)}; set cluster.gcp.project` });
    const region = config.region;
    if (!region) problems.push({ path: ["cluster", "region"], message: `is required on gcp, got ${JSON.stringify(region)}; set kubeship:region, e.g. europe-west4` });
    const network = resolveNetwork(config, problems);
    const maintenance = resolveGkeMaintenance(config, problems);
    const regional = gcp?.regional ?? true;
    const accountEmail = serviceAccountEmail(nodeServiceAccountId(config.name, config.stack), project ?? "");
    const entries = Object.entries(config.nodePools);
    const pools = entries.map(([poolName, pool], i) => resolvePool(poolName, pool, { isFirst: i === 0, regional, region: region ?? "", accountEmail }, problems));
    if (network && network.kind !== "existing") {
        const total = pools.reduce((sum, p) => sum + p.max, 0);
        if (total > network.plan.maxNodes) {
            problems.push({ path: ["cluster", "network", "cidr"], message: `its pods range (${network.plan.pods}) holds ${network.plan.maxNodes} nodes, but the pools' max add up to ${total}; use a larger cidr, e.g. 10.0.0.0/14, or lower max` });
        }
    }
    if (problems.length || !project || !region || !network || !kubernetes) return { ok: false, problems };

    const location = regional ? region : (entries[0][1].zones?.[0] ?? defaultZone(region));
    const prod = config.environment === "prod";
    const open = config.endpoint.allowedCidrs.includes("0.0.0.0/0");
    const privateCidrs = config.endpoint.allowedCidrs.filter((c) => c !== "0.0.0.0/0");
    const names = gkeNames(config.name, config.stack, JSON.stringify(network));
    return {
        ok: true,
        value: {
            clusterName: names.cluster,
            names,
            project,
            region,
            regional,
            location,
            environment: config.environment,
            prod,
            releaseChannel,
            minMasterVersion: kubernetes.minor,
            kubernetes,
            workloadPool: `${project}.svc.id.goog`,
            network,
            privateEndpoint: !config.endpoint.public,
            authorizedCidrs: config.endpoint.public && open ? undefined : privateCidrs,
            deletionProtection: prod,
            nodeServiceAccountEmail: accountEmail,
            maintenance: gkeRecurringWindow(maintenance),
            storage: storageFor(pools.map((p) => p.machineType)),
            pools,
        },
    };
}

function resolveNetwork(config: ResolvedClusterConfig, problems: PathProblem[]): GkeNetworkChoice | undefined {
    const { network, subnetwork } = config.gcp ?? {};
    if (subnetwork && !network) {
        problems.push({ path: ["cluster", "gcp", "network"], message: "is required when cluster.gcp.subnetwork is set, got none; set the subnetwork's VPC (name or self link)" });
        return undefined;
    }
    if (network && subnetwork) return { kind: "existing", network, subnetwork };
    const plan = planGkeNetwork(config.network.cidr);
    if (typeof plan === "string") {
        problems.push({ path: ["cluster", "network", "cidr"], message: plan });
        return undefined;
    }
    return network ? { kind: "subnet-in-existing", network, plan } : { kind: "create", plan };
}

interface PoolContext {
    isFirst: boolean;
    regional: boolean;
    region: string;
    /** The node service account's email (an immutable pool setting). */
    accountEmail: string;
}

function resolvePool(name: string, pool: NodePoolConfig, ctx: PoolContext, problems: PathProblem[]): ResolvedGkePool {
    const { isFirst, regional, region } = ctx;
    const at = ["cluster", "nodePools", name];
    if (name.length > GKE_POOL_KEY_MAX) {
        problems.push({ path: at, key: true, message: `a GKE node pool name must be at most ${GKE_POOL_KEY_MAX} characters (GKE's 40, less the "-<hash>" kubeship appends so a replacement pool can be created beside the old one), got "${name}" (${name.length}); rename the pool` });
    }
    if (Object.hasOwn(pool.labels, POOL_LABEL)) {
        problems.push({ path: [...at, "labels", POOL_LABEL], key: true, message: `is set by kubeship to the pool's name ("${name}") and cannot be configured, got "${pool.labels[POOL_LABEL]}"; remove it, or use another label key` });
    }
    for (const [i, zone] of (pool.zones ?? []).entries()) {
        // A GCP zone is the region, a dash and one letter (europe-west4-b).
        if (region && !(zone.startsWith(`${region}-`) && /^[a-z]$/.test(zone.slice(region.length + 1)))) {
            problems.push({ path: [...at, "zones", i], message: `must be a zone of region ${region}, got "${zone}"; use e.g. ${region}-b` });
        }
    }
    if (pool.zones?.length === 0) problems.push({ path: [...at, "zones"], message: "must list at least one zone, got []; remove zones to use the region's default zones" });
    const zoneCount = pool.zones?.length || (regional ? DEFAULT_REGIONAL_ZONES : 1);
    const machineType = machineTypeFor(pool, "gcp");
    const immutable = immutableNodeConfig(pool, ctx.accountEmail);
    return {
        name,
        physicalName: poolPhysicalName(name, immutable),
        machineType,
        diskType: diskTypeFor(machineType),
        immutable,
        min: pool.min,
        max: pool.max,
        spot: pool.spot,
        labels: { ...pool.labels, [POOL_LABEL]: name },
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: TAINT_EFFECTS[t.effect] })),
        diskSizeGb: pool.diskGiB,
        zones: pool.zones?.length ? pool.zones : undefined,
        zoneCount,
        autoscaling: autoscalingFor(pool),
        initialNodeCountPerZone: initialNodesPerZone(pool, isFirst, zoneCount),
        maxSurge: pool.maxSurge,
    };
}

/** The pool's autoscaling block: total bounds (see GkeAutoscaling). */
export function autoscalingFor(pool: Pick<NodePoolConfig, "min" | "max" | "spot">): GkeAutoscaling {
    return { totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max, locationPolicy: pool.spot ? "ANY" : "BALANCED" };
}

/**
 * GKE's `initialNodeCount` counts nodes per zone. The pool should start with
 * about `desired` (else `min`, at least 1 for the first pool) nodes in total:
 * round up per zone, but not past `max` in total unless the first pool needs one node a zone.
 */
export function initialNodesPerZone(pool: Pick<NodePoolConfig, "min" | "max" | "desired">, isFirst: boolean, zoneCount: number): number {
    const total = initialNodeCount(pool, isFirst);
    const perZone = Math.ceil(total / zoneCount);
    if (perZone * zoneCount <= pool.max) return perZone;
    return Math.max(Math.floor(pool.max / zoneCount), isFirst ? 1 : 0);
}

/** A zonal cluster's zone when no pool names one. */
export function defaultZone(region: string): string {
    return `${region}-${REGIONS_WITHOUT_ZONE_A.has(region) ? "b" : "a"}`;
}
