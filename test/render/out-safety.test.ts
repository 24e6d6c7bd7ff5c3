/**
 * `render --out DIR` never deletes what is not a kubeship render (issue 9, section 1).
 * Every case runs in temporary folders: a few through the real command, the rest in-process.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { checkStack } from "../../components/render/stack-file";
import { checkOutDir, MARKER_TEXT, outDirProblem, RENDER_MARKER, writeRender, type OutContext } from "../../components/render/write";

// A hook into mkdtempSync, which writeRender calls after its first check and before the swap.
const hooks = vi.hoisted(() => ({ beforeTemp: undefined as undefined | (() => void) }));
vi.mock("node:fs", async (importOriginal) => {
    const real = await importOriginal<typeof import("node:fs")>();
    const mkdtempSync = ((prefix: string, opts?: unknown) => {
        hooks.beforeTemp?.();
        return real.mkdtempSync(prefix, opts as BufferEncoding);
    }) as typeof real.mkdtempSync;
    return { ...real, default: { ...real, mkdtempSync }, mkdtempSync };
});

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "cli/kubeship.js");
const FILES = { "resources.json": "[]\n", "manifests.yaml": "", "diagram.mmd": "flowchart LR\n" };

afterEach(() => { hooks.beforeTemp = undefined; });

/** A project folder (package.json, a platform file, a stack) and a separate home folder. */
function project(): { root: string; ctx: OutContext } {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-out-")));
    const root = path.join(base, "project");
    const home = path.join(base, "home");
    fs.mkdirSync(path.join(root, "stacks"), { recursive: true });
    fs.mkdirSync(path.join(home, "notes"), { recursive: true });
    fs.writeFileSync(path.join(root, "package.json"), "{}\n");
    fs.writeFileSync(path.join(root, "platform.yaml"), "cluster:\n  nodePools:\n    general: { min: 1, max: 2 }\napp:\n  name: demo\n  tiers:\n    api:\n      image: example/api:1.0.0\n      ports: { http: 8080 }\n");
    fs.writeFileSync(path.join(root, "stacks/Pulumi.demo.yaml"), "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n");
    return { root, ctx: { cwd: root, home } };
}

/** Every file below `dir` with its content: to show that nothing changed. */
function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        const p = path.join(entry.parentPath, entry.name);
        const rel = path.relative(dir, p);
        if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
        else if (entry.isFile()) out[rel] = fs.readFileSync(p, "utf8");
        else out[rel] = "(dir)";
    }
    return out;
}

/** The one error line for `outDir`, with the guard's own check and writeRender's both refusing, and nothing changed. */
function refusal(outDir: string, ctx: OutContext, watch = path.dirname(ctx.cwd)): string {
    const before = snapshot(watch);
    const problem = outDirProblem(outDir, ctx);
    let thrown: unknown;
    try { writeRender({ files: FILES }, outDir, ctx); } catch (e) { thrown = e; }
    expect(ConfigError.is(thrown)).toBe(true);
    expect(problem).toBeDefined();
    expect(snapshot(watch)).toEqual(before);
    return (thrown as Error).message;
}

const run = (args: string[], cwd: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, KUBESHIP_DEBUG: "", ...env } });

