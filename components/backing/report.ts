/**
 * How `kubeship render` reports backing resources and workload identities:
 * summary lines and diagram lines, from the backing plan. Pure.
 */
import type { BackingPlan } from "./plan";

const STORE = { aws: "S3 bucket", gcp: "Cloud Storage bucket", azure: "Azure blob container" } as const;
const IDENTITY = { aws: "IAM role (EKS Pod Identity)", gcp: "Workload Identity Federation principal", azure: "managed identity (AKS workload identity)" } as const;

/** Who uses a bucket, `web (readwrite), worker (read)`. */
function usersOf(plan: BackingPlan, bucket: string): string {
    const users = plan.workloads.flatMap((w) => w.uses.filter((u) => u.name === bucket).map((u) => `${w.workload} (${u.access})`));
    return users.length ? users.join(", ") : "no one";
}

export function backingSummary(plan: BackingPlan): string[] {
    const lines: string[] = [];
    if (plan.buckets.length) {
        lines.push("buckets:");
        for (const b of plan.buckets) {
            const traits = [b.config.versioning ? "versioned" : "", plan.protect ? "protected" : ""].filter(Boolean);
            lines.push(`  ${b.name}: ${STORE[plan.cloud]} ${b.physicalName}${traits.length ? ` (${traits.join(", ")})` : ""}; used by ${usersOf(plan, b.name)}`);
        }
    }
    if (plan.workloads.length) {
        lines.push(`cloud identities (${IDENTITY[plan.cloud]}; no static keys):`);
        for (const w of plan.workloads) {
            const own = plan.cloud === "aws" ? w.identity.aws?.policyArns ?? [] : plan.cloud === "gcp" ? w.identity.gcp?.roles ?? [] : (w.identity.azure?.roles ?? []).map((r) => `${r.role} on ${r.scope}`);
            const grants = [...own, ...w.uses.map((u) => `${u.access} ${u.name}`)];
            lines.push(`  ${w.kind} ${w.workload}: ${w.identityName}${grants.length ? `: ${grants.join(", ")}` : ""}`);
        }
    }
    return lines;
}

/** Mermaid lines: a node per bucket outside the cluster, an edge from each user with its access. `node` names a workload's node. */
export function backingMermaid(plan: BackingPlan, node: (workload: string, kind: "tier" | "job") => string): string[] {
    const id = (name: string) => `bucket_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    const lines = plan.buckets.map((b) => `  ${id(b.name)}[("${STORE[plan.cloud]}<br/><b>${b.name}</b><br/>${b.physicalName}")]`);
    for (const w of plan.workloads) {
        for (const u of w.uses) lines.push(`  ${node(w.workload, w.kind)} -->|"${u.access}"| ${id(u.name)}`);
    }
    return lines;
}
