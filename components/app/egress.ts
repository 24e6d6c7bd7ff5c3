/**
 * Egress beyond the app: cluster DNS wherever the cluster serves it, and a
 * tier's `egress` entries as NetworkPolicy ipBlock rules. Pure, no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import { contains, formatCidr, parseCidr, type Cidr } from "../cluster/cidr";
import type { TierConfig } from "../config/schema";
import { INTERNET, type EgressEntry } from "../config/tier-network";

type Peer = k8s.networking.v1.NetworkPolicyPeer;
type EgressRule = k8s.networking.v1.NetworkPolicyEgressRule;

/**
 * Where pods send DNS queries, on every target (one rule, so a tier's policy
 * is the same object on every cloud). Each peer is a resolver on the pod's
 * own node or the cluster's DNS pods, and only port 53 is open:
 * - kube-dns/CoreDNS pods (k8s-app: kube-dns) in kube-system: EKS, GKE (kube-dns), AKS, kubeadm;
 * - NodeLocal DNSCache's pods and its link-local address 169.254.20.10, which
 *   GKE Standard turns on by default from 1.34.1-gke.3720000 and other
 *   clusters may install (kubernetes.io "Using NodeLocal DNSCache");
 * - 169.254.169.254:53, where GKE's Cloud DNS answers pods (kubelet writes it
 *   into resolv.conf); only port 53: the metadata server's HTTP stays closed;
 * - 169.254.10.11, AKS LocalDNS's address for ClusterFirst pods (on by
 *   default, "Preferred", on AKS Standard node pools from Kubernetes 1.37).
 * A pod selector cannot match a resolver on the host network: only an ipBlock can.
 */
export const DNS_PEERS: Peer[] = [
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "node-local-dns" } } },
    { ipBlock: { cidr: "169.254.20.10/32" } },
    { ipBlock: { cidr: "169.254.169.254/32" } },
    { ipBlock: { cidr: "169.254.10.11/32" } },
];

export const DNS_RULE: EgressRule = { to: DNS_PEERS, ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] };

/**
 * What `internet` leaves out besides the cluster's own ranges: RFC 1918, the
 * shared address space of RFC 6598 (100.64.0.0/10, used by carrier NAT and by
 * some clusters' pods) and link-local (169.254.0.0/16: the metadata address,
 * node-local resolvers).
 */
export const NON_PUBLIC_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] as const;

/** The cloud metadata address (README "Egress"): never opened by an egress entry. */
export const METADATA_CIDR = "169.254.169.254/32";

const must = (text: string): Cidr => {
    const c = parseCidr(text);
    if (typeof c === "string") throw new Error(`internal: ${text} ${c}`);
    return c;
};

/**
 * `0.0.0.0/0` except the non-public ranges and the cluster's own, each block
 * once: a range inside another is left out, so on every cloud's default layout
 * (all private) the peer is the same.
 */
export function internetPeer(internalCidrs: readonly string[]): Peer {
    const blocks = [...NON_PUBLIC_CIDRS, ...internalCidrs].map(must);
    const kept = blocks.filter((b, i) => !blocks.some((o, j) => j !== i && contains(o, b) && (!contains(b, o) || j < i)));
    const except = [...new Set(kept.map(formatCidr))].sort((a, b) => must(a).base - must(b).base || must(a).prefix - must(b).prefix);
    return { ipBlock: { cidr: "0.0.0.0/0", except } };
}

/** A CIDR the tier named, with the metadata address cut out of it when it lies inside. */
export function cidrPeer(text: string): Peer {
    const c = must(text);
    const metadata = must(METADATA_CIDR);
    const cut = contains(c, metadata) && c.prefix < 32;
    return { ipBlock: { cidr: formatCidr(c), ...(cut ? { except: [METADATA_CIDR] } : {}) } };
}

/** An egress entry in its long form: `{cidr | host, ports?, protocol}`. */
export function normalizeEgress(entry: EgressEntry): Exclude<EgressEntry, string> {
    return typeof entry === "string" ? { cidr: entry, protocol: "TCP" } : entry;
}

/**
 * One rule per entry: its peer, and its ports (every port of the protocol when
 * none are given). `host` entries produce nothing here: the rules refuse them
 * on every target until a cluster offers FQDN policies.
 */
export function toEgressRules(tier: Pick<TierConfig, "egress">, internalCidrs: readonly string[]): EgressRule[] {
    return tier.egress.flatMap((raw) => {
        const e = normalizeEgress(raw);
        if (e.cidr === undefined) return [];
        const peer = e.cidr === INTERNET ? internetPeer(internalCidrs) : cidrPeer(e.cidr);
        const ports = e.ports ? e.ports.map((port) => ({ port, protocol: e.protocol })) : [{ protocol: e.protocol }];
        return [{ to: [peer], ports }];
    });
}
