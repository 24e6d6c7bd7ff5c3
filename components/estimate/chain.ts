/**
 * The unavoidable chain of a deploy: network -> control plane -> first node pool
 * -> the app ready (its own longest path: namespace -> service account ->
 * workload, with load balancers provisioned alongside), plus the waits the
 * providers document as required (PREREQUISITE_ADDONS). Nothing can make `pulumi up` faster than
 * this chain, so the simulated total divided by it says how much time the graph
 * wastes on waits nobody needs (the bench target is <= 5 % over).
 */
import type { Simulation, Task } from "./simulate";

export type Stage = "network" | "control plane" | "prerequisite" | "node pool" | "app";

export interface ChainLink {
    stage: Stage;
    /** The resources of this stage, in chain order. */
    tasks: Task[];
    seconds: number;
}

export interface ChainReport {
    links: ChainLink[];
    /** Sum of the links, in seconds. */
    seconds: number;
    /** The simulated total, in seconds. */
    total: number;
    /** total / seconds (1 when both are 0). */
    ratio: number;
    /** The bench target: the total may exceed the chain by at most this factor. */
    target: number;
    withinTarget: boolean;
    /** Resources on the critical path that are not part of the chain, longest first: the waits to question. */
    extra: Task[];
}

export const CHAIN_TARGET = 1.05;

const NETWORK_TYPES = new Set([
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/eip:Eip",
    "aws:ec2/natGateway:NatGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/route:Route",
    "gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat",
    "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:Subnet",
]);
const CLUSTER_TYPES = new Set(["aws:eks/cluster:Cluster", "gcp:container/cluster:Cluster", "azure-native:containerservice:ManagedCluster"]);
const POOL_TYPES = new Set(["aws:eks/nodeGroup:NodeGroup", "gcp:container/nodePool:NodePool", "azure-native:containerservice:AgentPool"]);
const APP_COMPONENT = "kubeship:app:MultiTierApp";

/**
 * Waits the providers document as required, which belong to the chain:
 * - EKS nodes are not Ready until the VPC CNI runs, so the CNI add-on comes before the
 *   node group (terraform-aws-modules/terraform-aws-eks#3446, #3327, #2820: node groups
 *   fail with "cni plugin not initialized" otherwise);
 * - a volume claim binds only once the EBS CSI driver runs, so stateful tiers wait for the
 *   driver and its StorageClass (EKS ships no CSI driver; GKE and AKS do).
 */
const PREREQUISITE_ADDONS = new Set(["vpc-cni", "aws-ebs-csi-driver"]);
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

export function unavoidableChain(sim: Simulation): ChainReport {
    // The longest path through the chain's own resources only — the network, the
    // control plane, the node pools and the app — following their real
    // dependencies. No schedule can beat it, so total / chain >= 1, and whatever
    // the total spends beyond it is waiting on something else (add-ons, IAM, ...).
    const inSubset = (t: Task) => stageOf(sim, t) !== undefined;
    const path = longestPath(sim, sim.tasks.filter(inSubset));
    const links: ChainLink[] = [];
    for (const t of path) {
        const stage = stageOf(sim, t)!;
        const last = links[links.length - 1];
        if (last && last.stage === stage) {
            last.tasks.push(t);
            last.seconds += t.duration;
        } else links.push({ stage, tasks: [t], seconds: t.duration });
    }

    const seconds = links.reduce((sum, l) => sum + l.seconds, 0);
    const ratio = seconds === 0 ? (sim.total === 0 ? 1 : Infinity) : sim.total / seconds;
    const inChain = new Set(links.flatMap((l) => l.tasks.map((t) => t.urn)));
    const extra = sim.criticalPath
        .filter((t) => t.duration > 0 && !inChain.has(t.urn) && !inSubset(t))
        .sort((a, b) => b.duration - a.duration || (a.urn < b.urn ? -1 : 1));
    return { links, seconds, total: sim.total, ratio, target: CHAIN_TARGET, withinTarget: ratio <= CHAIN_TARGET, extra };
}

function stageOf(sim: Simulation, t: Task): Stage | undefined {
    if (NETWORK_TYPES.has(t.type)) return "network";
    if (CLUSTER_TYPES.has(t.type)) return "control plane";
    if (POOL_TYPES.has(t.type)) return "node pool";
    const entry = sim.entries.get(t.urn);
    if (t.type === STORAGE_CLASS) return "prerequisite";
    if (t.type === "aws:eks/addon:Addon" && PREREQUISITE_ADDONS.has(String(entry?.inputs.addonName))) return "prerequisite";
    if (isUnderApp(sim, t.urn)) return "app";
    return undefined;
}

/** The longest dependency path through `subset` alone (the network can't be created faster than this). */
function longestPath(sim: Simulation, subset: Task[]): Task[] {
    const inSet = new Map(subset.map((t) => [t.urn, t]));
    const best = new Map<string, { finish: number; prev?: string }>();
    // sim.tasks is ordered by start, and a dependency always starts no later than its dependents.
    for (const t of sim.tasks) {
        if (!inSet.has(t.urn)) continue;
        let start = 0;
        let prev: string | undefined;
        for (const d of t.waitsFor) {
            const b = best.get(d);
            if (b && b.finish > start) {
                start = b.finish;
                prev = d;
            }
        }
        best.set(t.urn, { finish: start + t.duration, prev });
    }
    let end: string | undefined;
    for (const [urn, b] of best) if (end === undefined || b.finish > best.get(end)!.finish) end = urn;
    const path: Task[] = [];
    for (let u = end; u !== undefined; u = best.get(u)!.prev) path.push(inSet.get(u)!);
    return path.reverse();
}


/** Whether a resource belongs to a MultiTierApp (the app half, as opposed to the cluster and its add-ons). */
function isUnderApp(sim: Simulation, urn: string): boolean {
    for (let u: string | undefined = sim.entries.get(urn)?.parent; u !== undefined; u = sim.entries.get(u)?.parent) {
        if (sim.entries.get(u)?.type === APP_COMPONENT) return true;
    }
    return false;
}
