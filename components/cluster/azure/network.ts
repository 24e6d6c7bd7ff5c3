/**
 * The resource group, VNet and node subnet of an AKS cluster, or the existing
 * ones the config names. Called from AksCluster's constructor, never from an apply.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { Subnet, VirtualNetwork } from "@pulumi/azure-native/network";
import type { AksPlan } from "./resolve";

/** Name of the node subnet inside the VNet kubeship creates. */
export const NODE_SUBNET_NAME = "nodes";
/** Name of the subnet for a private cluster's self-hosted deploy runner (`deployFrom: vnet`). */
export const RUNNER_SUBNET_NAME = "runners";

export interface AksNetwork {
    resourceGroupName: pulumi.Output<string>;
    subnetId: pulumi.Output<string>;
    /** What was created here (empty when everything already existed). */
    resourceGroup?: ResourceGroup;
    vnet?: VirtualNetwork;
    subnet?: Subnet;
    /** Where the deploy runner of a private cluster goes (README "Reaching the AKS API server"). */
    runnerSubnet?: Subnet;
}

/**
 * `opts` carries the parent and the Azure provider. In prod the group and the
 * network are protected: deleting them would delete the cluster with them.
 */
export function createNetwork(name: string, plan: AksPlan, opts: pulumi.CustomResourceOptions): AksNetwork {
    const keep: pulumi.CustomResourceOptions = { ...opts, protect: plan.prod };
    const resourceGroup = plan.resourceGroup.create
        ? new ResourceGroup(`${name}-rg`, { resourceGroupName: plan.names.resourceGroup, location: plan.region, tags: plan.tags }, keep)
        : undefined;
    const resourceGroupName = resourceGroup ? resourceGroup.name : pulumi.output(plan.resourceGroup.create ? "" : plan.resourceGroup.name);

    if (!plan.subnet.create) {
        return { resourceGroupName, subnetId: pulumi.output(plan.subnet.id), resourceGroup };
    }
    // The subnet is its own resource and the VNet lists none: azure-native then
    // leaves the VNet's subnets alone on update (pulumi/pulumi-azure-native#611).
    const vnet = new VirtualNetwork(`${name}-vnet`, {
        resourceGroupName,
        virtualNetworkName: plan.names.virtualNetwork,
        location: plan.region,
        addressSpace: { addressPrefixes: [plan.layout.vnetCidr] },
        tags: plan.tags,
    }, keep);
    const subnet = new Subnet(`${name}-nodes`, {
        resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: NODE_SUBNET_NAME,
        addressPrefix: plan.layout.nodeSubnetCidr,
    }, keep);
    // A private cluster is reachable only from inside its VNet: the deploy runner gets a subnet of its
    // own there. After the node subnet, so ARM never updates the VNet twice at once.
    const runnerSubnet = plan.api.private && plan.api.runnerSubnet
        ? new Subnet(`${name}-runners`, {
            resourceGroupName,
            virtualNetworkName: vnet.name,
            subnetName: RUNNER_SUBNET_NAME,
            addressPrefix: plan.layout.runnerSubnetCidr,
        }, { ...keep, dependsOn: [subnet] })
        : undefined;
    return { resourceGroupName, subnetId: subnet.id, resourceGroup, vnet, subnet, runnerSubnet };
}
