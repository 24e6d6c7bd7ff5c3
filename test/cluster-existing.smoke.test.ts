import { describe, expect, it } from "vitest";
import { evaluateWithMocks } from "./helpers/evaluate";
import { ExistingCluster } from "../components/cluster/existing";
import { MultiTierApp } from "../components/app/multi-tier-app";
import { loadPlatform } from "../components/config/load";
import { existingPlan } from "./helpers/plan";

describe("engine smoke", () => {
    it("records an existing cluster with a provider and a namespace", async () => {
        const platform = loadPlatform({ configFile: "examples/guestbook.yaml", cloud: "existing" });
        const r = await evaluateWithMocks(async () => {
            const cluster = new ExistingCluster("gb", { plan: existingPlan({ ...platform.cluster, name: "gb" }) });
            new MultiTierApp("gb", { cluster, app: platform.app, secrets: {} });
        }, { cloud: "existing" });
        const ns = r.one("kubernetes:core/v1:Namespace");
        expect(ns.urn).toBe("urn:pulumi:test-existing::kubeship::kubeship:app:MultiTierApp$kubernetes:core/v1:Namespace::gb-ns");
        expect(ns.provider).toMatch(/^urn:pulumi:test-existing::kubeship::kubeship:cluster:ExistingCluster\$pulumi:providers:kubernetes::gb-k8s::/);
        expect(r.resources.map((x) => x.type)).toContain("pulumi:pulumi:Stack");
    });
});
