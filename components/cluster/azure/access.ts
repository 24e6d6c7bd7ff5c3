/**
 * Who may deploy onto an AKS cluster, and where that is granted. Pure.
 *
 * kubeship's clusters use Entra ID with Azure RBAC for Kubernetes authorization
 * and no local accounts, so every Kubernetes call `pulumi up` makes needs an
 * Azure role assignment of "Azure Kubernetes Service RBAC Cluster Admin". Under
 * Azure RBAC the aadProfile's adminGroupObjectIDs grant nothing ("The admin roles
 * field ... is irrelevant when Azure RBAC for Kubernetes Authorization is enabled",
 * MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md @ 11965bb4), so
 * kubeship assigns the role itself:
 *
 * 1. to each Entra group in `cluster.azure.adminGroupObjectIds` (the recommended
 *    path: the assignment never changes when another person or pipeline deploys;
 *    membership is managed in Entra ID, not by `pulumi up`);
 * 2. to `cluster.azure.deployer`, with the principal type it names;
 * 3. with neither, to whoever runs `pulumi up` (the provider's client config),
 *    typed from the token's client: the Azure CLI's application for a person
 *    (User), anything else a service principal or managed identity. A different
 *    deployer then replaces the assignment (principalId forces a replacement),
 *    which is why 1 or 2 is recommended for any stack more than one identity deploys.
 *
 * Without a principal type, ARM is sent "User" and a service principal fails with
 * UnmatchedPrincipalType (issue 11); every assignment here names its type.
 *
 * Propagation: "New role assignments can take up to five minutes to propagate and
 * be updated by the authorization server" (learn.microsoft.com/azure/aks/manage-azure-rbac,
 * "Before you begin"). The Kubernetes provider does not retry a 403: its create
 * retries only NotFound and NoMatch (pulumi/pulumi-kubernetes provider/pkg/await/await.go
 * @ 0012b9d2, `retrier.Do(apierrors.IsNotFound, meta.IsNoMatchError)`), @pulumi/time
 * is not a dependency, and azure-native has no sleep. So the assignments are scoped
 * to the stack's own resource group when kubeship creates it: they are made right
 * after the group, in parallel with the VNet, and propagate while the cluster is
 * created (minutes; components/estimate/durations.ts), before the first Kubernetes
 * call. An existing resource group is shared, so there the scope is the cluster
 * itself and the first `up` can still meet a 403 (README "Deployer access").
 */

export type PrincipalType = "User" | "ServicePrincipal" | "Group";

/**
 * The Azure CLI's Entra application id: the `appid` of a token `az login` gets
 * for a person, which azure-native reports as getClientConfig's clientId
 * (pulumi/pulumi-azure-native provider/pkg/provider/auth_getclientconfig.go @ 1de7602d:
 * `clientId := tokenClaims.AppId`). Listed as "AzureCLI" in Microsoft's table of
 * public client ids (learn.microsoft.com/azure-stack/operator/azure-stack-rest-api-use).
 * azure-native authenticates a person only through the az CLI; OIDC, MSI and client
 * secrets are all service principals (managed identities included).
 */
export const AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

export type ClusterAdmin =
    | { source: "group" | "deployer"; principalId: string; principalType: PrincipalType }
    | { source: "client-config" };

export interface AccessPlan {
    /** Each gets Azure Kubernetes Service RBAC Cluster Admin (roles.ts ROLE.aksRbacClusterAdmin). */
    admins: ClusterAdmin[];
    /** The stack's own resource group (granted before the cluster exists), or the cluster (in a shared group). */
    scope: "resource-group" | "cluster";
}

export function planAccess(
    groups: readonly string[],
    deployer: { principalId: string; principalType: PrincipalType } | undefined,
    createsResourceGroup: boolean,
): AccessPlan {
    const admins: ClusterAdmin[] = [...new Set(groups)].map((id) => ({ source: "group" as const, principalId: id, principalType: "Group" as const }));
    if (deployer) admins.push({ source: "deployer", ...deployer });
    else if (!admins.length) admins.push({ source: "client-config" });
    return { admins, scope: createsResourceGroup ? "resource-group" : "cluster" };
}

/** The principal type of the identity Pulumi runs as, from its token's client. */
export function principalTypeOfClient(clientId: string): "User" | "ServicePrincipal" {
    return clientId.toLowerCase() === AZURE_CLI_APP_ID ? "User" : "ServicePrincipal";
}
