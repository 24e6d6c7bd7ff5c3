/**
 * The role assignments that let people and pipelines deploy onto an AKS
 * cluster: Azure Kubernetes Service RBAC Cluster Admin for each admin of the
 * plan (access.ts says who, where and why). Called from AksCluster's
 * constructor, never from an apply.
 */
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment, getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { principalTypeOfClient, type ClusterAdmin } from "./access";
import type { AksPlan } from "./resolve";
import { builtInRoleId, ROLE } from "./roles";

/**
 * `scope` is the stack's resource group or the cluster (plan.access.scope);
 * `opts` carries the parent and the Azure provider. The Kubernetes objects wait
 * for every assignment returned (AksCluster.readyResources).
 */
export function createClusterAdmins(
    name: string, plan: AksPlan, scope: pulumi.Input<string>, opts: pulumi.CustomResourceOptions,
): RoleAssignment[] {
    const where = plan.access.scope === "resource-group" ? `the resource group of AKS cluster ${plan.clusterName}` : `AKS cluster ${plan.clusterName}`;
    return plan.access.admins.map((admin) => {
        const { principalId, principalType } = principalOf(admin, opts);
        return new RoleAssignment(logicalName(name, admin), {
            principalId,
            // Without it ARM assumes "User", and a service principal fails with UnmatchedPrincipalType.
            principalType,
            roleDefinitionId: builtInRoleId(scope, ROLE.aksRbacClusterAdmin),
            scope,
            description: `${describe(admin)} manages Kubernetes objects in ${where} (kubeship).`,
        }, opts);
    });
}

function principalOf(admin: ClusterAdmin, opts: pulumi.CustomResourceOptions) {
    if (admin.source !== "client-config") return { principalId: pulumi.output(admin.principalId), principalType: pulumi.output(admin.principalType) };
    // The identity running `pulumi up`: its object id, and its type from the token's client.
    const me = getClientConfigOutput({ parent: opts.parent, provider: opts.provider });
    return { principalId: me.objectId, principalType: me.clientId.apply(principalTypeOfClient) };
}

const logicalName = (name: string, admin: ClusterAdmin) =>
    admin.source === "group" ? `${name}-admin-group-${admin.principalId}` : `${name}-deployer-cluster-admin`;

const describe = (admin: ClusterAdmin) =>
    admin.source === "group" ? `Entra group ${admin.principalId}`
        : admin.source === "deployer" ? `The stack's deployer (${admin.principalType} ${admin.principalId})`
            : "The identity that runs pulumi up";
