/**
 * The CI matrix follows stacks/: exactly one job per stack file with a cloud
 * cluster, with the cloud, environment and runner its file says
 * (components/ci/matrix.ts), through the same script the workflows run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
    buildMatrix, environmentFromName, GITHUB_ENVIRONMENTS, matrixSummary, readStackFiles, stackMatrix, type StackJob,
} from "../../components/ci/matrix";
import { formatProblem } from "../../components/config/errors";

const repo = path.resolve(__dirname, "../..");
const script = path.join(repo, ".github/scripts/stack-matrix.ts");
const temps: string[] = [];

/** A project folder: Pulumi.yaml (stackConfigDir: stacks unless given) and the files named. */
function project(files: Record<string, string>, pulumiYaml = "name: p\nruntime: nodejs\nstackConfigDir: stacks\n"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-matrix-"));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

afterEach(() => {
    for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const stackFile = (settings: Record<string, string>, overrides = "") =>
    `config:\n  kubeship:config: app.yaml\n${Object.entries(settings).map(([k, v]) => `  kubeship:${k}: ${v}\n`).join("")}${overrides}`;
const APP = "app:\n  tiers: {}\n";
const pick = (jobs: StackJob[]) => jobs.map((j) => j.stack);

describe("the matrix follows stacks/", () => {
    it("a project with only dev-gcp and prod-gcp gets exactly those two jobs", () => {
        const dir = project({
            "app.yaml": APP,
            "stacks/Pulumi.dev-gcp.yaml": stackFile({ cloud: "gcp", region: "europe-west4", environment: "dev" }),
            "stacks/Pulumi.prod-gcp.yaml": stackFile({ cloud: "gcp", region: "europe-west4", environment: "prod" }, "  kubeship:overrides:\n    cluster:\n      endpoint: { public: false }\n"),
        });
        const m = stackMatrix(dir);
        expect(m.problems).toEqual([]);
        expect(m.all).toEqual([
            { stack: "dev-gcp", cloud: "gcp", environment: "dev", "github-environment": "dev", region: "europe-west4", "runs-on": '"ubuntu-24.04"' },
            { stack: "prod-gcp", cloud: "gcp", environment: "prod", "github-environment": "production", region: "europe-west4", "runs-on": '"ubuntu-24.04"' },
        ]);
        expect(pick(m.dev)).toEqual(["dev-gcp"]);
        expect(m.staging).toEqual([]);
        expect(pick(m.prod)).toEqual(["prod-gcp"]);
    });

    it("the workflows' script writes the same, as GitHub outputs (an empty environment is [])", () => {
        const dir = project({
            "app.yaml": APP,
            "stacks/Pulumi.dev-gcp.yaml": stackFile({ cloud: "gcp", environment: "dev" }),
            "stacks/Pulumi.prod-gcp.yaml": stackFile({ cloud: "gcp", environment: "prod" }),
        });
        const out = path.join(dir, "github-output");
        const summary = path.join(dir, "summary.md");
        execFileSync(process.execPath, ["--import", "tsx", script, "--root", dir, "--github-output", out, "--summary", summary], { cwd: repo, encoding: "utf8" });
        const outputs = Object.fromEntries(fs.readFileSync(out, "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), JSON.parse(l.slice(l.indexOf("=") + 1)) as StackJob[]]));
        expect(Object.keys(outputs)).toEqual(["all", "dev", "staging", "prod"]);
        expect(pick(outputs.all)).toEqual(["dev-gcp", "prod-gcp"]);
        expect(pick(outputs.dev)).toEqual(["dev-gcp"]);
        expect(outputs.staging).toEqual([]);
        expect(pick(outputs.prod)).toEqual(["prod-gcp"]);
        expect(fs.readFileSync(summary, "utf8")).toContain("| `prod-gcp` | gcp | prod | production | ubuntu-24.04 |");
    });

    it("adding a stack file adds its job, deleting one removes it", () => {
        const dir = project({ "app.yaml": APP, "stacks/Pulumi.dev-gcp.yaml": stackFile({ cloud: "gcp" }) });
        expect(pick(stackMatrix(dir).all)).toEqual(["dev-gcp"]);
        fs.writeFileSync(path.join(dir, "stacks/Pulumi.qa-azure.yaml"), stackFile({ cloud: "azure", environment: "staging" }));
        expect(pick(stackMatrix(dir).all)).toEqual(["dev-gcp", "qa-azure"]);
        expect(pick(stackMatrix(dir).staging)).toEqual(["qa-azure"]);
        fs.rmSync(path.join(dir, "stacks/Pulumi.dev-gcp.yaml"));
        expect(pick(stackMatrix(dir).all)).toEqual(["qa-azure"]);
        // Only Pulumi.<stack>.yaml files are stacks.
        fs.writeFileSync(path.join(dir, "stacks/README.md"), "x");
        fs.writeFileSync(path.join(dir, "stacks/Pulumi.old.yaml.bak"), stackFile({ cloud: "aws" }));
        expect(pick(stackMatrix(dir).all)).toEqual(["qa-azure"]);
    });

    it("this repository: nine cloud stacks, local skipped, the two private prod clusters on their runner groups", () => {
        const m = stackMatrix(repo);
        expect(m.problems.map(formatProblem)).toEqual([]);
        expect(pick(m.all)).toEqual(["dev-aws", "dev-azure", "dev-gcp", "prod-aws", "prod-azure", "prod-gcp", "staging-aws", "staging-azure", "staging-gcp"]);
        expect(m.skipped.map((s) => s.stack)).toEqual(["local"]);
        const runsOn = Object.fromEntries(m.all.map((j) => [j.stack, JSON.parse(j["runs-on"]) as unknown]));
        expect(runsOn["prod-aws"]).toEqual({ group: "kubeship-prod-aws" });
        expect(runsOn["prod-azure"]).toEqual({ group: "kubeship-prod-azure" });
        for (const s of ["dev-aws", "dev-azure", "dev-gcp", "staging-aws", "staging-azure", "staging-gcp", "prod-gcp"]) expect(runsOn[s]).toBe("ubuntu-24.04");
        expect(Object.fromEntries(m.all.map((j) => [j.stack, j["github-environment"]]))).toMatchObject({ "dev-aws": "dev", "staging-gcp": "staging", "prod-azure": "production" });
        expect(matrixSummary(m)).toContain("| `prod-aws` | aws | prod | production | runner group kubeship-prod-aws |");
    });
});

describe("each stack's facts come from its file, then the platform file, then its name", () => {
    it("cloud, environment and region from the platform file when the stack does not set them", () => {
        const dir = project({
            "app.yaml": "cluster:\n  cloud: azure\n  region: northeurope\n  environment: staging\n" + APP,
            "stacks/Pulumi.team-a.yaml": "config:\n  kubeship:config: app.yaml\n",
        });
        expect(stackMatrix(dir).all).toEqual([
            { stack: "team-a", cloud: "azure", environment: "staging", "github-environment": "staging", region: "northeurope", "runs-on": '"ubuntu-24.04"' },
        ]);
    });

    it("the environment from the stack's name when neither file sets it, as the program infers it", async () => {
        const dir = project({
            "app.yaml": APP,
            "stacks/Pulumi.prod-eu.yaml": stackFile({ cloud: "aws" }),
            "stacks/Pulumi.staging.yaml": stackFile({ cloud: "aws" }),
            "stacks/Pulumi.qa-aws.yaml": stackFile({ cloud: "aws" }),
        });
        const m = stackMatrix(dir);
        expect(pick(m.prod)).toEqual(["prod-eu"]);
        expect(pick(m.staging)).toEqual(["staging"]);
        expect(pick(m.dev)).toEqual(["qa-aws"]);
        const { inferEnvironment } = await import("../../components/program");
        for (const name of ["dev-aws", "staging-gcp", "prod-azure", "prod", "production-x", "prod.eu", "prod_eu", "qa-aws", "devops", "local", "Prod-aws"]) {
            expect(environmentFromName(name), name).toBe(inferEnvironment(name));
        }
    });

    it("the stack's settings win over the platform file's", () => {
        const dir = project({
            "app.yaml": "cluster:\n  cloud: aws\n  environment: dev\n  aws:\n    deployFrom: [10.0.0.0/16]\n" + APP,
            "stacks/Pulumi.x.yaml": stackFile({ environment: "prod" }, "  kubeship:overrides:\n    cluster:\n      aws:\n        deployFrom: github-hosted\n"),
        });
        expect(stackMatrix(dir).all).toEqual([
            { stack: "x", cloud: "aws", environment: "prod", "github-environment": "production", region: "", "runs-on": '"ubuntu-24.04"' },
        ]);
    });

    it.each([
        ["aws", "a CIDR list in the platform file", "cluster:\n  aws:\n    deployFrom: [10.0.0.0/16]\n", "", { group: "kubeship-s" }],
        ["aws", "a CIDR list in the stack's overrides", "", "  kubeship:overrides:\n    cluster:\n      aws:\n        deployFrom: [203.0.113.7/32]\n", { group: "kubeship-s" }],
        ["aws", "github-hosted", "cluster:\n  aws:\n    deployFrom: github-hosted\n", "", "ubuntu-24.04"],
        ["aws", "the default", "", "", "ubuntu-24.04"],
        ["azure", "vnet", "", "  kubeship:overrides:\n    cluster:\n      azure:\n        deployFrom: vnet\n", { group: "kubeship-s" }],
        ["azure", "fixed-address", "cluster:\n  azure:\n    deployFrom: fixed-address\n", "", { group: "kubeship-s" }],
        ["azure", "github-hosted", "cluster:\n  azure:\n    deployFrom: github-hosted\n", "", "ubuntu-24.04"],
        // Another cloud's setting says nothing about this one.
        ["azure", "aws's deployFrom", "cluster:\n  aws:\n    deployFrom: [10.0.0.0/16]\n", "", "ubuntu-24.04"],
        // GKE's DNS endpoint admits any address, IAM decides.
        ["gcp", "a private endpoint", "", "  kubeship:overrides:\n    cluster:\n      endpoint: { public: false }\n", "ubuntu-24.04"],
    ] as const)("%s, deployFrom %s: runs on %j", (cloud, _, file, overrides, runsOn) => {
        const dir = project({ "app.yaml": file + APP, "stacks/Pulumi.s.yaml": stackFile({ cloud }, overrides) });
        const [job] = stackMatrix(dir).all;
        expect(JSON.parse(job["runs-on"])).toEqual(runsOn);
    });

    it("every kubeship environment has its GitHub environment (the deploy identities trust these subjects)", () => {
        expect(GITHUB_ENVIRONMENTS).toEqual({ dev: "dev", staging: "staging", prod: "production" });
    });

    it("Pulumi.yaml without stackConfigDir: the stack files sit beside it", () => {
        const dir = project({ "app.yaml": APP, "Pulumi.dev-gcp.yaml": stackFile({ cloud: "gcp" }) }, "name: p\nruntime: nodejs\n");
        expect(pick(stackMatrix(dir).all)).toEqual(["dev-gcp"]);
        expect(readStackFiles(dir).files.map((f) => f.source.file)).toEqual(["Pulumi.dev-gcp.yaml"]);
    });

    it("a stack named like an Object.prototype key is a stack like any other", () => {
        const dir = project({ "app.yaml": APP, "stacks/Pulumi.constructor.yaml": stackFile({ cloud: "gcp" }), "stacks/Pulumi.__proto__.yaml": stackFile({ cloud: "aws" }) });
        expect(pick(stackMatrix(dir).all)).toEqual(["__proto__", "constructor"]);
    });
});

describe("stacks without a job, and wrong stack files", () => {
    it("an existing cluster gets no job, and says why", () => {
        const dir = project({ "app.yaml": APP, "stacks/Pulumi.local.yaml": stackFile({ cloud: "existing" }) });
        const m = stackMatrix(dir);
        expect(m.all).toEqual([]);
        expect(m.problems).toEqual([]);
        expect(m.skipped).toEqual([{ stack: "local", reason: expect.stringContaining("cloud existing") }]);
    });

    it("problems are positioned in the stack file and say the value and the fix", () => {
        const dir = project({
            "app.yaml": APP,
            "stacks/Pulumi.a.yaml": "config:\n  kubeship:config: app.yaml\n",
            "stacks/Pulumi.b.yaml": stackFile({ cloud: "ews" }),
            "stacks/Pulumi.c.yaml": stackFile({ cloud: "gcp", environment: "production" }),
            "stacks/Pulumi.d.yaml": "config:\n  kubeship:cloud: [gcp\n",
        });
        const m = stackMatrix(dir);
        expect(m.all).toEqual([]);
        expect(m.problems.map(formatProblem)).toMatchInlineSnapshot(`
          [
            "stacks/Pulumi.a.yaml:2:3 kubeship:cloud: is not set, here or in the platform file's cluster.cloud; set kubeship:cloud to one of aws, gcp, azure, existing",
            "stacks/Pulumi.b.yaml:3:19 kubeship:cloud: must be one of aws, gcp, azure, existing, got "ews"",
            "stacks/Pulumi.c.yaml:4:25 kubeship:environment: must be one of dev, staging, prod, got "production"",
            "stacks/Pulumi.d.yaml:3:1 config.kubeship:cloud[0]: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
          ]
        `);
    });

    it("the script prints each problem as a GitHub annotation and exits 2, writing no outputs", () => {
        const dir = project({ "app.yaml": APP, "stacks/Pulumi.b.yaml": stackFile({ cloud: "ews" }) });
        const out = path.join(dir, "github-output");
        const r = spawnSync(process.execPath, ["--import", "tsx", script, "--root", dir, "--github-output", out], { cwd: repo, encoding: "utf8" });
        expect(r.status).toBe(2);
        expect(r.stderr).toContain('::error file=stacks/Pulumi.b.yaml,line=3,col=19::kubeship:cloud: must be one of aws, gcp, azure, existing, got "ews"');
        expect(fs.existsSync(out)).toBe(false);
    });

    it("an unreadable platform file leaves only the stack's own settings (its preview reports the file)", () => {
        const dir = project({ "stacks/Pulumi.dev-gcp.yaml": stackFile({ cloud: "gcp" }) });
        expect(pick(stackMatrix(dir).all)).toEqual(["dev-gcp"]);
        const outside = project({ "stacks/Pulumi.dev-gcp.yaml": "config:\n  kubeship:config: ../../etc/passwd\n  kubeship:cloud: gcp\n" });
        expect(pick(stackMatrix(outside).all)).toEqual(["dev-gcp"]);
    });

    it("buildMatrix sorts by stack name whatever order the files come in", () => {
        const dir = project({ "app.yaml": APP, "stacks/Pulumi.b.yaml": stackFile({ cloud: "gcp" }), "stacks/Pulumi.a.yaml": stackFile({ cloud: "gcp" }) });
        const { files } = readStackFiles(dir);
        expect(pick(buildMatrix([...files].reverse()).all)).toEqual(["a", "b"]);
    });
});
