/**
 * Command-line parsing shared by every kubeship command: node:util parseArgs
 * in strict mode, with its errors turned into one line a user can act on
 * ("unknown flag --stak; did you mean --stack?"). Pure, no Pulumi.
 */
import { parseArgs } from "node:util";
import { closest } from "../config/formats";

/** A flag of a command, as parseArgs takes it. */
export interface FlagSpec {
    type: "string" | "boolean";
    short?: string;
}

/**
 * A command line kubeship cannot read: exit 2 with one line placed as every bad
 * input is, `(command line):1:1 <at>: <message>`, `at` being the flag or argument
 * at fault (the command's name when none is).
 */
export class UsageError extends Error {
    constructor(message: string, readonly command?: string, readonly at?: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** Whether the command line asks for help (`--help` or `-h` before any `--`), whatever else it holds. */
export function wantsHelp(args: readonly string[]): boolean {
    for (const a of args) {
        if (a === "--") return false;
        if (a === "--help" || a === "-h") return true;
    }
    return false;
}

/** `" did you mean X?"` for the candidate closest to `word`, or "". */
export function didYouMean(word: string, candidates: readonly string[], show: (c: string) => string = (c) => c): string {
    const near = closest(word, candidates);
    return near === undefined ? "" : `; did you mean ${show(near)}?`;
}

/**
 * parseArgs in strict mode for `command`. Unknown flags are reported with the
 * nearest flag of that command; a flag without its value, or a value for a
 * switch, in words. Throws UsageError.
 */
export function parseFlags(command: string, args: string[], options: Record<string, FlagSpec>, allowPositionals = true) {
    // Unknown flags first, from parseArgs' own tokens, so that the message can name the nearest known one.
    const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
    const longs = Object.keys(options);
    const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
    for (const t of tokens) {
        if (t.kind !== "option") continue;
        // A known short flag's token carries its long name (-q → quiet); an unknown one, its letter.
        const known = Object.hasOwn(options, t.name) || (!t.rawName.startsWith("--") && shorts.has(t.name));
        if (known) continue;
        const hint = t.rawName.startsWith("--")
            ? didYouMean(t.name, longs, (c) => `--${c}`)
            : "";
        const list = longs.length ? `; ${command} takes ${longs.map((l) => `--${l}`).join(", ")}` : `; ${command} takes no flags`;
        throw new UsageError(`is not a flag of ${command}${hint || list}`, command, t.rawName);
    }
    try {
        return parseArgs({ args, options, allowPositionals, strict: true });
    } catch (e) {
        const { at, message } = parseArgsMessage(e as Error & { code?: string });
        throw new UsageError(message, command, at);
    }
}

/** parseArgs' messages, reworded: `Option '--stack <value>' argument missing` -> `--stack: needs a value`. */
function parseArgsMessage(e: Error & { code?: string }): { at?: string; message: string } {
    const missing = /^Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(e.message);
    if (missing) return { at: missing[2], message: "needs a value" };
    const noArg = /^Option '(-\w, )?(--[\w-]+)' does not take an argument/.exec(e.message);
    if (noArg) return { at: noArg[2], message: `is a switch and takes no value (write ${noArg[2]}, not ${noArg[2]}=...)` };
    const ambiguous = /^Option '(-\w, )?(--[\w-]+)' argument is ambiguous/.exec(e.message);
    if (ambiguous) return { at: ambiguous[2], message: `needs a value, got a flag after it; to pass a value starting with "-", write ${ambiguous[2]}=VALUE` };
    const positional = /^Unexpected argument '([^']*)'/.exec(e.message);
    if (positional) return { message: `takes no positional arguments, got ${JSON.stringify(positional[1])}` };
    return { message: e.message };
}
