/**
 * The HTTPS entry's part of the config: `http` on a tier (the hosts and paths
 * the app's shared gateway routes to it) and `app.gateway` (certificates, the
 * DNS zone, the HTTP to HTTPS redirect). Rules across fields live in
 * rules/gateway.ts; what is built, in components/gateway.
 */
import { z } from "zod";
import { showValue } from "./errors";

/** A DNS name as the Gateway API's Hostname type takes it, without its wildcard form. */
const HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why `host` is not a name kubeship can route and certify, or undefined. */
export function hostProblem(host: string): string | undefined {
    if (host.startsWith("*.")) {
        return `a wildcard host needs an ACME DNS-01 challenge, which kubeship does not do (it uses HTTP-01 through the gateway), got ${showValue(host)}; list each host, e.g. shop.example.com`;
    }
    if (host !== host.toLowerCase() && HOSTNAME.test(host.toLowerCase())) return `must be lower case, got ${showValue(host)}; write ${showValue(host.toLowerCase())}`;
    if (IPV4.test(host) || host.includes(":")) return `must be a DNS name, not an address, got ${showValue(host)}: certificates are issued for names`;
    if (host.length > 253 || !HOSTNAME.test(host) || host.split(".").some((label) => label.length > 63)) {
        return `must be a DNS name such as shop.example.com (lower-case letters, digits, '-' and '.', labels of at most 63 characters), got ${showValue(host)}`;
    }
    if (!host.includes(".")) return `must be a fully qualified name with a domain, got ${showValue(host)}; e.g. ${host}.example.com`;
    return undefined;
}

/**
 * Why `path` is not a prefix the Gateway API accepts, or undefined: the
 * HTTPRoute CRD's pattern and its CEL rules (gateway-api v1.6.1), which the
 * API server would otherwise apply only at `pulumi up`.
 */
export function pathProblem(path: string): string | undefined {
    const got = `got ${showValue(path)}`;
    if (!path.startsWith("/")) return `must start with '/', ${got}`;
    if (path.length > 1024) return `must be at most 1024 characters, got ${path.length}`;
    for (const bad of ["//", "/./", "/../", "%2f", "%2F", "#"]) {
        if (path.includes(bad)) return `must not contain '${bad}', ${got}`;
    }
    if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(path)) {
        return `may hold only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes), ${got}`;
    }
    if (path.endsWith("/..") || path.endsWith("/.")) return `must not end with '/.' or '/..', ${got}`;
    return undefined;
}

const refine = (problem: (v: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: value, message });
};

const host = z.string().superRefine(refine(hostProblem));

/** The paths a route matches when none are given. @default ["/"] */
export const DEFAULT_HTTP_PATHS = ["/"] as const;

export const tierHttpSchema = z.strictObject({
    host: z.union([host, z.array(host).min(1, { message: "must list at least one host" })])
        .describe("Host name(s) the app's gateway routes to this tier, e.g. shop.example.com or [shop.example.com, www.example.com]."),
    /** @default ["/"] */
    paths: z.array(z.string().superRefine(refine(pathProblem))).min(1).max(64).default([...DEFAULT_HTTP_PATHS])
        .describe("Path prefixes routed to this tier; [/] (everything) by default."),
    /** @default the tier's main port */
    port: z.union([z.number().int().min(1).max(65535), z.string()]).optional()
        .describe("Port name or number of the tier the gateway sends requests to; the main port by default."),
}).describe("HTTPS entry: the app's shared gateway (Gateway API) routes these hosts and paths to the tier, with certificates from ACME.");

/** Let's Encrypt's ACME directories. */
export const ACME_SERVERS = {
    letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

export const gatewaySchema = z.strictObject({
    certificates: z.strictObject({
        acme: z.strictObject({
            email: z.email({ message: "must be an email address for the ACME account (expiry and incident notices), e.g. ops@example.com" })
                .describe("Contact for the ACME account."),
            /** @default "letsencrypt" */
            server: z.enum(Object.keys(ACME_SERVERS) as [keyof typeof ACME_SERVERS, ...(keyof typeof ACME_SERVERS)[]]).default("letsencrypt")
                .describe("letsencrypt, or letsencrypt-staging (untrusted certificates, generous rate limits) while trying things out."),
        }).describe("Certificates from an ACME CA through cert-manager, validated by HTTP-01 through the gateway and renewed automatically."),
    }).describe("Where the gateway's certificates come from (ACME only; cloud-managed certificates are not offered)."),
    zone: z.string().superRefine(refine(hostProblem)).optional()
        .describe("DNS zone (Route 53, Cloud DNS or Azure DNS) in which external-dns creates a record for every host; none by default (create the records yourself)."),
    zoneResourceGroup: z.string().min(1).max(90).optional()
        .describe("Azure: the resource group of the DNS zone; required on azure when zone is set."),
    /** @default true */
    redirectHttp: z.boolean().default(true).describe("Answer plain HTTP with a redirect to HTTPS (301); must stay true in prod."),
}).describe("The app's shared HTTPS entry point: one Gateway for every tier with http.");

export type TierHttpConfig = z.output<typeof tierHttpSchema>;
export type GatewayConfig = z.output<typeof gatewaySchema>;
/** app.gateway as written (defaults not yet applied), for TypeScript callers. */
export type GatewayInput = z.input<typeof gatewaySchema>;
