/**
 * `kubeship estimate`: how long a `pulumi up` from scratch would take, from a render.
 *   kubeship estimate --stack S [--format markdown|json]
 *   kubeship estimate --from DIR [--format markdown|json]   (reads DIR/resources.json)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseFlags, UsageError } from "../cli/args";
import { writeErr, type Io } from "../cli/io";
import { startProgress } from "../cli/progress";
import { usageErrorText } from "../cli/usage";
import type { ResourceEntry } from "../render/manifests";
import { unavoidableChain } from "./chain";
import { toJson, toMarkdown } from "./report";
import { EstimateError, simulate } from "./simulate";

export { CHAIN_TARGET, unavoidableChain, type ChainLink, type ChainReport, type Stage } from "./chain";
export { DEFAULT_DURATION, DURATIONS, LOAD_BALANCER, CLUSTER_IP_SERVICE, detectCloud, durationOf, type Cloud, type Duration } from "./durations";
export { GANTT_MIN_SECONDS, mmss, toGantt, toJson, toMarkdown } from "./report";
export { EstimateError, simulate, type Simulation, type Task } from "./simulate";

class InputError extends Error {}

export async function estimateCommand(args: string[], io: Io): Promise<number> {
    try {
        const { stack, resources, format } = await load(args, io);
        const sim = simulate(resources);
        const chain = unavoidableChain(sim);
        io.out(format === "json" ? toJson(stack, sim, chain) : toMarkdown(stack, sim, chain));
        return 0;
    } catch (e) {
        if (e instanceof UsageError) {
            writeErr(io, usageErrorText("estimate", e.message, e.at));
            return 2;
        }
        const line = await userMessage(e);
        if (line === undefined) throw e;
        io.err(`kubeship estimate: ${line}\n`);
        return 2;
    }
}

async function load(args: string[], io: Io): Promise<{ stack: string; resources: ResourceEntry[]; format: "markdown" | "json" }> {
    const values = parseFlags("estimate", args, { stack: { type: "string", short: "s" }, from: { type: "string" }, format: { type: "string" } }, false)
        .values as { stack?: string; from?: string; format?: string };
    const format = values.format ?? "markdown";
    if (format !== "markdown" && format !== "json") throw new UsageError(`must be markdown or json, got ${JSON.stringify(format)}`, "estimate", "--format");
    if ((values.stack === undefined) === (values.from === undefined)) throw new UsageError("needs exactly one of --stack NAME or --from DIR", "estimate");
    if (values.stack !== undefined) {
        // Loaded lazily: `--from` never pays for Pulumi.
        const { render } = await import("../render/render");
        const stop = startProgress(values.stack, io);
        let rendered;
        try {
            rendered = await render({ stack: values.stack });
        } finally {
            stop();
        }
        if (rendered.warnings.length) writeErr(io, `${rendered.warnings.join("\n")}\n`);
        return { stack: rendered.stack, resources: rendered.resources, format };
    }
    const file = path.join(values.from!, "resources.json");
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let resources: unknown;
    try {
        resources = JSON.parse(text);
    } catch (e) {
        throw new InputError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(resources) || resources.some((r) => typeof r?.urn !== "string" || typeof r?.type !== "string" || !Array.isArray(r?.dependencies))) {
        throw new InputError(`${file} is not a kubeship resources.json (expected an array of {urn, type, dependencies, ...})`);
    }
    return { stack: path.basename(path.resolve(values.from!)), resources: resources as ResourceEntry[], format };
}

async function userMessage(e: unknown): Promise<string | undefined> {
    if (e instanceof InputError || e instanceof EstimateError) return e.message;
    const { userErrorLines } = await import("../render/render");
    const lines = userErrorLines(e);
    // Config errors may span lines (one per problem); keep each, but never a stack trace.
    return lines === undefined ? undefined : lines.trimEnd();
}
