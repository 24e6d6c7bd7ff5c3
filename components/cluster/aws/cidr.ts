/**
 * The EKS network layout: private and public subnets per zone, cut from the
 * VPC CIDR. Pure (the address math is ../cidr.ts), so it is cheap to
 * property-test (test/cluster/aws-cidr.test.ts).
 */
import { formatCidr, parseCidr, subBlock } from "../cidr";

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
export const AWS_MIN_PREFIX = 16;
export const AWS_MAX_PREFIX = 28;

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
    const spare = subBlock(vpc, vpc.prefix + bits, 2 ** bits - 1);
    const indexes = [...Array(zones).keys()];
    return {
        private: indexes.map((i) => formatCidr(subBlock(vpc, vpc.prefix + bits, i))),
        public: indexes.map((i) => formatCidr(subBlock(spare, spare.prefix + bits, i))),
    };
}
