/**
 * Pure IPv4 CIDR math for the GKE network: one address space
 * (`cluster.network.cidr`) split into the subnetwork's primary range (nodes)
 * and its two secondary ranges (`pods`, `services`), with no overlap.
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
 */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    prefix: number;
}

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

/** Parses `a.b.c.d/p`; returns an error message (naming the value) instead of throwing. */
export function parseCidr(text: string): Cidr | string {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return `must be an IPv4 CIDR such as 10.0.0.0/16, got "${text}"`;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255)) return `has an octet above 255, got "${text}"`;
    if (prefix > 32) return `has a prefix above /32, got "${text}"`;
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((base & hostMask(prefix)) !== 0) {
        const fixed = formatCidr({ base: (base & ~hostMask(prefix)) >>> 0, prefix });
        return `must be a network address (host bits zero), got "${text}"; did you mean "${fixed}"?`;
    }
    return { base, prefix };
}

export function formatCidr(c: Cidr): string {
    const b = c.base >>> 0;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Number of addresses in a prefix. */
export function sizeOf(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** The `index`-th block of prefix `prefix` inside `parent`. */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
    if (prefix < parent.prefix) throw new RangeError(`/${prefix} does not fit in /${parent.prefix}`);
    if (index < 0 || index >= 2 ** (prefix - parent.prefix)) throw new RangeError(`block ${index} of /${prefix} is outside /${parent.prefix}`);
    return { base: (parent.base + index * sizeOf(prefix)) >>> 0, prefix };
}

/** Whether two ranges share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + sizeOf(a.prefix);
    const bEnd = b.base + sizeOf(b.prefix);
    return a.base < bEnd && b.base < aEnd;
}

/** Whether `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + sizeOf(inner.prefix) <= outer.base + sizeOf(outer.prefix);
}

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
        maxNodes: sizeOf(pods.prefix) / sizeOf(POD_RANGE_PER_NODE_PREFIX),
    };
}

function hostMask(prefix: number): number {
    return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}
