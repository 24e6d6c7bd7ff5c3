/**
 * diffRenders, replacement detection and the Markdown report, on hand-made entries (no Pulumi).
 */
import { describe, expect, it } from "vitest";
import { diffRenders, summarize, toMarkdown } from "../../components/diff";
import { isNotCidrExpansion } from "../../components/diff/replace-fields";
import type { ResourceEntry } from "../../components/render/manifests";

const STACK = "urn:pulumi:dev::kubeship::";
const PROVIDER = `${STACK}pulumi:providers:kubernetes::k8s`;

function entry(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ResourceEntry> = {}): ResourceEntry {
    return { urn: `${STACK}${type}::${name}`, type, name, custom: true, inputs, dependencies: [], options: {}, ...extra };
}

const deployment = (image: string, selector = { app: "web" }) =>
    entry("kubernetes:apps/v1:Deployment", "web", {
        metadata: { name: "web", namespace: "shop" },
        spec: { selector: { matchLabels: selector }, template: { spec: { containers: [{ name: "web", image }] } } },
    }, { provider: PROVIDER });

const nodeGroup = (over: Record<string, unknown> = {}) =>
    entry("aws:eks/nodeGroup:NodeGroup", "general", {
        clusterName: "dev", instanceTypes: ["m6i.large"], capacityType: "ON_DEMAND",
        scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 2 }, ...over,
    }, { options: { ignoreChanges: ["scalingConfig.desiredSize"] } });

describe("diffRenders", () => {
    it("finds added, removed and changed resources by URN", () => {
        const a = entry("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "shop" } });
        const b = entry("kubernetes:core/v1:ServiceAccount", "sa", { metadata: { name: "web" } });
        const d = diffRenders([a, deployment("web:1")], [deployment("web:2"), b]);
        expect(d.added.map((r) => r.name)).toEqual(["sa"]);
        expect(d.removed.map((r) => r.name)).toEqual(["ns"]);
        expect(d.changed.map((r) => [r.name, r.action])).toEqual([["web", "update"]]);
        expect(summarize(d)).toEqual({ added: 1, removed: 1, changed: 1, replaced: 0 });
    });

    it("is empty for equal renders, whatever the order of entries", () => {
        const rs = [deployment("web:1"), nodeGroup()];
        const d = diffRenders(rs, [...rs].reverse());
        expect(d).toEqual({ added: [], removed: [], changed: [], hazards: [], notes: [] });
        expect(toMarkdown(d)).toBe("No changes.\n");
    });

    it("reports nested and array changes as dotted paths with old and new values", () => {
        const old = entry("x:y:Z", "r", { a: { b: { c: 1 } }, list: [1, 2], objs: [{ n: "a", v: 1 }] });
        const next = entry("x:y:Z", "r", { a: { b: { c: 2, d: true } }, list: [1], objs: [{ n: "a", v: 2 }] });
        expect(diffRenders([old], [next]).changed[0].changes).toEqual([
            { section: "inputs", path: "a.b.c", kind: "changed", old: 1, new: 2 },
            { section: "inputs", path: "a.b.d", kind: "added", new: true },
            { section: "inputs", path: "list[1]", kind: "removed", old: 2 },
            { section: "inputs", path: "objs[0].v", kind: "changed", old: 1, new: 2 },
        ]);
    });

    it("compares secrets as equal, lists them as possibly changed, and adds a note", () => {
        const old = entry("kubernetes:core/v1:Secret", "s", { metadata: { name: "s" }, stringData: { KEY: "[secret]" }, type: "Opaque" });
        const same = diffRenders([old], [old]);
        expect(same.changed).toEqual([]);
        expect(same.notes.join(" ")).toMatch(/secret/i);
        const labelled = { ...old, inputs: { ...old.inputs, metadata: { name: "s", labels: { a: "b" } } } };
        const d = diffRenders([old], [labelled]);
        expect(d.changed[0].opaque).toEqual(["stringData.KEY"]);
        expect(d.changed[0].action).toBe("update");
        // A plain value becoming a secret is a change.
        const toSecret = diffRenders([{ ...old, inputs: { ...old.inputs, type: "x" } }], [{ ...old, inputs: { ...old.inputs, type: "[secret]" } }]);
        expect(toSecret.changed[0].changes[0]).toMatchObject({ path: "type", old: "x", new: "[secret]" });
    });

    it("reports dependency, option, parent and provider changes", () => {
        const old = entry("x:y:Z", "r", {}, { dependencies: ["urn:a", "urn:b"], options: {}, parent: "urn:p1", provider: "urn:prov1" });
        const next = entry("x:y:Z", "r", {}, { dependencies: ["urn:c", "urn:b"], options: { protect: true }, parent: "urn:p2", provider: "urn:prov2" });
        const c = diffRenders([old], [next]).changed[0];
        expect(c.changes).toEqual([
            { section: "options", path: "protect", kind: "added", new: true },
            { section: "dependencies", path: "", kind: "removed", old: "urn:a" },
            { section: "dependencies", path: "", kind: "added", new: "urn:c" },
            { section: "provider", path: "", kind: "changed", old: "urn:prov1", new: "urn:prov2" },
            { section: "parent", path: "", kind: "changed", old: "urn:p1", new: "urn:p2" },
        ]);
        expect(c.action).toBe("replace");
        expect(c.replaceReasons.map((r) => r.path)).toEqual(["provider"]);
    });
});

describe("replacement detection", () => {
    const action = (a: ResourceEntry, b: ResourceEntry) => diffRenders([a], [b]).changed[0];

    it("replaces a node group whose instance types change", () => {
        const c = action(nodeGroup(), nodeGroup({ instanceTypes: ["m6i.xlarge"] }));
        expect(c.action).toBe("replace");
        expect(c.replaceReasons).toEqual([{ path: "instanceTypes", message: "instanceTypes forces replacement", certain: true }]);
    });

    it("updates a node group in place when only scalingConfig.maxSize changes", () => {
        const c = action(nodeGroup(), nodeGroup({ scalingConfig: { minSize: 2, maxSize: 9, desiredSize: 2 } }));
        expect(c.action).toBe("update");
        expect(c.changes).toEqual([{ section: "inputs", path: "scalingConfig.maxSize", kind: "changed", old: 6, new: 9 }]);
    });

    it("marks changes covered by ignoreChanges and treats a resource with only those as a no-op", () => {
        const c = action(nodeGroup(), nodeGroup({ scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 4 } }));
        expect(c.action).toBe("noop");
        expect(c.changes[0].ignored).toBe(true);
        expect(summarize(diffRenders([nodeGroup()], [nodeGroup({ scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 4 } })])).changed).toBe(0);
    });

    it("updates a Deployment in place for a new image, and replaces it for a new selector", () => {
        expect(action(deployment("web:1"), deployment("web:2")).action).toBe("update");
        const c = action(deployment("web:1"), deployment("web:1", { app: "web2" }));
        expect(c.action).toBe("replace");
        expect(c.replaceReasons.map((r) => r.path)).toEqual(["spec.selector"]);
    });

    it("replaces any Kubernetes object that is renamed or moved", () => {
        const svc = (name: string) => entry("kubernetes:core/v1:Service", "svc", { metadata: { name, namespace: "shop" }, spec: { type: "ClusterIP" } });
        expect(action(svc("a"), svc("b")).replaceReasons.map((r) => r.path)).toEqual(["metadata.name"]);
        // spec.type is not a replace field for Services.
        const typed = svc("a");
        expect(action(typed, { ...typed, inputs: { ...typed.inputs, spec: { type: "LoadBalancer" } } }).action).toBe("update");
    });

    it("detects a replace field changed through an ancestor (a whole spec added)", () => {
        const bare = entry("kubernetes:apps/v1:StatefulSet", "db", { metadata: { name: "db" } });
        const withSpec = entry("kubernetes:apps/v1:StatefulSet", "db", { metadata: { name: "db" }, spec: { serviceName: "db" } });
        expect(action(bare, withSpec).replaceReasons.map((r) => r.path)).toEqual(["spec.serviceName"]);
    });

    it("honours replaceOnChanges and conditional rules", () => {
        const r = (v: number, opts = {}) => entry("x:y:Z", "r", { v }, { options: { replaceOnChanges: ["v"], ...opts } });
        expect(action(r(1), r(2)).replaceReasons[0].message).toBe("v is in replaceOnChanges");
        expect(isNotCidrExpansion("10.0.0.0/20", "10.0.0.0/19")).toBe(false);
        expect(isNotCidrExpansion("10.0.0.0/20", "10.0.0.0/21")).toBe(true);
        expect(isNotCidrExpansion("10.0.0.0/20", "10.1.0.0/16")).toBe(true);
        const subnet = (cidr: string) => entry("gcp:compute/subnetwork:Subnetwork", "s", { ipCidrRange: cidr });
        expect(action(subnet("10.0.0.0/20"), subnet("10.0.0.0/19")).action).toBe("update");
        expect(action(subnet("10.0.0.0/20"), subnet("10.0.16.0/20")).action).toBe("replace");
    });
});

