/**
 * The CI matrix, computed from the stack files: one preview and one deploy job
 * per stack in `stacks/` (Pulumi.yaml's `stackConfigDir`), each with its cloud,
 * environment and runner read from the stack file itself. No workflow names a
 * stack: adding `stacks/Pulumi.qa-gcp.yaml` adds its jobs, deleting one removes
 * them. `.github/scripts/stack-matrix.ts` prints it for the workflows.
 *
 * Per stack, from its file (`config:`), then the platform file it names
 * (`kubeship:config`), then the stack name, as the program itself resolves them:
 * - cloud: `kubeship:cloud`, else the file's `cluster.cloud`. An `existing`
 *   cluster (a laptop's kind context) gets no job: CI cannot reach it.
 * - environment: `kubeship:environment`, else the file's `cluster.environment`,
 *   else the stack name's prefix (`prod-…`), else dev; it orders the deploys
 *   (dev → staging → prod) and picks the GitHub environment (prod → production).
 * - runner: GitHub-hosted (`ubuntu-24.04`) unless the stack deploys from
 *   somewhere else (`cluster.aws.deployFrom` a CIDR list, `cluster.azure.deployFrom`
 *   `vnet` or `fixed-address`): then the runner group `kubeship-<stack>`.
 * - region: `kubeship:region`, else the file's `cluster.region` (AWS's STS call).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { showValue, type ConfigProblem } from "../config/errors";
import { CLOUDS, ENVIRONMENTS } from "../config/schema";
import { stackNameProblem } from "../config/stack-keys";
import { outsideProject, positionOf, readYaml, type YamlSource } from "../config/source";

export type CiCloud = "aws" | "gcp" | "azure";
export type CiEnvironment = (typeof ENVIRONMENTS)[number];

/** One stack's job: the inputs of `.github/workflows/pulumi-stack.yml`, by their names there. */
export interface StackJob {
    stack: string;
    cloud: CiCloud;
    environment: CiEnvironment;
    /** The GitHub environment the deploy runs in: its OIDC subject, variables and reviewers. */
    "github-environment": string;
    /** Empty when neither the stack nor the file names one. */
    region: string;
    /** JSON for `runs-on: ${{ fromJSON(inputs.runs-on) }}`: a label, or `{"group": …}`. */
    "runs-on": string;
}

export interface StackMatrix {
    /** Every stack with a job, sorted by name. */
    all: StackJob[];
    dev: StackJob[];
    staging: StackJob[];
    prod: StackJob[];
    /** Stacks without a job, and why. */
    skipped: { stack: string; reason: string }[];
    problems: ConfigProblem[];
}

/** A stack file, parsed, and the platform file it names (when it could be read). */
export interface StackFile {
    stack: string;
    source: YamlSource;
    platform?: unknown;
}

/** The runner of a stack that GitHub's own runners can deploy. */
export const GITHUB_HOSTED_RUNNER = "ubuntu-24.04";

/** GitHub environment per kubeship environment; the deploy identities trust these subjects (bootstrap/). */
export const GITHUB_ENVIRONMENTS: Readonly<Record<CiEnvironment, string>> = { dev: "dev", staging: "staging", prod: "production" };

/** The self-hosted (or fixed-address) runner group that deploys `stack`. */
export function runnerGroup(stack: string): string {
    return `kubeship-${stack}`;
}

/** The environment a stack's name implies, as components/program.ts infers it (a test keeps the two equal). */
export function environmentFromName(stack: string): CiEnvironment {
    const m = /^(dev|staging|prod)\b/.exec(stack);
    return m ? (m[1] as CiEnvironment) : "dev";
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The value at `keys` in a parsed YAML value, own keys only. */
function at(value: unknown, keys: readonly string[]): unknown {
    let cur = value;
    for (const k of keys) {
        if (!isMap(cur) || !Object.hasOwn(cur, k)) return undefined;
        cur = cur[k];
    }
    return cur;
}

/**
 * Whether GitHub's hosted runners can deploy the stack: they have no fixed
 * address, so a stack whose API server admits only a CIDR list (EKS), a runner
 * in the VNet or fixed addresses (AKS) needs its own runner. GKE is reached on
 * its DNS endpoint, authorized by IAM, from anywhere (README "GCP").
 * The stack's overrides win over the platform file, as in the loader's merge.
 */
export function deploysFromHostedRunner(cloud: CiCloud, overrides: unknown, platform: unknown): boolean {
    if (cloud === "gcp") return true;
    const keys = ["cluster", cloud, "deployFrom"];
    const own = at(overrides, keys);
    const deployFrom = own !== undefined ? own : at(platform, keys);
    return deployFrom === undefined || deployFrom === "github-hosted";
}

/** The job of one stack, why it has none, or what is wrong with its file. */
export function stackJob(file: StackFile): { job: StackJob } | { skipped: string } | { problems: ConfigProblem[] } {
    const { stack, source, platform } = file;
    const problem = (keys: readonly PropertyKey[], p: string, message: string): { problems: ConfigProblem[] } => ({
        problems: [{ ...positionOf(source, keys), path: p, message }],
    });
    const nameProblem = stackNameProblem(stack);
    if (nameProblem) return { problems: [{ file: source.file, line: 1, column: 1, path: "(file)", message: `its stack ${nameProblem}; rename the file` }] };
    const config = at(source.value, ["config"]);
    const setting = (key: string) => at(config, [`kubeship:${key}`]);
    const cluster = at(platform, ["cluster"]);

    const cloud = text(setting("cloud")) ?? text(at(cluster, ["cloud"]));
    if (cloud === undefined) {
        return problem(["config"], "kubeship:cloud", `is not set, here or in the platform file's cluster.cloud; set kubeship:cloud to one of ${CLOUDS.join(", ")}`);
    }
    if (!(CLOUDS as readonly string[]).includes(cloud)) {
        return problem(["config", "kubeship:cloud"], "kubeship:cloud", `must be one of ${CLOUDS.join(", ")}, got ${showValue(cloud)}`);
    }
    if (cloud === "existing") return { skipped: "cloud existing: the cluster is a kubeconfig context CI cannot reach; `kubeship render` checks it offline" };

    const environment = text(setting("environment")) ?? text(at(cluster, ["environment"])) ?? environmentFromName(stack);
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
        return problem(["config", "kubeship:environment"], "kubeship:environment", `must be one of ${ENVIRONMENTS.join(", ")}, got ${showValue(environment)}`);
    }
    const ciCloud = cloud as CiCloud;
    const hosted = deploysFromHostedRunner(ciCloud, setting("overrides"), platform);
    return {
        job: {
            stack,
            cloud: ciCloud,
            environment: environment as CiEnvironment,
            "github-environment": GITHUB_ENVIRONMENTS[environment as CiEnvironment],
            region: text(setting("region")) ?? text(at(cluster, ["region"])) ?? "",
            "runs-on": JSON.stringify(hosted ? GITHUB_HOSTED_RUNNER : { group: runnerGroup(stack) }),
        },
    };
}

