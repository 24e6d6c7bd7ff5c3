/**
 * The physical names of an AKS stack's Azure resources. Pure.
 *
 * Every stack of a repo usually deploys into one subscription, where resource
 * group names are unique, and where a VNet or cluster is unique per resource
 * group. So each name carries the stack (stackScopedName), cut with a hash to
 * the limit of its resource type. They are explicit, not Pulumi's auto-names:
 * azure-native auto-names the logical name plus 8 random hex characters with no
 * length limit (`resource.NewUniqueHex(name, 8, 0)`, pulumi/pulumi-azure-native
 * provider/pkg/provider/provider.go getDefaultName), so a 63-character cluster
 * name became a 74-character AKS name, which Azure refuses (limit 63).
 *
 * The subnet ("nodes", and "runners" for a private cluster's deploy runner) is
 * named inside the stack's own VNet, so it needs no stack; role assignments are
 * named by a random GUID; the cluster's identity is system-assigned (no name).
 * The ZRS StorageClass lives inside the cluster, so one name serves every stack.
 */
import { stackScopedName } from "../names";

/**
 * Name limits per resource type, with the source each was read from.
 * - resource group: 1-90 (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources;
 *   Azure/azure-resource-manager-rpc#42);
 * - virtual network: 2-64 (resource-name-rules#microsoftnetwork);
 * - managed cluster: 1-63, `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$` (REST spec
 *   Azure/azure-rest-api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-10-01/managedClusters.json
 *   @ 48e035e38304a83946025af54e69c28169bf887b, path parameter resourceName);
 * - DNS prefix: 1-54 letters, digits and hyphens, starting and ending with a letter or digit. The same REST
 *   spec declares dnsPrefix as a plain string (no pattern, no length): the limit is AKS's own check, as the
 *   portal shows it (MicrosoftDocs/azure-docs#47952) and hashicorp/terraform-provider-azurerm#20813 validates it;
 * - node resource group: AKS refuses more than 80 ("The length of the node resource group name is too long.
 *   The maximum length is 80", Azure-Terraform/terraform-azurerm-kubernetes#33), and the name becomes the value
 *   of a node label, whose limit is 63 (Azure/bicep-registry-modules#5109): kubeship keeps it within 63.
 */
export const AZURE_NAME_LIMITS = {
    resourceGroup: 90,
    virtualNetwork: 64,
    managedCluster: 63,
    dnsPrefix: 54,
    nodeResourceGroup: 63,
} as const;

export interface AksNames {
    /** The resource group kubeship creates (unused when `cluster.azure.resourceGroup` names one). */
    resourceGroup: string;
    virtualNetwork: string;
    managedCluster: string;
    /** The API server's DNS prefix: `<dnsPrefix>-<hash>.hcp.<region>.azmk8s.io`. */
    dnsPrefix: string;
    /** The resource group AKS creates for the nodes, instead of its default `MC_<rg>_<cluster>_<region>`. */
    nodeResourceGroup: string;
}

/**
 * The names of a cluster's resources in a stack. Roles are suffixes of the
 * cluster name (`-rg`, `-vnet`, `-nodes`), so the cluster's own resource group
 * and its node resource group never share a name.
 */
export function aksNames(clusterName: string, stack: string | undefined): AksNames {
    return {
        resourceGroup: stackScopedName(`${clusterName}-rg`, stack, AZURE_NAME_LIMITS.resourceGroup),
        virtualNetwork: stackScopedName(`${clusterName}-vnet`, stack, AZURE_NAME_LIMITS.virtualNetwork),
        managedCluster: stackScopedName(clusterName, stack, AZURE_NAME_LIMITS.managedCluster),
        dnsPrefix: stackScopedName(clusterName, stack, AZURE_NAME_LIMITS.dnsPrefix),
        nodeResourceGroup: stackScopedName(`${clusterName}-nodes`, stack, AZURE_NAME_LIMITS.nodeResourceGroup),
    };
}
