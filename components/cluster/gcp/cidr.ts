/**
 * The GKE network layout: one address space (`cluster.network.cidr`) split
 * into the subnetwork's primary range (nodes) and its two secondary ranges
 * (`pods`, `services`), with no overlap.
 *
 * Layout for a /P space (P <= 20):
 *
 *   block 0 of size /(P+4)   nodes     (primary range; 1/16 of the space)
 *   block 1 of size /(P+4)   services  (secondary range "services")
 *   blocks 2..7              spare     (3/8 of the space, for later subnets)
 *   upper half, /(P+1)       pods      (secondary range "pods")
 *
 * For the default 10.0.0.0/16: nodes 10.0.0.0/20, services 10.0.16.0/20,
 * pods 10.0.128.0/17. GKE gives every node a /24 of the pods range (110 pods
 * per node), so the pods range bounds the cluster size: a /17 holds 128 nodes.
 *
 * The address math itself is ../cidr.ts.
 */
import { blockSize, formatCidr, parseCidr, subBlock } from "../cidr";

export interface GkeNetworkPlan {
    nodes: string;
    services: string;
    pods: string;
    /** The most nodes the pods range can address (one /24 per node at GKE's default 110 pods per node). */
    maxNodes: number;
}

/** Secondary range names; the cluster's ipAllocationPolicy and an existing subnetwork use the same names. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

/** Largest prefix `planGkeNetwork` accepts: nodes and services get a /24 each, pods a /21 (8 nodes). */
export const MAX_NETWORK_PREFIX = 20;
/** GKE assigns each node this prefix out of the pods range (default max pods per node, 110). */
export const POD_RANGE_PER_NODE_PREFIX = 24;

/**
 * Splits `cluster.network.cidr` into the GKE subnetwork's ranges (layout above).
 * Returns an error message for the `cluster.network.cidr` field when it cannot.
 */
export function planGkeNetwork(cidr: string): GkeNetworkPlan | string {
    const parsed = parseCidr(cidr);
    if (typeof parsed === "string") return parsed;
    if (parsed.prefix > MAX_NETWORK_PREFIX) {
        return `must be /${MAX_NETWORK_PREFIX} or larger on gcp (nodes, services and pods ranges are carved from it), got "${cidr}"; use e.g. 10.0.0.0/16`;
    }
    const quarter = parsed.prefix + 4;
    const pods = subBlock(parsed, parsed.prefix + 1, 1);
    return {
        nodes: formatCidr(subBlock(parsed, quarter, 0)),
        services: formatCidr(subBlock(parsed, quarter, 1)),
        pods: formatCidr(pods),
        maxNodes: blockSize(pods.prefix) / blockSize(POD_RANGE_PER_NODE_PREFIX),
    };
}
