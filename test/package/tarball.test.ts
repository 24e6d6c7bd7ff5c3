/**
 * The package as a user gets it: `npm pack` (which builds dist/), installed into
 * a fresh project with no cloud SDK, then
 *   1. the project's program, using `kubeship` and `kubeship/program`, type-checks
 *      with the tsconfig of `pulumi new typescript` (moduleResolution nodenext, without
 *      skipLibCheck), and resolves under node10 as older projects have it;
 *   2. the compiled program runs under Pulumi's mocks with plain node;
 *   3. a cloud whose SDK is not installed fails with the npm install to run;
 *   4. the installed CLI inits and renders the project.
 * The install reads npm's cache first (`npm ci` filled it) and skips install
 * scripts; only @pulumi/pulumi, @pulumi/kubernetes and @types/node join the tarball.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-tarball-"));
const project = path.join(dir, "project");
let packed: string[] = [];
const timings: Record<string, number> = {};

function timed<T>(label: string, f: () => T): T {
    const t = Date.now();
    try {
        return f();
    } finally {
        timings[label] = Date.now() - t;
    }
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { loadPlatform, MultiTierApp, type PlatformConfig } from "kubeship";
import { deployPlatform, type DeployOutputs } from "kubeship/program";

// The library's components and config API, as a program that builds its own app would use them.
const tierNames = (p: PlatformConfig): string[] => Object.keys(p.app.tiers);
const library: [typeof MultiTierApp, typeof loadPlatform] = [MultiTierApp, loadPlatform];

export = async (): Promise<DeployOutputs & { library: string[] }> => {
    const platform = await deployPlatform();
    pulumi.log.debug(String(tierNames));
    return { ...platform, library: library.map((f) => f.name) };
};
`;

// Plain node, no tsx: Pulumi's mocks, then the compiled program (bin/, the template's outDir).
const RUN_JS = `const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks({
    newResource: (a) => { types.push(a.type); return { id: a.name + "-id", state: a.inputs }; },
    call: (a) => a.inputs,
}, "project", process.env.STACK, false);
require("./bin/index.js")().then(
    (out) => out.namespace.apply((ns) => setTimeout(() => console.log(JSON.stringify({ ns, library: out.library, types })), 100)),
    (e) => console.log(JSON.stringify({ error: e.message, runError: e instanceof pulumi.RunError })),
);
`;

beforeAll(() => {
    const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    // prepack runs `npm run build`.
    const tgz = timed("pack", () => npm(["pack", "--pack-destination", dir, "--silent"], ROOT).trim().split("\n").pop()!);
    packed = execFileSync("tar", ["tzf", path.join(dir, tgz)], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), '{ "name": "project", "private": true }\n');
    const pin = (n: string) => `${n}@${pkg.devDependencies[n]}`;
    timed("install", () => npm(["install", path.join(dir, tgz), pin("@pulumi/pulumi"), pin("@pulumi/kubernetes"), pin("@types/node"), "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], project));
}, 300_000);

// The project holds ~150 MB of node_modules: never left behind.
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the packed tarball", () => {
    it("holds the build, the CLI, the templates and the papers, and nothing else", () => {
        const allowed = /^(dist\/(components|cli|policy)\/.+\.(js|d\.ts)|dist\/policy\/(PulumiPolicy\.yaml|package\.json)|cli\/(kubeship|lazy-closures)\.js|program\/package\.json|templates\/.+|schema\/kubeship\.schema\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
        expect(packed.filter((f) => !allowed.test(f))).toEqual([]);
        for (const f of ["dist/components/index.js", "dist/components/index.d.ts", "dist/components/program.js", "dist/components/program.d.ts", "dist/cli/main.js", "dist/policy/index.js", "dist/policy/PulumiPolicy.yaml", "templates/github/workflows/stacks.yml", "LICENSE", "CHANGELOG.md", "templates/platform/web.yaml"]) expect(packed).toContain(f);
        expect(packed.some((f) => /(^|\/)(test|bench|fixtures|stacks|examples|\.github)\//.test(f) || f.endsWith(".test.js"))).toBe(false);
    });

    it("ships no untracked file: everything but dist/ is in git", () => {
        const tracked = spawnSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" });
        if (tracked.status !== 0) return; // no git (a source tarball): the allow-list above still holds
        const files = new Set(tracked.stdout.split("\n"));
        expect(packed.filter((f) => !f.startsWith("dist/") && !files.has(f))).toEqual([]);
    });

    it("installs with no cloud SDK: each is an optional peer", () => {
        const modules = fs.readdirSync(path.join(project, "node_modules/@pulumi")).sort();
        expect(modules).toEqual(["kubernetes", "pulumi"]);
        expect(fs.existsSync(path.join(project, "node_modules/kubeship/dist/components/index.js"))).toBe(true);
    });

    it("kubeship init from the package writes the project; its program type-checks with the pulumi new typescript tsconfig (nodenext), and resolves under node10", async () => {
        const init = spawnSync(process.execPath, ["node_modules/.bin/kubeship", "init", "--cloud", "existing,aws", "--env", "dev"], { cwd: project, encoding: "utf8" });
        expect(init.stderr).toBe("");
        expect(init.status).toBe(0);
        // init left the project's package.json alone and wrote pulumi new's tsconfig.
        expect(JSON.parse(fs.readFileSync(path.join(project, "tsconfig.json"), "utf8")).compilerOptions).toMatchObject({ strict: true, module: "nodenext", moduleResolution: "nodenext", outDir: "bin" });
        fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
        const t = Date.now();
        const nodenext = await promisify(execFile)(process.execPath, [TSC, "-p", "."], { cwd: project, encoding: "utf8" }).then(() => "", (e: { stdout?: string }) => e.stdout ?? String(e));
        timings.typecheck = Date.now() - t;
        expect(nodenext).toBe("");
        expect(fs.existsSync(path.join(project, "bin/index.js"))).toBe(true);
        // node10 (projects from pulumi new before 2026-03) ignores exports: both entry points resolve
        // through real files to the same types (a whole second type-check would only repeat the above).
        const from = path.join(project, "index.ts");
        const node10 = (name: string) => ts.resolveModuleName(name, from, { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys).resolvedModule?.resolvedFileName;
        const real = (f: string | undefined) => (f ? fs.realpathSync(f) : f);
        const installed = fs.realpathSync(path.join(project, "node_modules/kubeship"));
        expect(real(node10("kubeship"))).toBe(path.join(installed, "dist/components/index.d.ts"));
        expect(real(node10("kubeship/program"))).toBe(path.join(installed, "dist/components/program.d.ts"));
    }, 240_000);

    it("the compiled program runs under mocks with plain node (no tsx) and builds the platform", () => {
        fs.writeFileSync(path.join(project, "run.js"), RUN_JS);
        const config = { "kubeship:config": "platform.yaml", "kubeship:cloud": "existing", "kubeship:environment": "dev", "kubeship:overrides": JSON.stringify({ cluster: { existing: { context: "kind-kind" } } }) };
        const r = spawnSync(process.execPath, ["run.js"], { cwd: project, encoding: "utf8", env: { ...process.env, STACK: "dev-existing", PULUMI_CONFIG: JSON.stringify(config), NODE_OPTIONS: "" } });
        expect(r.status).toBe(0);
        const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ns: string; library: string[]; types: string[] };
        expect(out.ns).toBe("web");
        expect(out.library).toEqual(["MultiTierApp", "loadPlatform"]);
        expect(out.types).toEqual(expect.arrayContaining(["kubeship:cluster:ExistingCluster", "kubeship:app:MultiTierApp", "kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Namespace"]));
    });

    it("a cloud whose SDK is not installed fails with the npm install to run, as a RunError", () => {
        const config = { "kubeship:config": "platform.yaml", "kubeship:cloud": "aws", "kubeship:region": "us-east-1", "kubeship:environment": "dev" };
        const r = spawnSync(process.execPath, ["run.js"], { cwd: project, encoding: "utf8", env: { ...process.env, STACK: "dev-aws", PULUMI_CONFIG: JSON.stringify(config), NODE_OPTIONS: "" } });
        expect(JSON.parse(r.stdout.trim())).toEqual({
            error: 'the aws cloud needs the Pulumi SDK @pulumi/aws, which is not installed (kubeship declares it an optional peer dependency); run: npm install @pulumi/aws@"^7.48.0"',
            runError: true,
        });
    });

    it("the installed kubeship command renders the project with its own program, and reports a missing SDK (exit 2)", () => {
        const cli = (args: string[]) => spawnSync(process.execPath, ["node_modules/.bin/kubeship", ...args], { cwd: project, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
        expect(cli(["--version"]).stdout).toBe(`kubeship ${pkg.version}\n`);
        const r = timed("render", () => cli(["render", "--stack", "dev-existing", "--quiet"]));
        expect(r.status).toBe(0);
        const resources = JSON.parse(fs.readFileSync(path.join(project, "out/dev-existing/resources.json"), "utf8")) as { urn: string }[];
        expect(resources[0].urn).toMatch(/^urn:pulumi:dev-existing::project::/);
        const aws = cli(["render", "--stack", "dev-aws", "--quiet"]);
        expect(aws.status).toBe(2);
        expect(aws.stderr).toBe('the aws cloud needs the Pulumi SDK @pulumi/aws, which is not installed (kubeship declares it an optional peer dependency); run: npm install @pulumi/aws@"^7.48.0"\n');
        // How long each step took, for the report (vitest prints it with --reporter verbose).
        console.log(`tarball test timings (ms): ${JSON.stringify(timings)}`);
    });
});
