/**
 * Services and public endpoints. Pure, no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { TierConfig } from "../config/schema";
import type { ClusterFacts } from "../cluster/types";
import { isLoadBalanced } from "./gateway-policy";
import { headlessServiceName, mainPort, portsOf, selectorLabels, tierLabels } from "./names";

type Service = { metadata: k8s.meta.v1.ObjectMeta; spec: k8s.core.v1.ServiceSpec };

const servicePorts = (tier: TierConfig): k8s.core.v1.ServicePort[] =>
    portsOf(tier).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol }));

/**
 * The tier's Service, named after the tier, or undefined for a tier without ports.
 * - `internal`: ClusterIP;
 * - `public`: LoadBalancer with the cluster's internet-facing annotations;
 * - `internal-lb`: LoadBalancer with the cluster's internal annotations;
 * - a routed tier (`http`): ClusterIP, as the app's Gateway is its entry point.
 */
/** Label on LoadBalancer Services naming the tier's exposure (`public` or `internal-lb`). */
export const EXPOSE_LABEL = "kubeship.io/expose";

export function toService(tierName: string, tier: TierConfig, appName: string, facts: ClusterFacts): Service | undefined {
    if (portsOf(tier).length === 0) return undefined;
    // A routed tier (http) is reached through the app's Gateway: ClusterIP, whatever expose says.
    const lb = isLoadBalanced(tier);
    const annotations = !lb ? {} : tier.expose === "public" ? facts.publicLoadBalancerAnnotations : facts.internalLoadBalancerAnnotations;
    return {
        metadata: {
            name: tierName,
            // Says what the load balancer is for, so policy (kubeship.io/expose) can tell intent from accident.
            labels: { ...tierLabels(tierName, appName), ...(lb ? { [EXPOSE_LABEL]: tier.expose } : {}) },
            // The user's annotations first: kubeship's load-balancer ones win (the rules refuse a clash).
            ...(Object.keys({ ...tier.service?.annotations, ...annotations }).length ? { annotations: { ...tier.service?.annotations, ...annotations } } : {}),
        },
        spec: {
            type: lb ? "LoadBalancer" : "ClusterIP",
            selector: selectorLabels(tierName, appName),
            ports: servicePorts(tier),
        },
    };
}

/**
 * The headless Service a StatefulSet names as its `serviceName`, giving each
 * replica a DNS name (`<tier>-0.<tier>-headless.<ns>.svc.cluster.local`).
 * Undefined for stateless tiers.
 */
export function toHeadlessService(tierName: string, tier: TierConfig, appName: string): Service | undefined {
    if (!tier.storage) return undefined;
    return {
        metadata: { name: headlessServiceName(tierName), labels: tierLabels(tierName, appName) },
        spec: {
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector: selectorLabels(tierName, appName),
            ports: servicePorts(tier),
        },
    };
}

/** The `status.loadBalancer.ingress` entries of a Service, as the provider reports them. */
export interface LoadBalancerIngress {
    hostname?: string;
    ip?: string;
}

/**
 * The address of a load balancer: the field the cluster's facts name
 * (`hostname` on AWS, `ip` elsewhere), falling back to the other one (an
 * `existing` cluster may run anywhere). Empty until the load balancer exists.
 */
export function loadBalancerAddress(ingress: LoadBalancerIngress[] | undefined, prefer: ClusterFacts["loadBalancerAddress"]): string {
    const first = ingress?.[0];
    if (!first) return "";
    return (prefer === "hostname" ? first.hostname ?? first.ip : first.ip ?? first.hostname) ?? "";
}

/**
 * The URL of a public tier: `http://<address>:<main port>`, without the port
 * for 80, and `https://<address>` for 443. Empty while the address is unknown.
 */
export function publicEndpoint(address: string, tier: TierConfig): string {
    const port = mainPort(tier)?.port;
    if (!address || port === undefined) return "";
    if (port === 443) return `https://${address}`;
    return port === 80 ? `http://${address}` : `http://${address}:${port}`;
}
