/**
 * The kubeship command as a user runs it: a real process, real files.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, KUBESHIP_DEBUG: "" } });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-cli-"));

describe("kubeship render", () => {
    it("writes resources.json, manifests.yaml and diagram.mmd, and prints a summary", () => {
        const out = path.join(tmp(), "local");
        const r = run(["render", "--stack", "local", "--out", out]);
        // No progress line off a terminal, however busy the machine.
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(fs.readdirSync(out).sort()).toEqual([".kubeship-render", "diagram.mmd", "manifests.yaml", "resources.json"]);
        expect(r.stdout).toMatch(/^local: \d+ resources \(existing, dev\)/);
        expect(r.stdout).toContain("by type:");
        expect(JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"))[0]).toHaveProperty("urn");
    });

    it("exits 2 on a bad config, prints positioned lines without a stack trace, and writes nothing", () => {
        const dir = tmp();
        const out = path.join(dir, "bad");
        const r = run(["render", "--config", "test/fixtures/invalid/many.yaml", "--cloud", "aws", "--out", out]);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        const lines = r.stderr.trim().split("\n");
        expect(lines.length).toBeGreaterThan(5);
        for (const line of lines) expect(line).toMatch(/^test\/fixtures\/invalid\/many\.yaml:\d+:\d+ \S+: /);
        expect(r.stderr).not.toMatch(/\s+at .*\.(ts|js):\d+/);
        expect(fs.readdirSync(dir)).toEqual([]);
    });

    it("keeps an earlier render intact when a later one fails", () => {
        const out = path.join(tmp(), "local");
        expect(run(["render", "--stack", "local", "--out", out]).status).toBe(0);
        const before = fs.readFileSync(path.join(out, "resources.json"), "utf8");
        expect(run(["render", "--stack", "no-such-stack", "--out", out]).status).toBe(2);
        expect(fs.readFileSync(path.join(out, "resources.json"), "utf8")).toBe(before);
    });

    it("names the stacks there are when the stack does not exist", () => {
        const r = run(["render", "--stack", "nope", "--out", path.join(tmp(), "x")]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/^stacks\/Pulumi\.nope\.yaml:1:1 --stack: file not found: .*stacks: dev-aws, dev-azure/);
    });

    it("rejects a bad command line with one positioned line that points at the usage, exit 2", () => {
        const r = run(["render", "--stack"]);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe("(command line):1:1 --stack: needs a value (kubeship render --help shows its usage)\n");
    });
});

describe("the real command's manners", () => {
    const runEnv = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", ...env } });

    it("`render --help` exits 0 with the usage on stdout (it used to exit 2 with a raw Node message)", () => {
        const r = run(["render", "--help"]);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("kubeship render --stack NAME");
        expect(r.stderr).toBe("");
    });

    it("`--version` prints package.json's version", () => {
        const r = run(["--version"]);
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(`kubeship ${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
    });

    it("writes no colour to a pipe unless FORCE_COLOR asks, and NO_COLOR then does not matter", () => {
        const { FORCE_COLOR: _f, NO_COLOR: _n, ...env } = process.env;
        const plain = spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), "rendr"], { cwd: ROOT, encoding: "utf8", env });
        expect(plain.status).toBe(2);
        expect(plain.stderr).not.toContain("\x1b[");
        const forced = runEnv(["rendr"], { FORCE_COLOR: "1", NO_COLOR: "1" });
        expect(forced.status).toBe(2);
        expect(forced.stderr).toContain("\x1b[1m(command line):1:1\x1b[22m");
    });
});

describe("kubeship validate and schema", () => {
    it("validates a good file and exits 0", () => {
        const r = run(["validate", "examples/guestbook.yaml"]);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("examples/guestbook.yaml: valid");
    });

    it("rejects a bad file with exit 2", () => {
        const r = run(["validate", "test/fixtures/invalid/duplicate-tier.yaml"]);
        expect(r.status).toBe(2);
        expect(r.stderr).toContain('duplicate tier name "web"');
    });

    it("prints the JSON Schema that is committed in schema/", () => {
        const r = run(["schema"]);
        expect(r.status).toBe(0);
        // If this fails, regenerate: npm run schema
        expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, "schema/kubeship.schema.json"), "utf8"));
    });
});

describe("README", () => {
    it("has the current config reference (regenerate with npm run docs)", async () => {
        const { withReference } = await import("../../components/config/readme");
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(withReference(readme)).toBe(readme);
    });

    it("documents every field of the schema", async () => {
        const { referenceRows } = await import("../../components/config/reference");
        const undocumented = referenceRows().filter((r) => !r.description).map((r) => r.path);
        expect(undocumented).toEqual([]);
    });
});