describe("what a render may replace", () => {
    it("writes into a new folder, with the marker beside the outputs, byte-identically each time", () => {
        const { root, ctx } = project();
        writeRender({ files: FILES }, "out/demo", ctx);
        const first = snapshot(path.join(root, "out/demo"));
        expect(first).toEqual({ ...FILES, [RENDER_MARKER]: MARKER_TEXT });
        writeRender({ files: FILES }, "out/demo", ctx);
        expect(snapshot(path.join(root, "out/demo"))).toEqual(first);
        expect(fs.readdirSync(path.join(root, "out"))).toEqual(["demo"]);
    });

    it("replaces an earlier render and an empty folder", () => {
        const { root, ctx } = project();
        writeRender({ files: { ...FILES, "diagram.mmd": "old\n" } }, "out/demo", ctx);
        writeRender({ files: FILES }, "out/demo", ctx);
        expect(fs.readFileSync(path.join(root, "out/demo/diagram.mmd"), "utf8")).toBe("flowchart LR\n");
        fs.mkdirSync(path.join(root, "empty"));
        writeRender({ files: FILES }, "empty", ctx);
        expect(fs.readdirSync(path.join(root, "empty")).sort()).toEqual([RENDER_MARKER, "diagram.mmd", "manifests.yaml", "resources.json"]);
    });

    it("refuses a file", () => {
        const { ctx } = project();
        expect(refusal("package.json", ctx)).toBe('(command line):1:1 --out: is a file, not a render folder, got "package.json"; choose another --out (kubeship never replaces a file)');
    });

    it("refuses a path through a file", () => {
        const { ctx } = project();
        expect(refusal("package.json/x", ctx)).toBe('(command line):1:1 --out: cannot be a folder (part of the path is a file), got "package.json/x"; choose another --out');
    });

    it("refuses a non-empty folder without the marker", () => {
        const { ctx } = project();
        expect(refusal("stacks", ctx)).toBe('(command line):1:1 --out: is a folder kubeship did not render (it has no .kubeship-render) and is not empty, got "stacks"; choose a new or empty folder, e.g. --out out/<stack>');
    });

    it("refuses a render folder that also holds the user's files", () => {
        const { root, ctx } = project();
        writeRender({ files: FILES }, "out/demo", ctx);
        fs.writeFileSync(path.join(root, "out/demo/notes.txt"), "mine\n");
        fs.mkdirSync(path.join(root, "out/demo/keep"));
        expect(refusal("out/demo", ctx)).toBe('(command line):1:1 --out: holds files a render does not write (keep, notes.txt), got "out/demo"; move them out, or choose another --out');
    });

    it("refuses a render folder where an output name is not a plain file", () => {
        const { root, ctx } = project();
        fs.mkdirSync(path.join(root, "out/demo/diagram.mmd"), { recursive: true });
        fs.writeFileSync(path.join(root, "out/demo", RENDER_MARKER), MARKER_TEXT);
        expect(refusal("out/demo", ctx)).toMatch(/holds files a render does not write \(diagram\.mmd\)/);
    });

    it("refuses the current folder, the project folder, its parents and /", () => {
        const { root, ctx } = project();
        expect(refusal(".", ctx)).toBe('(command line):1:1 --out: is the current folder, got "."; render into a folder of its own, e.g. --out out/<stack>');
        expect(refusal("", ctx)).toBe('(command line):1:1 --out: is the current folder, got ""; render into a folder of its own, e.g. --out out/<stack>');
        const sub = { ...ctx, cwd: path.join(root, "stacks") };
        expect(refusal("..", sub)).toBe('(command line):1:1 --out: is the project folder, got ".."; render into a folder of its own, e.g. --out out/<stack>');
        expect(refusal(root, sub)).toMatch(/--out: is the project folder, got /);
        expect(refusal("../..", sub)).toBe('(command line):1:1 --out: holds the project folder, got "../.."; render into a folder of its own, e.g. --out out/<stack>');
        expect(outDirProblem("/", ctx)).toBe('is the root folder, got "/"; render into a folder of its own, e.g. --out out/<stack>');
        expect(outDirProblem(`${root}/out/../..`, ctx)).toMatch(/^holds the project folder/);
    });

    it("refuses the home folder and its parents", () => {
        const { ctx } = project();
        expect(refusal(ctx.home, ctx)).toBe(`(command line):1:1 --out: is your home folder, got ${JSON.stringify(ctx.home)}; render into a folder of its own, e.g. --out out/<stack>`);
        const homeInside = { cwd: ctx.cwd, home: path.join(ctx.cwd, "..", "home", "notes") };
        expect(refusal(path.join(ctx.cwd, "..", "home"), homeInside)).toMatch(/--out: holds your home folder, got /);
    });

    it("refuses any path inside node_modules or .git, even a new one", () => {
        const { root, ctx } = project();
        fs.mkdirSync(path.join(root, "node_modules/@pulumi/pulumi"), { recursive: true });
        fs.mkdirSync(path.join(root, ".git"));
        expect(refusal("node_modules/@pulumi", ctx)).toBe('(command line):1:1 --out: is inside node_modules, got "node_modules/@pulumi"; render into a folder of its own, e.g. --out out/<stack>');
        expect(refusal("node_modules/new", ctx)).toMatch(/--out: is inside node_modules, got "node_modules\/new"/);
        expect(refusal(".git/render", ctx)).toBe('(command line):1:1 --out: is inside .git, got ".git/render"; render into a folder of its own, e.g. --out out/<stack>');
        // A symbolic link into node_modules counts as inside it.
        fs.symlinkSync(path.join(root, "node_modules"), path.join(root, "mods"));
        expect(refusal("mods/x", ctx)).toMatch(/--out: is inside node_modules, got "mods\/x"/);
    });

    it("refuses a symbolic link, even to a render", () => {
        const { root, ctx } = project();
        writeRender({ files: FILES }, "out/demo", ctx);
        fs.symlinkSync(path.join(root, "out/demo"), path.join(root, "link"));
        expect(refusal("link", ctx)).toBe(`(command line):1:1 --out: is a symbolic link to ${JSON.stringify(path.join(root, "out/demo"))}, got "link"; kubeship replaces only folders it rendered, so pass a real folder as --out`);
        fs.symlinkSync(root, path.join(root, "out/up"));
        expect(refusal("out/up", ctx)).toMatch(/--out: is a symbolic link to /);
    });

    it("checks again at the moment of the swap: a file added during the render is kept, and nothing is replaced", () => {
        const { root, ctx } = project();
        writeRender({ files: { ...FILES, "diagram.mmd": "old\n" } }, "out/demo", ctx);
        checkOutDir("out/demo", ctx);
        hooks.beforeTemp = () => fs.writeFileSync(path.join(root, "out/demo/notes.txt"), "mine\n");
        const before = { ...snapshot(path.join(root, "out/demo")), "notes.txt": "mine\n" };
        expect(() => writeRender({ files: FILES }, "out/demo", ctx)).toThrow(
            '(command line):1:1 --out: holds files a render does not write (notes.txt), got "out/demo"; nothing was replaced',
        );
        expect(snapshot(path.join(root, "out/demo"))).toEqual(before);
        expect(fs.readdirSync(path.join(root, "out"))).toEqual(["demo"]);
    });

    it("checks again at the moment of the swap: a folder replaced by a file is refused", () => {
        const { root, ctx } = project();
        hooks.beforeTemp = () => fs.writeFileSync(path.join(root, "late"), "mine\n");
        expect(() => writeRender({ files: FILES }, "late", ctx)).toThrow('(command line):1:1 --out: is a file, not a render folder, got "late"');
        expect(fs.readFileSync(path.join(root, "late"), "utf8")).toBe("mine\n");
        expect(fs.readdirSync(root).filter((n) => n.startsWith(".kubeship-tmp"))).toEqual([]);
    });
});

