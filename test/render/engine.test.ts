/**
 * The recording engine against the real engine's rules: URNs, duplicates,
 * dependencies, options, secrets, auto-naming.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { Provider } from "@pulumi/kubernetes/provider";
import { describe, expect, it } from "vitest";
import { EngineError, latestEvaluation } from "../../components/render/engine";
import { evaluateWithMocks } from "../helpers/evaluate";

class Box extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Box", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("recording engine", () => {
    it("rejects duplicate URNs, as the real engine does", async () => {
        const err = await evaluateWithMocks(async () => {
            new ConfigMap("same", { data: { a: "1" } });
            new ConfigMap("same", { data: { a: "2" } });
        }, { cloud: "existing" }).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(EngineError);
        expect((err as Error).message).toContain("Duplicate resource URN 'urn:pulumi:test-existing::kubeship::kubernetes:core/v1:ConfigMap::same'");
    });

    it("qualifies URNs by the whole parent chain and records parent, provider, dependencies and options", async () => {
        const r = await evaluateWithMocks(async () => {
            const outer = new Box("outer");
            const inner = new Box("inner", { parent: outer });
            const provider = new Provider("k8s", {}, { parent: outer });
            const first = new ConfigMap("first", { data: { a: "1" } }, { parent: inner, provider, protect: true });
            new ConfigMap("second", { data: { ref: first.metadata.name } }, { parent: inner, provider, dependsOn: [outer], ignoreChanges: ["data"], deleteBeforeReplace: true, retainOnDelete: true });
        }, { cloud: "existing" });
        const first = r.one("kubernetes:core/v1:ConfigMap", "first");
        const second = r.one("kubernetes:core/v1:ConfigMap", "second");
        expect(second.urn).toBe("urn:pulumi:test-existing::kubeship::test:index:Box$test:index:Box$kubernetes:core/v1:ConfigMap::second");
        expect(second.parent).toBe("urn:pulumi:test-existing::kubeship::test:index:Box$test:index:Box::inner");
        expect(second.provider).toMatch(/^urn:pulumi:test-existing::kubeship::test:index:Box\$pulumi:providers:kubernetes::k8s::/);
        // dependsOn a component means waiting for its custom descendants; the SDK sends those URNs.
        expect(second.dependencies).toEqual([first.urn, "urn:pulumi:test-existing::kubeship::test:index:Box$pulumi:providers:kubernetes::k8s"].sort());
        expect(second.options).toEqual({ ignoreChanges: ["data"], deleteBeforeReplace: true, retainOnDelete: true });
        expect(first.options).toEqual({ protect: true });
        // The mock provider auto-names like the real one: <name>-<8 characters>, deterministically.
        expect(second.inputs.data).toEqual({ ref: expect.stringMatching(/^first-[0-9a-f]{8}$/) });
    });

    it("redacts secrets in inputs and outputs but keeps them for the engine", async () => {
        const r = await evaluateWithMocks(async () => {
            const cm = new ConfigMap("s", { data: { token: pulumi.secret("planted-value") } });
            return { leaked: cm.data };
        }, { cloud: "existing" });
        const cm = r.one("kubernetes:core/v1:ConfigMap", "s");
        // A secret anywhere in a property makes the whole property secret on the wire.
        expect(cm.inputs.data).toBe("[secret]");
        expect(cm.rawInputs.data).toEqual({ token: "planted-value" });
        expect(JSON.stringify(r.outputs)).not.toContain("planted-value");
    });

    it("turns a failing program into one rejection, with no stray unhandled ones", async () => {
        const err = await evaluateWithMocks(async () => {
            new ConfigMap("before", { data: { a: "1" } });
            throw new pulumi.RunError("bad input");
        }, { cloud: "existing" }).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(pulumi.RunError);
        expect((err as Error).message).toBe("bad input");
    });

    it("keeps what a failing program registered before it threw, for counting partial deployments", async () => {
        const before = latestEvaluation().seq;
        await evaluateWithMocks(async () => {
            new ConfigMap("first", { data: { a: "1" } });
            new ConfigMap("second", { data: { a: "2" } });
            throw new pulumi.RunError("bad input");
        }, { cloud: "existing" }).catch(() => undefined);
        const latest = latestEvaluation();
        expect(latest.seq).toBe(before + 1);
        // The root Stack is left out: it exists before the program runs.
        expect(latest.registered.map((r) => r.name).sort()).toEqual(["first", "second"]);
    });
});
