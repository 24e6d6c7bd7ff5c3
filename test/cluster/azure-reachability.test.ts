/**
 * Issue 11, part 3 on AKS: the API server is reachable from where the deploy
 * runs, or the config is refused with a line that says why.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveAksPlan } from "../../components/cluster/azure/resolve";
import { formatPathProblem } from "../../components/config/errors";
import { render } from "../../components/render/render";
import { MC, clusterConfig, renderAks } from "../helpers/aks";

type Obj = Record<string, any>;
const SUBNET = "azure-native:network:Subnet";
const OFFICE = "20.50.0.0/16";
const ROOT = path.resolve(__dirname, "../..");

/** The guestbook on azure with an endpoint and cluster.azure, checked by the resolver alone. */
function problems(env: "dev" | "prod", endpoint: Obj, azure: Obj = {}): string[] {
    const base = clusterConfig(env === "prod" ? "dev" : env);
    const config = { ...base, environment: env, endpoint: { public: true, allowedCidrs: ["0.0.0.0/0"], ...endpoint }, azure: { ...base.azure!, ...azure } } as typeof base;
    const r = resolveAksPlan(config);
    return r.ok ? [] : r.problems.map(formatPathProblem);
}

describe("a public API server", () => {
    it("deployed from GitHub-hosted runners (the default) is open to any address; Entra ID and Azure RBAC guard it", async () => {
        const r = await renderAks(clusterConfig("dev"));
        expect((r.one(MC).inputs as Obj).apiServerAccessProfile).toEqual({ authorizedIPRanges: [] });
        expect(problems("dev", {})).toEqual([]);
    });

    it("refuses an allowlist that shuts out GitHub-hosted runners, which have no fixed address", () => {
        expect(problems("dev", { allowedCidrs: [OFFICE] })).toMatchInlineSnapshot(`
          [
            "cluster.endpoint.allowedCidrs: shuts out the deploy workflow: GitHub-hosted runners have no fixed address to list, got ["20.50.0.0/16"]; deploy from a runner whose egress is in this list and set cluster.azure.deployFrom: fixed-address, or from a self-hosted runner in the cluster's VNet with endpoint.public: false and cluster.azure.deployFrom: vnet",
          ]
        `);
    });

    it("in prod, where 0.0.0.0/0 is refused, points the same stack at fixed-address or vnet, positioned in the file", () => {
        expect(() => clusterConfig("dev", { cluster: { environment: "prod", endpoint: { allowedCidrs: [OFFICE] } } }))
            .toThrow(/:\d+:\d+ cluster\.endpoint\.allowedCidrs: shuts out the deploy workflow/);
    });

    it("deployed from a fixed address: restricted to allowedCidrs", async () => {
        expect(problems("prod", { allowedCidrs: [OFFICE] }, { deployFrom: "fixed-address" })).toEqual([]);
        const r = await renderAks(clusterConfig("prod"));
        expect((r.one(MC).inputs as Obj).apiServerAccessProfile).toEqual({ authorizedIPRanges: [OFFICE] });
    });

    it("refuses deployFrom: vnet with a public API server", () => {
        expect(problems("dev", {}, { deployFrom: "vnet" })).toMatchInlineSnapshot(`
          [
            "cluster.azure.deployFrom: is vnet, which is for a private API server, but endpoint.public is true; a runner in the VNet reaches a public API server from its outbound address: set deployFrom: fixed-address and list that address in endpoint.allowedCidrs, or set endpoint.public: false",
          ]
        `);
    });
});

describe("a private API server", () => {
    it("is refused unless the deploy runs inside the cluster's network, saying why", () => {
        expect(problems("prod", { public: false })).toMatchInlineSnapshot(`
          [
            "cluster.endpoint.public: is false, so the AKS API server has only a private address in the cluster's VNet, which a GitHub-hosted runner cannot reach (pulumi up would time out on the first Kubernetes object, and destroy would hang); deploy from a self-hosted runner in that network and set cluster.azure.deployFrom: vnet, or keep endpoint.public: true with endpoint.allowedCidrs",
          ]
        `);
        expect(problems("prod", { public: false }, { deployFrom: "fixed-address" })[0]).toMatch(/^cluster\.endpoint\.public: is false, .* which an address outside the VNet cannot reach/);
    });

    it("with deployFrom: vnet, gets a runners subnet in the VNet kubeship creates, after the node subnet", async () => {
        const r = await renderAks(clusterConfig("prod", { cluster: { endpoint: { public: false }, azure: { deployFrom: "vnet" } } }));
        expect((r.one(MC).inputs as Obj).apiServerAccessProfile).toEqual({ enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false });
        const nodes = r.one(SUBNET, "nodes");
        const runners = r.one(SUBNET, "runners");
        expect(runners.inputs).toMatchObject({ subnetName: "runners", addressPrefix: "10.0.16.0/24", virtualNetworkName: nodes.inputs.virtualNetworkName });
        expect(runners.dependencies).toContain(nodes.urn);
        expect(runners.options.protect).toBe(true);
        expect(r.cluster.runnerSubnetId).toBeDefined();
    });

    it("in an existing network, adds no subnet: the runner lives in (or routes into) that VNet", async () => {
        const subnetId = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";
        const r = await renderAks(clusterConfig("prod", { cluster: { network: { cidr: "10.40.0.0/16" }, endpoint: { public: false }, azure: { deployFrom: "vnet", vnetSubnetId: subnetId } } }));
        expect(r.ofType(SUBNET)).toEqual([]);
        expect((r.one(MC).inputs as Obj).apiServerAccessProfile.enablePrivateCluster).toBe(true);
    });

    it("public clusters get no runners subnet", async () => {
        expect((await renderAks(clusterConfig("dev"))).ofType(SUBNET).map((s) => s.inputs.subnetName)).toEqual(["nodes"]);
    });
});

describe("the repo's Azure stacks", () => {
    it.each(["dev-azure", "staging-azure", "prod-azure"])("%s lists no documentation range and is reachable from where it deploys", async (stack) => {
        const r = await render({ stack }, ROOT);
        const { endpoint, azure } = r.platform.cluster;
        const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\./;
        expect(endpoint.allowedCidrs.filter((c) => documentation.test(c))).toEqual([]);
        expect(azure?.kubeloginMode).toBe("workloadidentity");
        if (stack === "prod-azure") {
            // Prod may not be open to 0.0.0.0/0, and GitHub-hosted runners have no fixed address: private, deployed from the VNet.
            expect(endpoint.public).toBe(false);
            expect(azure?.deployFrom).toBe("vnet");
            expect(r.resources.some((x) => x.type === SUBNET && x.inputs.subnetName === "runners")).toBe(true);
        } else {
            expect(endpoint).toEqual({ public: true, allowedCidrs: ["0.0.0.0/0"] });
            expect(azure?.deployFrom).toBe("github-hosted");
        }
    });
});
