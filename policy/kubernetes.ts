/**
 * Kubernetes rules beyond the pod template: namespaces, disruption budgets,
 * autoscalers, load balancers, and the stack-wide rules (an HPA and the
 * Deployment it scales; a NetworkPolicy for every pod).
 */
import type { Check, Rule, StackResource, StackRule, StackViolation } from "./types";
import { podRules, podSpecOf, WORKLOAD_TYPES } from "./kubernetes-pods";
import { asObject, isObject, shown, violation } from "./format";

export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const SERVICE = "kubernetes:core/v1:Service";
export const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const HPA_TYPES = ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "kubernetes:autoscaling/v1:HorizontalPodAutoscaler"] as const;
export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

const PSS_ENFORCE = "pod-security.kubernetes.io/enforce";

export const checkNamespacePodSecurity: Check = (type, props) => {
    if (type !== NAMESPACE) return [];
    const labels = asObject(asObject(props.metadata).labels);
    return labels[PSS_ENFORCE] === "restricted" ? []
        : [violation(`metadata.labels["${PSS_ENFORCE}"]`, "be \"restricted\"", labels[PSS_ENFORCE], `label the namespace ${PSS_ENFORCE}: restricted so the API server refuses pods that break the Pod Security Standard`)];
};

/**
 * A budget that never lets a pod go blocks node drains and cluster upgrades.
 * As a per-resource rule this catches maxUnavailable 0 / "0%" and minAvailable
 * "100%"; a numeric minAvailable equal to the replica count needs the
 * workload, so it is not checked here.
 */
export const checkPdbAllowsEviction: Check = (type, props) => {
    if (type !== PDB) return [];
    const spec = asObject(props.spec);
    const out: string[] = [];
    if (spec.maxUnavailable === 0 || spec.maxUnavailable === "0" || spec.maxUnavailable === "0%") {
        out.push(violation("spec.maxUnavailable", "allow at least one pod to be evicted", spec.maxUnavailable, "use maxUnavailable: 1 (or a percentage above 0%)"));
    }
    if (spec.minAvailable === "100%") {
        out.push(violation("spec.minAvailable", "leave room for one eviction", spec.minAvailable, "use maxUnavailable: 1 instead of minAvailable: 100%"));
    }
    return out;
};

/** Production floor for autoscaled tiers: one replica cannot survive a node drain. */
export const checkHpaMinReplicas: Check = (type, props) => {
    if (!(HPA_TYPES as readonly string[]).includes(type)) return [];
    const min = isObject(props.spec) ? props.spec.minReplicas : undefined;
    // minReplicas defaults to 1 in the API.
    return typeof min === "number" && min >= 2 ? []
        : [violation("spec.minReplicas", "be at least 2 in production (unset means 1)", min, "set autoscale.min >= 2 for production tiers")];
};

/**
 * Egress to the whole internet: an ipBlock of 0.0.0.0/0 (kubeship's
 * `egress: [internet]` is 0.0.0.0/0 except the private ranges). Each such
 * rule is reported with its ports, so a reviewer can ask for a narrower CIDR.
 */
export const checkEgressToInternet: Check = (type, props) => {
    if (type !== NETWORK_POLICY) return [];
    const egress = asObject(props.spec).egress;
    if (!Array.isArray(egress)) return [];
    return egress.flatMap((rule, i) => {
        const to = asObject(rule).to;
        const open = Array.isArray(to) && to.some((peer) => asObject(asObject(peer).ipBlock).cidr === "0.0.0.0/0");
        if (!open) return [];
        const ports = asObject(rule).ports;
        const shownPorts = Array.isArray(ports) && ports.length ? ports.map((p) => `${asObject(p).port ?? "all"}/${asObject(p).protocol ?? "TCP"}`).join(", ") : "every port";
        return [violation(`spec.egress[${i}].to`, "name the addresses the pods need", `0.0.0.0/0 on ${shownPorts}`, "replace egress: [internet] with the service's published ranges ({cidr: ..., ports: [...]}) where it has them")];
    });
};

/** Annotations that make a cloud load balancer internal (AWS, GKE, AKS). */
const INTERNAL_LB: Record<string, (v: string) => boolean> = {
    "service.beta.kubernetes.io/aws-load-balancer-scheme": (v) => v === "internal",
    "service.beta.kubernetes.io/aws-load-balancer-internal": (v) => v === "true" || v === "0.0.0.0/0",
    "networking.gke.io/load-balancer-type": (v) => v.toLowerCase() === "internal",
    "cloud.google.com/load-balancer-type": (v) => v.toLowerCase() === "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": (v) => v === "true",
};

/** The label (or annotation) that states a load balancer is meant to be public. */
export const EXPOSE_LABEL = "kubeship.io/expose";

/**
 * LoadBalancer only for public tiers. From a Service alone we cannot tell the
 * tier's intent, so the rule is advisory everywhere (see rules.ts): it stays
 * quiet for internal load balancers (the cloud annotation) and for Services
 * that say they are public (`kubeship.io/expose: public` as a label or
 * annotation, or the AWS scheme `internet-facing`), and reports every other
 * LoadBalancer as internet-facing by accident.
 */