/** The matrix of every stack file given: exactly one job per deployable stack. */
export function buildMatrix(files: readonly StackFile[]): StackMatrix {
    const out: StackMatrix = { all: [], dev: [], staging: [], prod: [], skipped: [], problems: [] };
    for (const file of [...files].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0))) {
        const r = stackJob(file);
        if ("job" in r) {
            out.all.push(r.job);
            out[r.job.environment].push(r.job);
        } else if ("skipped" in r) out.skipped.push({ stack: file.stack, reason: r.skipped });
        else out.problems.push(...r.problems);
    }
    return out;
}

/** Where Pulumi looks for stack files: Pulumi.yaml's `stackConfigDir`, else the project folder. */
export function stackConfigDir(root: string): string {
    let dir: unknown;
    try {
        dir = at(parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")), ["stackConfigDir"]);
    } catch {
        dir = undefined;
    }
    return typeof dir === "string" && dir !== "" ? dir : ".";
}

/** Reads every `Pulumi.<stack>.yaml` of the project at `root`, and the platform file each names. */
export function readStackFiles(root: string): { files: StackFile[]; problems: ConfigProblem[] } {
    const dir = stackConfigDir(root);
    const files: StackFile[] = [];
    const problems: ConfigProblem[] = [];
    let names: string[];
    try {
        names = fs.readdirSync(path.join(root, dir));
    } catch {
        names = [];
    }
    for (const name of names.sort()) {
        const m = /^Pulumi\.(.+)\.yaml$/.exec(name);
        if (!m) continue;
        const shown = path.posix.join(dir === "." ? "" : dir.split(path.sep).join("/"), name);
        const read = readYaml(path.join(root, dir, name), shown);
        problems.push(...read.problems);
        if (!read.source || read.problems.length) continue;
        files.push({ stack: m[1], source: read.source, platform: readPlatform(root, at(read.source.value, ["config", "kubeship:config"])) });
    }
    return { files, problems };
}

/**
 * The platform file's value, or undefined when it cannot be read: the stack's
 * own preview then reports why, with the loader's positioned message.
 */
function readPlatform(root: string, configFile: unknown): unknown {
    if (typeof configFile !== "string" || configFile === "" || outsideProject(root, configFile)) return undefined;
    const read = readYaml(path.resolve(root, configFile), configFile);
    return read.problems.length ? undefined : read.source?.value;
}

/** The matrix of the project at `root`. */
export function stackMatrix(root: string): StackMatrix {
    const { files, problems } = readStackFiles(root);
    const m = buildMatrix(files);
    m.problems = [...problems, ...m.problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return m;
}

/** `name=value` lines for `$GITHUB_OUTPUT`: each list as one line of JSON. */
export function githubOutput(m: StackMatrix): string {
    return (["all", "dev", "staging", "prod"] as const).map((k) => `${k}=${JSON.stringify(m[k])}\n`).join("");
}

/** A Markdown table of the jobs and the skipped stacks, for the job summary. */
export function matrixSummary(m: StackMatrix): string {
    const runner = (j: StackJob) => {
        const r = JSON.parse(j["runs-on"]) as string | { group: string };
        return typeof r === "string" ? r : `runner group ${r.group}`;
    };
    const rows = m.all.map((j) => `| \`${j.stack}\` | ${j.cloud} | ${j.environment} | ${j["github-environment"]} | ${runner(j)} |`);
    const skipped = m.skipped.map((s) => `| \`${s.stack}\` | skipped: ${s.reason} | | | |`);
    return ["| stack | cloud | environment | GitHub environment | runner |", "|---|---|---|---|---|", ...rows, ...skipped, ""].join("\n");
}
