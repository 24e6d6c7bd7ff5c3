/**
 * external-dns on AKS: a user-assigned managed identity, trusted through a
 * federated credential for the external-dns service account alone (AKS
 * workload identity, which kubeship's clusters enable with their OIDC issuer),
 * with DNS Zone Contributor on the zone and Reader on its resource group, as
 * the external-dns Azure tutorial says (docs/tutorials/azure.md, chart
 * 1.21.1). No client secret: azure.json holds ids only. The zone is taken to
 * be in the deploying identity's subscription.
 */
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput, RoleAssignment } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { azureProvider } from "./provider";
import type { DnsIdentity, DnsIdentityArgs } from "../../gateway/dns-identity";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT } from "../../gateway/names";
import type { DnsPlan } from "../../gateway/plan";
import type { AksCluster } from "./aks-cluster";
import { builtInRoleId } from "./roles";

/** @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles */
export const DNS_ROLE = {
    dnsZoneContributor: "befefa01-2a29-4197-83a8-272ff33ce314",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

/** The audience AKS workload identity tokens carry. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** The ARM id of a public DNS zone. */
export function dnsZoneId(subscriptionId: string, resourceGroup: string, zone: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/dnsZones/${zone}`;
}

export function azureDnsIdentity(name: string, args: DnsIdentityArgs & { plan: Extract<DnsPlan, { cloud: "azure" }> }): DnsIdentity {
    const { plan, parent } = args;
    const aks = args.cluster as Partial<AksCluster>;
    if (!aks.resourceGroupName || !aks.oidcIssuerUrl) throw new pulumi.ResourceError("kubeship bug: an azure DNS plan for a cluster that is not an AksCluster", parent);
    // As the cluster's own provider: the stack's azure-native settings, in the cluster's region.
    const provider = azureProvider(`${name}-azure`, plan.region, parent);
    const opts = { parent, provider };
    const client = getClientConfigOutput(opts);
    const identity = new UserAssignedIdentity(`${name}-identity`, {
        resourceName: plan.identityName,
        resourceGroupName: aks.resourceGroupName,
        location: plan.region,
    }, opts);
    const federated = new FederatedIdentityCredential(`${name}-federated`, {
        resourceName: identity.name,
        resourceGroupName: aks.resourceGroupName,
        federatedIdentityCredentialResourceName: "external-dns",
        issuer: aks.oidcIssuerUrl,
        subject: `system:serviceaccount:${EXTERNAL_DNS_NAMESPACE}:${EXTERNAL_DNS_SERVICE_ACCOUNT}`,
        audiences: [TOKEN_EXCHANGE_AUDIENCE],
    }, opts);
    const zoneId = client.subscriptionId.apply((s) => dnsZoneId(s, plan.zoneResourceGroup, plan.zone));
    const groupId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${plan.zoneResourceGroup}`;
    const grant = (role: string, roleId: string, scope: pulumi.Input<string>, what: string) => new RoleAssignment(`${name}-${role}`, {
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: builtInRoleId(scope, roleId),
        scope,
        description: `Lets external-dns (${plan.txtOwnerId}) ${what}.`,
    }, opts);
    const roles = [
        grant("dns-zone-contributor", DNS_ROLE.dnsZoneContributor, zoneId, `write records in the DNS zone ${plan.zone}`),
        grant("dns-reader", DNS_ROLE.reader, groupId, `read the resource group of the DNS zone ${plan.zone}`),
    ];
    const azureJson = pulumi.all([client.tenantId, client.subscriptionId]).apply(([tenantId, subscriptionId]) => JSON.stringify({
        tenantId, subscriptionId, resourceGroup: plan.zoneResourceGroup, useWorkloadIdentityExtension: true,
    }, null, 2));
    const workloadIdentity = { "azure.workload.identity/use": "true" };
    return {
        values: {
            provider: { name: "azure" },
            serviceAccount: { labels: workloadIdentity, annotations: { "azure.workload.identity/client-id": identity.clientId } },
            podLabels: workloadIdentity,
        },
        files: { "azure.json": azureJson },
        // Azure RBAC takes minutes to apply; external-dns retries every interval until it does.
        dependsOn: [federated, ...roles],
    };
}
