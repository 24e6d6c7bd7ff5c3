/**
 * Names of the HTTPS entry's objects and of the add-ons' namespaces and pods.
 * Pure: the config rules, the builders and the policies all read them here.
 */
import { createHash } from "node:crypto";

/** The GatewayClass kubeship creates once per cluster, handled by Envoy Gateway. */
export const GATEWAY_CLASS = "kubeship";
/** Envoy Gateway's controller name (GatewayClass.spec.controllerName). */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
/** Where Envoy Gateway runs, and where it runs each Gateway's Envoy proxies (its default deploy mode). */
export const ENVOY_GATEWAY_NAMESPACE = "envoy-gateway-system";
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const EXTERNAL_DNS_NAMESPACE = "external-dns";
/** The chart's ServiceAccount, which the cloud identity trusts (fullnameOverride). */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

/** The app's one Gateway, in the app's namespace. */
export const GATEWAY_NAME = "kubeship";
/** The plain-HTTP listener: ACME HTTP-01 challenges, and the redirect to HTTPS. */
export const HTTP_LISTENER = "http";
/** The HTTPRoute that redirects plain HTTP to HTTPS; a tier of this name cannot have its own route. */
export const REDIRECT_ROUTE = "kubeship-https-redirect";
/** The NetworkPolicy that lets the gateway reach cert-manager's HTTP-01 solver pods. */
export const SOLVER_POLICY = "kubeship-acme-solver";
/** The namespaced ACME Issuer, and the Secret holding its account key. */
export const ISSUER_NAME = "kubeship-acme";
export const ACME_ACCOUNT_SECRET = "kubeship-acme-account";

/** cert-manager's HTTP-01 solver pods: their label and port (pkg/issuer/acme/http, v1.21.1). */
export const SOLVER_LABEL = "acme.cert-manager.io/http01-solver";
export const SOLVER_PORT = 8089;

/** Labels Envoy Gateway puts on a Gateway's proxy pods (internal/infrastructure/kubernetes/proxy, internal/gatewayapi, v1.9.0). */
export function envoyProxyLabels(gatewayNamespace: string, gatewayName = GATEWAY_NAME): Record<string, string> {
    return {
        "app.kubernetes.io/name": "envoy",
        "app.kubernetes.io/component": "proxy",
        "gateway.envoyproxy.io/owning-gateway-name": gatewayName,
        "gateway.envoyproxy.io/owning-gateway-namespace": gatewayNamespace,
    };
}

/** `<prefix>-<host with dashes>`, kept to a DNS label (63) with a hash of the host when longer. */
function hostScoped(prefix: string, host: string): string {
    const dashed = `${prefix}-${host.replace(/\./g, "-")}`;
    if (dashed.length <= 63) return dashed;
    const hash = createHash("sha256").update(host).digest("hex").slice(0, 8);
    return `${dashed.slice(0, 54).replace(/-+$/, "")}-${hash}`;
}

/** The HTTPS listener of one host. */
export const httpsListener = (host: string) => hostScoped("https", host);
/** The Certificate of one host, and the Secret it writes (same name). */
export const certificateName = (host: string) => hostScoped("tls", host);
