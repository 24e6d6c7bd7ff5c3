/**
 * The HTTPS entry's Kubernetes objects as plain data: the GatewayClass, the
 * app's Gateway and HTTPRoutes (gateway.networking.k8s.io/v1), its ACME Issuer
 * and Certificates (cert-manager.io/v1), and the NetworkPolicy that lets the
 * gateway reach cert-manager's HTTP-01 solver. Pure, no Pulumi.
 *
 * How it fits: the Gateway has a plain-HTTP listener (ACME HTTP-01 challenges,
 * and the redirect to HTTPS) and one HTTPS listener per host, each terminating
 * TLS with that host's certificate. cert-manager's solver attaches its own
 * HTTPRoute to the HTTP listener; an Exact path match outranks the redirect's
 * prefix match, so challenges are answered while everything else redirects.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import { LABEL_MANAGED_BY, LABEL_PART_OF } from "../app/names";
import {
    ACME_ACCOUNT_SECRET, ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_NAMESPACE, envoyProxyLabels, GATEWAY_CLASS, HTTP_LISTENER,
    ISSUER_NAME, REDIRECT_ROUTE, SOLVER_LABEL, SOLVER_POLICY, SOLVER_PORT,
} from "./names";
import type { EntryPlan, RoutePlan } from "./routes";

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
export const CERT_MANAGER_API = "cert-manager.io/v1";

/** A custom resource as the API server receives it. */
export interface CustomObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
}

const labelsOf = (appName: string) => ({ [LABEL_PART_OF]: appName, [LABEL_MANAGED_BY]: "kubeship" });

/** The cluster's GatewayClass: Gateways of this class are run by Envoy Gateway. */
export function toGatewayClass(): CustomObject {
    return {
        apiVersion: GATEWAY_API, kind: "GatewayClass",
        metadata: { name: GATEWAY_CLASS, labels: { [LABEL_MANAGED_BY]: "kubeship" } },
        spec: { controllerName: ENVOY_GATEWAY_CONTROLLER, description: "kubeship: one Envoy Gateway per app, public, TLS from cert-manager" },
    };
}

/**
 * The app's Gateway. `loadBalancerAnnotations` (the cluster's facts for an
 * internet-facing load balancer) reach the Envoy Service that Envoy Gateway
 * creates, through spec.infrastructure.annotations.
 */
export function toGateway(entry: EntryPlan, appName: string, loadBalancerAnnotations: Record<string, string>): CustomObject {
    const sameNamespace = { namespaces: { from: "Same" } };
    return {
        apiVersion: GATEWAY_API, kind: "Gateway",
        metadata: { name: entry.gatewayName, namespace: entry.namespace, labels: labelsOf(appName) },
        spec: {
            gatewayClassName: GATEWAY_CLASS,
            ...(Object.keys(loadBalancerAnnotations).length ? { infrastructure: { annotations: { ...loadBalancerAnnotations } } } : {}),
            listeners: [
                { name: HTTP_LISTENER, protocol: "HTTP", port: 80, allowedRoutes: sameNamespace },
                ...entry.hosts.map((h) => ({
                    name: h.listener, protocol: "HTTPS", port: 443, hostname: h.host,
                    tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", group: "", name: h.certificate }] },
                    allowedRoutes: sameNamespace,
                })),
            ],
        },
    };
}

const parentRef = (entry: EntryPlan, sectionName: string) => ({
    group: "gateway.networking.k8s.io", kind: "Gateway", name: entry.gatewayName, namespace: entry.namespace, sectionName,
});

/**
 * A routed tier's HTTPRoute, named after the tier: its hosts' HTTPS listeners
 * (and the plain-HTTP one when the redirect is off), its path prefixes, its Service.
 */
