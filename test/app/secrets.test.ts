/** A planted secret must never appear in recorded inputs, outputs or stack outputs. */
import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ExistingCluster } from "../../components/cluster/existing";
import { MultiTierApp } from "../../components/app/multi-tier-app";
import { evaluateWithMocks } from "../helpers/evaluate";
import { loadExample, renderExample } from "./render";
import { existingPlan } from "../helpers/plan";

const PLANTED = "s3cr3t-PLANTED-value";

describe("secrets never leak", () => {
    for (const cluster of ["existing", "aws"] as const) {
        it(`shop on ${cluster}: the planted value is only in the Secret's raw inputs`, async () => {
            const r = await renderExample("examples/shop.yaml", { cluster, secrets: { dbPassword: PLANTED } });
            for (const res of r.resources) {
                expect(JSON.stringify(res.inputs), res.urn).not.toContain(PLANTED);
                expect(JSON.stringify(res.outputs), res.urn).not.toContain(PLANTED);
            }
            expect(JSON.stringify(r.outputs)).not.toContain(PLANTED);
            // The value really was passed: the engine's raw inputs of the Secrets hold it.
            const holders = r.resources.filter((x) => JSON.stringify(x.rawInputs).includes(PLANTED));
            expect(holders.map((x) => x.type)).toEqual(Array(holders.length).fill("kubernetes:core/v1:Secret"));
            expect(holders.map((x) => x.name).sort()).toEqual(["shop-catalog-secret", "shop-checkout-secret", "shop-orders-secret", "shop-postgres-secret"]);
            // Keys (env var names) stay readable; every value is redacted.
            const stringData = holders[0].inputs.stringData as Record<string, string>;
            expect(Object.keys(stringData).length).toBeGreaterThan(0);
            expect(Object.values(stringData).every((v) => v === "[secret]")).toBe(true);
        });
    }

    it("stays secret when a TypeScript caller passes a plain string", async () => {
        const platform = loadExample("examples/shop.yaml");
        const r = await evaluateWithMocks(async () => {
            const cluster = new ExistingCluster("shop", { plan: existingPlan({ ...platform.cluster, name: "shop" }) });
            const app = new MultiTierApp("shop", { cluster, app: platform.app, secrets: { dbPassword: PLANTED, redisPassword: pulumi.secret("r") } });
            return { namespace: app.namespace, endpoints: app.endpoints };
        }, { cloud: "existing" });
        const all = JSON.stringify([...r.resources.map((x) => [x.inputs, x.outputs]), r.outputs]);
        expect(all).not.toContain(PLANTED);
        expect(JSON.stringify(r.resources.map((x) => x.rawInputs))).toContain(PLANTED);
    });
});
