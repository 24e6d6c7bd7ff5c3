/**
 * `diff` exit codes and renders of two stacks; `estimate` shows the estimate
 * only (issue 14 §5). In-process through `main`, with render folders on disk.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { differentStacksProblem, renderStack } from "../../components/diff";

const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::kubeship::${type}::${name}`;
const entry = (stack: string, type: string, name: string, inputs: object = {}) => ({
    urn: urn(stack, type, name), type, name, custom: true, inputs, dependencies: [], options: {},
});
const renderOf = (stack: string, image = "web:1", cloud = "aws") => [
    entry(stack, `pulumi:providers:${cloud}`, "default"),
    entry(stack, "kubernetes:apps/v1:Deployment", "web", { spec: { template: { spec: { containers: [{ image }] } } } }),
];
function folder(resources: unknown): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-cli-"));
    fs.writeFileSync(path.join(d, "resources.json"), JSON.stringify(resources));
    return d;
}
async function run(argv: string[]) {
    let out = "", err = "";
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, env: {} });
    return { code, out, err };
}

describe("kubeship diff exit codes", () => {
    it("0 when equal, 1 when the renders differ, 2 for bad input", async () => {
        expect((await run(["diff", folder(renderOf("dev-aws")), folder(renderOf("dev-aws"))])).code).toBe(0);
        const changed = await run(["diff", folder(renderOf("dev-aws")), folder(renderOf("dev-aws", "web:2"))]);
        expect(changed.code).toBe(1);
        expect(changed.out).toContain("1 to change");
        expect((await run(["diff", folder(renderOf("dev-aws")), "/nonexistent/kubeship"])).code).toBe(2);
        expect((await run(["diff", folder(renderOf("dev-aws"))])).code).toBe(2);
    });

    it("refuses renders of two different stacks with exit 2, naming both and their clouds, instead of listing every resource", async () => {
        const [old, next] = [folder(renderOf("dev-aws")), folder(renderOf("prod-gcp", "web:1", "gcp"))];
        const r = await run(["diff", old, next]);
        expect(r.code).toBe(2);
        expect(r.out).toBe("");
        expect(r.err).toBe(`kubeship diff: ${old} is a render of stack "dev-aws" (aws), ${next} of stack "prod-gcp" (gcp): comparing different stacks would list every resource as deleted and added; compare two renders of one stack (e.g. the base and the head of a change, each rendered with --stack dev-aws)\n`);
    });

    it("reads the stack from the URNs, and compares renders it cannot tell apart", () => {
        expect(renderStack(renderOf("dev-aws"))).toBe("dev-aws");
        expect(renderStack([])).toBeUndefined();
        expect(renderStack([...renderOf("a"), ...renderOf("b")])).toBeUndefined();
        expect(differentStacksProblem("o", renderOf("dev-aws") as never, "n", [] as never)).toBeUndefined();
        expect(differentStacksProblem("o", renderOf("dev-aws") as never, "n", renderOf("dev-aws", "web:9") as never)).toBeUndefined();
    });
});

describe("kubeship estimate", () => {
    it("shows the total, the chain, the critical path and the gantt chart, and no benchmark target", async () => {
        const r = await run(["estimate", "--from", folder(renderOf("dev-aws"))]);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^# Deploy-time estimate: /);
        expect(r.out).toMatch(/Simulated `pulumi up` from scratch \(\d+ resources, cloud: aws\): \*\*\d\d:\d\d\*\*/);
        expect(r.out).toContain("## Unavoidable chain");
        expect(r.out).toContain("## Critical path");
        expect(r.out).toContain("```mermaid\ngantt");
        expect(r.out).not.toMatch(/target|not met|\bmet\b|≤ 1\.05/i);
        const json = JSON.parse((await run(["estimate", "--from", folder(renderOf("dev-aws")), "--format", "json"])).out);
        expect(json.chain).not.toHaveProperty("target");
        expect(json.chain).not.toHaveProperty("withinTarget");
        expect(json.total).toBeGreaterThan(0);
    });
});