export function toHttpRoute(entry: EntryPlan, route: RoutePlan, appName: string): CustomObject {
    const listeners = entry.hosts.filter((h) => route.hosts.includes(h.host)).map((h) => h.listener);
    return {
        apiVersion: GATEWAY_API, kind: "HTTPRoute",
        metadata: { name: route.tier, namespace: entry.namespace, labels: labelsOf(appName) },
        spec: {
            parentRefs: [...listeners, ...(entry.redirectHttp ? [] : [HTTP_LISTENER])].map((l) => parentRef(entry, l)),
            hostnames: [...route.hosts],
            rules: [{
                matches: route.paths.map((value) => ({ path: { type: "PathPrefix", value } })),
                backendRefs: [{ group: "", kind: "Service", name: route.tier, port: route.servicePort }],
            }],
        },
    };
}

/** Plain HTTP on every routed host answers 301 to the same URL over HTTPS. */
export function toRedirectRoute(entry: EntryPlan, appName: string): CustomObject {
    return {
        apiVersion: GATEWAY_API, kind: "HTTPRoute",
        metadata: { name: REDIRECT_ROUTE, namespace: entry.namespace, labels: labelsOf(appName) },
        spec: {
            parentRefs: [parentRef(entry, HTTP_LISTENER)],
            hostnames: entry.hosts.map((h) => h.host),
            rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        },
    };
}

/** The app's ACME Issuer: HTTP-01 challenges answered through the Gateway's plain-HTTP listener. */
export function toIssuer(entry: EntryPlan, appName: string): CustomObject {
    return {
        apiVersion: CERT_MANAGER_API, kind: "Issuer",
        metadata: { name: ISSUER_NAME, namespace: entry.namespace, labels: labelsOf(appName) },
        spec: {
            acme: {
                server: entry.acme.server,
                email: entry.acme.email,
                privateKeySecretRef: { name: ACME_ACCOUNT_SECRET },
                solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [parentRef(entry, HTTP_LISTENER)] } } }],
            },
        },
    };
}

/**
 * One Certificate per host, written to the Secret its HTTPS listener names.
 * cert-manager renews it a third of its lifetime before expiry (30 days
 * before, for Let's Encrypt's 90-day certificates), with a new key each time.
 */
export function toCertificates(entry: EntryPlan, appName: string): CustomObject[] {
    return entry.hosts.map((h) => ({
        apiVersion: CERT_MANAGER_API, kind: "Certificate",
        metadata: { name: h.certificate, namespace: entry.namespace, labels: labelsOf(appName) },
        spec: {
            secretName: h.certificate,
            dnsNames: [h.host],
            issuerRef: { group: "cert-manager.io", kind: "Issuer", name: ISSUER_NAME },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        },
    }));
}

/** The pods of the app's Gateway: Envoy proxies in Envoy Gateway's namespace. */
export function gatewayPeer(entry: Pick<EntryPlan, "namespace" | "gatewayName">): k8s.networking.v1.NetworkPolicyPeer {
    return {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ENVOY_GATEWAY_NAMESPACE } },
        podSelector: { matchLabels: envoyProxyLabels(entry.namespace, entry.gatewayName) },
    };
}

/**
 * Lets the gateway's pods reach cert-manager's HTTP-01 solver pods (which
 * cert-manager starts in the app's namespace during a challenge): the app's
 * default-deny policy would otherwise fail every issuance and renewal.
 */
export function toSolverPolicy(entry: EntryPlan): { name: string; spec: k8s.networking.v1.NetworkPolicySpec } {
    return {
        name: SOLVER_POLICY,
        spec: {
            podSelector: { matchLabels: { [SOLVER_LABEL]: "true" } },
            policyTypes: ["Ingress"],
            ingress: [{ from: [gatewayPeer(entry)], ports: [{ port: SOLVER_PORT, protocol: "TCP" }] }],
        },
    };
}

/** Every namespaced object of the app's entry, in apply order (the Issuer before its Certificates). */
export function entryObjects(entry: EntryPlan, appName: string, loadBalancerAnnotations: Record<string, string>): CustomObject[] {
    return [
        toGateway(entry, appName, loadBalancerAnnotations),
        toIssuer(entry, appName),
        ...toCertificates(entry, appName),
        ...(entry.redirectHttp ? [toRedirectRoute(entry, appName)] : []),
        ...entry.routes.map((r) => toHttpRoute(entry, r, appName)),
    ];
}
