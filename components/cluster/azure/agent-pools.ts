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
 */
export const SYSTEM_POOL_IGNORE_CHANGES = ["agentPoolProfiles[0].count"];
export const USER_POOL_IGNORE_CHANGES = ["count"];

/**
 * Every cluster follows an auto-upgrade channel (`patch` or `stable`), so after
 * creation AKS, not Pulumi, moves the Kubernetes version of the control plane and
 * of every pool. AKS then reports the new version (`1.33` becomes `1.33.6`, or
 * `1.34.x` on `stable`; Azure/AKS#3573), and re-sending the configured one is a
 * perpetual in-place update (hashicorp/terraform-provider-azurerm#26946,
 * Azure/terraform-azurerm-aks#335) or, once the minor moved, a downgrade AKS
 * refuses (pulumi/pulumi-azure-native#2059). The config `version` therefore only
 * picks the version a cluster or pool is created with; the channel owns it afterwards.
 * Unpinned, no version is sent at all (`undefined`): AKS creates its default.
 */
export const CLUSTER_VERSION_IGNORE_CHANGES = ["kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion"];
export const USER_POOL_VERSION_IGNORE_CHANGES = ["orchestratorVersion"];

/**
 * What the system and user pools share: a Linux VM scale set across `zones`
 * that AKS autoscales between `min` and `max` (key order kept, so renders stay
 * byte-identical).
 */
function autoscaledScaleSet(pool: Pick<UserPoolPlan, "vmSize" | "min" | "max" | "count" | "zones">, version: string | undefined) {
    return {
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        vmSize: pool.vmSize,
        orchestratorVersion: version,
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
        // osDiskType is left to AKS: Ephemeral when the VM size has room for it,
        // Managed otherwise. The Ds_v5 sizes behind small..xlarge have no local
        // disk, so forcing Ephemeral would fail there.
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
