/**
 * Issue 11, part 2 on AKS: deployer access that does not depend on who ran
 * the first `up`. Groups first, typed principals always, and the assignments
 * made before the cluster so they propagate while it is created.
 */
import { describe, expect, it } from "vitest";
import { AZURE_CLI_APP_ID, planAccess, principalTypeOfClient } from "../../components/cluster/azure/access";
import { ROLE } from "../../components/cluster/azure/roles";
import { MOCK_SUBSCRIPTION_ID } from "../../components/render/mocks/azure";
import { MC, STORAGE_CLASS, clusterConfig, renderAks } from "../helpers/aks";

type Obj = Record<string, any>;
const RG = "azure-native:resources:ResourceGroup";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const GROUP_A = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const GROUP_B = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const CI = "0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f";
const CLUSTER_ADMIN = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.aksRbacClusterAdmin}`;

const withAzure = (azure: Obj) => clusterConfig("dev", { cluster: { azure } });
const admins = (r: Awaited<ReturnType<typeof renderAks>>) => r.ofType(ROLE_ASSIGNMENT).filter((x) => x.inputs.roleDefinitionId === CLUSTER_ADMIN);

describe("who gets cluster admin", () => {
    it("with nothing configured: whoever runs pulumi up, typed from the token's client (a person via az login is a User)", async () => {
        const r = await renderAks(withAzure({}));
        const [only, ...rest] = admins(r);
        expect(rest).toEqual([]);
        expect(only.name).toBe("gb-deployer-cluster-admin");
        // The mock's client config: the Azure CLI's client id, so a person.
        expect(only.inputs.principalType).toBe("User");
        expect(only.inputs.principalId).toMatch(/^[0-9a-f-]{36}$/);
        expect(principalTypeOfClient(AZURE_CLI_APP_ID)).toBe("User");
        expect(principalTypeOfClient(AZURE_CLI_APP_ID.toUpperCase())).toBe("User");
        // OIDC, a client secret or a managed identity: the token's client is the deployer's own app.
        expect(principalTypeOfClient(CI)).toBe("ServicePrincipal");
    });

    it("with adminGroupObjectIds: one Group assignment per group and none for whoever runs pulumi up", async () => {
        const r = await renderAks(withAzure({ adminGroupObjectIds: [GROUP_A, GROUP_B, GROUP_A] }));
        expect(admins(r).map((a) => [a.name, a.inputs.principalId, a.inputs.principalType])).toEqual([
            [`gb-admin-group-${GROUP_A}`, GROUP_A, "Group"],
            [`gb-admin-group-${GROUP_B}`, GROUP_B, "Group"],
        ]);
        // Still listed on the cluster, where it would count if Azure RBAC were off.
        expect((r.one(MC).inputs as Obj).aadProfile.adminGroupObjectIDs).toEqual([GROUP_A, GROUP_B, GROUP_A]);
    });

    it.each([["ServicePrincipal"], ["User"], ["Group"]])("with deployer %s: that principal with that type, the same on every run", async (type) => {
        const r = await renderAks(withAzure({ deployer: { principalId: CI, principalType: type } }));
        expect(admins(r).map((a) => [a.name, a.inputs.principalId, a.inputs.principalType])).toEqual([["gb-deployer-cluster-admin", CI, type]]);
    });

    it("with groups and a deployer: both", async () => {
        const r = await renderAks(withAzure({ adminGroupObjectIds: [GROUP_A], deployer: { principalId: CI, principalType: "ServicePrincipal" } }));
        expect(admins(r).map((a) => a.inputs.principalType)).toEqual(["Group", "ServicePrincipal"]);
    });

    it("refuses a deployer without a valid type, naming the choices", () => {
        expect(() => withAzure({ deployer: { principalId: CI, principalType: "ManagedIdentity" } }))
            .toThrow('cluster.azure.deployer.principalType: must be one of User, ServicePrincipal, Group, got "ManagedIdentity"');
        expect(() => withAzure({ deployer: { principalId: "ci-bot" , principalType: "User" } }))
            .toThrow("cluster.azure.deployer.principalId: must be an Entra ID object id (a UUID)");
    });
});

describe("when the grant takes effect", () => {
    it("grants on the stack's own resource group, before and independent of the cluster, and every Kubernetes object waits for it", async () => {
        const r = await renderAks(withAzure({ deployer: { principalId: CI, principalType: "ServicePrincipal" } }));
        const [grant] = admins(r);
        const rg = r.one(RG);
        const mc = r.one(MC);
        expect(grant.inputs.scope).toBe(`/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg.outputs.name}`);
        expect(grant.dependencies).toEqual([rg.urn]);
        // Created in parallel with the VNet and the cluster: its propagation (up to five minutes)
        // overlaps the cluster's creation instead of following it.
        expect(r.dependsOn(mc, grant)).toBe(false);
        expect(r.dependsOn(grant, mc)).toBe(false);
        for (const k8s of [r.one("kubernetes:core/v1:Service"), ...r.ofType(STORAGE_CLASS)]) {
            expect(k8s.dependencies, k8s.name).toEqual(expect.arrayContaining([grant.urn, mc.urn]));
        }
    });

    it("in an existing (shared) resource group, grants on the cluster alone rather than on every cluster in the group", async () => {
        const r = await renderAks(withAzure({ resourceGroup: "platform", adminGroupObjectIds: [GROUP_A] }));
        const [grant] = admins(r);
        expect(grant.inputs.scope).toBe(`/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/platform/providers/Microsoft.ContainerService/managedClusters/gb`);
        expect(r.dependsOn(grant, r.one(MC))).toBe(true);
        expect(planAccess([GROUP_A], undefined, false).scope).toBe("cluster");
    });
});
