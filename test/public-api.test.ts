/** The public API works from TypeScript, as the README shows: load, cluster, app. */
import { describe, expect, it } from "vitest";
import { createCluster, loadPlan, MultiTierApp } from "../components";
import { resolveApp } from "../components/app/multi-tier-app";
import { evaluateWithMocks } from "./helpers/evaluate";

describe("components/index.ts", () => {
    it("builds the shop on AWS from TypeScript, as the README shows", async () => {
        // Not on an existing cluster: the shop places search on its spot pool, which only kubeship's clusters have.
        const plan = loadPlan({ configFile: "examples/shop.yaml", cloud: "aws", region: "us-east-1" });
        const platform = plan.config;
        const r = await evaluateWithMocks(async () => {
            const cluster = await createCluster(plan.clusterName, plan.cluster);
            const app = new MultiTierApp("shop", { cluster, app: platform.app, secrets: { dbPassword: "x", redisPassword: "y" } });
            return { endpoints: app.endpoints };
        }, { cloud: "aws" });
        expect(r.ofType("kubeship:app:Tier")).toHaveLength(Object.keys(platform.app.tiers).length);
        expect(Object.keys(r.outputs.endpoints as object)).toEqual(["gateway"]);
    });
});

describe("MultiTierApp from TypeScript with tiers written inline", () => {
    it("validates the tiers and fills in defaults, as for a YAML file", async () => {
        const plan = loadPlan({ configFile: "examples/guestbook.yaml", cloud: "existing" });
        const r = await evaluateWithMocks(async () => {
            const cluster = await createCluster("demo", plan.cluster);
            new MultiTierApp("demo", {
                cluster,
                tiers: {
                    web: { image: "nginxinc/nginx-unprivileged:1.27.3", ports: { http: 8080 }, expose: "public", talksTo: ["api"] },
                    api: { image: "example/api:1.0.0", ports: { http: 8080 }, autoscale: { min: 2, max: 5 } },
                },
            });
        }, { cloud: "existing" });
        const ns = r.one("kubernetes:core/v1:Namespace");
        expect((ns.inputs.metadata as { name: string }).name).toBe("demo");
        const api = r.one("kubernetes:apps/v1:Deployment", "api");
        expect((api.inputs.spec as { replicas?: number }).replicas).toBeUndefined();
        const c = (api.inputs.spec as any).template.spec.containers[0];
        expect(c.resources.requests).toEqual({ cpu: "100m", memory: "128Mi" });
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    });

    it("reports every problem of inline tiers at once, with its path", () => {
        const cluster = {} as never;
        const result = resolveApp("demo", {
            cluster,
            tiers: {
                web: { image: "nginx", ports: { http: 8080 }, talksTo: ["apii"], replica: 2 } as never,
                api: { image: "example/api:1.0.0", ports: { http: 8080 }, autoscale: { min: 3, max: 2 } },
            },
        });
        expect("problems" in result && result.problems).toEqual([
            "app.tiers.web.image: must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest, got \"nginx\"",
            'app.tiers.web.replica: unknown key "replica"; did you mean "replicas"?',
            "app.tiers.api.autoscale.max: must be >= min (3), got 2; raise max or lower min",
            'app.tiers.web.talksTo[0]: names an unknown tier, got "apii"; did you mean "api"?',
        ]);
    });
});