export const checkLoadBalancerExposure: Check = (type, props) => {
    if (type !== SERVICE) return [];
    const spec = asObject(props.spec);
    if (spec.type !== "LoadBalancer") return [];
    const meta = asObject(props.metadata);
    const annotations: Record<string, unknown> = asObject(meta.annotations);
    const labels: Record<string, unknown> = asObject(meta.labels);
    const internal = Object.entries(INTERNAL_LB).some(([k, ok]) => typeof annotations[k] === "string" && ok(annotations[k] as string));
    const declaredPublic = labels[EXPOSE_LABEL] === "public" || annotations[EXPOSE_LABEL] === "public"
        || annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internet-facing";
    if (internal || declaredPublic) return [];
    return [`spec.type: a LoadBalancer with no internal-load-balancer annotation is internet-facing, got "LoadBalancer" on ${shown(meta.name)} without a public marker; `
        + `if the tier is meant to be public label it ${EXPOSE_LABEL}: public, otherwise use ClusterIP or the cloud's internal load balancer annotation`];
};

export const kubernetesRules: Rule[] = [
    ...podRules,
    { name: "k8s-namespace-restricted", description: "Namespaces enforce the Pod Security Standard \"restricted\".", types: [NAMESPACE], check: checkNamespacePodSecurity },
    { name: "k8s-pdb-allows-eviction", description: "PodDisruptionBudgets leave room for at least one eviction.", types: [PDB], check: checkPdbAllowsEviction },
    { name: "k8s-hpa-min-replicas", description: "Production autoscalers keep at least two replicas.", types: HPA_TYPES, check: checkHpaMinReplicas, scope: "prod-only" },
    { name: "k8s-loadbalancer-public-only", description: "Only public tiers get an internet-facing LoadBalancer.", types: [SERVICE], check: checkLoadBalancerExposure, scope: "advisory" },
    { name: "k8s-egress-internet", description: "Production pods that may reach every public address (egress: [internet]) are pointed out for review.", types: [NETWORK_POLICY], check: checkEgressToInternet, scope: "prod-advisory" },
];

// ---- stack rules -------------------------------------------------------------------------------

const meta = (r: StackResource): Record<string, any> => asObject(r.props.metadata);
const nsOf = (r: StackResource): string => meta(r).namespace ?? "default";
const kindOf = (type: string) => type.slice(type.lastIndexOf(":") + 1);

/**
 * A Deployment (or StatefulSet) scaled by an HPA must leave `spec.replicas`
 * out: otherwise every `pulumi up` resets the count the HPA chose and
 * server-side apply conflicts with kube-controller-manager (pulumi/pulumi#13321).
 */
export function checkHpaReplicasConflict(resources: readonly StackResource[]): StackViolation[] {
    const out: StackViolation[] = [];
    for (const hpa of resources.filter((r) => (HPA_TYPES as readonly string[]).includes(r.type))) {
        const ref = asObject(asObject(hpa.props.spec).scaleTargetRef);
        const target = resources.find((r) => WORKLOAD_TYPES.includes(r.type) && kindOf(r.type) === ref.kind
            && meta(r).name === ref.name && nsOf(r) === nsOf(hpa));
        if (!target) continue;
        const replicas = isObject(target.props.spec) ? target.props.spec.replicas : undefined;
        if (replicas !== undefined && replicas !== null) {
            out.push({
                urn: target.urn,
                message: violation(`${target.name}: spec.replicas`, `be unset because HorizontalPodAutoscaler ${shown(meta(hpa).name)} scales ${ref.kind} ${shown(ref.name)}`,
                    replicas, "remove replicas from the workload and let the HPA own it"),
            });
        }
    }
    return out;
}

/** Whether a label selector (`matchLabels` only; an empty selector selects all) selects `labels`. */
function selects(selector: unknown, labels: Record<string, unknown>): boolean {
    if (!isObject(selector)) return false;
    if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length) return true; // not evaluated: give the benefit of the doubt
    const match = asObject(selector.matchLabels);
    return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/** Every workload's pods are selected by some NetworkPolicy in their namespace. */
export function checkNetworkPolicyCoverage(resources: readonly StackResource[]): StackViolation[] {
    const policies = resources.filter((r) => r.type === NETWORK_POLICY);
    const out: StackViolation[] = [];
    for (const w of resources.filter((r) => WORKLOAD_TYPES.includes(r.type))) {
        const spec = asObject(w.props.spec);
        const template = asObject(spec.template);
        const labels = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels
            : asObject(meta(w).labels);
        if (!podSpecOf(w.type, w.props)) continue;
        const covered = policies.some((p) => nsOf(p) === nsOf(w) && isObject(p.props.spec) && selects(p.props.spec.podSelector, labels));
        if (!covered) {
            out.push({ urn: w.urn, message: `${w.name}: its pods must be selected by a NetworkPolicy in namespace ${shown(nsOf(w))}, got none; add a default-deny policy and allow only the traffic the tier needs` });
        }
    }
    return out;
}

export const kubernetesStackRules: StackRule[] = [
    { name: "k8s-hpa-owns-replicas", description: "A workload scaled by an HPA does not set spec.replicas.", check: checkHpaReplicasConflict },
    { name: "k8s-network-policy-coverage", description: "Every workload's pods are selected by a NetworkPolicy.", check: checkNetworkPolicyCoverage },
];
