/**
 * The Azure names of an app's backing resources and workload identities, and
 * the problems Azure would answer with an error. Pure.
 *
 * A bucket is a storage account of its own holding one blob container:
 * versioning and soft delete are settings of an account's blob service, not of
 * a container (REST spec Azure/azure-rest-api-specs
 * specification/storage/resource-manager/Microsoft.Storage/stable/2024-01-01/blob.json
 * @ bb756a3644f7488f33d30643244dc51a9ba72577,
 * BlobServiceProperties at storageAccounts/{accountName}/blobServices/default),
 * so two buckets with different `versioning` cannot share one. Grants are
 * scoped to the container all the same.
 *
 * Names:
 * - storage account: 3-24 lower-case letters and digits, unique in all of Azure
 *   (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage).
 *   A readable prefix (the app's and bucket's letters and digits) and a hash of
 *   the subscription, resource group, app, stack and bucket, filled to 24. The
 *   subscription is only known at deploy time (getClientConfig), so the plan
 *   holds the prefix and the rest of the seed (storageAccountName).
 * - blob container: 3-63 lower-case letters, digits and single hyphens, starting
 *   and ending with a letter or digit
 *   (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata).
 *   The bucket's key when it fits, else the key with single hyphens and a hash.
 *   It lives in the stack's own account, so it needs no stack.
 * - user-assigned identity: 3-128, letters, digits, '-' and '_', starting with a
 *   letter or digit, unique in its resource group (resource-name-rules#microsoftmanagedidentity).
 * - federated identity credential: 3-120, `^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$`, one
 *   per identity (an identity holds at most 20:
 *   https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations).
 */
import { createHash } from "node:crypto";
import type { PathProblem } from "../../config/errors";
import { showValue } from "../../config/errors";
import { closest } from "../../config/formats";
import type { Access } from "../../backing/schema";
import type { BackingBase, BackingCommon, BackingPlanResult, PlannedBucket, PlannedWorkload } from "../../backing/plan";
import { stackScopedName } from "../names";
import type { AksPlan } from "./resolve";
import { BUILT_IN_ROLES, roleDefinitionGuid } from "./workload-roles";

/** Storage account SKUs: zone-redundant in prod (the cluster spreads over zones 1-3), locally redundant elsewhere. */
export type BucketSku = "Standard_ZRS" | "Standard_LRS";

export interface AzureBucketPlan extends PlannedBucket {
    /** The readable start of the storage account's name: letters and digits of the app and bucket, at most 14. */
    accountPrefix: string;
    /** What the account name's hash covers besides the subscription: resource group, app, stack and bucket. */
    accountSeed: string;
    sku: BucketSku;
}

export interface AzureWorkloadPlan extends PlannedWorkload {
    federatedCredentialName: string;
    /** `identity.azure.roles`, resolved: a role definition GUID at a scope; `key` names the assignment's resource. */
    roles: { role: string; roleId: string; scope: string; key: string }[];
}

export type AzureBackingPlan = Omit<BackingCommon, "buckets" | "workloads"> & {
    cloud: "azure";
    region: string;
    clusterName: string;
    /** The cluster's resource group, where the storage accounts, identities and custom roles live. */
    resourceGroup: string;
    buckets: AzureBucketPlan[];
    workloads: AzureWorkloadPlan[];
    /** What the custom blob roles' names and ids hash besides the subscription (blobRoleName). */
    roleSeed: string;
    tags: Record<string, string>;
};

const ACCOUNT_NAME_LENGTH = 24;
const ACCOUNT_PREFIX_MAX = 14;
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

const hashOf = (text: string, length: number) => createHash("sha256").update(text).digest("hex").slice(0, length);

/** The blob container of bucket `key`: the key itself when Azure takes it (see the header). */
export function containerName(key: string): string {
    if (CONTAINER_NAME.test(key)) return key;
    return `${key.replace(/-{2,}/g, "-")}-${hashOf(key, 6)}`;
}

