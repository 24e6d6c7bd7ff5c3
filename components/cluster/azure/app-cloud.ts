/**
 * The app's buckets and workload identities on AKS, in the cluster's resource
 * group.
 *
 * A bucket is a StorageV2 account of its own with one private blob container
 * (app-cloud-plan.ts says why): no shared keys (every request carries an Entra
 * token), HTTPS and TLS 1.2 only, no anonymous access, no local (SFTP) users,
 * Microsoft-managed encryption. Its public endpoint stays open to the network,
 * as the pods reach it over the internet on 443; private endpoints are not
 * built. Prod: the account and container are protected, zone-redundant, and
 * deleted blobs and containers are kept 7 days.
 *
 * A workload is a user-assigned managed identity trusted, through one
 * federated credential, by its Kubernetes service account alone (the cluster's
 * OIDC issuer, subject `system:serviceaccount:<ns>:<sa>`, audience
 * api://AzureADTokenExchange), with its `identity.azure.roles` and a custom
 * role per bucket it uses, scoped to that bucket's container.
 * @see https://learn.microsoft.com/azure/aks/workload-identity-overview
 */
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput, RoleAssignment, RoleDefinition } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { azureProvider } from "./provider";
import { BlobContainer, BlobServiceProperties, StorageAccount } from "@pulumi/azure-native/storage";
import type { AppCloud, BucketHandle, WorkloadIdentity } from "../../backing/cloud";
import type { Access } from "../../backing/schema";
import type { Cluster } from "../types";
import type { AksCluster } from "./aks-cluster";
import { blobRoleId, blobRoleName, serviceAccountSubject, storageAccountName, type AzureBackingPlan, type AzureBucketPlan } from "./app-cloud-plan";
import { TOKEN_EXCHANGE_AUDIENCE } from "./dns-identity";
import { builtInRoleId } from "./roles";
import { BLOB_PERMISSIONS } from "./workload-roles";

/**
 * What the azure-workload-identity webhook reads: the service account's client id (and
 * tenant) annotations, and the pod label that makes it mount the projected token (an
 * `azure-workload-identity-reserved-*` volume, added whatever automountServiceAccountToken
 * says: Azure/azure-workload-identity@04d01a2fc7f5024290a38f6ccaf69561cf70455d
 * pkg/webhook/webhook.go Handle, pkg/webhook/consts.go). A label since AKS workload identity GA.
 */
export const WORKLOAD_IDENTITY = {
    useLabel: "azure.workload.identity/use",
    clientIdAnnotation: "azure.workload.identity/client-id",
    tenantIdAnnotation: "azure.workload.identity/tenant-id",
} as const;

/** Deleted blobs and containers are kept this many days in prod (blob soft delete). */
export const PROD_SOFT_DELETE_DAYS = 7;

/** The settings every bucket's storage account gets, besides its name, place, SKU and tags. */
export const STORAGE_ACCOUNT_SETTINGS = {
    kind: "StorageV2",
    accessTier: "Hot",
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    enableHttpsTrafficOnly: true,
    minimumTlsVersion: "TLS1_2",
    allowBlobPublicAccess: false,
    allowCrossTenantReplication: false,
    allowedCopyScope: "AAD",
    publicNetworkAccess: "Enabled",
    isLocalUserEnabled: false,
    isSftpEnabled: false,
    isHnsEnabled: false,
    encryption: { keySource: "Microsoft.Storage", services: { blob: { enabled: true, keyType: "Account" } } },
} as const;

