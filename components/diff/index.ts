/**
 * `kubeship diff OLD_DIR NEW_DIR [--format markdown|json] [--title TEXT]`:
 * compares two renders. Exit 0 when equal, 1 when they differ, 2 on bad input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ResourceEntry } from "../render/manifests";
import { diffRenders, isEmpty } from "./diff";
import { toMarkdown } from "./markdown";

export { diffRenders, diffValues, isEmpty, summarize, type DiffSummary, type FieldChange, type RenderDiff, type ReplaceReason, type ResourceChange, type ResourceRef } from "./diff";
export { hazardsOf, type Hazard } from "./hazards";
export { toMarkdown, type MarkdownOptions } from "./markdown";
export { REPLACE_FIELDS, replaceRulesFor, type ReplaceRule } from "./replace-fields";

export const DIFF_USAGE = "kubeship diff OLD_DIR NEW_DIR [--format markdown|json] [--title TEXT]";

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

export async function diffCommand(args: string[], io: { out(s: string): void; err(s: string): void }): Promise<number> {
    try {
        let parsed;
        try {
            parsed = parseArgs({ args, options: { format: { type: "string", short: "f" }, title: { type: "string", short: "t" } }, allowPositionals: true, strict: true });
        } catch (e) {
            throw new InputError((e as Error).message);
        }
        const { values, positionals } = parsed;
        if (positionals.length !== 2) throw new InputError(`diff takes OLD_DIR and NEW_DIR, got ${positionals.length} argument(s)`);
        const format = values.format ?? "markdown";
        if (format !== "markdown" && format !== "json") throw new InputError(`--format must be markdown or json, got ${JSON.stringify(format)}`);
        const diff = diffRenders(readRender(positionals[0]), readRender(positionals[1]));
        io.out(format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : toMarkdown(diff, { title: values.title }));
        return isEmpty(diff) ? 0 : 1;
    } catch (e) {
        if (e instanceof InputError) {
            io.err(`kubeship diff: ${e.message}\nusage: ${DIFF_USAGE}\n`);
            return 2;
        }
        throw e;
    }
}
