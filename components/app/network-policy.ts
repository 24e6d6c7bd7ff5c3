/**
 * NetworkPolicies: deny everything, then allow exactly the effective talksTo
 * graph (talks-to.ts), DNS, the tier's `egress`, its `allowFrom`, and outside
 * traffic into load-balanced tiers. Pure, no Pulumi.
 *
 * Ports in NetworkPolicies are the pods' ports (a Service's `targetPort`),
 * since policies see traffic after the Service has translated it.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import { gatewayIngressRules, isLoadBalanced } from "./gateway-policy";
import type { AllowFromEntry } from "../config/tier-network";
import { DNS_RULE, toEgressRules } from "./egress";
import { backingEgressRules } from "../backing/network";
import type { Cloud } from "../config/schema";
import { DEFAULT_DENY_POLICY, portsOf, selectorLabels, tierNamed } from "./names";
import { effectiveTalksTo, talkersTo } from "./talks-to";

export { DNS_PEERS } from "./egress";
export { talkersTo } from "./talks-to";

type Spec = k8s.networking.v1.NetworkPolicySpec;
type PolicyPort = k8s.networking.v1.NetworkPolicyPort;
type IngressRule = k8s.networking.v1.NetworkPolicyIngressRule;
export interface NamedPolicy { name: string; spec: Spec }

/** What the policies need from the cluster (ClusterFacts): its own ranges, which `internet` leaves out. */
export interface PolicyContext {
    /** @default [] (the private ranges stand in) */
    internalCidrs?: readonly string[];
    /** Where the cluster runs: a workload with a cloud identity reaches that cloud's identity endpoint. @default "existing" (none) */
    cloud?: Cloud;
}

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

const podPorts = (tier: TierConfig): PolicyPort[] =>
    portsOf(tier).map((p) => ({ port: p.targetPort, protocol: p.protocol }));

/** Denies all ingress and egress of every pod in the namespace. */
export function toDefaultDenyPolicy(): NamedPolicy {
    return { name: DEFAULT_DENY_POLICY, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
}

/**
 * A tier's ports named by an allowFrom entry (by name, container port or
 * Service port), as pod ports; all of them when it names none. The rules
 * refuse unknown ports, so one here is skipped.
 */
export function allowFromPorts(tier: TierConfig, ports: AllowFromEntry["ports"]): PolicyPort[] {
    if (!ports) return podPorts(tier);
    const declared = portsOf(tier);
    return ports.flatMap((ref) => {
        const p = declared.find((d) => d.name === ref) ?? declared.find((d) => d.targetPort === ref) ?? declared.find((d) => d.port === ref);
        return p ? [{ port: p.targetPort, protocol: p.protocol }] : [];
    });
}

/**
 * Ingress from pods of another namespace: the namespace by its name label,
 * narrowed to pods with `podLabels` when given (one peer: both must match).
 * Exported so that other admissions (the HTTPS gateway's pods) are built the same way.
 */
export function allowFromRule(tier: TierConfig, entry: AllowFromEntry): IngressRule {
    return {
        from: [{
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: entry.namespace } },
            ...(entry.podLabels && Object.keys(entry.podLabels).length ? { podSelector: { matchLabels: { ...entry.podLabels } } } : {}),
        }],
        ports: allowFromPorts(tier, entry.ports),
    };
}

/**
 * One tier's policy, named after the tier:
 * - ingress on its ports from the pods of the tiers that talk to it; from
 *   each `allowFrom` entry (and each of `admit`, for callers that admit more,
 *   such as a gateway); and, for `public` and `internal-lb` tiers, from any
 *   source (the load balancer, whose traffic may arrive from a node IP): a
 *   rule with ports and no `from`;
 * - egress to DNS, to the ports of the tiers it talks to, and to its `egress`.
 */
export function toTierNetworkPolicy(tierName: string, app: AppConfig, context: PolicyContext = {}, admit: readonly AllowFromEntry[] = []): NamedPolicy {
    const tier = tierNamed(app, tierName);
    if (!tier) throw new Error(`app.tiers has no tier "${tierName}"`);
    const ports = podPorts(tier);
    const ingress: IngressRule[] = [];
    const talkers = talkersTo(tierName, app);
    if (ports.length && talkers.length) {
        ingress.push({ from: talkers.map((t) => ({ podSelector: { matchLabels: selectorLabels(t, app.name) } })), ports });
    }
    if (ports.length) ingress.push(...[...tier.allowFrom, ...admit].map((entry) => allowFromRule(tier, entry)));
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
        DNS_RULE,
        ...effectiveTalksTo(tierName, app).flatMap((target) => {
            const to = tierNamed(app, target);
            return to && portsOf(to).length ? [{ to: [{ podSelector: { matchLabels: selectorLabels(target, app.name) } }], ports: podPorts(to) }] : [];
        }),
        ...toEgressRules(tier, context.internalCidrs ?? []),
        ...backingEgressRules(context.cloud ?? "existing", tier.identity !== undefined || Object.keys(tier.uses).length > 0, Object.keys(tier.uses).length > 0, context.internalCidrs ?? []),
    ];
    return {
        name: tierName,
        spec: { podSelector: { matchLabels: selectorLabels(tierName, app.name) }, policyTypes: ["Ingress", "Egress"], ingress, egress },
    };
}

/** Every policy of the app: the default deny first, then one per tier. */
export function toNetworkPolicies(app: AppConfig, context: PolicyContext = {}): NamedPolicy[] {
    return [toDefaultDenyPolicy(), ...Object.keys(app.tiers).map((t) => toTierNetworkPolicy(t, app, context))];
}
