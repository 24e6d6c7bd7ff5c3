/** MultiTierApp with routed tiers from TypeScript: the add-ons are required, and the endpoints are https://host. */
import { describe, expect, it } from "vitest";
import { createCluster, createGatewayAddons, loadPlan, MultiTierApp } from "../../components";
import { evaluateWithMocks } from "../helpers/evaluate";

const tiers = { web: { image: "nginxinc/nginx-unprivileged:1.27.3", ports: { http: 8080 }, expose: "public" as const, http: { host: "demo.example.com" } } };
const gateway = { certificates: { acme: { email: "ops@example.com" } } };

describe("MultiTierApp with http tiers written inline", () => {
    it("builds the entry on the add-ons it is given", async () => {
        const plan = loadPlan({ configFile: "examples/https.yaml", cloud: "existing" });
        const r = await evaluateWithMocks(async () => {
            const cluster = await createCluster("demo", plan.cluster);
            const gatewayAddons = await createGatewayAddons("demo-gateway", cluster, plan.gateway!.addons);
            const app = new MultiTierApp("demo", { cluster, tiers, gateway, gatewayAddons });
            return { endpoints: app.endpoints };
        }, { cloud: "existing" });
        expect(r.outputs.endpoints).toEqual({ web: "https://demo.example.com" });
        const route = r.one("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "httproute-web");
        expect(route.dependencies).toEqual(expect.arrayContaining([r.one("kubernetes:helm.sh/v3:Release", "envoy-gateway").urn]));
    });

    it("is refused without the add-ons, or without app.gateway, naming the tier", async () => {
        const plan = loadPlan({ configFile: "examples/guestbook.yaml", cloud: "existing" });
        await expect(evaluateWithMocks(async () => {
            new MultiTierApp("demo", { cluster: await createCluster("demo", plan.cluster), tiers, gateway });
        }, { cloud: "existing" })).rejects.toThrow(/app\.tiers\.web\.http: needs the cluster's HTTPS add-ons; pass gatewayAddons/);
        await expect(evaluateWithMocks(async () => {
            new MultiTierApp("demo", { cluster: await createCluster("demo", plan.cluster), tiers });
        }, { cloud: "existing" })).rejects.toThrow(/app\.tiers\.web\.http: needs certificates for its hosts/);
    });
});
