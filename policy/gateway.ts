/**
 * Gateway API rules: an HTTPS listener terminates TLS with a certificate, and
 * a routed tier has TLS: every HTTPRoute that sends traffic to a backend is
 * attached to an HTTPS listener, and none is served over plain HTTP (only a
 * redirect to HTTPS may listen there). Mandatory in prod, advisory elsewhere.
 */
import type { Check, Rule, StackResource, StackRule, StackViolation } from "./types";
import { asObject, isObject, shown, strings } from "./format";

export const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
export const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

const listenersOf = (props: Record<string, any>): Record<string, any>[] =>
    (Array.isArray(asObject(props.spec).listeners) ? asObject(props.spec).listeners : []).filter(isObject);

/** Every HTTPS listener terminates TLS with at least one certificate reference. */
export const checkHttpsListenerCertificate: Check = (type, props) => {
    if (type !== GATEWAY) return [];
    const out: string[] = [];
    listenersOf(props).forEach((l, i) => {
        if (l.protocol !== "HTTPS") return;
        const tls = asObject(l.tls);
        const at = `spec.listeners[${i}] (${shown(l.name)}).tls`;
        if (tls.mode !== undefined && tls.mode !== "Terminate") {
            out.push(`${at}.mode: must be "Terminate" on an HTTPS listener, got ${shown(tls.mode)}; terminate TLS at the gateway, or use a TLS listener for passthrough`);
        }
        if (!Array.isArray(tls.certificateRefs) || tls.certificateRefs.length === 0) {
            out.push(`${at}.certificateRefs: must name a certificate Secret, got ${shown(tls.certificateRefs)}; give the host a certificate (kubeship: app.gateway.certificates)`);
        }
    });
    return out;
};

/** Whether a route sends traffic to a backend (rather than only redirecting it). */
function servesBackends(route: StackResource): boolean {
    const rules = asObject(route.props.spec).rules;
    if (!Array.isArray(rules) || rules.length === 0) return true; // no rules: the API's default rule sends to no backend, but treat it as serving
    return rules.some((r) => {
        const rule = asObject(r);
        const redirects = Array.isArray(rule.filters) && rule.filters.some((f: unknown) => asObject(f).type === "RequestRedirect");
        return !redirects || (Array.isArray(rule.backendRefs) && rule.backendRefs.length > 0);
    });
}

/**
 * A routed tier has TLS: an HTTPRoute that serves backends must be attached to
 * an HTTPS listener of a Gateway in the stack, and to no plain-HTTP listener.
 * Routes whose Gateways are not in the stack are not judged.
 */
export function checkRouteTls(resources: readonly StackResource[]): StackViolation[] {
    const gateways = resources.filter((r) => r.type === GATEWAY);
    const out: StackViolation[] = [];
    for (const route of resources.filter((r) => r.type === HTTP_ROUTE && servesBackends(r))) {
        const meta = asObject(route.props.metadata);
        const namespace = meta.namespace ?? "default";
        const hosts = strings(asObject(route.props.spec).hostnames);
        const attached: { protocol: string; name: string }[] = [];
        let judged = false;
        for (const ref of (asObject(route.props.spec).parentRefs ?? []) as unknown[]) {
            const p = asObject(ref);
            if ((p.kind ?? "Gateway") !== "Gateway") continue;
            const gw = gateways.find((g) => asObject(g.props.metadata).name === p.name && (asObject(g.props.metadata).namespace ?? "default") === (p.namespace ?? namespace));
            if (!gw) continue;
            judged = true;
            for (const l of listenersOf(gw.props)) {
                if (p.sectionName === undefined || p.sectionName === l.name) attached.push({ protocol: String(l.protocol), name: String(l.name) });
            }
        }
        if (!judged) continue;
        const what = `HTTPRoute ${shown(meta.name)}${hosts.length ? ` (${hosts.join(", ")})` : ""}`;
        const plain = attached.filter((l) => l.protocol === "HTTP");
        if (!attached.some((l) => l.protocol === "HTTPS")) {
            out.push({ urn: route.urn, message: `${what}: must be attached to an HTTPS listener, got ${shown(attached.map((l) => l.name))}; a routed tier must have TLS: route it through the Gateway's HTTPS listener for its host` });
        }
        if (plain.length) {
            out.push({ urn: route.urn, message: `${what}: must not be served over plain HTTP, got listener ${shown(plain.map((l) => l.name))}; attach only to HTTPS listeners and redirect HTTP to HTTPS (kubeship: app.gateway.redirectHttp: true)` });
        }
    }
    return out;
}

export const gatewayRules: Rule[] = [
    { name: "k8s-gateway-https-certificate", description: "Every HTTPS listener of a Gateway terminates TLS with a certificate.", types: [GATEWAY], check: checkHttpsListenerCertificate },
];

export const gatewayStackRules: StackRule[] = [
    { name: "k8s-route-tls", description: "A routed tier has TLS: HTTPRoutes that serve backends attach to HTTPS listeners only.", check: checkRouteTls },
];
