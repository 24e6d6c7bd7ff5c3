/**
 * kubeship: render, validate and inspect platform configs offline.
 * Exit codes (cli/usage.ts, EXIT_CODES): 0 success, 1 diff found changes,
 * 2 bad input or command line, 3 internal error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { didYouMean, parseFlags, UsageError, wantsHelp, type FlagSpec } from "../components/cli/args";
import { stdio, writeErr, type Io } from "../components/cli/io";
import { startProgress } from "../components/cli/progress";
import { ConfigError, dottedPath } from "../components/config/errors";
import { COMMANDS, commandUsage, isCommand, usageErrorText, USAGE } from "../components/cli/usage";

export { USAGE } from "../components/cli/usage";

/** Exit codes; an internal error never exits 1, which `diff` keeps for "the renders differ". */
export const EXIT = { ok: 0, changes: 1, badInput: 2, internal: 3 } as const;

/** package.json's version, read beside this module (not from the current folder). */
export function version(): string {
    // cli/ in a checkout, dist/cli/ in the installed package.
    const file = [path.join(__dirname, "..", "package.json"), path.join(__dirname, "..", "..", "package.json")].find((f) => fs.existsSync(f))!;
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
    const [command, ...rest] = argv;
    try {
        return await dispatch(command, rest, io);
    } catch (e) {
        return await report(e, command, io);
    }
}

