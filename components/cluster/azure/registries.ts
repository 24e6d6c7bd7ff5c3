/**
 * AcrPull for the cluster's kubelet identity on each registry in
 * `cluster.azure.acr`, so that nodes pull private images without a pull
 * secret (what `az aks update --attach-acr` does). Called from AksCluster's
 * constructor, never from an apply.
 * @see https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import type { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { builtInRoleId, ROLE } from "./roles";

/** The registry's name, the last segment of its resource id, for names and descriptions. */
export function registryName(acrId: string): string {
    return acrId.slice(acrId.lastIndexOf("/") + 1).toLowerCase();
}

/** The kubelet identity's object id, as AKS reports it in `identityProfile.kubeletidentity`. */
export function kubeletObjectId(cluster: ManagedCluster): pulumi.Output<string> {
    return cluster.identityProfile.apply((p) => p?.kubeletidentity?.objectId ?? "");
}

export function createAcrPulls(name: string, clusterName: string, acrIds: readonly string[], cluster: ManagedCluster, opts: pulumi.CustomResourceOptions): RoleAssignment[] {
    const principalId = kubeletObjectId(cluster);
    return acrIds.map((scope) => new RoleAssignment(`${name}-acr-pull-${registryName(scope)}`, {
        principalId,
        // A managed identity is a service principal; without it ARM assumes User (UnmatchedPrincipalType).
        principalType: "ServicePrincipal",
        roleDefinitionId: builtInRoleId(scope, ROLE.acrPull),
        scope,
        description: `Lets the nodes of AKS cluster ${clusterName} pull images from ${registryName(scope)} (kubeship).`,
    }, opts));
}
