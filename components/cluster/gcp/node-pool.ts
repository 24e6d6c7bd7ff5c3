/**
 * One GKE NodePool per configured pool: native autoscaling with total bounds,
 * surge upgrades, auto-repair and auto-upgrade, hardened nodes. A change that
 * forces a new pool creates it first (its name carries a hash of the immutable
 * settings, pool-identity.ts), then drains and deletes the old one.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NodePool } from "@pulumi/gcp/container/nodePool";
import type { ResolvedGke, ResolvedGkePool } from "./resolve";

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
    /** The node service account's email as an output (the pool waits for the account); equal to `r.nodeServiceAccountEmail`. */
    serviceAccountEmail: pulumi.Input<string>;
}

export function createNodePool(name: string, r: ResolvedGke, pool: ResolvedGkePool, target: NodePoolTarget, opts: pulumi.CustomResourceOptions): NodePool {
    return new NodePool(`${name}-pool-${pool.name}`, {
        // `<key>-<hash>`: a new name whenever an immutable setting changes, so the
        // replacement is created beside the old pool (no deleteBeforeReplace).
        name: pool.physicalName,
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
        // When a replaced pool is deleted, its nodes drain within the app's PodDisruptionBudgets
        // (NodeDrainConfig, container/v1; in place, not ForceNew: terraform-provider-google
        // resource_container_node_pool.go at e03b7622a26cf4e878f90bdccaca6aa3d03a7999).
        nodeDrainConfigs: [{ respectPdbDuringNodePoolDeletion: true }],
        nodeConfig: {
            ...pool.immutable,
            // The same email as pool.immutable.serviceAccount (which the name hashes), as
            // the account's output, so the pool depends on the account.
            serviceAccount: target.serviceAccountEmail,
            // In place (UpdateNodePool rolls the nodes with the surge settings above).
            machineType: pool.machineType,
            diskSizeGb: pool.diskSizeGb,
            diskType: pool.diskType,
            imageType: "COS_CONTAINERD",
            // Includes POOL_LABEL: the placement label that survives a replacement.
            labels: pool.labels,
            taints: pool.taints,
            workloadMetadataConfig: { mode: "GKE_METADATA" },
        },
    }, {
        ...opts,
        ignoreChanges: NODE_POOL_IGNORE_CHANGES,
    });
}
