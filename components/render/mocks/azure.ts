/**
 * Mock azure-native provider outputs for the resources and calls kubeship uses:
 * ARM resource ids, auto-names (logical name + 8 characters, as azure-native
 * does), the AKS API server FQDN, OIDC issuer and identity, and the user
 * credentials kubeconfig. Deterministic: everything comes from ctx.hash.
 */
import type { MockContext, CloudMocks } from "./context";
import { fakeCaData } from "./context";
import { datedCatalog } from "../../cluster/versions";

type Obj = Record<string, any>;

export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";
const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
const AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

const uuid = (ctx: MockContext, ...parts: string[]) => {
    const h = ctx.hash(32, "uuid", ...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const autoName = (ctx: MockContext, type: string, logical: string) => `${logical}${ctx.hash(8, "autoname", type, logical)}`;
const rgId = (rg: string) => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg}`;

/** The API server FQDN AKS gives a cluster: `<dnsPrefix>-<8 hex>.hcp.<region>.azmk8s.io`. */
export function aksFqdn(ctx: MockContext, resourceGroup: string, clusterName: string, dnsPrefix?: string): string {
    return `${(dnsPrefix ?? clusterName).slice(0, 54)}-${ctx.hash(8, "fqdn", resourceGroup, clusterName)}.hcp.${ctx.region}.azmk8s.io`;
}

export const azureMocks: CloudMocks = {
    resource(args, ctx) {
        if (!args.type.startsWith("azure-native:")) return undefined;
        const inputs: Obj = args.inputs ?? {};
        const location = inputs.location ?? ctx.region;
        switch (args.type) {
            case "azure-native:resources:ResourceGroup": {
                const name = inputs.resourceGroupName ?? autoName(ctx, args.type, args.name);
                return { id: rgId(name), state: { name, location, type: "Microsoft.Resources/resourceGroups", provisioningState: "Succeeded" } };
            }
            case "azure-native:network:VirtualNetwork": {
                const name = inputs.virtualNetworkName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.Network/virtualNetworks/${name}`;
                return { id, state: { name, location, type: "Microsoft.Network/virtualNetworks", resourceGuid: uuid(ctx, id), provisioningState: "Succeeded" } };
            }
            case "azure-native:network:Subnet": {
                const name = inputs.subnetName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.Network/virtualNetworks/${inputs.virtualNetworkName}/subnets/${name}`;
                return { id, state: { name, type: "Microsoft.Network/virtualNetworks/subnets", provisioningState: "Succeeded" } };
            }
            case "azure-native:containerservice:ManagedCluster": {
                const rg: string = inputs.resourceGroupName;
                const name = inputs.resourceName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
                const fqdn = aksFqdn(ctx, rg, name, inputs.dnsPrefix);
                fqdnByCluster.set(`${rg}/${name}`, fqdn);
                const nodeResourceGroup = inputs.nodeResourceGroup ?? `MC_${rg}_${name}_${location}`;
                return {
                    id,
                    state: {
                        name, location, fqdn, nodeResourceGroup,
                        type: "Microsoft.ContainerService/ManagedClusters",
                        azurePortalFQDN: `${fqdn.split(".")[0]}.portal.hcp.${ctx.region}.azmk8s.io`,
                        // Without a version AKS picks its default minor (per the dated catalog).
                        currentKubernetesVersion: `${inputs.kubernetesVersion ?? datedCatalog("azure").defaultMinor}.${Number.parseInt(ctx.hash(2, "patch", id), 16) % 8}`,
                        provisioningState: "Succeeded",
                        powerState: { code: "Running" },
                        maxAgentPools: 100,
                        identity: { ...(inputs.identity ?? {}), principalId: uuid(ctx, "principal", id), tenantId: MOCK_TENANT_ID },
                        identityProfile: {
                            kubeletidentity: {
                                clientId: uuid(ctx, "kubelet-client", id),
                                objectId: uuid(ctx, "kubelet-object", id),
                                resourceId: `${rgId(nodeResourceGroup)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
                            },
                        },
                        oidcIssuerProfile: {
                            ...(inputs.oidcIssuerProfile ?? {}),
                            issuerURL: `https://${ctx.region}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${uuid(ctx, "oidc", id)}/`,
                        },
                    },
                };
            }
            case "azure-native:containerservice:AgentPool": {
                const name = inputs.agentPoolName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${inputs.resourceName}/agentPools/${name}`;
                return {
                    id,
                    state: {
                        name, type: "Microsoft.ContainerService/managedClusters/agentPools",
                        currentOrchestratorVersion: `${inputs.orchestratorVersion ?? datedCatalog("azure").defaultMinor}.0`,
                        nodeImageVersion: `AKSUbuntu-2204gen2containerd-202501.${ctx.hash(2, "img", id)}`,
                        provisioningState: "Succeeded",
                        powerState: { code: "Running" },
                    },
                };
            }
            case "azure-native:containerservice:MaintenanceConfiguration": {
                // The name is the configuration's role (e.g. aksManagedAutoUpgradeSchedule), under the cluster.
                const name = inputs.configName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${inputs.resourceName}/maintenanceConfigurations/${name}`;
                return { id, state: { name, type: "Microsoft.ContainerService/managedClusters/maintenanceConfigurations" } };
            }
            // bootstrap/azure.ts: the deploy identity and its GitHub federated credentials.
            case "azure-native:managedidentity:UserAssignedIdentity": {
                const name = inputs.resourceName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
                return {
                    id,
                    state: {
                        name, location, type: "Microsoft.ManagedIdentity/userAssignedIdentities",
                        clientId: uuid(ctx, "identity-client", id), principalId: uuid(ctx, "identity-principal", id), tenantId: MOCK_TENANT_ID,
                    },
                };
            }
            case "azure-native:managedidentity:FederatedIdentityCredential": {
                const name = inputs.federatedIdentityCredentialResourceName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}/federatedIdentityCredentials/${name}`;
                return { id, state: { name, type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials" } };
            }
            // cluster/azure/app-cloud.ts: buckets (an account and its container) and custom blob roles.
            case "azure-native:storage:StorageAccount": {
                const name = inputs.accountName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.Storage/storageAccounts/${name}`;
                return {
                    id,
                    state: {
                        name, location, type: "Microsoft.Storage/storageAccounts", provisioningState: "Succeeded",
                        // As Azure reports them: with a trailing slash.
                        primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, dfs: `https://${name}.dfs.core.windows.net/` },
                        primaryLocation: location,
                    },
                };
            }
            case "azure-native:storage:BlobServiceProperties": {
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.Storage/storageAccounts/${inputs.accountName}/blobServices/default`;
                return { id, state: { name: "default", type: "Microsoft.Storage/storageAccounts/blobServices" } };
            }
            case "azure-native:storage:BlobContainer": {
                const name = inputs.containerName ?? autoName(ctx, args.type, args.name);
                const id = `${rgId(inputs.resourceGroupName)}/providers/Microsoft.Storage/storageAccounts/${inputs.accountName}/blobServices/default/containers/${name}`;
                return { id, state: { name, type: "Microsoft.Storage/storageAccounts/blobServices/containers" } };
            }
            case "azure-native:authorization:RoleDefinition": {
                const name = inputs.roleDefinitionId ?? uuid(ctx, "role-definition", args.name);
                return {
                    id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${name}`,
                    state: { name, type: "Microsoft.Authorization/roleDefinitions", roleType: inputs.roleType ?? "CustomRole" },
                };
            }
            case "azure-native:authorization:RoleAssignment": {
                const name = inputs.roleAssignmentName ?? uuid(ctx, "role-assignment", args.name);
                return {
                    id: `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
                    state: { name, type: "Microsoft.Authorization/roleAssignments", principalType: inputs.principalType ?? "User" },
                };
            }
            case "azure-native:managedidentity:UserAssignedIdentity": {
                const name = inputs.resourceName ?? autoName(ctx, args.type, args.name);
                return {
                    id: `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
                    state: { name, location, type: "Microsoft.ManagedIdentity/userAssignedIdentities", clientId: uuid(ctx, "client", name), principalId: uuid(ctx, "principal", name), tenantId: MOCK_TENANT_ID },
                };
            }
            case "azure-native:managedidentity:FederatedIdentityCredential": {
                const name = inputs.federatedIdentityCredentialResourceName ?? autoName(ctx, args.type, args.name);
                return {
                    id: `${rgId(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}/federatedIdentityCredentials/${name}`,
                    state: { name, type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials" },
                };
            }
            default:
                return undefined;
        }
    },
    call(args, ctx) {
        switch (args.token) {
            case "azure-native:authorization:getClientConfig":
                return {
                    clientId: AZURE_CLI_APP_ID,
                    objectId: uuid(ctx, "deployer"),
                    subscriptionId: MOCK_SUBSCRIPTION_ID,
                    tenantId: MOCK_TENANT_ID,
                };
            case "azure-native:containerservice:listManagedClusterUserCredentials": {
                const rg = String(args.inputs.resourceGroupName);
                const name = String(args.inputs.resourceName);
                const fqdn = fqdnByCluster.get(`${rg}/${name}`) ?? aksFqdn(ctx, rg, name);
                const text = userKubeconfig(ctx, rg, name, fqdn, args.inputs.format === "exec" || args.inputs.format === undefined);
                return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(text).toString("base64") }] };
            }
            default:
                return undefined;
        }
    },
};

