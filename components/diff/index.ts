/**
 * `kubeship diff OLD_DIR NEW_DIR [--format markdown|json] [--title TEXT]`:
 * compares two renders of one stack. Exit 0 when equal, 1 when they differ,
 * 2 on bad input (renders of two different stacks included); an internal error
 * is thrown, and the CLI exits 3 for it (never 1).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseFlags, UsageError } from "../cli/args";
import { writeErr } from "../cli/io";
import { usageErrorText } from "../cli/usage";
import { detectCloud } from "../estimate/durations";
import type { ResourceEntry } from "../render/manifests";
import { diffRenders, isEmpty } from "./diff";
import { toMarkdown } from "./markdown";

export { diffRenders, diffValues, isEmpty, summarize, type DiffSummary, type FieldChange, type RenderDiff, type ReplaceReason, type ResourceChange, type ResourceRef } from "./diff";
export { hazardsOf, type Hazard } from "./hazards";
export { toMarkdown, type MarkdownOptions } from "./markdown";
export { REPLACE_FIELDS, replaceRulesFor, type ReplaceRule } from "./replace-fields";

class InputError extends Error {}

/** Reads `dir/resources.json` (or `dir` itself when it is a file) and checks its shape. */
export function readRender(dir: string): ResourceEntry[] {
    const file = fs.existsSync(dir) && fs.statSync(dir).isFile() ? dir : path.join(dir, "resources.json");
    if (!fs.existsSync(dir)) throw new InputError(`${dir}: no such folder`);
    if (!fs.existsSync(file)) throw new InputError(`${file}: not found (is ${dir} a kubeship render folder?)`);
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new InputError(`${file}: invalid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(data)) throw new InputError(`${file}: expected an array of resources, got ${data === null ? "null" : typeof data}`);
    const seen = new Set<string>();
    data.forEach((e, i) => {
        const ok = typeof e === "object" && e !== null && typeof e.urn === "string" && typeof e.type === "string" && typeof e.name === "string";
        if (!ok) throw new InputError(`${file}: entry ${i} is not a resource (needs urn, type and name)`);
        if (seen.has(e.urn)) throw new InputError(`${file}: duplicate urn ${e.urn}`);
        seen.add(e.urn);
    });
    // Older or hand-written renders may leave out the empty parts.
    return (data as ResourceEntry[]).map((e) => ({ ...e, inputs: e.inputs ?? {}, dependencies: e.dependencies ?? [], options: e.options ?? {} }));
}

/**
 * The stack a render is of, from its URNs (`urn:pulumi:<stack>::<project>::...`);
 * undefined when it has no resource or its URNs name more than one stack.
 */
export function renderStack(resources: readonly Pick<ResourceEntry, "urn">[]): string | undefined {
    const stacks = new Set(resources.map((r) => /^urn:pulumi:([^:]*)::/.exec(r.urn)?.[1]));
    const [only] = stacks;
    return stacks.size === 1 ? only : undefined;
}

/**
 * Why two renders should not be compared, or undefined: they are of different
 * stacks, so every resource would show as deleted and added (URNs carry the stack).
 */
export function differentStacksProblem(oldDir: string, old: ResourceEntry[], newDir: string, next: ResourceEntry[]): string | undefined {
    const [a, b] = [renderStack(old), renderStack(next)];
    if (a === undefined || b === undefined || a === b) return undefined;
    const [ca, cb] = [detectCloud(old), detectCloud(next)];
    return `${oldDir} is a render of stack "${a}" (${ca}), ${newDir} of stack "${b}" (${cb}): comparing different stacks would list every resource as deleted and added; `
        + `compare two renders of one stack (e.g. the base and the head of a change, each rendered with --stack ${a})`;
}

export async function diffCommand(args: string[], io: { out(s: string): void; err(s: string): void }): Promise<number> {
    try {
        const { values, positionals } = parseFlags("diff", args, { format: { type: "string", short: "f" }, title: { type: "string", short: "t" } });
        if (positionals.length !== 2) throw new UsageError(`takes OLD_DIR and NEW_DIR, got ${positionals.length} argument(s)`, "diff");
        const format = values.format ?? "markdown";
        if (format !== "markdown" && format !== "json") throw new UsageError(`must be markdown or json, got ${JSON.stringify(format)}`, "diff", "--format");
        const [oldDir, newDir] = positionals;
        const [old, next] = [readRender(oldDir), readRender(newDir)];
        const stacks = differentStacksProblem(oldDir, old, newDir, next);
        if (stacks) throw new InputError(stacks);
        const diff = diffRenders(old, next);
        io.out(format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : toMarkdown(diff, { title: typeof values.title === "string" ? values.title : undefined }));
        return isEmpty(diff) ? 0 : 1;
    } catch (e) {
        if (e instanceof UsageError) {
            writeErr(io, usageErrorText("diff", e.message, e.at));
            return 2;
        }
        if (e instanceof InputError) {
            io.err(`kubeship diff: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
}