describe("toMarkdown", () => {
    it("prints a summary, sections per kind of change and replacement markers", () => {
        const ns = entry("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "shop" } }, { options: { protect: true } });
        const sa = entry("kubernetes:core/v1:ServiceAccount", "sa", { metadata: { name: "web" } });
        const md = toMarkdown(diffRenders([ns, nodeGroup(), deployment("web:1")], [sa, nodeGroup({ instanceTypes: ["m6i.xlarge"] }), deployment("web:2")]), { title: "dev-aws" });
        expect(md).toMatchInlineSnapshot(`
          "## dev-aws

          **1 to add, 2 to change (1 replace), 1 to delete** · ⚠ deletes namespace shop and every volume in it · ⚠ replaces node pool general (new pool first, then drain)

          ### ⚠ Needs attention (2)

          - ⚠ deletes namespace shop and every volume in it
          - ⚠ replaces node pool general (new pool first, then drain)

          ### Replace (1)

          - \`aws:eks/nodeGroup:NodeGroup\` general **replace** (instanceTypes forces replacement)
            - \`instanceTypes[0]\`: \`"m6i.large"\` → \`"m6i.xlarge"\`

          ### Update in place (1)

          - \`kubernetes:apps/v1:Deployment\` web
            - \`spec.template.spec.containers[0].image\`: \`"web:1"\` → \`"web:2"\`

          ### Add (1)

          - \`kubernetes:core/v1:ServiceAccount\` sa

          ### Delete (1)

          - \`kubernetes:core/v1:Namespace\` ns ⚠️ protected: \`pulumi up\` will refuse to delete it
          "
        `);
    });

    it("truncates long values and folds long field lists", () => {
        const long = "x".repeat(200);
        const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
        const md = toMarkdown(diffRenders([entry("x:y:Z", "r", { long: "a", ...many })], [entry("x:y:Z", "r", { long, ...Object.fromEntries(Object.keys(many).map((k) => [k, -1])) })]));
        expect(md).toContain("<details>");
        expect(md).toContain(`"${"x".repeat(78)}…`);
        expect(md).not.toContain("x".repeat(81));
    });
});
