/**
 * Pure address math for an AKS cluster: the node subnet inside the VNet, and
 * the overlay pod and service ranges, which must not overlap the VNet, each
 * other, or the ranges Azure and AKS reserve. No Pulumi here (the address math
 * is ../cidr.ts); property-tested.
 */
import { formatCidr, formatIp, overlaps, parseCidr, type Cidr } from "../cidr";

export interface NetworkLayout {
    /** Address space of the new VNet (the configured `cluster.network.cidr`). */
    vnetCidr: string;
    /** Subnet the nodes (and internal load balancers) live in. */
    nodeSubnetCidr: string;
    /**
     * Subnet for a self-hosted deploy runner of a private cluster
     * (`cluster.azure.deployFrom: vnet`): right after the node subnet, at most a
     * /24 and a quarter of the VNet. Created only when a private cluster needs it.
     */
    runnerSubnetCidr: string;
    /** Overlay pod range: pods get addresses from here, not from the VNet. */
    podCidr: string;
    /** Kubernetes Service (ClusterIP) range. */
    serviceCidr: string;
    /** CoreDNS's ClusterIP: the 10th address of the service range. */
    dnsServiceIP: string;
}

/** Smallest and largest VNet this layout supports: /8 (huge) to /24 (a 128-address node subnet). */
export const VNET_PREFIX_RANGE = { min: 8, max: 24 } as const;
/** The node subnet is at most a /20 (4091 nodes; AKS's limit is 5000 per cluster) and half the VNet when that is smaller. */
export const NODE_SUBNET_MAX_SIZE_PREFIX = 20;
/** A deploy runner subnet needs few addresses: at most a /24 (251 usable; Azure keeps 5 of each subnet). */
export const RUNNER_SUBNET_MAX_SIZE_PREFIX = 24;

/** Ranges an Azure VNet may not use. @see https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq */
export const AZURE_VNET_RESERVED = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32", "224.0.0.0/3"];
/** Ranges AKS forbids for pod and service CIDRs. @see https://learn.microsoft.com/azure/aks/azure-cni-overlay */
export const AKS_CIDR_RESERVED = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24", "172.17.0.0/16"];

/**
 * Candidates, tried in order; the first that overlaps nothing wins. They sit in
 * four different /8s, so a VNet (one /8 at most) can rule out only one of each list.
 */
export const POD_CIDR_CANDIDATES = ["10.244.0.0/16", "100.64.0.0/16", "192.168.0.0/16", "172.20.0.0/16"];
export const SERVICE_CIDR_CANDIDATES = ["172.16.0.0/16", "10.96.0.0/16", "100.65.0.0/16", "172.21.0.0/16"];

const must = (text: string): Cidr => {
    const c = parseCidr(text);
    if (typeof c === "string") throw new Error(`internal: bad constant CIDR ${text}`);
    return c;
};

/**
 * Lays out the cluster's addresses from the VNet range. With `existingSubnet`
 * the VNet range is only used to keep the pod and service ranges clear of it
 * (set `cluster.network.cidr` to the existing VNet's address space).
 *
 * Returns a message about `cluster.network.cidr` when the range cannot be used.
 */
export function planNetworkLayout(vnetText: string): NetworkLayout | string {
    const vnet = parseCidr(vnetText);
    if (typeof vnet === "string") return vnet;
    if (vnet.prefix < VNET_PREFIX_RANGE.min || vnet.prefix > VNET_PREFIX_RANGE.max) {
        return `the prefix must be between /${VNET_PREFIX_RANGE.min} and /${VNET_PREFIX_RANGE.max} on azure, got ${JSON.stringify(vnetText)}; use e.g. 10.0.0.0/16`;
    }
    const reserved = AZURE_VNET_RESERVED.find((r) => overlaps(vnet, must(r)));
    if (reserved) return `overlaps ${reserved}, which Azure reserves, got ${JSON.stringify(vnetText)}; use a private range such as 10.0.0.0/16`;

    const nodeSubnet: Cidr = { base: vnet.base, prefix: Math.max(vnet.prefix + 1, NODE_SUBNET_MAX_SIZE_PREFIX) };
    // The node subnet takes at most the first half; a quarter of the VNet (or a /24) fits after it.
    const runnerSubnet: Cidr = { base: nodeSubnet.base + 2 ** (32 - nodeSubnet.prefix), prefix: Math.max(vnet.prefix + 2, RUNNER_SUBNET_MAX_SIZE_PREFIX) };
    const forbidden = [...AKS_CIDR_RESERVED.map(must), vnet];
    const pods = POD_CIDR_CANDIDATES.map(must).find((c) => !forbidden.some((f) => overlaps(c, f)));
    if (!pods) return `leaves no free overlay pod range (tried ${POD_CIDR_CANDIDATES.join(", ")}), got ${JSON.stringify(vnetText)}`;
    const services = SERVICE_CIDR_CANDIDATES.map(must).find((c) => ![...forbidden, pods].some((f) => overlaps(c, f)));
    if (!services) return `leaves no free service range (tried ${SERVICE_CIDR_CANDIDATES.join(", ")}), got ${JSON.stringify(vnetText)}`;
    return {
        vnetCidr: formatCidr(vnet),
        nodeSubnetCidr: formatCidr(nodeSubnet),
        runnerSubnetCidr: formatCidr(runnerSubnet),
        podCidr: formatCidr(pods),
        serviceCidr: formatCidr(services),
        dnsServiceIP: formatIp(services.base + 10),
    };
}
