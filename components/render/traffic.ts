/**
 * The traffic lines of `kubeship render`'s summary, and the labels the
 * diagram shares: who talks to whom (effective edges: talksTo and env
 * references), egress beyond the app, namespaces let in, and placement.
 */
import { effectiveTalksTo, envReferencedTiers } from "../app/talks-to";
import type { AppConfig } from "../config/schema";
import { normalizeEgress } from "../app/egress";
import type { EgressEntry } from "../config/tier-network";

/** Where an egress entry goes (`internet`, a CIDR or a host) and its ports, e.g. `443/TCP` or `all TCP`. */
export function egressLabel(entry: EgressEntry): { to: string; label: string } {
    const e = normalizeEgress(entry);
    const ports = e.ports ? e.ports.map((p) => `${p}/${e.protocol}`).join(", ") : `all ${e.protocol}`;
    return { to: e.cidr ?? e.host ?? "", label: ports };
}

/** One line per tier with any traffic setting: `web -> api, db (env: db); egress internet 443/TCP; from monitoring; pool spot`. */
export function trafficLines(app: AppConfig): string[] {
    const lines: string[] = [];
    for (const [name, tier] of Object.entries(app.tiers)) {
        const parts: string[] = [];
        const edges = effectiveTalksTo(name, app);
        const fromEnv = envReferencedTiers(name, tier, app).filter((t) => !tier.talksTo.includes(t));
        if (edges.length) parts.push(`-> ${edges.join(", ")}${fromEnv.length ? ` (from env: ${fromEnv.join(", ")})` : ""}`);
        if (tier.egress.length) parts.push(`egress ${tier.egress.map((e) => { const l = egressLabel(e); return `${l.to} ${l.label}`; }).join(", ")}`);
        if (tier.allowFrom.length) parts.push(`from ${tier.allowFrom.map((a) => `namespace ${a.namespace}${a.ports ? ` on ${a.ports.join(", ")}` : ""}`).join(", ")}`);
        if (tier.pool !== undefined) parts.push(`pool ${tier.pool}`);
        if (parts.length) lines.push(`  ${name} ${parts.join("; ")}`);
    }
    return lines;
}