describe("stack names are checked before any path is built from them", () => {
    it.each(["..", ".", "a/b", ""])("refuses --stack %j", (stack) => {
        const { root } = project();
        expect(() => checkStack(stack, root)).toThrow(`(command line):1:1 --stack: is not a stack name, got ${JSON.stringify(stack)}; stack names use letters, digits, '-', '_' and '.' (and are not "." or "..")`);
    });

    it("refuses a stack without a stack file", () => {
        const { root } = project();
        expect(() => checkStack("prod", root)).toThrow('stacks/Pulumi.prod.yaml:1:1 --stack: file not found: "stacks/Pulumi.prod.yaml"; check the path (relative to the project root); stacks: demo');
        expect(() => checkStack("demo", root)).not.toThrow();
    });
});

describe("kubeship render --out, as a user runs it", () => {
    it("refuses --stack .. with the default out path, and leaves the project as it was", () => {
        const { root } = project();
        const before = snapshot(root);
        const r = run(["render", "--stack", ".."], root);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(`(command line):1:1 --stack: is not a stack name, got ".."; stack names use letters, digits, '-', '_' and '.' (and are not "." or "..")\n`);
        expect(snapshot(root)).toEqual(before);
    });

    it.each([
        [".", '(command line):1:1 --out: is the current folder, got "."; render into a folder of its own, e.g. --out out/<stack>'],
        ["stacks", '(command line):1:1 --out: is a folder kubeship did not render (it has no .kubeship-render) and is not empty, got "stacks"; choose a new or empty folder, e.g. --out out/<stack>'],
        ["platform.yaml", '(command line):1:1 --out: is a file, not a render folder, got "platform.yaml"; choose another --out (kubeship never replaces a file)'],
    ])("refuses --out %s with exit 2, one line, no stack trace and nothing changed", (out, line) => {
        const { root } = project();
        const before = snapshot(path.dirname(root));
        const r = run(["render", "--stack", "demo", "--out", out], root);
        expect(r.stderr).toBe(`${line}\n`);
        expect(r.status).toBe(2);
        expect(snapshot(path.dirname(root))).toEqual(before);
    });

    it("refuses --out $HOME", () => {
        const { root, ctx } = project();
        const r = run(["render", "--stack", "demo", "--out", ctx.home], root, { HOME: ctx.home });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`(command line):1:1 --out: is your home folder, got ${JSON.stringify(ctx.home)}; render into a folder of its own, e.g. --out out/<stack>\n`);
        expect(fs.readdirSync(ctx.home)).toEqual(["notes"]);
    });

    it("two renders into one folder at once leave one complete render", async () => {
        const { root } = project();
        const once = () => new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, [CLI, "render", "--stack", "demo", "--out", "out/demo", "--quiet"], { cwd: root, stdio: "ignore" });
            child.on("exit", resolve);
        });
        expect(await Promise.all([once(), once(), once()])).toEqual([0, 0, 0]);
        const files = fs.readdirSync(path.join(root, "out/demo")).sort();
        expect(files).toEqual([RENDER_MARKER, "diagram.mmd", "manifests.yaml", "resources.json"]);
        expect(JSON.parse(fs.readFileSync(path.join(root, "out/demo/resources.json"), "utf8")).length).toBeGreaterThan(5);
        expect(fs.readdirSync(path.join(root, "out"))).toEqual(["demo"]);
    });
});

