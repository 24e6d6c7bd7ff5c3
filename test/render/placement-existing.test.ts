/** One app file on every target: `pool` places a tier on a managed cloud and is noted, not applied, on an existing cluster. */
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";

const selectorOf = (manifests: Record<string, unknown>[], name: string) => {
    const d = manifests.find((m) => m.kind === "Deployment" && (m.metadata as { name?: string }).name === name) as
        { spec: { template: { spec: { nodeSelector?: Record<string, string>; tolerations?: unknown[] } } } } | undefined;
    return d?.spec.template.spec;
};

describe("the shop's spot tier", () => {
    it("runs on the spot pool on aws, with its taints tolerated", async () => {
        const r = await render({ configFile: "examples/shop.yaml", cloud: "aws" });
        expect(selectorOf(r.manifests, "search")?.nodeSelector).toEqual({ "kubeship.io/pool": "spot" });
        expect(selectorOf(r.manifests, "search")?.tolerations?.length).toBeGreaterThan(0);
    });

    it("loads on an existing cluster, where the placement is noted and not applied", async () => {
        const r = await render({ configFile: "examples/shop.yaml", cloud: "existing" });
        expect(selectorOf(r.manifests, "search")?.nodeSelector).toBeUndefined();
        expect(r.summary).toContain("note: an existing cluster has no kubeship node pools, so pool placement is not applied here (search run on any node)");
    });
});
