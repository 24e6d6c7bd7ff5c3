/**
 * Issue 11, part 4 on Azure: bootstrap/azure.ts renders offline, and pins the
 * GitHub trust (issuer, audience, subjects) and the roles the deploy identity gets.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
    AZURE_TOKEN_AUDIENCE, BOOTSTRAP_ROLE, GITHUB_ISSUER, KUBESHIP_ASSIGNS, PRIVILEGED_ROLES, ROLE_DEFINITION_ACTIONS,
    allRolesBut, azureBootstrap, githubSubjects, onlyTheseRoles, roleDefinitionsRoleId,
} from "../../bootstrap/azure";
import { DNS_ROLE } from "../../components/cluster/azure/dns-identity";
import { ROLE } from "../../components/cluster/azure/roles";
import { render } from "../../components/render/render";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../../components/render/mocks/azure";
import { evaluateWithMocks } from "../helpers/evaluate";

type Obj = Record<string, any>;
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const ROLE_DEFINITION = "azure-native:authorization:RoleDefinition";
const SUBSCRIPTION = `/subscriptions/${MOCK_SUBSCRIPTION_ID}`;

describe("bootstrap/azure.ts", async () => {
    const r = await evaluateWithMocks(async () => {
        const out = azureBootstrap({ repository: "acme/kubeship", location: "westeurope" });
        return { clientId: out.clientId, tenantId: out.tenantId, subscriptionId: out.subscriptionId, principalId: out.principalId };
    }, { cloud: "azure", stack: "bootstrap" });
    const identity = r.one(IDENTITY);
    const fics = r.ofType(FIC);

    it("trusts GitHub's issuer for the deploy jobs: the production environment, pushes to main, pull requests", () => {
        expect(fics.map((f) => f.inputs.subject)).toEqual([
            "repo:acme/kubeship:environment:production",
            "repo:acme/kubeship:ref:refs/heads/main",
            "repo:acme/kubeship:pull_request",
        ]);
        for (const f of fics) {
            expect(f.inputs).toMatchObject({ issuer: "https://token.actions.githubusercontent.com", audiences: ["api://AzureADTokenExchange"], resourceName: identity.outputs.name });
            // Azure's name rule for federated credentials (ManagedIdentity.json 2023-01-31).
            expect(f.inputs.federatedIdentityCredentialResourceName).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$/);
        }
        expect([GITHUB_ISSUER, AZURE_TOKEN_AUDIENCE]).toEqual(["https://token.actions.githubusercontent.com", "api://AzureADTokenExchange"]);
    });

    it("creates the credentials one after another (concurrent writes on one identity fail with 409)", () => {
        expect(fics[0].dependencies).not.toContain(fics[1].urn);
        expect(fics[1].dependencies).toContain(fics[0].urn);
        expect(fics[2].dependencies).toContain(fics[1].urn);
    });

    it("grants Contributor on the subscription (kubeship creates a resource group per stack), role assignments of any role but the privileged ones, and role definitions", () => {
        const definition = r.one(ROLE_DEFINITION);
        const ownId = roleDefinitionsRoleId(MOCK_SUBSCRIPTION_ID, "acme/kubeship");
        const roleId = (id: string) => `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
        // By role: the engine records them in the order their inputs resolve.
        const grant = (id: string) => r.ofType(ROLE_ASSIGNMENT).map((g) => g.inputs as Obj).filter((g) => g.roleDefinitionId === roleId(id));
        const grants = [grant(BOOTSTRAP_ROLE.contributor)[0], grant(BOOTSTRAP_ROLE.rbacAdministrator)[0], grant(ownId)[0]];
        expect(r.ofType(ROLE_ASSIGNMENT)).toHaveLength(3);
        for (const g of grants) expect(g).toMatchObject({ scope: SUBSCRIPTION, principalType: "ServicePrincipal", principalId: identity.outputs.principalId });
        expect(grants[0].condition).toBeUndefined();
        expect(grants[2].condition).toBeUndefined();
        expect(grants[1]).toMatchObject({
            conditionVersion: "2.0",
            condition: allRolesBut(["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "f58310d9-a9f6-439a-9e8d-f62e7b41a168", ownId]),
        });
        expect(allRolesBut(["a", "b"])).toBe(
            "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {a, b}))"
            + " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {a, b}))",
        );
        // The custom role: role definitions only, defined and assignable on the subscription.
        expect(definition.inputs).toMatchObject({
            roleDefinitionId: ownId,
            roleType: "CustomRole",
            scope: SUBSCRIPTION,
            assignableScopes: [SUBSCRIPTION],
            permissions: [{ actions: ["Microsoft.Authorization/roleDefinitions/read", "Microsoft.Authorization/roleDefinitions/write", "Microsoft.Authorization/roleDefinitions/delete"], notActions: [], dataActions: [], notDataActions: [] }],
        });
        expect(ownId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(String(definition.inputs.roleName)).toBe(`kubeship deploy role definitions ${ownId.slice(0, 8)}`);
        // Neither Owner nor User Access Administrator is granted, nor assignable.
        expect(grants.map((g) => g.roleDefinitionId)).not.toContain(`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${PRIVILEGED_ROLES.owner}`);
        expect(grants.map((g) => g.roleDefinitionId)).not.toContain(`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${PRIVILEGED_ROLES.userAccessAdministrator}`);
    });

    it("outputs what the repo's variables need: client id, tenant id, subscription id", () => {
        expect(r.outputs).toEqual({
            clientId: identity.outputs.clientId,
            tenantId: MOCK_TENANT_ID,
            subscriptionId: MOCK_SUBSCRIPTION_ID,
            principalId: identity.outputs.principalId,
        });
        expect(identity.inputs).toMatchObject({ resourceName: "kubeship-deploy-kubeship", location: "westeurope" });
    });
});

describe("githubSubjects", () => {
    it("follows the arguments, with names Azure accepts for any environment name", () => {
        const s = githubSubjects({ repository: "acme/shop.web", environments: ["staging", "prod eu"], branches: ["release/2026"], pullRequests: false });
        expect(s.map((x) => x.subject)).toEqual([
            "repo:acme/shop.web:environment:staging",
            "repo:acme/shop.web:environment:prod eu",
            "repo:acme/shop.web:ref:refs/heads/release/2026",
        ]);
        for (const { name } of s) expect(name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$/);
        expect(new Set(s.map((x) => x.name)).size).toBe(3);
    });

    it("refuses a repository that is not owner/name, and more than 20 credentials, before anything is created", () => {
        expect(() => githubSubjects({ repository: "kubeship" })).toThrow('repository must be "owner/name", got "kubeship"');
        const environments = Array.from({ length: 19 }, (_, i) => `env${i}`);
        expect(() => githubSubjects({ repository: "acme/k", environments })).toThrow("an identity takes at most 20 federated credentials, got 21");
    });
});

describe("azureBootstrap with appIdentities: false", async () => {
    const r = await evaluateWithMocks(async () => {
        azureBootstrap({ repository: "acme/kubeship", location: "westeurope", appIdentities: false });
        return {};
    }, { cloud: "azure", stack: "bootstrap" });

    it("assigns only the roles a kubeship cluster assigns, and defines no roles", () => {
        const grants = r.ofType(ROLE_ASSIGNMENT).map((g) => g.inputs as Obj);
        expect(grants).toHaveLength(2);
        expect(grants[1]).toMatchObject({ conditionVersion: "2.0", condition: onlyTheseRoles(KUBESHIP_ASSIGNS) });
        expect(r.ofType(ROLE_DEFINITION)).toEqual([]);
        expect(KUBESHIP_ASSIGNS).toEqual([ROLE.networkContributor, ROLE.aksRbacClusterAdmin, ROLE.acrPull, DNS_ROLE.dnsZoneContributor, DNS_ROLE.reader]);
        expect(onlyTheseRoles(["a", "b"])).toBe(
            "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b}))"
            + " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b}))",
        );
    });
});

describe("the deploy identity may deploy an app's identities and buckets on AKS", () => {
    const KEY_VAULT = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/files-kv/providers/Microsoft.KeyVault/vaults/files-kv";
    const PLATFORM = `
cluster:
  endpoint: { allowedCidrs: [52.174.10.0/24] }
  azure: { deployFrom: fixed-address }
  nodePools:
    general: { min: 3, max: 6 }
app:
  name: files
  buckets:
    uploads: {}
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      replicas: 2
      uses: { uploads: readwrite }
      identity:
        azure:
          roles:
            - { role: Key Vault Secrets User, scope: ${KEY_VAULT} }
`;
    /** The role definition GUIDs an ABAC condition of allRolesBut's form refuses, read back from it. */
    const refused = (condition: string) => /GuidNotEquals \{([^}]*)\}/.exec(condition)![1].split(", ");

    it("every role assignment the stack makes is allowed by the condition, and every role it defines by the custom role", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-boot-azure-"));
        fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);
        const app = await render({ configFile: "files.yaml", cloud: "azure", region: "westeurope" }, root);
        const assigned = app.recorded.filter((x) => x.type === ROLE_ASSIGNMENT).map((x) => String(x.inputs.roleDefinitionId).split("/").pop()!);
        // Built-in roles (subnet, deployers, the workload's Key Vault role) and the custom blob role.
        expect(assigned).toEqual(expect.arrayContaining([ROLE.networkContributor, "4633458b-17de-408a-b874-0445c86b69e6"]));
        const customs = app.recorded.filter((x) => x.type === ROLE_DEFINITION);
        expect(customs.length).toBeGreaterThan(0);
        for (const c of customs) expect(assigned).toContain(String(c.inputs.roleDefinitionId));
        const condition = allRolesBut([...Object.values(PRIVILEGED_ROLES), roleDefinitionsRoleId(MOCK_SUBSCRIPTION_ID, "acme/shop")]);
        for (const id of assigned) expect(refused(condition), id).not.toContain(id.toLowerCase());
        expect(refused(condition)).toEqual([PRIVILEGED_ROLES.owner, PRIVILEGED_ROLES.userAccessAdministrator, PRIVILEGED_ROLES.rbacAdministrator, roleDefinitionsRoleId(MOCK_SUBSCRIPTION_ID, "acme/shop")]);
        // Defining them is what the custom role is for.
        expect(ROLE_DEFINITION_ACTIONS).toContain("Microsoft.Authorization/roleDefinitions/write");
        // Everything else the app makes is outside Microsoft.Authorization, within Contributor.
        const appTypes = new Set(app.recorded.map((x) => x.type).filter((t) => /^azure-native:(storage|managedidentity):/.test(t)));
        expect([...appTypes].sort()).toEqual([
            "azure-native:managedidentity:FederatedIdentityCredential", "azure-native:managedidentity:UserAssignedIdentity",
            "azure-native:storage:BlobContainer", "azure-native:storage:BlobServiceProperties", "azure-native:storage:StorageAccount",
        ]);
    });
});
