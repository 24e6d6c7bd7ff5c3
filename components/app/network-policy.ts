/**
 * NetworkPolicies: deny everything, then allow exactly the `talksTo` graph,
 * DNS, and outside traffic into load-balanced tiers. Pure, no Pulumi.
 *
 * Ports in NetworkPolicies are the pods' ports (a Service's `targetPort`),
 * since policies see traffic after the Service has translated it.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import { gatewayIngressRules, isLoadBalanced } from "./gateway-policy";
import { DEFAULT_DENY_POLICY, portsOf, selectorLabels, tierNamed } from "./names";

type Spec = k8s.networking.v1.NetworkPolicySpec;
export interface NamedPolicy { name: string; spec: Spec }

/** Where cluster DNS runs on EKS, GKE, AKS and kubeadm-style clusters. */
export const DNS_PEER: k8s.networking.v1.NetworkPolicyPeer = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

const podPorts = (tier: TierConfig): k8s.networking.v1.NetworkPolicyPort[] =>
    portsOf(tier).map((p) => ({ port: p.targetPort, protocol: p.protocol }));

/** The tiers that list `target` in their `talksTo`, in config order. */
export function talkersTo(target: string, app: AppConfig): string[] {
    return Object.entries(app.tiers).filter(([, t]) => t.talksTo.includes(target)).map(([name]) => name);
}

/** Denies all ingress and egress of every pod in the namespace. */
export function toDefaultDenyPolicy(): NamedPolicy {
    return { name: DEFAULT_DENY_POLICY, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
}

/**
 * One tier's policy, named after the tier:
 * - ingress on its ports from the pods of the tiers that talk to it, and, for
 *   `public` and `internal-lb` tiers, from any source (the load balancer, whose
 *   traffic may arrive from a node IP): a rule with ports and no `from`;
 *   a routed tier (`http`) has no load balancer: it admits the app's Gateway pods instead;
 * - egress to cluster DNS and to the ports of the tiers it talks to.
 */
export function toTierNetworkPolicy(tierName: string, app: AppConfig): NamedPolicy {
    const tier = tierNamed(app, tierName);
    if (!tier) throw new Error(`app.tiers has no tier "${tierName}"`);
    const ports = podPorts(tier);
    const ingress: k8s.networking.v1.NetworkPolicyIngressRule[] = [];
    const talkers = talkersTo(tierName, app);
    if (ports.length && talkers.length) {
        ingress.push({ from: talkers.map((t) => ({ podSelector: { matchLabels: selectorLabels(t, app.name) } })), ports });
    }
    if (ports.length && isLoadBalanced(tier)) {
        // No `from` at all, not `ipBlock: 0.0.0.0/0`: "If this field is empty or missing, this rule
        // matches all sources" (NetworkPolicyIngressRule.from). Load-balancer traffic with
        // externalTrafficPolicy Cluster reaches the pod SNATed to a node IP, and Cilium (AKS Azure CNI
        // powered by Cilium, GKE Dataplane V2) never matches node IPs with CIDR rules: "CIDR rules do not
        // apply to traffic where both sides of the connection are either managed by Cilium or use an IP
        // belonging to a node in the cluster" (docs.cilium.io/en/stable/security/policy/layer3/). An
        // ipBlock would also be IPv4 only. The ports stay restricted.
        ingress.push({ ports });
    }
    // A routed tier (http): the app's Gateway pods only, whatever its expose says.
    ingress.push(...gatewayIngressRules(tierName, app));
    const egress: k8s.networking.v1.NetworkPolicyEgressRule[] = [
        { to: [DNS_PEER], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
        ...tier.talksTo.flatMap((target) => {
            const to = tierNamed(app, target);
            return to ? [{ to: [{ podSelector: { matchLabels: selectorLabels(target, app.name) } }], ports: podPorts(to) }] : [];
        }),
    ];
    return {
        name: tierName,
        spec: { podSelector: { matchLabels: selectorLabels(tierName, app.name) }, policyTypes: ["Ingress", "Egress"], ingress, egress },
    };
}

/** Every policy of the app: the default deny first, then one per tier. */
export function toNetworkPolicies(app: AppConfig): NamedPolicy[] {
    return [toDefaultDenyPolicy(), ...Object.keys(app.tiers).map((t) => toTierNetworkPolicy(t, app))];
}
