/**
 * Pure resolution of a node pool into the EKS managed node groups that carry it:
 * instance types (several of one size for spot), the AMI type, and one node
 * group per zone with the pool's bounds split across them. No Pulumi here.
 *
 * Why one group per zone: stateful tiers keep their data on zonal EBS volumes. A
 * group spanning zones gives cluster-autoscaler no way to add a node in the zone
 * of a Pending pod's volume; one group per zone, balanced with
 * `--balance-similar-node-groups`, does. That is the layout cluster-autoscaler's
 * AWS guide prescribes ("use a single AZ ASG ..., or an ASG-per-AZ while enabling
 * --balance-similar-node-groups": kubernetes/autoscaler
 * cluster-autoscaler/cloudprovider/aws/README.md at tag cluster-autoscaler-1.36.1,
 * 6f44b4d18e49ca03e14f9d2637d769570c4acab7). Tiers carry no pool selector, so a
 * stateful tier may land on any pool: every pool is split, not only the first.
 */
import type { NodePoolConfig } from "../../config/schema";
import { initialNodeCount, machineTypeFor } from "../sizes";
import { POOL_LABEL } from "../types";
import { AWS_NAME_LIMITS, autoNamedWithin } from "./names";

export type EksTaintEffect = "NO_SCHEDULE" | "PREFER_NO_SCHEDULE" | "NO_EXECUTE";

const TAINT_EFFECTS: Record<NodePoolConfig["taints"][number]["effect"], EksTaintEffect> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/** Where one zone's node group places its nodes. */
export type ZonePlacement =
    /** The i-th private subnet of the VPC kubeship creates (one per zone, in zone order). */
    | { kind: "subnet-index"; index: number }
    /** The private subnets in this zone (a pool with `zones`). */
    | { kind: "zone"; zone: string }
    /** One private subnet of an existing network (a subnet lies in exactly one zone). */
    | { kind: "subnet-id"; subnetId: string };

/** One managed node group: a pool's share in one zone. */
export interface ZoneGroup {
    /** Suffix of the group's resource name: the zone's letter, or the subnet's position. */
    key: string;
    placement: ZonePlacement;
    min: number;
    max: number;
    /** Nodes at creation; the autoscaler owns it afterwards. */
    desired: number;
}

export interface ResolvedNodePool {
    /** The pool's key in the config. */
    name: string;
    /** The pool's machine type (the first of `instanceTypes`), as reported in `nodePools`. */
    instanceType: string;
    /** Every instance type the groups may launch, all of one vCPU and memory size. */
    instanceTypes: string[];
    amiType: string;
    capacityType: "ON_DEMAND" | "SPOT";
    /** The pool's total bounds; each zone group holds a share (`groups`). */
    min: number;
    max: number;
    /** Nodes at creation, summed over the zone groups. */
    desired: number;
    /** EKS `updateConfig.maxUnavailable` of each zone group (the config's `maxSurge`). */
    maxUnavailable: number;
    diskGiB: number;
    /** The config's labels plus `kubeship.io/pool: <name>`. */
    labels: Record<string, string>;
    taints: { key: string; value?: string; effect: EksTaintEffect }[];
    /** Zones to place the pool's nodes in; undefined for every zone of the network. */
    zones?: string[];
    groups: ZoneGroup[];
}

/**
 * Graviton families (m7g, c6gn, t4g, a1...) and NVIDIA Grace (p6e-gb200) need an
 * ARM AMI; NVIDIA GPU families the NVIDIA one (g5g is both: Graviton with NVIDIA
 * T4G GPUs); Inferentia and Trainium the Neuron one. g4ad carries an AMD Radeon
 * GPU, which no EKS-optimized accelerated AMI supports: it gets the standard
 * x86_64 AMI (its GPU needs AMD's driver from a custom AMI). Everything else gets
 * the standard x86_64 Amazon Linux 2023 AMI. A node group whose AMI type does not
 * match its instance architecture fails to create.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
 *   (AL2023 x86_64 NVIDIA: p6-b300, p6-b200, p5, p5e, p5en, p4d, p4de, p3, p3dn, g7e, gr6,
 *   g6, g6e, g6f, gr6f, g5, g4dn; AL2023 ARM NVIDIA: p6e-gb200, p6e-gb300, g5g;
 *   AL2023 x86_64 Neuron: inf1, inf2, trn1, trn2)
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html (amiType values)
 */
export function amiTypeFor(instanceType: string): string {
    const family = instanceType.split(".")[0];
    const grace = /-gb\d+$/.test(family);
    const arm = grace || family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family);
    const nvidia = /^(g|gr|p)\d/.test(family) && !AMD_GPU_FAMILIES.has(family);
    if (arm) return nvidia ? "AL2023_ARM_64_NVIDIA" : "AL2023_ARM_64_STANDARD";
    if (nvidia) return "AL2023_x86_64_NVIDIA";
    if (/^(inf|trn)\d/.test(family)) return "AL2023_x86_64_NEURON";
    return "AL2023_x86_64_STANDARD";
}

/** GPU families with AMD GPUs (https://aws.amazon.com/ec2/instance-types/g4/: g4ad, Radeon Pro V520). */
const AMD_GPU_FAMILIES: ReadonlySet<string> = new Set(["g4ad"]);

