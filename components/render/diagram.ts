/**
 * A Mermaid picture of the platform: the cluster and its node pools, the tiers
 * with how they run, who talks to whom (talksTo and env references), who waits
 * for whom, the entry points, egress beyond the app and namespaces let in.
 */
import { machineTypeFor } from "../cluster/sizes";
import type { PlatformConfig, TierConfig } from "../config/schema";
import { isLoadBalanced } from "../app/gateway-policy";
import type { GatewayPlan } from "../gateway/plan";
import { entryMermaid } from "../gateway/report";
import { effectiveTalksTo } from "../app/talks-to";
import { egressLabel } from "./traffic";
import type { BackingPlan } from "../backing/plan";
import { backingMermaid } from "../backing/report";
import { jobMermaid } from "./jobs";

const CLOUD_LABEL = { aws: "EKS", gcp: "GKE", azure: "AKS", existing: "existing cluster" } as const;

/** `kubernetesVersion`: the minor the plan chose; left out of the label when unknown (an existing cluster). */
export function toMermaid(platform: PlatformConfig, kubernetesVersion?: string, gateway?: GatewayPlan, backing?: BackingPlan): string {
    const { cluster, app } = platform;
    const id = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    const name = cluster.name ?? app.name;
    const where = cluster.cloud === "existing" ? "" : ` · ${cluster.region ?? ""}`;
    const lines = [
        "flowchart LR",
        `  internet(("Internet"))`,
        `  subgraph ${id("cluster", name)}["${CLOUD_LABEL[cluster.cloud]} ${name} ${kubernetesVersion ? ` · Kubernetes ${kubernetesVersion}` : ""}${where} · ${cluster.environment}"]`,
        `    direction LR`,
    ];
    if (cluster.cloud !== "existing") {
        lines.push(`    subgraph pools["node pools"]`);
        for (const [poolName, pool] of Object.entries(cluster.nodePools)) {
            const spot = pool.spot ? ", spot" : "";
            lines.push(`      ${id("pool", poolName)}[["${poolName}: ${machineTypeFor(pool, cluster.cloud)}${spot}, ${pool.min}-${pool.max} nodes"]]`);
        }
        lines.push("    end");
    }
    const namespace = app.namespace ?? app.name;
    lines.push(`    subgraph ${id("ns", namespace)}["namespace ${namespace}"]`);
    for (const [tierName, tier] of Object.entries(app.tiers)) {
        const shape = tier.storage ? [`[("`, `")]`] : [`["`, `"]`];
        lines.push(`      ${id("tier", tierName)}${shape[0]}${tierLabel(tierName, tier)}${shape[1]}`);
    }
    const jobs = jobMermaid(app, id);
    lines.push(...jobs.nodes, "    end", "  end");
    for (const [tierName, tier] of Object.entries(app.tiers)) {
        const port = mainPort(tier);
        if (tier.expose === "public" && isLoadBalanced(tier)) lines.push(`  internet -->|":${port}"| ${id("tier", tierName)}`);
        if (tier.expose === "internal-lb") lines.push(`  vnet(("private network")) -->|":${port}"| ${id("tier", tierName)}`);
        for (const target of effectiveTalksTo(tierName, app)) {
            const t = Object.hasOwn(app.tiers, target) ? app.tiers[target] : undefined;
            lines.push(`  ${id("tier", tierName)} -->|"${t ? mainPort(t) : ""}"| ${id("tier", target)}`);
        }
        for (const entry of tier.egress) {
            const { to, label } = egressLabel(entry);
            lines.push(`  ${id("tier", tierName)} -->|"${label}"| ${to === "internet" ? "internet" : id("net", to)}${to === "internet" ? "" : `(("${to}"))`}`);
        }
        for (const entry of tier.allowFrom) {
            lines.push(`  ${id("from", entry.namespace)}(("namespace ${entry.namespace}")) -->|"${entry.ports?.join(", ") ?? "all ports"}"| ${id("tier", tierName)}`);
        }
        if (tier.pool !== undefined) lines.push(`  ${id("tier", tierName)} -.-|"runs on"| ${id("pool", tier.pool)}`);
        for (const target of tier.waitFor) lines.push(`  ${id("tier", tierName)} -.->|"waits for"| ${id("tier", target)}`);
    }
    lines.push(...jobs.edges);
    if (gateway) lines.push(...entryMermaid(gateway, (t) => id("tier", t)));
    if (backing) lines.push(...backingMermaid(backing, (w, kind) => id(kind, w)));
    const publicTiers = Object.entries(app.tiers).filter(([, t]) => t.expose === "public" || t.http).map(([n]) => id("tier", n));
    lines.push("  classDef public stroke:#d33,stroke-width:2px");
    if (publicTiers.length) lines.push(`  class ${publicTiers.join(",")} public`);
    return `${lines.join("\n")}\n`;
}

function tierLabel(name: string, tier: TierConfig): string {
    const kind = tier.storage ? `StatefulSet, ${tier.storage.size}` : "Deployment";
    const fixed = tier.replicas ?? (tier.singleton ? 1 : 2);
    const scale = tier.autoscale ? `${tier.autoscale.min}-${tier.autoscale.max} replicas (HPA)` : `${fixed} replica${fixed === 1 ? "" : "s"}`;
    const exposure = tier.http ? "<br/>routed by the gateway" : tier.expose === "public" ? "<br/>public load balancer" : tier.expose === "internal-lb" ? "<br/>internal load balancer" : "";
    const identity = tier.identity || Object.keys(tier.uses).length ? "<br/>cloud identity" : "";
    return `<b>${name}</b><br/>${kind}<br/>${scale}${exposure}${identity}`;
}

function mainPort(tier: TierConfig): string {
    const first = Object.values(tier.ports)[0];
    if (first === undefined) return "";
    return String(typeof first === "number" ? first : first.port);
}
