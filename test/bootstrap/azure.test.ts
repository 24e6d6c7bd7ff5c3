/**
 * Issue 11, part 4 on Azure: bootstrap/azure.ts renders offline, and pins the
 * GitHub trust (issuer, audience, subjects) and the roles the deploy identity gets.
 */
import { describe, expect, it } from "vitest";
import {
    AZURE_TOKEN_AUDIENCE, BOOTSTRAP_ROLE, GITHUB_ISSUER, KUBESHIP_ASSIGNS, azureBootstrap, githubSubjects, onlyTheseRoles,
} from "../../bootstrap/azure";
import { ROLE } from "../../components/cluster/azure/roles";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../../components/render/mocks/azure";
import { evaluateWithMocks } from "../helpers/evaluate";

type Obj = Record<string, any>;
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
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

    it("grants Contributor on the subscription (kubeship creates a resource group per stack) and role assignment rights limited to kubeship's two roles", () => {
        const grants = r.ofType(ROLE_ASSIGNMENT).map((g) => g.inputs as Obj);
        expect(grants.map((g) => [g.roleDefinitionId, g.scope, g.principalType, g.principalId])).toEqual([
            [`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BOOTSTRAP_ROLE.contributor}`, SUBSCRIPTION, "ServicePrincipal", identity.outputs.principalId],
            [`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BOOTSTRAP_ROLE.rbacAdministrator}`, SUBSCRIPTION, "ServicePrincipal", identity.outputs.principalId],
        ]);
        expect(grants[0].condition).toBeUndefined();
        expect(grants[1]).toMatchObject({ conditionVersion: "2.0", condition: onlyTheseRoles([ROLE.networkContributor, ROLE.aksRbacClusterAdmin]) });
        expect(KUBESHIP_ASSIGNS).toEqual(["4d97b98b-1d4f-4787-a291-c67834d212e7", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"]);
        expect(onlyTheseRoles(["a", "b"])).toBe(
            "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b}))"
            + " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b}))",
        );
        // Neither Owner nor User Access Administrator.
        expect(grants.map((g) => g.roleDefinitionId)).not.toContain(`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`);
        expect(grants.map((g) => g.roleDefinitionId)).not.toContain(`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`);
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
