/**
 * kubeship: render, validate and inspect platform configs offline.
 * Exit codes: 0 success, 1 internal error or changes found (diff), 2 bad input.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../components/config/errors";

const USAGE = `kubeship — one YAML file to a Kubernetes platform, through Pulumi.

Usage:
  kubeship render --stack NAME [--out DIR] [--quiet]
  kubeship render --config FILE --cloud aws|gcp|azure|existing [--region R] [--env dev|staging|prod] [--out DIR]
  kubeship validate FILE [--cloud CLOUD] [--region R] [--env ENV]
  kubeship diff OLD_DIR NEW_DIR [--format markdown|json] [--title TEXT]
  kubeship estimate --stack NAME | --from DIR [--format markdown|json]
  kubeship names [STACK ...]
  kubeship schema

render     evaluates the Pulumi program offline (no cloud account, no Pulumi CLI) and
           writes resources.json, manifests.yaml and diagram.mmd to --out (default out/<stack>).
validate   checks a platform file and prints every problem with its position.
diff       compares two renders: resources to add, change (marking replacements) and delete,
           as Markdown for a PR comment. Exits 0 when equal, 1 when they differ.
names      renders the stacks (all of stacks/ by default) as if they shared one account, and
           lists every name two resources would both take where the cloud keeps names unique.
estimate   simulates a pulumi up from scratch with documented creation times per resource
           type: the total, the critical path and a Mermaid gantt chart.
schema     prints the JSON Schema of platform files.
`;

type Out = { out: (s: string) => void; err: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function main(argv: string[], io: Out = stdio): Promise<number> {
    const [command, ...rest] = argv;
    try {
        switch (command) {
            case "render": return await renderCommand(rest, io);
            case "validate": return await validateCommand(rest, io);
            case "diff": {
                const { diffCommand } = await import("../components/diff");
                return await diffCommand(rest, io);
            }
            case "names": return await namesCommand(rest, io);
            case "estimate": {
                const { estimateCommand } = await import("../components/estimate");
                return await estimateCommand(rest, io);
            }
            case "schema": {
                const { platformJsonSchema } = await import("../components/config/json-schema");
                io.out(`${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
                return 0;
            }
            case undefined: case "help": case "--help": case "-h":
                io.out(USAGE);
                return command === undefined ? 2 : 0;
            default:
                io.err(`kubeship: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
                return 2;
        }
    } catch (e) {
        const { userErrorLines } = await import("../components/render/render");
        const lines = userErrorLines(e);
        if (lines !== undefined) {
            io.err(`${lines}\n`);
            return 2;
        }
        if (e instanceof UsageError) {
            io.err(`kubeship: ${e.message}\n\n${USAGE}`);
            return 2;
        }
        throw e;
    }
}

class UsageError extends Error {}

function parse(args: string[], options: Record<string, { type: "string" | "boolean"; short?: string }>) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
}

async function renderCommand(args: string[], io: Out): Promise<number> {
    const { values, positionals } = parse(args, {
        stack: { type: "string", short: "s" }, config: { type: "string", short: "c" }, cloud: { type: "string" },
        region: { type: "string" }, env: { type: "string" }, out: { type: "string", short: "o" }, quiet: { type: "boolean", short: "q" },
    });
    if (positionals.length) throw new UsageError(`render takes no positional arguments, got ${positionals.join(" ")}`);
    const v = values as Record<string, string | boolean | undefined>;
    const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
    let target;
    if (str("stack") && !str("config")) target = { stack: str("stack")! };
    else if (str("config") && !str("stack")) {
        if (!str("cloud")) throw new UsageError("--config needs --cloud aws|gcp|azure|existing");
        target = { configFile: str("config")!, cloud: str("cloud")!, region: str("region"), environment: str("env") };
    } else if (str("stack") === "" || str("config") === "") {
        const flag = str("stack") === "" ? "--stack" : "--config";
        throw new ConfigError([{ file: "(command line)", line: 1, column: 1, path: flag, message: `is empty; name a ${flag === "--stack" ? "stack, e.g. --stack dev-aws" : "platform file, e.g. --config examples/guestbook.yaml"}` }]);
    } else throw new UsageError("render needs either --stack NAME or --config FILE --cloud CLOUD");

    // The stack name is checked before any path is built from it, and --out before anything is rendered.
    const { checkStack, fileStackName } = await import("../components/render/stack-file");
    const { checkOutDir, outError } = await import("../components/render/write");
    if ("stack" in target) checkStack(target.stack, process.cwd());
    const defaultName = "stack" in target ? target.stack : fileStackName(target.configFile, target.cloud);
    if (!str("out") && /[\\/\0]/.test(defaultName)) {
        throw outError(`is needed, got nothing: the default out/<file>-<cloud> would be ${JSON.stringify(`out/${defaultName}`)}, which is not one folder; pass --out DIR`);
    }
    const outDir = str("out") ?? path.join("out", defaultName);
    checkOutDir(outDir);

    const { render, writeRender } = await import("../components/render/render");
    const started = process.hrtime.bigint();
    const rendered = await render(target);
    writeRender(rendered, outDir);
    for (const line of rendered.warnings) io.err(`${line}\n`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!v.quiet) io.out(`${rendered.summary}\n\nwrote ${path.join(outDir, "resources.json")}, manifests.yaml, diagram.mmd in ${Math.round(ms)} ms\n`);
    return 0;
}

async function validateCommand(args: string[], io: Out): Promise<number> {
    const { values, positionals } = parse(args, { cloud: { type: "string" }, region: { type: "string" }, env: { type: "string" } });
    if (positionals.length !== 1) throw new UsageError("validate takes exactly one FILE");
    const v = values as Record<string, string | undefined>;
    const { loadPlan } = await import("../components/config/load");
    const { settingsFromFlags } = await import("../components/config/flags");
    const file = positionals[0];
    // As render --config does: the file's own cloud, region and environment count, and a flag may not contradict them.
    const settings = settingsFromFlags(file, { cloud: v.cloud, region: v.region, environment: v.env }, process.cwd(), "FILE");
    // A platform file usually leaves the cloud to the stack; check it as for an existing cluster unless told.
    // The version is checked against the dated catalog (no cloud is asked), as render's mocks answer.
    // Names carry the stack: validate takes the stand-in name render --config gives the file.
    const { fileStackName } = await import("../components/render/stack-file");
    const plan = loadPlan({ ...settings, stack: fileStackName(file, v.cloud ?? settings.cloud ?? "existing") }, { defaultCloud: "existing" });
    const platform = plan.config;
    const tiers = Object.keys(platform.app.tiers);
    const version = plan.kubernetes ? `; Kubernetes ${plan.kubernetes.minor}` : "";
    io.out(`${file}: valid (${platform.cluster.cloud}${version}; ${Object.keys(platform.cluster.nodePools).length} node pool(s); ${tiers.length} tiers: ${tiers.join(", ")})\n`);
    return 0;
}

async function namesCommand(args: string[], io: Out): Promise<number> {
    const { positionals } = parse(args, {});
    const { listStacks, stackFilePath } = await import("../components/render/stack-file");
    const { render } = await import("../components/render/render");
    const { formatCollision, nameCollisions, physicalNames } = await import("../components/render/physical-names");
    const stacks = positionals.length ? positionals : listStacks(process.cwd());
    const names = [];
    // One render at a time: Pulumi's runtime state is global to the process.
    for (const stack of stacks) {
        const r = await render({ stack });
        names.push(...physicalNames(r.recorded, { stack, cloud: r.platform.cluster.cloud, region: r.platform.cluster.region, project: r.platform.cluster.gcp?.project }));
    }
    const collisions = nameCollisions(names);
    // Placed at the stack that would fail: the last one to create the name.
    for (const c of collisions) io.err(`${stackFilePath(c.holders[c.holders.length - 1].stack)}:1:1 (stack): ${formatCollision(c)}\n`);
    if (collisions.length) return 2;
    io.out(`${stacks.length} stacks, ${names.length} names the clouds keep unique: no collision\n`);
    return 0;
}
