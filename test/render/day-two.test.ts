/**
 * Day 2 on every cloud, through the whole program and `kubeship diff`:
 * - an upgrade rehearsal: the guestbook rendered at one minor and at the next
 *   updates the control plane, every node pool and every add-on in place, and
 *   replaces or deletes nothing;
 * - a pool whose machine type and spot setting change is replaced new-first,
 *   and the diff says so in words.
 * Today is pinned by vitest.config.mts (KUBESHIP_TODAY), so the versions stay current.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { diffRenders, toMarkdown, type RenderDiff } from "../../components/diff";
import { render } from "../../components/render/render";

const ROOT = path.resolve(__dirname, "../..");
const CLOUDS = {
    aws: { region: "us-east-1", extra: {} },
    gcp: { region: "europe-west4", extra: { gcp: { project: "kubeship-dev" } } },
    azure: { region: "westeurope", extra: {} },
} as const;
type Cloud = keyof typeof CLOUDS;

/** A project holding the guestbook and one stack per cluster override. */
function project(cloud: Cloud, clusters: Record<string, Record<string, unknown>>): string {
    // One stack name in two projects: URNs carry the stack, so before and after must share it.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `kubeship-day2-${cloud}-`));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.copyFileSync(path.join(ROOT, "examples/guestbook.yaml"), path.join(root, "guestbook.yaml"));
    for (const [stack, cluster] of Object.entries(clusters)) {
        const overrides = { cluster: { ...CLOUDS[cloud].extra, ...cluster } };
        fs.writeFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), [
            "config:",
            "  kubeship:config: guestbook.yaml",
            `  kubeship:cloud: ${cloud}`,
            `  kubeship:region: ${CLOUDS[cloud].region}`,
            "  kubeship:environment: dev",
            `  kubeship:overrides: ${JSON.stringify(overrides)}`,
            "",
        ].join("\n"));
    }
    return root;
}

async function diffOf(cloud: Cloud, before: Record<string, unknown>, after: Record<string, unknown>): Promise<RenderDiff> {
    const a = await render({ stack: "dev" }, project(cloud, { dev: before }));
    const b = await render({ stack: "dev" }, project(cloud, { dev: after }));
    return diffRenders(a.resources, b.resources);
}

const CONTROL_PLANE: Record<Cloud, string> = {
    aws: "aws:eks/cluster:Cluster",
    gcp: "gcp:container/cluster:Cluster",
    azure: "azure-native:containerservice:ManagedCluster",
};
const NODE_POOL: Record<Cloud, string> = {
    aws: "aws:eks/nodeGroup:NodeGroup",
    gcp: "gcp:container/nodePool:NodePool",
    azure: "azure-native:containerservice:AgentPool",
};

describe("an upgrade rehearsal, N to N+1", () => {
    it.each(Object.keys(CLOUDS) as Cloud[])("%s: updates the control plane, the pools and the add-ons in place, and replaces or deletes nothing", async (cloud) => {
        const diff = await diffOf(cloud, { version: "1.35" }, { version: "1.36" });
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
        expect(diff.changed.filter((c) => c.action === "replace").map((c) => c.urn)).toEqual([]);
        expect(diff.hazards).toEqual([]);
        const updated = (type: string) => diff.changed.filter((c) => c.type === type && c.action === "update");
        expect(updated(CONTROL_PLANE[cloud])).toHaveLength(1);
        if (cloud === "aws") {
            // Every zone group of the pool follows the control plane, and so do the add-ons and the autoscaler.
            expect(updated(NODE_POOL.aws).length).toBeGreaterThanOrEqual(3);
            expect(updated("aws:eks/addon:Addon").length).toBeGreaterThanOrEqual(1);
            expect(updated("kubernetes:helm.sh/v3:Release")).toHaveLength(1);
        }
        if (cloud === "azure") {
            // A pinned minor is sent on every pool alike (patch channel): the pool updates in place.
            expect(updated(NODE_POOL.azure)).toHaveLength(1);
        }
        // GKE's pools follow the control plane through the release channel (auto-upgrade): nothing of theirs changes.
        if (cloud === "gcp") expect(diff.changed.filter((c) => c.type === NODE_POOL.gcp)).toEqual([]);
    });
});

describe("a pool's machine type and spot setting change", () => {
    const machine = { aws: "m7i.xlarge", gcp: "n2-standard-4", azure: "Standard_D4ads_v5" } as const;

    it.each(Object.keys(CLOUDS) as Cloud[])("%s: the new pool is created before the old one is deleted, and the diff says so", async (cloud) => {
        const pools = (spot: boolean, machineType?: string) => ({ nodePools: { general: { min: 1, max: 3, spot, ...(machineType ? { machineType } : {}) } } });
        const diff = await diffOf(cloud, pools(false), pools(true, machine[cloud]));
        const replaced = diff.changed.filter((c) => c.type === NODE_POOL[cloud] && c.action === "replace");
        expect(replaced.length).toBeGreaterThanOrEqual(1);
        for (const r of replaced) expect(r.deleteBeforeReplace).toBeUndefined();
        expect(diff.removed.filter((r) => r.type === NODE_POOL[cloud])).toEqual([]);
        expect(diff.hazards.map((h) => h.message)).toContain("⚠ replaces node pool general (new pool first, then drain)");
        expect(toMarkdown(diff).split("\n")[2]).toContain("⚠ replaces node pool general (new pool first, then drain)");
    });
});