async function dispatch(command: string | undefined, rest: string[], io: Io): Promise<number> {
    if (command === undefined) {
        writeErr(io, USAGE);
        return EXIT.badInput;
    }
    if (command === "--help" || command === "-h") {
        io.out(USAGE);
        return EXIT.ok;
    }
    if (command === "--version") command = "version";
    if (!isCommand(command)) {
        const message = command.startsWith("-")
            ? `is not a flag of kubeship${didYouMean(command.replace(/^-+/, ""), ["help", "version"], (c) => `--${c}`)}`
            : `is not a kubeship command${didYouMean(command, COMMANDS, (c) => JSON.stringify(c))}`;
        throw new UsageError(message, undefined, dottedPath([command]));
    }
    // Every command's help, whatever else the command line holds.
    if (wantsHelp(rest)) {
        io.out(commandUsage(command));
        return EXIT.ok;
    }
    switch (command) {
        case "help": return helpCommand(rest, io);
        case "version":
            parseFlags("version", rest, {}, false);
            io.out(`kubeship ${version()}\n`);
            return EXIT.ok;
        case "init": {
            const { initCommand } = await import("../components/cli/init");
            return initCommand(rest, io, version());
        }
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
            parseFlags("schema", rest, {}, false);
            const { platformJsonSchema } = await import("../components/config/json-schema");
            io.out(`${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
            return EXIT.ok;
        }
    }
}

/** `kubeship help [COMMAND]`: the same text as `kubeship COMMAND --help`. */
function helpCommand(args: string[], io: Io): number {
    if (args.length === 0) {
        io.out(USAGE);
        return EXIT.ok;
    }
    const [name, ...more] = args;
    if (more.length) throw new UsageError(`takes one COMMAND, got ${args.length}: ${args.join(" ")}`, "help");
    if (!isCommand(name)) throw new UsageError(`is not a kubeship command${didYouMean(name, COMMANDS, (c) => JSON.stringify(c))}`, "help", dottedPath([name]));
    io.out(commandUsage(name));
    return EXIT.ok;
}

/** Bad input exits 2 with its lines; anything else is a bug in kubeship: one line (its stack with KUBESHIP_DEBUG=1), exit 3. */
async function report(e: unknown, command: string | undefined, io: Io): Promise<number> {
    if (e instanceof UsageError) {
        const cmd = e.command ?? command;
        writeErr(io, usageErrorText(cmd !== undefined && isCommand(cmd) ? cmd : undefined, e.message, e.at));
        return EXIT.badInput;
    }
    if (ConfigError.is(e)) {
        writeErr(io, `${e.message}\n`);
        return EXIT.badInput;
    }
    let lines: string | undefined;
    try {
        lines = (await import("../components/render/render")).userErrorLines(e);
    } catch {
        lines = undefined; // the render module itself failed to load: that is the internal error below
    }
    if (lines !== undefined) {
        writeErr(io, `${lines}\n`);
        return EXIT.badInput;
    }
    const env = io.env ?? process.env;
    const debug = env.KUBESHIP_DEBUG !== undefined && env.KUBESHIP_DEBUG !== "" && env.KUBESHIP_DEBUG !== "0";
    const message = e instanceof Error ? e.message : String(e);
    writeErr(io, `kubeship: internal error: ${message}\n${debug && e instanceof Error && e.stack ? `${e.stack}\n` : "(a bug in kubeship; KUBESHIP_DEBUG=1 prints its stack trace)\n"}`);
    return EXIT.internal;
}

const RENDER_FLAGS: Record<string, FlagSpec> = {
    stack: { type: "string", short: "s" }, config: { type: "string", short: "c" }, cloud: { type: "string" },
    region: { type: "string" }, env: { type: "string" }, out: { type: "string", short: "o" }, quiet: { type: "boolean", short: "q" },
    "cluster-outputs": { type: "string" },
};

async function renderCommand(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags("render", args, RENDER_FLAGS);
    if (positionals.length) throw new UsageError(`takes no positional arguments, got ${positionals.join(" ")}`, "render");
    const v = values as Record<string, string | boolean | undefined>;
    const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
    let target;
    if (str("stack") && !str("config")) target = { stack: str("stack")! };
    else if (str("config") && !str("stack")) {
        if (!str("cloud")) throw new UsageError("is needed with --config: aws, gcp, azure or existing", "render", "--cloud");
        target = { configFile: str("config")!, cloud: str("cloud")!, region: str("region"), environment: str("env") };
    } else if (str("stack") === "" || str("config") === "") {
        const flag = str("stack") === "" ? "--stack" : "--config";
        throw new ConfigError([{ file: "(command line)", line: 1, column: 1, path: flag, message: `is empty; name a ${flag === "--stack" ? "stack, e.g. --stack dev-aws" : "platform file, e.g. --config examples/guestbook.yaml"}` }]);
    } else throw new UsageError("needs either --stack NAME or --config FILE --cloud CLOUD", "render");

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

    const started = process.hrtime.bigint();
    const stop = startProgress(defaultName, io);
    let rendered;
    try {
        const { render, writeRender } = await import("../components/render/render");
        rendered = await render(target, process.cwd(), { clusterOutputs: str("cluster-outputs") });
        writeRender(rendered, outDir);
    } finally {
        stop();
    }
    if (rendered.warnings.length) writeErr(io, `${rendered.warnings.join("\n")}\n`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!v.quiet) io.out(`${rendered.summary}\n\nwrote ${path.join(outDir, "resources.json")}, manifests.yaml, diagram.mmd in ${Math.round(ms)} ms\n`);
    return EXIT.ok;
}

async function validateCommand(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags("validate", args, { cloud: { type: "string" }, region: { type: "string" }, env: { type: "string" } });
    if (positionals.length !== 1) throw new UsageError(`takes exactly one FILE, got ${positionals.length}`, "validate");
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
    const stackSettings = { ...settings, stack: fileStackName(file, v.cloud ?? settings.cloud ?? "existing") };
    const plan = loadPlan(stackSettings, { defaultCloud: "existing" });
    const platform = plan.config;
    const tiers = Object.keys(platform.app.tiers);
    const version = plan.kubernetes ? `; Kubernetes ${plan.kubernetes.minor}` : "";
    io.out(`${file}: valid (${platform.cluster.cloud}${version}; ${Object.keys(platform.cluster.nodePools).length} node pool(s); ${tiers.length} tiers: ${tiers.join(", ")})\n`);
    const { formatWarning, planWarnings } = await import("../components/config/warnings");
    const warnings = planWarnings(plan, stackSettings);
    if (warnings.length) writeErr(io, `${warnings.map(formatWarning).join("\n")}\n`);
    return EXIT.ok;
}

async function namesCommand(args: string[], io: Io): Promise<number> {
    const { positionals } = parseFlags("names", args, {});
    const { listStacks, stackFilePath } = await import("../components/render/stack-file");
    const { render } = await import("../components/render/render");
    const { formatCollision, nameCollisions, physicalNames } = await import("../components/render/physical-names");
    const stacks = positionals.length ? positionals : listStacks(process.cwd());
    const names = [];
    // One render at a time: Pulumi's runtime state is global to the process.
    for (const stack of stacks) {
        const stop = startProgress(stack, io);
        let r;
        try {
            r = await render({ stack });
        } finally {
            stop();
        }
        names.push(...physicalNames(r.recorded, { stack, cloud: r.platform.cluster.cloud, region: r.platform.cluster.region, project: r.platform.cluster.gcp?.project, clusterStack: r.clusterStack }));
    }
    const collisions = nameCollisions(names);
    // Placed at the stack that would fail: the last one to create the name.
    for (const c of collisions) writeErr(io, `${stackFilePath(c.holders[c.holders.length - 1].stack)}:1:1 (stack): ${formatCollision(c)}\n`);
    if (collisions.length) return EXIT.badInput;
    io.out(`${stacks.length} stacks, ${names.length} names the clouds keep unique: no collision\n`);
    return EXIT.ok;
}