/** Clusters' FQDNs by `<rg>/<name>`, so the credentials call reports the server the cluster did. */
const fqdnByCluster = new Map<string, string>();

/** A kubeconfig shaped like the one AKS returns for an Entra ID cluster (kubelogin exec, device-code login). */
function userKubeconfig(ctx: MockContext, rg: string, name: string, fqdn: string, exec: boolean): string {
    const user = `clusterUser_${rg}_${name}`;
    const auth = exec
        ? [
            "    exec:",
            "      apiVersion: client.authentication.k8s.io/v1beta1",
            "      args:",
            "      - get-token",
            "      - --environment",
            "      - AzurePublicCloud",
            "      - --server-id",
            `      - ${AKS_SERVER_APP_ID}`,
            "      - --client-id",
            "      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a",
            "      - --tenant-id",
            `      - ${MOCK_TENANT_ID}`,
            "      - --login",
            "      - devicecode",
            "      command: kubelogin",
            "      env: null",
            "      installHint: kubelogin is not installed which is required to connect to AAD enabled cluster.",
            "      interactiveMode: IfAvailable",
            "      provideClusterInfo: false",
        ]
        : [
            "    auth-provider:",
            "      config:",
            `        apiserver-id: ${AKS_SERVER_APP_ID}`,
            "        client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a",
            "        config-mode: '1'",
            "        environment: AzurePublicCloud",
            `        tenant-id: ${MOCK_TENANT_ID}`,
            "      name: azure",
        ];
    return [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        `    certificate-authority-data: ${fakeCaData(ctx, `${rg}/${name}`)}`,
        `    server: https://${fqdn}:443`,
        `  name: ${name}`,
        "contexts:",
        "- context:",
        `    cluster: ${name}`,
        `    user: ${user}`,
        `  name: ${name}`,
        `current-context: ${name}`,
        "kind: Config",
        "preferences: {}",
        "users:",
        `- name: ${user}`,
        "  user:",
        ...auth,
        "",
    ].join("\n");
}
