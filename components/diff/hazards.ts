/**
 * The changes in a diff that cost capacity or data, named in words: replacing
 * or deleting a node pool or the cluster, and losing or orphaning a stateful
 * tier's volumes. The summary line and the PR comment lead with these, so such
 * a change is never read as an ordinary update. Pure.
 */
import type { ResourceEntry } from "../render/manifests";
import type { RenderDiff, ResourceRef } from "./diff";

type DiffWithoutHazards = Omit<RenderDiff, "hazards">;

export interface Hazard {
    urn: string;
    /** One line, starting with ⚠, e.g. `⚠ replaces node pool general (new pool first, then drain)`. */
    message: string;
}

/** The label every kubeship node pool carries with its config key (see cluster/types.ts POOL_LABEL). */
const POOL_LABEL = "kubeship.io/pool";

const NODE_POOL_TYPES: Record<string, (inputs: Record<string, unknown>) => unknown> = {
    "aws:eks/nodeGroup:NodeGroup": (i) => i.labels,
    "gcp:container/nodePool:NodePool": (i) => (i.nodeConfig as Record<string, unknown> | undefined)?.labels,
    "azure-native:containerservice:AgentPool": (i) => i.nodeLabels,
};
const CLUSTER_TYPES = new Set(["aws:eks/cluster:Cluster", "gcp:container/cluster:Cluster", "azure-native:containerservice:ManagedCluster"]);
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const NAMESPACE = "kubernetes:core/v1:Namespace";

const asMap = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});
const metadataName = (e: ResourceEntry | undefined) => String(asMap(e?.inputs.metadata).name ?? e?.name ?? "?");

/** The pool's config key from its placement label, else the resource's name. */
function poolName(e: ResourceEntry): string {
    const labels = asMap(NODE_POOL_TYPES[e.type]?.(e.inputs));
    return typeof labels[POOL_LABEL] === "string" ? labels[POOL_LABEL] as string : e.name;
}

/** Stateful tiers (StatefulSets) per namespace name, from one render. */
function statefulByNamespace(entries: ResourceEntry[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const e of entries.filter((x) => x.type === STATEFUL_SET)) {
        const ns = String(asMap(e.inputs.metadata).namespace ?? "");
        out.set(ns, [...(out.get(ns) ?? []), metadataName(e)].sort());
    }
    return out;
}

export function hazardsOf(diff: DiffWithoutHazards, oldEntries: ResourceEntry[], newEntries: ResourceEntry[]): Hazard[] {
    const before = new Map(oldEntries.map((e) => [e.urn, e]));
    const after = new Map(newEntries.map((e) => [e.urn, e]));
    const stateful = statefulByNamespace(oldEntries);
    const out: Hazard[] = [];
    const add = (r: ResourceRef, message: string) => out.push({ urn: r.urn, message: `⚠ ${message}` });

    for (const c of diff.changed.filter((x) => x.action === "replace")) {
        const e = after.get(c.urn) ?? before.get(c.urn);
        if (!e) continue;
        if (NODE_POOL_TYPES[e.type]) {
            add(c, c.deleteBeforeReplace
                ? `replaces node pool ${poolName(e)}: the old pool is deleted BEFORE the new one exists, so its pods have nowhere to go until it is up`
                : `replaces node pool ${poolName(e)} (new pool first, then drain)`);
        } else if (CLUSTER_TYPES.has(e.type)) {
            add(c, `replaces the cluster ${c.name}: every node and workload is recreated, and volumes are lost`);
        } else if (e.type === STATEFUL_SET) {
            add(c, `replaces stateful tier ${metadataName(e)}: its volumes are kept and reattached, but a changed claim template (size, storage class) applies only to volumes created later`);
        } else if (e.type === NAMESPACE) {
            const tiers = stateful.get(metadataName(before.get(c.urn))) ?? [];
            add(c, `replaces namespace ${metadataName(before.get(c.urn))}: deleting it deletes every volume in it${tiers.length ? ` (stateful tiers: ${tiers.join(", ")})` : ""}`);
        }
    }
    for (const r of diff.removed) {
        const e = before.get(r.urn);
        if (!e) continue;
        if (NODE_POOL_TYPES[e.type]) add(r, `deletes node pool ${poolName(e)}: its pods move to the other pools, if they fit`);
        else if (CLUSTER_TYPES.has(e.type)) add(r, `deletes the cluster ${r.name} and everything on it`);
        else if (e.type === STATEFUL_SET) {
            // A StatefulSet's persistentVolumeClaimRetentionPolicy defaults to Retain on delete and scale-down
            // (kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention);
            // kubeship does not set it.
            add(r, `removes stateful tier ${metadataName(e)}: its volumes are kept (retention policy Retain) but no longer used; delete them by hand once the data is safe`);
        } else if (e.type === NAMESPACE) {
            const tiers = stateful.get(metadataName(e)) ?? [];
            add(r, `deletes namespace ${metadataName(e)} and every volume in it${tiers.length ? ` (stateful tiers: ${tiers.join(", ")})` : ""}`);
        }
    }
    return out.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
