/** The short report `kubeship render` prints: a tree, counts by type, public endpoints. */
import type { PlatformConfig } from "../config/schema";
import { CLOUD_NAME, type KubernetesVersionPlan } from "../cluster/versions";
import type { ResourceEntry } from "./manifests";
import { entrySummary } from "../gateway/report";
import type { GatewayPlan } from "../gateway/plan";
import { trafficLines } from "./traffic";
import type { BackingPlan } from "../backing/plan";
import { backingSummary } from "../backing/report";
import { jobLines } from "./jobs";

export function summarize(stack: string, platform: PlatformConfig, resources: ResourceEntry[], outputs: Record<string, unknown>, kubernetes?: KubernetesVersionPlan, gateway?: GatewayPlan, backing?: BackingPlan): string {
    const children = new Map<string, ResourceEntry[]>();
    for (const r of resources) {
        if (!r.parent) continue;
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines: string[] = [`${stack}: ${resources.length} resources (${platform.cluster.cloud}${platform.cluster.region ? ` ${platform.cluster.region}` : ""}, ${platform.cluster.environment})`];
    if (kubernetes) lines.push(kubernetesLine(kubernetes));
    const walk = (r: ResourceEntry, depth: number) => {
        const kids = children.get(r.urn) ?? [];
        const components = kids.filter((k) => !k.custom);
        const custom = kids.filter((k) => k.custom);
        const counts = countBy(custom.map((k) => shortType(k.type)));
        const detail = custom.length ? `  [${Object.entries(counts).map(([t, n]) => (n > 1 ? `${n} ${t}` : t)).join(", ")}]` : "";
        lines.push(`${"  ".repeat(depth)}${depth ? "└ " : ""}${r.name} (${shortType(r.type)})${detail}`);
        for (const c of components) walk(c, depth + 1);
    };
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    if (root) walk(root, 0);
    lines.push("", "by type:");
    for (const [t, n] of Object.entries(countBy(resources.map((r) => r.type))).sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`  ${String(n).padStart(4)}  ${t}`);
    }
    const traffic = trafficLines(platform.app);
    if (traffic.length) lines.push("", "traffic (talksTo and env references; egress; other namespaces let in; placement):", ...traffic);
    const jobs = jobLines(platform.app, resources);
    if (jobs.length) lines.push("", "jobs (pulumi up waits for each one-off Job, and fails when it fails):", ...jobs);
    const placed = Object.entries(platform.app.tiers).filter(([, t]) => t.pool !== undefined).map(([name]) => name);
    if (platform.cluster.cloud === "existing" && placed.length) {
        lines.push("", `note: an existing cluster has no kubeship node pools, so pool placement is not applied here (${placed.join(", ")} run on any node)`);
    }
    const endpoints = (outputs.endpoints ?? {}) as Record<string, unknown>;
    lines.push("", "public endpoints (simulated addresses; real ones appear after pulumi up):");
    if (Object.keys(endpoints).length === 0) lines.push("  none");
    for (const [tier, address] of Object.entries(endpoints)) lines.push(`  ${tier}: ${String(address)}`);
    if (gateway) lines.push("", ...entrySummary(gateway));
    if (backing) lines.push("", ...backingSummary(backing));
    return lines.join("\n");
}

/** One line: the version, why, its support, and the catalog it came from. */
export function kubernetesLine(k: KubernetesVersionPlan): string {
    const until = k.support === "standard"
        ? (k.endOfStandardSupport ? `standard support until ${k.endOfStandardSupport}` : "standard support")
        : `EXTENDED support until ${k.endOfExtendedSupport ?? "?"} (standard support ended ${k.endOfStandardSupport})`;
    const eks = k.cloud === "aws" ? `; upgradePolicy.supportType ${k.extendedSupport ? "EXTENDED" : "STANDARD"}` : "";
    const catalog = k.catalog.source === "live" ? `asked ${CLOUD_NAME[k.cloud]} on ${k.catalog.takenOn}` : `catalog of ${k.catalog.takenOn}`;
    return `Kubernetes ${k.minor} on ${CLOUD_NAME[k.cloud]}: ${k.how}; ${until}${eks} (${catalog})`;
}

function shortType(type: string): string {
    const parts = type.split(":");
    return parts[parts.length - 1];
}

function countBy(items: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const i of items) out[i] = (out[i] ?? 0) + 1;
    return out;
}
