/**
 * Azure roles of workload identities: the built-in roles a tier may name in
 * `identity.azure.roles`, and the two custom roles kubeship grants on a
 * bucket's container (`uses: read | readwrite`). Pure, no Pulumi.
 */
import type { Access } from "../../backing/schema";

/**
 * Built-in roles a workload commonly needs, by name, as of 2026-12-02. Role
 * definition ids of built-in roles are the same in every subscription and
 * cloud, and do not change when a role is renamed. Any other role (built-in
 * or custom) is named by its GUID.
 * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 * (read at MicrosoftDocs/azure-docs@ac4ed7a02f59223e75be4874bfedef9a5bba0a3a
 * articles/role-based-access-control/built-in-roles.md, the "All" table)
 */
export const BUILT_IN_ROLES: ReadonlyMap<string, string> = new Map([
    ["Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
    ["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
    ["AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"],
    ["App Configuration Data Reader", "516239f1-63e1-4d78-a4de-a74fb236a071"],
    ["Azure Event Hubs Data Receiver", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde"],
    ["Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975"],
    ["Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"],
    ["Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"],
    ["Cognitive Services OpenAI User", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"],
    ["Cognitive Services User", "a97b65f3-24c7-4388-baec-2e87135dc908"],
    ["Cosmos DB Account Reader Role", "fbdf93bf-df7d-467e-a4d2-9458aa1360c8"],
    ["Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985"],
    ["Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"],
    ["Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2"],
    ["Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"],
    ["Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"],
    ["Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"],
    ["Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"],
    ["Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"],
    ["Storage Queue Data Message Processor", "8a0f0c08-91a1-4084-bc3d-661d67233fed"],
    ["Storage Queue Data Message Sender", "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"],
    ["Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925"],
    ["Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"],
    ["Storage Table Data Reader", "76199698-9eea-4c19-bc75-cec21354c6b6"],
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A role's definition GUID: a name of the table (case-insensitive), or a GUID as given. */
export function roleDefinitionGuid(role: string): string | undefined {
    if (GUID.test(role)) return role.toLowerCase();
    for (const [name, id] of BUILT_IN_ROLES) if (name.toLowerCase() === role.trim().toLowerCase()) return id;
    return undefined;
}

const CONTAINERS_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/read";
const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/**
 * What a workload may do in a bucket's container, per access level: list and
 * get objects (`read`); also put and delete them (`readwrite`). Nothing on the
 * container itself beyond reading its properties.
 *
 * Not the built-in Storage Blob Data Reader/Contributor: both also hold
 * `blobServices/generateUserDelegationKey/action` (sign SAS URLs that hand the
 * access on), and Contributor holds `containers/write` and `containers/delete`,
 * which would let a workload delete its own bucket (built-in-roles.md at the
 * commit above, "Storage Blob Data Contributor"). Deleting an object leaves its
 * previous version when versioning is on: `blobs/deleteBlobVersion/action`
 * (removing history) is not granted.
 * Operations to actions: https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory#permissions-for-calling-data-operations
 */
export const BLOB_PERMISSIONS: Readonly<Record<Access, { actions: readonly string[]; dataActions: readonly string[] }>> = {
    read: { actions: [CONTAINERS_READ], dataActions: [`${BLOBS}/read`] },
    readwrite: { actions: [CONTAINERS_READ], dataActions: [`${BLOBS}/read`, `${BLOBS}/write`, `${BLOBS}/delete`] },
};