/** The storage account of a bucket in a subscription: always 24 lower-case letters and digits. */
export function storageAccountName(bucket: Pick<AzureBucketPlan, "accountPrefix" | "accountSeed">, subscriptionId: string): string {
    return bucket.accountPrefix + hashOf(`${subscriptionId.toLowerCase()}/${bucket.accountSeed}`, ACCOUNT_NAME_LENGTH - bucket.accountPrefix.length);
}

/**
 * A custom blob role's name, unique in the tenant as Azure requires of custom
 * role names (one per access level, app stack and subscription).
 * @see https://learn.microsoft.com/azure/role-based-access-control/custom-roles
 */
export function blobRoleName(access: Access, roleSeed: string, subscriptionId: string): string {
    return `kubeship blob ${access} ${hashOf(`${subscriptionId.toLowerCase()}/${roleSeed}`, 10)}`;
}

/** A custom blob role's definition id: a GUID derived like its name, so a redeploy finds the same role. */
export function blobRoleId(access: Access, roleSeed: string, subscriptionId: string): string {
    const h = hashOf(`${access}/${subscriptionId.toLowerCase()}/${roleSeed}`, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `system:serviceaccount:<namespace>:<name>`: the subject of a service account's projected token. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

export function planAzureBacking(base: BackingBase, aks: AksPlan): BackingPlanResult {
    const resourceGroup = aks.resourceGroup.create ? aks.names.resourceGroup : aks.resourceGroup.name;
    const stackPart = base.stack ?? "";
    const problems: PathProblem[] = [];
    const workloads = base.workloads.map((w): AzureWorkloadPlan => {
        const at = ["app", w.kind === "tier" ? "tiers" : "jobs", w.workload, "identity", "azure", "roles"];
        const seen = new Map<string, number>();
        const roles = (w.identity.azure?.roles ?? []).flatMap((r, i) => {
            const roleId = roleDefinitionGuid(r.role);
            if (!roleId) {
                const near = closest(r.role, [...BUILT_IN_ROLES.keys()]);
                problems.push({
                    path: [...at, i, "role"],
                    message: `is not a built-in role kubeship knows by name, got ${showValue(r.role)}; ${near ? `did you mean "${near}"? ` : ""}give the role definition's GUID instead (az role definition list --name "<role name>" --query "[].name")`,
                });
                return [];
            }
            // Azure refuses a second assignment of one role to one principal at one scope (RoleAssignmentExists).
            const dedupe = `${roleId}@${r.scope.toLowerCase()}`;
            const first = seen.get(dedupe);
            if (first !== undefined) {
                problems.push({ path: [...at, i], message: `assigns the same role at the same scope as roles[${first}] (role definition ${roleId}), got ${showValue(r.role)}; Azure refuses a second assignment (RoleAssignmentExists): remove one` });
                return [];
            }
            seen.set(dedupe, i);
            return [{ role: r.role, roleId, scope: r.scope, key: `${roleId.slice(0, 8)}-${hashOf(r.scope.toLowerCase(), 6)}` }];
        });
        return {
            ...w,
            identityName: stackScopedName(`${aks.clusterName}-wi-${base.namespace}-${w.workload}`, base.stack, 128),
            federatedCredentialName: stackScopedName(`${base.namespace}-${w.serviceAccount}`, undefined, 120),
            roles,
        };
    });
    if (problems.length) return { ok: false, problems };
    return {
        ok: true,
        plan: {
            ...base,
            cloud: "azure",
            region: aks.region,
            clusterName: aks.clusterName,
            resourceGroup,
            buckets: base.buckets.map((b) => ({
                ...b,
                physicalName: containerName(b.name),
                accountPrefix: `${base.appName}${b.name}`.replace(/[^a-z0-9]/g, "").slice(0, ACCOUNT_PREFIX_MAX),
                accountSeed: `${resourceGroup.toLowerCase()}/${base.appName}/${stackPart}/${b.name}`,
                sku: base.environment === "prod" ? "Standard_ZRS" : "Standard_LRS",
            })),
            workloads,
            roleSeed: `${resourceGroup.toLowerCase()}/${base.appName}/${stackPart}`,
            tags: { ...aks.tags, "kubeship-app": base.appName, ...(base.stack ? { "kubeship-stack": base.stack } : {}) },
        },
    };
}