describe("concurrent writers", () => {
    it("always leave one complete render from one writer, never a mix, a missing folder or leftovers", async () => {
        const { root } = project();
        writeRender({ files: FILES }, "out/demo", { cwd: root, home: os.homedir() });
        const script = `
            require(${JSON.stringify(createRequire(path.join(ROOT, "package.json")).resolve("tsx/cjs/api"))}).register();
            const { writeRender } = require(${JSON.stringify(path.join(ROOT, "components/render/write.ts"))});
            const [id, n] = process.argv.slice(1);
            for (let i = 0; i < Number(n); i++) {
                const text = id + ":" + i + "\\n";
                writeRender({ files: { "resources.json": text, "manifests.yaml": text, "diagram.mmd": text } }, "out/demo");
            }`;
        const writer = (id: string) => new Promise<string>((resolve) => {
            const child = spawn(process.execPath, ["-e", script, id, "40"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
            let err = "";
            child.stderr.on("data", (d) => { err += String(d); });
            child.on("exit", (code) => resolve(`${code}${err}`));
        });
        expect(await Promise.all(["a", "b", "c", "d"].map(writer))).toEqual(["0", "0", "0", "0"]);
        const dir = path.join(root, "out/demo");
        expect(fs.readdirSync(dir).sort()).toEqual([RENDER_MARKER, "diagram.mmd", "manifests.yaml", "resources.json"]);
        const texts = ["resources.json", "manifests.yaml", "diagram.mmd"].map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
        expect(texts[0]).toMatch(/^[abcd]:39\n$/);
        expect(new Set(texts).size).toBe(1);
        expect(fs.readdirSync(path.join(root, "out"))).toEqual(["demo"]);
    });
});
