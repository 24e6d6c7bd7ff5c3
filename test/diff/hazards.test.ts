/**
 * Changes that cost capacity or data are named in words, in the summary line
 * and in their own section, and never read as ordinary updates.
 */
import { describe, expect, it } from "vitest";
import { diffRenders, toMarkdown } from "../../components/diff";
import type { ResourceEntry } from "../../components/render/manifests";

const STACK = "urn:pulumi:dev::kubeship::";

function entry(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ResourceEntry> = {}): ResourceEntry {
    return { urn: `${STACK}${type}::${name}`, type, name, custom: true, inputs, dependencies: [], options: {}, ...extra };
}

const gkePool = (spot: boolean, deleteBeforeReplace = false) =>
    entry("gcp:container/nodePool:NodePool", "gb-general", {
        name: spot ? "general-5d1c" : "general-0a9e",
        nodeConfig: { spot, machineType: "e2-standard-4", labels: { "kubeship.io/pool": "general" } },
    }, { options: deleteBeforeReplace ? { deleteBeforeReplace: true } : {} });

const statefulSet = (size: string) =>
    entry("kubernetes:apps/v1:StatefulSet", "shop-db-statefulset", {
        metadata: { name: "db", namespace: "shop" },
        spec: { serviceName: "db-headless", volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage: size } } } }] },
    });
const namespace = () => entry("kubernetes:core/v1:Namespace", "shop-ns", { metadata: { name: "shop" } });

describe("hazards", () => {
    it("names a node pool replacement by its pool label, and says the new pool comes first", () => {
        const d = diffRenders([gkePool(false)], [gkePool(true)]);
        expect(d.hazards.map((h) => h.message)).toEqual(["⚠ replaces node pool general (new pool first, then drain)"]);
        const md = toMarkdown(d);
        expect(md.split("\n")[2]).toBe("**0 to add, 1 to change (1 replace), 0 to delete** · ⚠ replaces node pool general (new pool first, then drain)");
        expect(md).toContain("### ⚠ Needs attention (1)\n\n- ⚠ replaces node pool general (new pool first, then drain)");
    });

    it("warns when a pool would be deleted before its replacement exists", () => {
        const d = diffRenders([gkePool(false, true)], [gkePool(true, true)]);
        expect(d.hazards[0].message).toMatch(/^⚠ replaces node pool general: the old pool is deleted BEFORE the new one exists/);
    });

    it("names a cluster replacement, and node pools and clusters that are deleted", () => {
        const cluster = (version: string) => entry("aws:eks/cluster:Cluster", "gb-cluster", { name: "gb", encryptionConfig: version === "x" ? undefined : { resources: ["secrets"] } });
        const eksPool = entry("aws:eks/nodeGroup:NodeGroup", "gb-batch-nodes", { labels: { "kubeship.io/pool": "batch" } });
        const d = diffRenders([cluster("a"), eksPool], [cluster("x")]);
        expect(d.hazards.map((h) => h.message)).toEqual([
            "⚠ deletes node pool batch: its pods move to the other pools, if they fit",
            "⚠ replaces the cluster gb-cluster: every node and workload is recreated, and volumes are lost",
        ]);
    });

    it("names a removed stateful tier (its volumes stay) and a deleted namespace (its volumes go)", () => {
        const d = diffRenders([namespace(), statefulSet("10Gi")], []);
        expect(d.hazards.map((h) => h.message)).toEqual([
            "⚠ deletes namespace shop and every volume in it (stateful tiers: db)",
            "⚠ removes stateful tier db: its volumes are kept (retention policy Retain) but no longer used; delete them by hand once the data is safe",
        ]);
    });

    it("names a stateful tier replaced for a new claim template", () => {
        const d = diffRenders([statefulSet("10Gi")], [statefulSet("20Gi")]);
        expect(d.changed[0].action).toBe("replace");
        expect(d.hazards.map((h) => h.message)).toEqual([
            "⚠ replaces stateful tier db: its volumes are kept and reattached, but a changed claim template (size, storage class) applies only to volumes created later",
        ]);
    });

    it("has none for ordinary updates", () => {
        const a = entry("aws:eks/nodeGroup:NodeGroup", "gb-general-nodes", { labels: { "kubeship.io/pool": "general" }, scalingConfig: { maxSize: 3 } });
        const b = entry("aws:eks/nodeGroup:NodeGroup", "gb-general-nodes", { labels: { "kubeship.io/pool": "general" }, scalingConfig: { maxSize: 6 } });
        const d = diffRenders([a], [b]);
        expect(d.changed[0].action).toBe("update");
        expect(d.hazards).toEqual([]);
        expect(toMarkdown(d)).not.toContain("⚠");
    });
});
