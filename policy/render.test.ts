/**
 * The pack against what kubeship really renders: the app and clusters it
 * builds must pass its own policies. A failure here is a finding about the
 * rendered resources, not a reason to loosen a rule.
 */
import { describe, expect, it } from "vitest";
import { render } from "../components/render/render";
import { environmentOf, levelFor } from "./enforcement";
import { resourceRules, stackRules, violationsOf } from "./rules";
import type { StackResource } from "./types";

/** The findings of the rules the stack's environment enables (prod-only rules are off in dev). */
async function findings(stack: string) {
    const r = await render({ stack });
    const env = environmentOf(stack);
    const enabled = <T extends { scope?: Parameters<typeof levelFor>[0] }>(rules: readonly T[]) => rules.filter((x) => levelFor(x.scope ?? "environment", env) !== "disabled");
    const resources: StackResource[] = r.resources.map((e) => ({ type: e.type, name: e.name, urn: e.urn, props: e.inputs as Record<string, any> }));
    const perResource: Record<string, Record<string, string[]>> = {};
    for (const res of resources) {
        const v = violationsOf(res.type, res.props, enabled(resourceRules));
        if (Object.keys(v).length) perResource[res.name] = v;
    }
    const stackWide = Object.fromEntries(enabled(stackRules).map((rule) => [rule.name, rule.check(resources).map((v) => v.message)]).filter(([, m]) => m.length));
    return { resources, perResource, stackWide };
}

describe("rendered stacks pass the pack", () => {
    it("local: the app's Kubernetes resources break no rule", async () => {
        const { resources, perResource, stackWide } = await findings("local");
        expect(resources.some((r) => r.type === "kubernetes:apps/v1:Deployment")).toBe(true);
        expect(perResource).toEqual({});
        expect(stackWide).toEqual({});
    });

    it.each(["prod-aws", "prod-gcp", "prod-azure"])("%s: clusters and app break no rule", async (stack) => {
        const { resources, perResource, stackWide } = await findings(stack);
        expect(resources.some((r) => /^(aws:eks|gcp:container|azure-native:containerservice)/.test(r.type))).toBe(true);
        expect(perResource).toEqual({});
        expect(stackWide).toEqual({});
    });

    it("dev-aws: the only finding is the advisory open API endpoint that dev allows", async () => {
        const { perResource, stackWide } = await findings("dev-aws");
        expect(Object.fromEntries(Object.entries(perResource).map(([k, v]) => [k, Object.keys(v)]))).toEqual({ "guestbook-cluster": ["eks-endpoint-restricted"] });
        expect(levelFor("environment", environmentOf("dev-aws"))).toBe("advisory");
        expect(stackWide).toEqual({});
    });
});
