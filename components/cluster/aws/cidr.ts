/**
 * Pure IPv4 CIDR math for the EKS network layout. No Pulumi here, so it is
 * cheap to property-test (test/cluster/aws-cidr.test.ts).
 */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    prefix: number;
}

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
export const AWS_MIN_PREFIX = 16;
export const AWS_MAX_PREFIX = 28;

/** Parses "a.b.c.d/n"; returns a message instead when it is not a valid, aligned network. */
export function parseCidr(text: string): Cidr | string {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return `is not an IPv4 CIDR such as 10.0.0.0/16, got "${text}"`;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255)) return `has an octet above 255, got "${text}"`;
    if (prefix > 32) return `has a prefix above /32, got "${text}"`;
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((base & hostMask(prefix)) !== 0) {
        return `has host bits set, got "${text}"; use ${formatCidr({ base: (base & ~hostMask(prefix)) >>> 0, prefix })}`;
    }
    return { base, prefix };
}

export function formatCidr(c: Cidr): string {
    const b = c.base >>> 0;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

function hostMask(prefix: number): number {
    return prefix >= 32 ? 0 : (2 ** (32 - prefix) - 1) >>> 0;
}

/** The `index`-th block of `2^bits` equal blocks of `c`. */
export function subdivide(c: Cidr, bits: number, index: number): Cidr {
    const prefix = c.prefix + bits;
    return { base: (c.base + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

/** Whether `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    if (inner.prefix < outer.prefix) return false;
    const size = 2 ** (32 - outer.prefix);
    return inner.base >= outer.base && inner.base + 2 ** (32 - inner.prefix) <= outer.base + size;
}

/** Whether two blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + 2 ** (32 - a.prefix);
    const bEnd = b.base + 2 ** (32 - b.prefix);
    return a.base < bEnd && b.base < aEnd;
}

export interface SubnetLayout {
    /** One large block per zone, for nodes and (VPC CNI) pods. */
    private: string[];
    /** One small block per zone, for load balancers and NAT gateways. */
    public: string[];
}

/**
 * Splits a VPC CIDR into a private and a public subnet per zone.
 *
 * The VPC is cut into 2^b equal blocks, b = ceil(log2(zones + 1)): the first
 * `zones` blocks are the private subnets (pods take VPC addresses under the VPC
 * CNI, so they get the space), and the last block is cut the same way again for
 * the public subnets. For a /16 and 3 zones: three /18 private and three /20
 * public subnets, with room to spare.
 *
 * Returns a message when the VPC is too small for subnets of at least /28.
 */
export function splitVpcCidr(vpcCidr: string, zones: number): SubnetLayout | string {
    const vpc = parseCidr(vpcCidr);
    if (typeof vpc === "string") return vpc;
    if (!Number.isInteger(zones) || zones < 1) return `needs at least one zone, got ${zones}`;
    if (vpc.prefix < AWS_MIN_PREFIX) return `must be /${AWS_MIN_PREFIX} or smaller (AWS's largest VPC), got /${vpc.prefix}`;
    const bits = Math.ceil(Math.log2(zones + 1));
    if (vpc.prefix + 2 * bits > AWS_MAX_PREFIX) {
        return `is too small for ${zones} private and ${zones} public subnets of at least /${AWS_MAX_PREFIX}; use /${AWS_MAX_PREFIX - 2 * bits} or larger, got /${vpc.prefix}`;
    }
    const spare = subdivide(vpc, bits, 2 ** bits - 1);
    const indexes = [...Array(zones).keys()];
    return {
        private: indexes.map((i) => formatCidr(subdivide(vpc, bits, i))),
        public: indexes.map((i) => formatCidr(subdivide(spare, bits, i))),
    };
}