export function azureAppCloud(name: string, plan: AzureBackingPlan, cluster: Cluster): AppCloud {
    const aks = cluster as Partial<AksCluster>;
    if (!aks.resourceGroupName || !aks.oidcIssuerUrl) throw new Error("kubeship bug: an azure backing plan for a cluster that is not an AksCluster");
    const resourceGroupName = aks.resourceGroupName;
    const issuer = aks.oidcIssuerUrl;
    const buckets = new Map(plan.buckets.map((b) => [b.name, b]));
    const workloads = new Map(plan.workloads.map((w) => [w.workload, w]));

    // One provider, client config and custom role per access level, made on first use under the caller's parent.
    let shared: { opts: pulumi.CustomResourceOptions; subscriptionId: pulumi.Output<string>; groupId: pulumi.Output<string> } | undefined;
    const sharedFor = (parent: pulumi.Resource) => {
        if (shared) return shared;
        const provider = azureProvider(`${name}-azure`, plan.region, parent);
        const opts = { parent, provider };
        const subscriptionId = getClientConfigOutput(opts).subscriptionId;
        shared = { opts, subscriptionId, groupId: pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}` };
        return shared;
    };
    // Role definitions replicate eventually (Azure/azure-rest-api-specs#2135): a role depends on nothing but the
    // provider, so it is created while the storage account is, and its assignments wait for the container.
    const roles = new Map<Access, RoleDefinition>();
    const blobRole = (access: Access, parent: pulumi.Resource) => {
        const { opts, subscriptionId, groupId } = sharedFor(parent);
        const made = roles.get(access);
        if (made) return made;
        const permissions = BLOB_PERMISSIONS[access];
        const role = new RoleDefinition(`${name}-blob-${access}`, {
            roleDefinitionId: subscriptionId.apply((s) => blobRoleId(access, plan.roleSeed, s)),
            roleName: subscriptionId.apply((s) => blobRoleName(access, plan.roleSeed, s)),
            roleType: "CustomRole",
            description: `${access === "read" ? "List and get" : "List, get, put and delete"} blobs of the containers it is assigned on (kubeship app ${plan.appName}${plan.stack ? `, stack ${plan.stack}` : ""}).`,
            scope: groupId,
            assignableScopes: [groupId],
            permissions: [{ actions: [...permissions.actions], notActions: [], dataActions: [...permissions.dataActions], notDataActions: [] }],
        }, opts);
        roles.set(access, role);
        return role;
    };

    return {
        plan,
        bucket(key, parent): BucketHandle {
            const b = buckets.get(key);
            if (!b) throw new pulumi.ResourceError(`kubeship bug: the plan has no bucket "${key}"`, parent);
            const { opts, subscriptionId } = sharedFor(parent);
            const made = createBucket(`${name}-${key}`, b, plan, resourceGroupName, subscriptionId, opts);
            return { name: key, ...made };
        },
        identity(access, handles, parent): WorkloadIdentity {
            const w = workloads.get(access.workload);
            if (!w) throw new pulumi.ResourceError(`kubeship bug: the plan has no identity for "${access.workload}"`, parent);
            const { opts } = sharedFor(parent);
            const base = `${name}-${w.workload}`;
            const identity = new UserAssignedIdentity(`${base}-identity`, {
                resourceName: w.identityName, resourceGroupName, location: plan.region, tags: plan.tags,
            }, opts);
            const federated = new FederatedIdentityCredential(`${base}-federated`, {
                resourceName: identity.name,
                resourceGroupName,
                federatedIdentityCredentialResourceName: w.federatedCredentialName,
                issuer,
                subject: serviceAccountSubject(plan.namespace, w.serviceAccount),
                audiences: [TOKEN_EXCHANGE_AUDIENCE],
            }, opts);
            const assign = (logical: string, roleDefinitionId: pulumi.Input<string>, scope: pulumi.Input<string>, description: string) => new RoleAssignment(logical, {
                principalId: identity.principalId,
                // Without it ARM assumes User, and a managed identity fails with UnmatchedPrincipalType (cluster-admins.ts).
                principalType: "ServicePrincipal",
                roleDefinitionId, scope, description,
            }, opts);
            const own = w.roles.map((r) => assign(`${base}-role-${r.key}`, builtInRoleId(r.scope, r.roleId), r.scope, `${w.kind} ${w.workload} of kubeship app ${plan.appName}: ${r.role} (identity.azure.roles).`));
            const grants = w.uses.map((u) => {
                const handle = handles.get(u.name);
                if (!handle) throw new pulumi.ResourceError(`kubeship bug: ${w.workload} uses "${u.name}", which has no bucket`, parent);
                const role = blobRole(u.access, parent);
                return assign(`${base}-${u.name}-${u.access}`, role.id, handle.ref, `${w.kind} ${w.workload} of kubeship app ${plan.appName}: ${u.access} on bucket ${u.name}.`);
            });
            const use = { [WORKLOAD_IDENTITY.useLabel]: "true" };
            return {
                serviceAccount: {
                    annotations: { [WORKLOAD_IDENTITY.clientIdAnnotation]: identity.clientId, [WORKLOAD_IDENTITY.tenantIdAnnotation]: identity.tenantId },
                    labels: use,
                },
                podLabels: use,
                // The webhook sets AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST.
                env: [],
                // Azure RBAC takes minutes to apply after this: a workload's first calls may get 403 and must retry (README).
                dependsOn: [identity, federated, ...own, ...grants],
            };
        },
    };
}

/** A bucket: its account, blob service settings and container. */
function createBucket(
    name: string, b: AzureBucketPlan, plan: AzureBackingPlan, resourceGroupName: pulumi.Input<string>,
    subscriptionId: pulumi.Output<string>, opts: pulumi.CustomResourceOptions,
): Omit<BucketHandle, "name"> {
    const keep = { ...opts, protect: plan.protect };
    const account = new StorageAccount(`${name}-account`, {
        ...STORAGE_ACCOUNT_SETTINGS,
        accountName: subscriptionId.apply((s) => storageAccountName(b, s)),
        resourceGroupName,
        location: plan.region,
        sku: { name: b.sku },
        tags: { ...plan.tags, "kubeship-bucket": b.name },
    }, keep);
    const service = new BlobServiceProperties(`${name}-blob-service`, {
        accountName: account.name,
        resourceGroupName,
        blobServicesName: "default",
        isVersioningEnabled: b.config.versioning,
        ...(plan.protect ? {
            deleteRetentionPolicy: { enabled: true, days: PROD_SOFT_DELETE_DAYS },
            containerDeleteRetentionPolicy: { enabled: true, days: PROD_SOFT_DELETE_DAYS },
        } : {}),
    }, opts);
    const container = new BlobContainer(`${name}-container`, {
        accountName: account.name,
        resourceGroupName,
        containerName: b.physicalName,
        publicAccess: "None",
    }, { ...keep, dependsOn: [service] });
    // Azure reports the endpoint with a trailing slash (https://<account>.blob.core.windows.net/).
    const endpoint = account.primaryEndpoints.apply((e) => e.blob.replace(/\/+$/, ""));
    return {
        address: endpoint.apply((ep) => ({ provider: "azure-blob" as const, name: b.physicalName, region: plan.region, endpoint: ep, url: `${ep}/${b.physicalName}` })),
        resources: [account, service, container],
        ref: container.id,
    };
}
