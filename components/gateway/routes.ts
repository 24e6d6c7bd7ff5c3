/**
 * The app's HTTPS entry, resolved: which hosts the app's Gateway listens for,
 * which tier each host and path goes to, on which Service port, and where
 * certificates come from. Pure, no Pulumi; the loader's rules have already
 * refused what cannot be routed (rules/gateway.ts).
 */
import { ACME_SERVERS, type GatewayConfig } from "../config/gateway-schema";
import type { AppConfig, TierConfig } from "../config/schema";
import { namespaceOf, portsOf, type ResolvedPort } from "../app/names";
import { certificateName, GATEWAY_NAME, httpsListener } from "./names";

export interface RoutePlan {
    tier: string;
    hosts: string[];
    paths: string[];
    /** The tier's Service port the route sends to (an HTTPRoute backendRef names the Service port). */
    servicePort: number;
    /** The pods' port behind it, which the tier's NetworkPolicy opens to the gateway. */
    targetPort: number;
}

export interface HostPlan {
    host: string;
    /** The Gateway's HTTPS listener for this host. */
    listener: string;
    /** The cert-manager Certificate, and the Secret it writes, for this host. */
    certificate: string;
}

export interface EntryPlan {
    namespace: string;
    gatewayName: string;
    /** Every routed host once, in config order: one HTTPS listener and one certificate each. */
    hosts: HostPlan[];
    routes: RoutePlan[];
    redirectHttp: boolean;
    acme: { email: string; server: string; serverName: keyof typeof ACME_SERVERS };
    /** The DNS zone external-dns writes to, when one is given. */
    zone?: string;
}

/** The hosts of a tier's `http`, as a list. */
export function hostsOfTier(tier: TierConfig): string[] {
    if (!tier.http) return [];
    return typeof tier.http.host === "string" ? [tier.http.host] : [...tier.http.host];
}

/** Whether a tier is reached through the app's gateway. */
export const isRouted = (tier: TierConfig): boolean => tier.http !== undefined;

/** The tier port a route sends to: `http.port` by name or Service port number, else the main port. */
export function routePort(tier: TierConfig): ResolvedPort | undefined {
    const ports = portsOf(tier);
    const chosen = tier.http?.port;
    if (chosen === undefined) return ports[0];
    return ports.find((p) => (typeof chosen === "string" ? p.name === chosen : p.port === chosen));
}

/** The entry plan, or undefined for an app with no routed tier. Throws on input the rules refuse (a kubeship bug if reached). */
export function planEntry(app: AppConfig): EntryPlan | undefined {
    const routed = Object.entries(app.tiers).filter(([, t]) => isRouted(t));
    if (routed.length === 0) return undefined;
    const gateway: GatewayConfig | undefined = app.gateway;
    if (!gateway) throw new Error(`kubeship bug: app "${app.name}" routes tiers without app.gateway`);
    const hosts = [...new Set(routed.flatMap(([, t]) => hostsOfTier(t)))];
    return {
        namespace: namespaceOf(app),
        gatewayName: GATEWAY_NAME,
        hosts: hosts.map((host) => ({ host, listener: httpsListener(host), certificate: certificateName(host) })),
        routes: routed.map(([tier, t]) => {
            const port = routePort(t);
            if (!port) throw new Error(`kubeship bug: app.tiers.${tier}.http names no port of the tier`);
            return { tier, hosts: hostsOfTier(t), paths: [...(t.http?.paths ?? ["/"])], servicePort: port.port, targetPort: port.targetPort };
        }),
        redirectHttp: gateway.redirectHttp,
        acme: { email: gateway.certificates.acme.email, server: ACME_SERVERS[gateway.certificates.acme.server], serverName: gateway.certificates.acme.server },
        ...(gateway.zone ? { zone: gateway.zone } : {}),
    };
}

/** `https://<first host>` (with the first path unless it is `/`): a routed tier's public endpoint. */
export function routeEndpoint(route: RoutePlan): string {
    const path = route.paths[0] === "/" ? "" : route.paths[0];
    return `https://${route.hosts[0]}${path}`;
}
