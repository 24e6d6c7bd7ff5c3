import { describe, expect, it } from "vitest";
import { enforcementFor, environmentOf, levelFor, packContext } from "./enforcement";
import { policiesFor } from "./policies";
import { resourceRules, stackRules } from "./rules";

describe("enforcement", () => {
    it("is mandatory in prod and advisory in dev and staging", () => {
        expect(enforcementFor("prod-aws")).toBe("mandatory");
        expect(enforcementFor("prod")).toBe("mandatory");
        expect(enforcementFor("dev-aws")).toBe("advisory");
        expect(enforcementFor("staging-gcp")).toBe("advisory");
        expect(enforcementFor("local")).toBe("advisory");
        // An explicit environment wins over the stack name.
        expect(enforcementFor("eu-live", "prod")).toBe("mandatory");
    });

    it("maps stack names like the program does", () => {
        expect(environmentOf("prod-azure")).toBe("prod");
        expect(environmentOf("staging-aws")).toBe("staging");
        expect(environmentOf("product-demo")).toBe("prod"); // a stack name starting with "prod" is prod
        expect(environmentOf("feature-x")).toBe("dev");
    });

    it("scopes: prod-only rules are off outside prod, advisory rules never block", () => {
        expect(levelFor("prod-only", "prod")).toBe("mandatory");
        expect(levelFor("prod-only", "dev")).toBe("disabled");
        expect(levelFor("advisory", "prod")).toBe("advisory");
        // egress: [internet] is a note for prod reviews, and noise elsewhere.
        expect(levelFor("prod-advisory", "prod")).toBe("advisory");
        expect(levelFor("prod-advisory", "staging")).toBe("disabled");
    });

    it("reads the environment the Pulumi CLI hands the pack: config first, then the stack name", () => {
        expect(packContext({ PULUMI_NODEJS_STACK: "prod-aws" })).toEqual({ stack: "prod-aws", environment: "prod", source: "stack-name" });
        expect(packContext({ PULUMI_STACK: "dev-gcp" })).toEqual({ stack: "dev-gcp", environment: "dev", source: "stack-name" });
        expect(packContext({ PULUMI_NODEJS_STACK: "eu-live", PULUMI_CONFIG: JSON.stringify({ "kubeship:environment": "prod" }) }))
            .toEqual({ stack: "eu-live", environment: "prod", source: "config" });
        expect(packContext({ PULUMI_NODEJS_STACK: "prod-aws", PULUMI_CONFIG: "not json" }).environment).toBe("prod");
        expect(packContext({}).environment).toBe("dev");
    });
});

describe("policies", () => {
    it("one policy per rule, unique kebab-case names, levels by environment", () => {
        const prod = policiesFor("prod");
        const dev = policiesFor("dev");
        expect(prod).toHaveLength(resourceRules.length + stackRules.length);
        const names = prod.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        const level = (ps: typeof prod, name: string) => ps.find((p) => p.name === name)?.enforcementLevel;
        expect(level(prod, "k8s-run-as-non-root")).toBe("mandatory");
        expect(level(dev, "k8s-run-as-non-root")).toBe("advisory");
        expect(level(prod, "k8s-hpa-min-replicas")).toBe("mandatory");
        expect(level(dev, "k8s-hpa-min-replicas")).toBe("disabled");
        expect(level(prod, "k8s-loadbalancer-public-only")).toBe("advisory");
        expect(level(prod, "k8s-hpa-owns-replicas")).toBe("mandatory");
    });

    it("a resource policy reports each message of its rule, and ignores other types", async () => {
        const policy = policiesFor("prod").find((p) => p.name === "k8s-image-pinned");
        if (!policy || !("validateResource" in policy) || typeof policy.validateResource !== "function") throw new Error("k8s-image-pinned is not a resource policy");
        const reported: string[] = [];
        const args = (type: string) => ({ type, props: { spec: { template: { spec: { containers: [{ name: "a", image: "redis" }] } } } } }) as any;
        await policy.validateResource(args("kubernetes:apps/v1:Deployment"), (m) => reported.push(m));
        await policy.validateResource(args("kubernetes:core/v1:ConfigMap"), (m) => reported.push(m));
        expect(reported).toEqual([expect.stringContaining("containers[0] (a).image: must be pinned")]);
    });
});
