/**
 * Issue 13 §1 and §2 on AKS: workload identities (a user-assigned identity with
 * one federated credential per workload) and buckets (a private storage account
 * and container each), pinned by their inputs: the trust, the grants and their
 * scopes, the least-privilege actions per access level, the account's security
 * settings, protection in prod, names per stack, and the variables a tier gets.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";
import { render } from "../../components/render/render";
import { MOCK_SUBSCRIPTION_ID } from "../../components/render/mocks/azure";
import { blobRoleId, blobRoleName, containerName, storageAccountName, type AzureBackingPlan } from "../../components/cluster/azure/app-cloud-plan";
import { BLOB_PERMISSIONS, BUILT_IN_ROLES } from "../../components/cluster/azure/workload-roles";
import { resourceRules, stackRules, violationsOf } from "../../policy/rules";
import type { StackResource } from "../../policy/types";
import { query } from "../helpers/evaluate";
import { validateManifest } from "../helpers/k8s-models";

const KEY_VAULT = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/secrets/providers/Microsoft.KeyVault/vaults/files-kv";
const PLATFORM = `
cluster:
  endpoint: { allowedCidrs: [52.174.10.0/24] }
  azure: { deployFrom: fixed-address }
  nodePools:
    general: { min: 3, max: 6 }
app:
  name: files
  buckets:
    uploads: { versioning: true }
    db: {}
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      replicas: 2
      uses: { uploads: readwrite, db: read }
    reader:
      image: ghcr.io/example/reader:1.0.0
      ports: { http: 8080 }
      replicas: 2
      uses: { uploads: read }
    worker:
      image: ghcr.io/example/worker:1.0.0
      ports: { http: 8080 }
      replicas: 2
      identity:
        azure:
          roles:
            - { role: Key Vault Secrets User, scope: ${KEY_VAULT} }
            - { role: 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3, scope: /subscriptions/22222222-2222-2222-2222-222222222222 }
`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-azure-backing-"));
fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);

function planOf(text: string, opts: { stack?: string; environment?: string } = {}): AzureBackingPlan {
    fs.writeFileSync(path.join(root, "p.yaml"), text);
    const plan = loadPlan({ configFile: "p.yaml", cloud: "azure", region: "westeurope", environment: opts.environment ?? "dev", stack: opts.stack ?? "dev" }, { root });
    if (plan.backing?.cloud !== "azure") throw new Error("expected an azure backing plan");
    return plan.backing;
}

function errorsOf(text: string): string[] {
    try {
        planOf(text);
    } catch (e) {
        if (ConfigError.is(e)) return e.message.split("\n");
        throw e;
    }
    throw new Error("expected the platform to be refused");
}

describe("the azure backing plan", () => {
    it("names a storage account per bucket and stack: 24 lower-case letters and digits, a readable prefix, a hash of subscription and stack", () => {
        const dev = planOf(PLATFORM, { stack: "dev" });
        const staging = planOf(PLATFORM, { stack: "staging" });
        const [devUploads, stagingUploads] = [dev, staging].map((p) => p.buckets.find((b) => b.name === "uploads")!);
        const a = storageAccountName(devUploads, MOCK_SUBSCRIPTION_ID);
        expect(a).toMatch(/^filesuploads[0-9a-f]{12}$/);
        expect(storageAccountName(stagingUploads, MOCK_SUBSCRIPTION_ID)).not.toBe(a);
        // Another subscription with the same repo, stack and resource group: another global name.
        expect(storageAccountName(devUploads, "33333333-3333-3333-3333-333333333333")).not.toBe(a);
        expect(storageAccountName(devUploads, MOCK_SUBSCRIPTION_ID.toUpperCase())).toBe(a);
        // Two buckets of one stack never share an account.
        expect(storageAccountName(dev.buckets.find((b) => b.name === "db")!, MOCK_SUBSCRIPTION_ID)).not.toBe(a);
        // Identities carry the stack; custom role names (unique per tenant) carry it through the hash.
        expect(dev.workloads.map((w) => w.identityName)).toEqual(["files-wi-files-web-dev", "files-wi-files-reader-dev", "files-wi-files-worker-dev"]);
        expect(staging.workloads[0].identityName).toBe("files-wi-files-web-staging");
        expect(blobRoleName("read", dev.roleSeed, MOCK_SUBSCRIPTION_ID)).not.toBe(blobRoleName("read", staging.roleSeed, MOCK_SUBSCRIPTION_ID));
        expect(dev.resourceGroup).toBe("files-rg-dev");
    });

    it("keeps every account name valid, whatever the app and bucket are called", () => {
        const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/);
        fc.assert(fc.property(label, label, fc.uuid(), (app, bucket, sub) => {
            const prefix = `${app}${bucket}`.replace(/[^a-z0-9]/g, "").slice(0, 14);
            expect(storageAccountName({ accountPrefix: prefix, accountSeed: `rg/${app}/dev/${bucket}` }, sub)).toMatch(/^[a-z0-9]{24}$/);
        }));
    });

    it("gives each bucket a container name Azure takes: the key when it fits, else the key with single hyphens and a hash", () => {
        expect(containerName("uploads")).toBe("uploads");
        expect(containerName("db")).toMatch(/^db-[0-9a-f]{6}$/);
        expect(containerName("a--b")).toMatch(/^a-b-[0-9a-f]{6}$/);
        const valid = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;
        const keys = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/);
        fc.assert(fc.property(keys, keys, (a, b) => {
            expect(containerName(a)).toMatch(valid);
            if (a !== b) expect(containerName(a)).not.toBe(containerName(b));
        }));
    });

    it("picks the SKU per environment: ZRS in prod, LRS in dev and staging", () => {
        expect(planOf(PLATFORM).buckets.map((b) => b.sku)).toEqual(["Standard_LRS", "Standard_LRS"]);
        expect(planOf(PLATFORM, { environment: "staging", stack: "staging" }).buckets[0].sku).toBe("Standard_LRS");
        const prod = planOf(PLATFORM, { environment: "prod", stack: "prod" });
        expect(prod.buckets.map((b) => b.sku)).toEqual(["Standard_ZRS", "Standard_ZRS"]);
        expect(prod.protect).toBe(true);
    });

    it("resolves built-in role names to their GUIDs and passes GUIDs through", () => {
        const worker = planOf(PLATFORM).workloads.find((w) => w.workload === "worker")!;
        expect(worker.roles.map((r) => [r.roleId, r.scope])).toEqual([
            ["4633458b-17de-408a-b874-0445c86b69e6", KEY_VAULT],
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "/subscriptions/22222222-2222-2222-2222-222222222222"],
        ]);
        expect(BUILT_IN_ROLES.get("Storage Blob Data Reader")).toBe("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
        expect(BUILT_IN_ROLES.get("Storage Blob Data Contributor")).toBe("ba92f5b4-2d11-453d-a403-e96b0029c9fe");
    });

    it("refuses an unknown role name at its line, with the nearest name, and a role assigned twice at one scope", () => {
        const bad = PLATFORM.replace("role: Key Vault Secrets User", "role: Key Vault Secret User")
            .replace("- { role: 0a9a7e1f", `- { role: key vault secrets user, scope: ${KEY_VAULT} }\n            - { role: 0a9a7e1f`);
        const lines = errorsOf(bad);
        expect(lines.filter((l) => l.includes("app.tiers.worker.identity.azure.roles"))).toEqual([
            expect.stringMatching(/p\.yaml:\d+:\d+ app\.tiers\.worker\.identity\.azure\.roles\[0\]\.role: is not a built-in role kubeship knows by name, got "Key Vault Secret User"; did you mean "Key Vault Secrets User"\? give the role definition's GUID instead/),
        ]);
        const twice = PLATFORM.replace("- { role: 0a9a7e1f", `- { role: 4633458B-17DE-408A-B874-0445C86B69E6, scope: ${KEY_VAULT.replace("files-kv", "Files-KV")} }\n            - { role: 0a9a7e1f`);
        expect(errorsOf(twice).filter((l) => l.includes("roles[1]"))).toEqual([
            expect.stringMatching(/app\.tiers\.worker\.identity\.azure\.roles\[1\]: assigns the same role at the same scope as roles\[0\] \(role definition 4633458b-17de-408a-b874-0445c86b69e6\), got "4633458B-17DE-408A-B874-0445C86B69E6"; Azure refuses a second assignment \(RoleAssignmentExists\): remove one$/),
        ]);
    });

    it("grants list and get for read, and put and delete besides for readwrite, on blobs only", () => {
        const C = "Microsoft.Storage/storageAccounts/blobServices/containers";
        expect(BLOB_PERMISSIONS).toEqual({
            read: { actions: [`${C}/read`], dataActions: [`${C}/blobs/read`] },
            readwrite: { actions: [`${C}/read`], dataActions: [`${C}/blobs/read`, `${C}/blobs/write`, `${C}/blobs/delete`] },
        });
    });
});

// One at a time: Pulumi's runtime state is global.
const dev = await render({ configFile: "files.yaml", cloud: "azure", region: "westeurope" }, root);
const prod = await render({ configFile: "files.yaml", cloud: "azure", region: "westeurope", environment: "prod" }, root);
const manifestsOf = (r: typeof dev) => parseAllDocuments(r.files["manifests.yaml"]).map((d) => d.toJS() as Record<string, any>);
const find = (r: typeof dev, kind: string, name: string) => manifestsOf(r).find((m) => m.kind === kind && m.metadata.name === name)!;
const ofType = (r: typeof dev, type: string) => r.recorded.filter((x) => x.type === type);
const named = (r: typeof dev, type: string, includes: string) => {
    const found = ofType(r, type).filter((x) => x.name.includes(includes));
    if (found.length !== 1) throw new Error(`expected one ${type} *${includes}*, got ${found.map((x) => x.name).join(", ") || "none"}`);
    return found[0];
};

describe("files.yaml rendered on azure", () => {
    it("makes one private storage account per bucket: Entra ID only, HTTPS and TLS 1.2, no anonymous access", () => {
        const accounts = ofType(dev, "azure-native:storage:StorageAccount");
        expect(accounts.map((a) => a.name)).toEqual(["files-cloud-uploads-account", "files-cloud-db-account"]);
        const plan = planOf(PLATFORM, { stack: dev.stack });
        for (const [i, account] of accounts.entries()) {
            expect(account.inputs).toMatchObject({
                accountName: storageAccountName(plan.buckets[i], MOCK_SUBSCRIPTION_ID),
                resourceGroupName: "files-rg-" + dev.stack,
                location: "westeurope",
                kind: "StorageV2",
                sku: { name: "Standard_LRS" },
                allowSharedKeyAccess: false,
                defaultToOAuthAuthentication: true,
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: "TLS1_2",
                allowBlobPublicAccess: false,
                allowCrossTenantReplication: false,
                publicNetworkAccess: "Enabled",
                isLocalUserEnabled: false,
                isSftpEnabled: false,
                encryption: { keySource: "Microsoft.Storage", services: { blob: { enabled: true } } },
            });
            expect(account.options.protect).toBeUndefined();
        }
        const containers = ofType(dev, "azure-native:storage:BlobContainer");
        expect(containers.map((c) => [c.inputs.containerName, c.inputs.publicAccess])).toEqual([["uploads", "None"], [containerName("db"), "None"]]);
        expect(ofType(dev, "azure-native:storage:BlobServiceProperties").map((s) => [s.inputs.blobServicesName, s.inputs.isVersioningEnabled, s.inputs.deleteRetentionPolicy])).toEqual([
            ["default", true, undefined], ["default", false, undefined],
        ]);
    });

    it("protects buckets in prod: the account and container refuse pulumi destroy, are zone-redundant, and keep deleted blobs 7 days", () => {
        for (const type of ["azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer"]) {
            expect(ofType(prod, type).map((x) => x.options.protect)).toEqual([true, true]);
        }
        expect(ofType(prod, "azure-native:storage:StorageAccount").map((a) => (a.inputs.sku as { name: string }).name)).toEqual(["Standard_ZRS", "Standard_ZRS"]);
        const service = named(prod, "azure-native:storage:BlobServiceProperties", "uploads");
        expect(service.inputs).toMatchObject({ deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 } });
    });

    it("trusts each workload's service account alone: the cluster's issuer, system:serviceaccount:files:<tier>, api://AzureADTokenExchange", () => {
        const issuer = (ofType(dev, "azure-native:containerservice:ManagedCluster")[0].outputs.oidcIssuerProfile as { issuerURL: string }).issuerURL;
        expect(issuer).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
        const identities = ofType(dev, "azure-native:managedidentity:UserAssignedIdentity").filter((x) => x.name.startsWith("files-cloud-"));
        expect(identities.map((x) => x.inputs.resourceName)).toEqual(["web", "reader", "worker"].map((t) => `files-wi-files-${t}-${dev.stack}`));
        const federated = ofType(dev, "azure-native:managedidentity:FederatedIdentityCredential").filter((x) => x.name.startsWith("files-cloud-"));
        expect(federated.map((f) => f.inputs)).toEqual(["web", "reader", "worker"].map((t, i) => ({
            resourceName: identities[i].inputs.resourceName,
            resourceGroupName: `files-rg-${dev.stack}`,
            federatedIdentityCredentialResourceName: `files-${t}`,
            issuer,
            subject: `system:serviceaccount:files:${t}`,
            audiences: ["api://AzureADTokenExchange"],
        })));
    });

    it("grants each bucket's users its custom role on that container alone, and the listed roles at their scopes", () => {
        const q = query(dev.recorded);
        const group = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/files-rg-${dev.stack}`;
        const container = (key: string) => {
            const account = named(dev, "azure-native:storage:StorageAccount", `-${key}-account`).inputs.accountName as string;
            return `${group}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${containerName(key)}`;
        };
        expect(container("uploads")).toMatch(/\/storageAccounts\/filesuploads[0-9a-f]{12}\/blobServices\/default\/containers\/uploads$/);
        const roles = Object.fromEntries(ofType(dev, "azure-native:authorization:RoleDefinition").map((d) => [d.name, d]));
        expect(Object.keys(roles).sort()).toEqual(["files-cloud-blob-read", "files-cloud-blob-readwrite"]);
        for (const access of ["read", "readwrite"] as const) {
            expect(roles[`files-cloud-blob-${access}`].inputs).toMatchObject({
                roleType: "CustomRole", scope: group, assignableScopes: [group],
                permissions: [{ actions: BLOB_PERMISSIONS[access].actions, notActions: [], dataActions: BLOB_PERMISSIONS[access].dataActions, notDataActions: [] }],
            });
        }
        const roleSeed = planOf(PLATFORM, { stack: dev.stack }).roleSeed;
        const roleId = (access: "read" | "readwrite") => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${blobRoleId(access, roleSeed, MOCK_SUBSCRIPTION_ID)}`;
        expect(roles["files-cloud-blob-read"].inputs.roleName).toBe(blobRoleName("read", roleSeed, MOCK_SUBSCRIPTION_ID));
        const principal = (tier: string) => named(dev, "azure-native:managedidentity:UserAssignedIdentity", `files-cloud-${tier}-identity`).outputs.principalId;
        const assignments = ofType(dev, "azure-native:authorization:RoleAssignment").filter((x) => x.name.startsWith("files-cloud-"));
        const rows = assignments.map((a) => [a.name, a.inputs.principalId, a.inputs.principalType, a.inputs.roleDefinitionId, a.inputs.scope])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        expect(rows).toEqual([
            ["files-cloud-reader-uploads-read", principal("reader"), "ServicePrincipal", roleId("read"), container("uploads")],
            ["files-cloud-web-db-read", principal("web"), "ServicePrincipal", roleId("read"), container("db")],
            ["files-cloud-web-uploads-readwrite", principal("web"), "ServicePrincipal", roleId("readwrite"), container("uploads")],
            [expect.stringMatching(/^files-cloud-worker-role-0a9a7e1f-[0-9a-f]{6}$/), principal("worker"), "ServicePrincipal",
                "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/roleDefinitions/0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "/subscriptions/22222222-2222-2222-2222-222222222222"],
            [expect.stringMatching(/^files-cloud-worker-role-4633458b-[0-9a-f]{6}$/), principal("worker"), "ServicePrincipal",
                "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6", KEY_VAULT],
        ]);
        // Each workload starts after its identity, federated credential and grants.
        const web = named(dev, "kubernetes:apps/v1:Deployment", "files-web");
        for (const a of assignments.filter((x) => x.name.startsWith("files-cloud-web-"))) expect(q.dependsOn(web, a)).toBe(true);
        expect(q.dependsOn(web, named(dev, "azure-native:managedidentity:FederatedIdentityCredential", "files-cloud-web-"))).toBe(true);
    });

    it("labels the pods and annotates the service accounts for the workload identity webhook, and names the buckets in BUCKET_* variables", () => {
        const identity = (tier: string) => named(dev, "azure-native:managedidentity:UserAssignedIdentity", `files-cloud-${tier}-identity`).outputs;
        for (const tier of ["web", "reader", "worker"]) {
            const sa = find(dev, "ServiceAccount", tier);
            expect(sa.automountServiceAccountToken).toBe(false);
            expect(sa.metadata.annotations).toEqual({ "azure.workload.identity/client-id": identity(tier).clientId, "azure.workload.identity/tenant-id": identity(tier).tenantId });
            expect(sa.metadata.labels["azure.workload.identity/use"]).toBe("true");
            expect(find(dev, "Deployment", tier).spec.template.metadata.labels["azure.workload.identity/use"]).toBe("true");
        }
        const account = named(dev, "azure-native:storage:StorageAccount", "uploads").inputs.accountName as string;
        const env = (tier: string) => (find(dev, "Deployment", tier).spec.template.spec.containers[0].env ?? []) as { name: string; value: string }[];
        expect(env("web").filter((e) => e.name.startsWith("BUCKET_UPLOADS_"))).toEqual([
            { name: "BUCKET_UPLOADS_PROVIDER", value: "azure-blob" },
            { name: "BUCKET_UPLOADS_NAME", value: "uploads" },
            { name: "BUCKET_UPLOADS_REGION", value: "westeurope" },
            { name: "BUCKET_UPLOADS_ENDPOINT", value: `https://${account}.blob.core.windows.net` },
            { name: "BUCKET_UPLOADS_URL", value: `https://${account}.blob.core.windows.net/uploads` },
        ]);
        expect(env("web").find((e) => e.name === "BUCKET_DB_NAME")?.value).toBe(containerName("db"));
        expect(env("reader").map((e) => e.name).filter((n) => n.startsWith("BUCKET_"))).toEqual(
            ["PROVIDER", "NAME", "REGION", "ENDPOINT", "URL"].map((s) => `BUCKET_UPLOADS_${s}`));
        expect(env("worker").filter((e) => e.name.startsWith("BUCKET_"))).toEqual([]);
        expect(find(dev, "ServiceAccount", "worker").metadata.annotations["azure.workload.identity/client-id"]).not.toBe(identity("web").clientId);
    });

    it("opens only HTTPS to the internet for the identity's workloads (Entra ID and Blob Storage), and every object validates and passes the policy pack", () => {
        for (const tier of ["web", "worker"]) {
            const egress = find(dev, "NetworkPolicy", tier).spec.egress as { to?: { ipBlock?: { cidr: string } }[]; ports?: { port: number }[] }[];
            const internet = egress.filter((r) => r.to?.some((p) => p.ipBlock?.cidr === "0.0.0.0/0"));
            expect(internet.map((r) => r.ports)).toEqual([[{ port: 443, protocol: "TCP" }]]);
        }
        for (const m of manifestsOf(dev)) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
        const app: StackResource[] = dev.resources.filter((x) => x.type.startsWith("kubernetes:") && x.urn.includes("kubeship:app:MultiTierApp"))
            .map((x) => ({ type: x.type, name: x.name, urn: x.urn, props: x.inputs as Record<string, any> }));
        const findings: Record<string, string[]> = {};
        for (const res of app) Object.assign(findings, violationsOf(res.type, res.props, resourceRules.filter((rule) => !rule.scope?.startsWith("prod"))));
        for (const rule of stackRules) {
            const msgs = rule.check(app).map((x) => x.message);
            if (msgs.length) findings[rule.name] = msgs;
        }
        expect(findings).toEqual({});
    });
});
