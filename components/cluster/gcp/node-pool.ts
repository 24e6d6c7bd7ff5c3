/**
 * One GKE NodePool per configured pool: native autoscaling with total bounds,
 * surge upgrades, auto-repair and auto-upgrade, hardened nodes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NodePool } from "@pulumi/gcp/container/nodePool";
import type { ResolvedGke, ResolvedGkePool } from "./resolve";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/**
 * Fields GKE or its autoscaler own after creation. `initialNodeCount` forces a
 * replacement when it changes (pulumi/pulumi-gcp#412), and the autoscaler moves
 * `nodeCount`; set on the NodePool itself (a component's ignoreChanges does not
 * reach children, pulumi/pulumi#9704).
 */
export const NODE_POOL_IGNORE_CHANGES = ["initialNodeCount", "nodeCount"];

export interface NodePoolTarget {
    /** The cluster's name and location (outputs, so the pool waits for the cluster). */
    cluster: pulumi.Input<string>;
    location: pulumi.Input<string>;
    serviceAccountEmail: pulumi.Input<string>;
}

export function createNodePool(name: string, r: ResolvedGke, pool: ResolvedGkePool, target: NodePoolTarget, opts: pulumi.CustomResourceOptions): NodePool {
    return new NodePool(`${name}-pool-${pool.name}`, {
        // An explicit, stable name: it is the `cloud.google.com/gke-nodepool` label workloads select on.
        name: pool.name,
        project: r.project,
        cluster: target.cluster,
        location: target.location,
        nodeLocations: pool.zones,
        // Per zone, at creation only (see NODE_POOL_IGNORE_CHANGES); the autoscaler owns the size afterwards.
        initialNodeCount: pool.initialNodeCountPerZone,
        autoscaling: pool.autoscaling,
        management: { autoRepair: true, autoUpgrade: true },
        // Roll nodes by adding new ones first and never taking one away before its replacement is ready.
        upgradeSettings: { strategy: "SURGE", maxSurge: pool.maxSurge, maxUnavailable: 0 },
        nodeConfig: {
            machineType: pool.machineType,
            spot: pool.spot,
            diskSizeGb: pool.diskSizeGb,
            diskType: "pd-balanced",
            imageType: "COS_CONTAINERD",
            labels: pool.labels,
            taints: pool.taints,
            serviceAccount: target.serviceAccountEmail,
            // Access is limited by the service account's IAM roles; the scope just does not narrow it further (Google's recommendation).
            oauthScopes: [CLOUD_PLATFORM_SCOPE],
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            metadata: { "disable-legacy-endpoints": "true" },
        },
    }, {
        ...opts,
        ignoreChanges: NODE_POOL_IGNORE_CHANGES,
        // The explicit name means a replacement cannot be created beside the old pool.
        deleteBeforeReplace: true,
    });
}
