/**
 * Agent pool arguments: the inline system pool of the ManagedCluster and one
 * AgentPool (mode User) per config pool. Every pool autoscales natively; the
 * initial `count` is only used at creation (see the ignoreChanges below).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as inputs from "@pulumi/azure-native/types/input";
import type { AgentPoolArgs } from "@pulumi/azure-native/containerservice";
import type { SystemPoolPlan, UserPoolPlan } from "./resolve";

/**
 * azure-native demands `count` even when the autoscaler owns it
 * (pulumi/pulumi-azure-native#2943); ignoring it after creation stops every
 * `up` from resetting the pool to its initial size. Set on the child resources
 * themselves: ignoreChanges on a component does not reach them (pulumi/pulumi#9704).
 *
 * No version is ever ignored. An ignored input is not left out: Pulumi sends the
 * value from the previous run instead (ignoreChanges "takes the value from inputs",
 * pulumi/pulumi-azure-native#645), so once an upgrade channel had moved the cluster,
 * every update re-sent the old version and AKS refused it
 * (NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged: "all Agent pools'
 * OrchestratorVersion must be all specified or all unspecified. If all specified,
 * they must stay unchanged or the same with control plane", Azure/azure-cli#22807,
 * pulumi/pulumi-azure-native#2094, hashicorp/terraform-provider-azurerm#17839).
 * Instead a version is sent only when the stack pins a minor (see AksPlan.version
 * and upgrades.ts); kubernetesVersion and orchestratorVersion are optional on
 * create (REST spec 2026-10-01 ManagedClusterProperties and
 * ManagedClusterAgentPoolProfileProperties list neither as required).
 */
export const USER_POOL_IGNORE_CHANGES = ["count"];

/**
 * The inline system pool cannot be replaced through the ManagedCluster (only the
 * whole cluster can; azure-native ManagedCluster docs), and AKS refuses to change
 * these fields of an existing pool in place. They are ignored after creation, so a
 * changed default (e.g. the system VM size) applies to new clusters and never
 * breaks an `up` of an existing one; re-sending the old values is what Azure has.
 * The README says how to move an existing cluster's system pool.
 */
export const SYSTEM_POOL_IGNORE_CHANGES = [
    "agentPoolProfiles[0].count",
    ...["vmSize", "osDiskType", "osDiskSizeGB", "availabilityZones"].map((f) => `agentPoolProfiles[0].${f}`),
];

/**
 * AgentPool fields Azure cannot change in place but azure-native would try to:
 * its replacement rules list only vmSize and gpuInstanceProfile for AgentPool
 * (pulumi/pulumi-azure-native provider/pkg/gen/replacement.go forceNewMap, read at
 * f8d3054ad7a51690d78c6418a507ecd0a97bf847), and the REST spec marks none of them
 * create-only. The hashed pool name changes with each of them too (pool-name.ts),
 * so the replacement creates the new pool first under its new name.
 */
export const USER_POOL_REPLACE_ON_CHANGES = ["vmSize", "osDiskType", "osDiskSizeGB", "availabilityZones", "scaleSetPriority", "vnetSubnetID"];

/** `orchestratorVersion` only when a version is pinned; nothing at all otherwise. */
const orchestratorVersion = (version: string | undefined) => (version === undefined ? {} : { orchestratorVersion: version });

/**
 * What the system and user pools share: a Linux VM scale set across `zones`
 * that AKS autoscales between `min` and `max`.
 */
function autoscaledScaleSet(pool: Pick<UserPoolPlan, "vmSize" | "min" | "max" | "count" | "zones">, version: string | undefined) {
    return {
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        vmSize: pool.vmSize,
        ...orchestratorVersion(version),
        enableAutoScaling: true,
        minCount: pool.min,
        maxCount: pool.max,
        count: pool.count,
        availabilityZones: pool.zones,
    };
}

export function systemPoolProfile(
    pool: SystemPoolPlan, version: string | undefined, vnetSubnetID: pulumi.Input<string>,
): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name: pool.name,
        mode: "System",
        ...autoscaledScaleSet(pool, version),
        nodeTaints: pool.taints,
        osDiskType: pool.osDiskType,
        osDiskSizeGB: pool.osDiskSizeGB,
        vnetSubnetID,
        upgradeSettings: { maxSurge: pool.maxSurge },
    };
}

export function userPoolArgs(
    pool: UserPoolPlan, version: string | undefined, resourceGroupName: pulumi.Input<string>,
    clusterName: pulumi.Input<string>, vnetSubnetID: pulumi.Input<string>, tags: Record<string, string>,
): AgentPoolArgs {
    return {
        resourceGroupName,
        resourceName: clusterName,
        agentPoolName: pool.agentPoolName,
        mode: "User",
        ...autoscaledScaleSet(pool, version),
        nodeLabels: pool.labels,
        nodeTaints: pool.taints,
        osDiskType: pool.osDiskType,
        osDiskSizeGB: pool.osDiskSizeGB,
        vnetSubnetID,
        // Spot pools take no surge settings (AKS rejects maxSurge there): evicted
        // nodes are replaced by the autoscaler, and upgrades go node by node.
        ...(pool.spot
            ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 }
            : { upgradeSettings: { maxSurge: pool.maxSurge } }),
        tags,
    };
}
