/**
 * What the HTTPS entry changes for a tier: a routed tier (one with `http`) is
 * reached through the app's Gateway, so it gets no load balancer of its own,
 * and its NetworkPolicy admits the Gateway's pods, and only them, on the
 * route's port. Kept apart from network-policy.ts so that other sources of
 * ingress (allowFrom) stay in their own functions. Pure, no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import { gatewayPeer } from "../gateway/objects";
import { GATEWAY_NAME } from "../gateway/names";
import { routePort } from "../gateway/routes";
import { namespaceOf, tierNamed } from "./names";

/**
 * Whether a tier's Service is a LoadBalancer: `public` and `internal-lb`
 * tiers, except routed ones, whose traffic from outside comes through the gateway.
 */
export function isLoadBalanced(tier: TierConfig): boolean {
    return tier.expose !== "internal" && tier.http === undefined;
}

/** Ingress from the app's Gateway pods to a routed tier's pods, on the route's (container) port; none for other tiers. */
export function gatewayIngressRules(tierName: string, app: AppConfig): k8s.networking.v1.NetworkPolicyIngressRule[] {
    const tier = tierNamed(app, tierName);
    const port = tier?.http ? routePort(tier) : undefined;
    if (!port) return [];
    return [{ from: [gatewayPeer({ namespace: namespaceOf(app), gatewayName: GATEWAY_NAME })], ports: [{ port: port.targetPort, protocol: "TCP" }] }];
}
