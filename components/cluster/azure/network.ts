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

export interface AksNetwork {
    resourceGroupName: pulumi.Output<string>;
    subnetId: pulumi.Output<string>;
    /** What was created here (empty when everything already existed). */
    resourceGroup?: ResourceGroup;
    vnet?: VirtualNetwork;
    subnet?: Subnet;
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
    return { resourceGroupName, subnetId: subnet.id, resourceGroup, vnet, subnet };
}
