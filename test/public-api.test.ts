/** The public API works from TypeScript, as the README shows: load, cluster, app. */
import { describe, expect, it } from "vitest";
import { createCluster, loadPlatform, MultiTierApp } from "../components";
import { evaluateWithMocks } from "./helpers/evaluate";

describe("components/index.ts", () => {
    it("builds the shop on an existing cluster from TypeScript", async () => {
        const platform = loadPlatform({ configFile: "examples/shop.yaml", cloud: "existing" });
        const r = await evaluateWithMocks(async () => {
            const cluster = await createCluster("shop", { ...platform.cluster, name: "shop" });
            const app = new MultiTierApp("shop", { cluster, app: platform.app, secrets: { dbPassword: "x", redisPassword: "y" } });
            return { endpoints: app.endpoints };
        }, { cloud: "existing" });
        expect(r.ofType("kubeship:app:Tier")).toHaveLength(Object.keys(platform.app.tiers).length);
        expect(Object.keys(r.outputs.endpoints as object)).toEqual(["gateway"]);
    });
});
