/**
 * The HTTPS entry as the render reports it: lines for the summary and
 * Mermaid lines for the diagram, showing hosts, routes and certificates. Pure.
 */
import type { GatewayPlan } from "./plan";
import { GATEWAY_CLASS, HTTP_LISTENER } from "./names";

const SERVER_NAME = { letsencrypt: "Let's Encrypt", "letsencrypt-staging": "Let's Encrypt staging (untrusted)" } as const;
const IDENTITY = { aws: "IRSA", gcp: "GKE Workload Identity", azure: "AKS workload identity" } as const;

/** The summary's section: the Gateway, each host's routes and certificate, the redirect, DNS. */
export function entrySummary(plan: GatewayPlan): string[] {
    const { entry, addons } = plan;
    const v = addons.versions;
    const lines = [`HTTPS entry: Gateway ${entry.namespace}/${entry.gatewayName} (class ${GATEWAY_CLASS}; Envoy Gateway ${v.envoyGateway.version}, cert-manager ${v.certManager.version}${addons.dns ? `, external-dns ${v.externalDns.appVersion}` : ""})`];
    for (const h of entry.hosts) {
        lines.push(`  https://${h.host}  certificate ${h.certificate} (${SERVER_NAME[entry.acme.serverName]}, ACME HTTP-01, renewed by cert-manager)`);
        for (const r of entry.routes.filter((x) => x.hosts.includes(h.host))) {
            for (const p of r.paths) lines.push(`    ${p} -> ${r.tier}:${r.servicePort}`);
        }
    }
    lines.push(entry.redirectHttp ? "  http:// answers 301 to https://" : `  http:// serves the routes too (listener "${HTTP_LISTENER}"; redirectHttp: false)`);
    lines.push(addons.dns
        ? `  DNS: external-dns keeps records for every host in zone ${addons.dns.zone} (${IDENTITY[addons.dns.cloud]}, owner ${addons.dns.txtOwnerId})`
        : "  DNS: no zone given; create the records yourself (see the note)");
    return lines;
}

/** Mermaid lines: the internet to the Gateway, the Gateway to each routed tier by host and path. `id` makes a tier's node id. */
export function entryMermaid(plan: GatewayPlan, tierId: (tier: string) => string): string[] {
    const { entry } = plan;
    const hosts = entry.hosts.map((h) => h.host).join("<br/>");
    const tls = SERVER_NAME[entry.acme.serverName];
    const lines = [
        `  gateway{{"<b>Gateway ${entry.gatewayName}</b><br/>${hosts}<br/>TLS: ${tls}${entry.redirectHttp ? "<br/>HTTP → HTTPS" : ""}"}}`,
        `  internet -->|"HTTPS :443"| gateway`,
    ];
    for (const r of entry.routes) {
        const label = r.hosts.flatMap((h) => r.paths.map((p) => `${h}${p}`)).join("<br/>");
        lines.push(`  gateway -->|"${label}"| ${tierId(r.tier)}`);
    }
    lines.push("  classDef entry stroke:#2a2,stroke-width:2px", "  class gateway entry");
    return lines;
}