/**
 * Families whose instances of one size name have the same vCPU and memory, in the
 * order a spot pool lists them. Same-size siblings are what cluster-autoscaler
 * needs: it simulates a scale-up with the group's first instance type, so "the
 * instance types should have the same amount of RAM and number of CPU cores"
 * (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md, "Using
 * Mixed Instances Policies and Spot Instances", tag cluster-autoscaler-1.36.1).
 * Sizes per family: https://aws.amazon.com/ec2/instance-types/ (general purpose:
 * 4 GiB per vCPU; compute optimized: 2 GiB; memory optimized: 8 GiB).
 */
const SAME_SIZE_FAMILIES: readonly (readonly string[])[] = [
    ["m6i", "m6a", "m7i", "m5"],
    ["c6i", "c6a", "c7i", "c5"],
    ["r6i", "r6a", "r7i", "r5"],
];

/** Size names every family above offers with the same vCPU and memory (larger ones differ: c5 has no 8xlarge). */
const SAME_SIZE_NAMES: ReadonlySet<string> = new Set(["large", "xlarge", "2xlarge", "4xlarge"]);

/**
 * The instance types a pool launches. On-demand pools use exactly their machine
 * type. Spot pools add same-size siblings from other families, so a spot pool
 * draws on several capacity pools and survives one type running dry; the pool's
 * own type stays first. A type whose siblings cannot be derived safely (another
 * family, a size outside the common set, Graviton, GPU) stays single.
 */
export function instanceTypesFor(instanceType: string, spot: boolean): string[] {
    if (!spot) return [instanceType];
    const [family, size] = instanceType.split(".");
    const siblings = SAME_SIZE_FAMILIES.find((f) => f.includes(family));
    if (!siblings || size === undefined || !SAME_SIZE_NAMES.has(size)) return [instanceType];
    return [instanceType, ...siblings.filter((f) => f !== family).map((f) => `${f}.${size}`)];
}

/**
 * `total` split into `parts` shares that differ by at most one, the larger shares
 * first: splitEvenly(5, 3) = [2, 2, 1]. The shares sum to `total`.
 */
export function splitEvenly(total: number, parts: number): number[] {
    const base = Math.floor(total / parts);
    return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/**
 * The pool's zone groups. The pool's totals keep their meaning: the groups' mins
 * sum to `min`, their maxes to `max`, their initial sizes to `desired`, each split
 * evenly with the remainder on the first zones (min 2, max 6 over three zones:
 * mins [1, 1, 0], maxes [2, 2, 2]). EKS requires every group's max to be at least
 * 1, so a pool whose `max` is below its zone count uses its first `max` zones only
 * (max 2 over three zones: two groups of max 1). Volumes follow: with
 * `WaitForFirstConsumer` a volume is created where its pod first runs, so it is
 * always in a zone that has a group.
 */
export function zoneGroups(placements: ZonePlacement[], min: number, max: number, desired: number): ZoneGroup[] {
    const used = placements.slice(0, Math.min(placements.length, max));
    const mins = splitEvenly(min, used.length);
    const maxes = splitEvenly(max, used.length);
    const desireds = splitEvenly(desired, used.length);
    return used.map((placement, i) => ({ key: placementKey(placement), placement, min: mins[i], max: maxes[i], desired: desireds[i] }));
}

function placementKey(p: ZonePlacement): string {
    switch (p.kind) {
        case "subnet-index": return String(p.index);
        // An availability zone is its region plus one letter (checked by the resolver).
        case "zone": return p.zone.slice(-1);
        case "subnet-id": return p.subnetId.replace(/^subnet-/, "");
    }
}

/** The zone placements a pool's groups use, in order: its zones, else every private subnet. */
export function placementsFor(zones: string[] | undefined, network: { kind: "new"; zoneCount: number } | { kind: "existing"; privateSubnetIds: string[] }): ZonePlacement[] {
    if (zones) return zones.map((zone) => ({ kind: "zone", zone }));
    return network.kind === "new"
        ? Array.from({ length: network.zoneCount }, (_, index) => ({ kind: "subnet-index", index }))
        : network.privateSubnetIds.map((subnetId) => ({ kind: "subnet-id", subnetId }));
}

export function resolveNodePool(name: string, pool: NodePoolConfig, isFirstPool: boolean, placements: ZonePlacement[]): ResolvedNodePool {
    const instanceType = machineTypeFor(pool, "aws");
    const desired = initialNodeCount(pool, isFirstPool);
    return {
        name,
        instanceType,
        instanceTypes: instanceTypesFor(instanceType, pool.spot),
        amiType: amiTypeFor(instanceType),
        capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
        min: pool.min,
        max: pool.max,
        desired,
        maxUnavailable: pool.maxSurge,
        diskGiB: pool.diskGiB,
        labels: { ...pool.labels, [POOL_LABEL]: name },
        taints: pool.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] })),
        zones: pool.zones,
        groups: zoneGroups(placements, pool.min, pool.max, desired),
    };
}

/** EKS node group names are at most 63 characters (CreateNodegroup; terraform-provider-aws validates 0..63). */
export const NODE_GROUP_NAME_MAX = AWS_NAME_LIMITS.nodeGroup;

/**
 * The logical name of a zone's node group, short enough that Pulumi's auto-name
 * (`<logical name>-<7 hex>`, which pulumi-aws does not cut to 63) stays a valid
 * EKS name: a long one keeps its start and gains a hash of the whole, so two long
 * names never meet.
 */
export function nodeGroupResourceName(component: string, pool: string, key: string): string {
    return autoNamedWithin(`${component}-${pool}-${key}`, NODE_GROUP_NAME_MAX);
}
