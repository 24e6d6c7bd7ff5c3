/**
 * diffCommand as the CLI calls it: real folders, exit codes 0 / 1 / 2.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { diffCommand } from "../../components/diff";

const dir = (resources?: unknown, raw?: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-diff-"));
    if (raw !== undefined) fs.writeFileSync(path.join(d, "resources.json"), raw);
    else if (resources !== undefined) fs.writeFileSync(path.join(d, "resources.json"), JSON.stringify(resources));
    return d;
};
const res = (image: string) => [{
    urn: "urn:pulumi:dev::kubeship::kubernetes:apps/v1:Deployment::web", type: "kubernetes:apps/v1:Deployment", name: "web",
    custom: true, inputs: { metadata: { name: "web" }, spec: { template: { spec: { containers: [{ image }] } } } }, dependencies: [], options: {},
}];

async function run(...args: string[]) {
    let out = "", err = "";
    const code = await diffCommand(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
}

describe("kubeship diff", () => {
    it("exits 0 and prints exactly 'No changes.' for equal renders", async () => {
        expect(await run(dir(res("a")), dir(res("a")))).toEqual({ code: 0, out: "No changes.\n", err: "" });
    });

    it("exits 1 with a Markdown report when renders differ", async () => {
        const r = await run(dir(res("a")), dir(res("b")), "--title", "dev-aws");
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/^## dev-aws\n\n\*\*0 to add, 1 to change \(0 replace\), 0 to delete\*\*/);
        expect(r.out).toContain('`spec.template.spec.containers[0].image`: `"a"` → `"b"`');
    });

    it("prints the RenderDiff as JSON with --format json", async () => {
        const r = await run(dir(res("a")), dir(res("b")), "--format", "json");
        expect(r.code).toBe(1);
        const diff = JSON.parse(r.out);
        expect(diff.changed[0]).toMatchObject({ name: "web", action: "update", changes: [{ path: "spec.template.spec.containers[0].image", old: "a", new: "b" }] });
    });

    it.each([
        ["a missing folder", () => ["/nonexistent/kubeship-old", dir(res("a"))], /\/nonexistent\/kubeship-old: no such folder/],
        ["a folder without resources.json", () => [dir(), dir(res("a"))], /resources\.json: not found/],
        ["invalid JSON", () => [dir(undefined, "{nope"), dir(res("a"))], /resources\.json: invalid JSON/],
        ["JSON that is not a render", () => [dir({ a: 1 }), dir(res("a"))], /expected an array of resources, got object/],
        ["one folder only", () => [dir(res("a"))], /^\(command line\):1:1 diff: takes OLD_DIR and NEW_DIR/],
        ["a bad format", () => [dir(res("a")), dir(res("a")), "--format", "html"], /^\(command line\):1:1 --format: must be markdown or json, got "html"/],
        ["an unknown flag", () => [dir(res("a")), dir(res("a")), "--titel", "x"], /^\(command line\):1:1 --titel: is not a flag of diff; did you mean --title\?/],
    ])("exits 2 on %s with one clear message and no stack trace", async (_, args, message) => {
        const r = await run(...args());
        expect(r.code).toBe(2);
        expect(r.out).toBe("");
        expect(r.err).toMatch(message);
        expect(r.err.trimEnd().split("\n")).toHaveLength(1);
        expect(r.err.split("\n")[0]).toMatch(/^(kubeship diff: |\(command line\):1:1 )/);
        expect(r.err).not.toMatch(/\s+at .*:\d+/);
    });
});
