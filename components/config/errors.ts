/**
 * Config errors are data: each problem names a file, a position, a dotted path
 * and a message that shows the value found and how to fix it. Formatting is
 * separate, so the CLI, the Pulumi program and the tests all print the same lines.
 */

export interface ConfigProblem {
    /** Path of the file the problem is in, as the user named it (relative paths stay relative). */
    file: string;
    /** 1-based line. */
    line: number;
    /** 1-based column. */
    column: number;
    /** Dotted path in the config, e.g. `app.tiers.web.autoscale.max`; `(file)` for whole-file problems. */
    path: string;
    /** What is wrong, the value found, and the fix. */
    message: string;
}

/** The one error type that config loading throws. */
export class ConfigError extends Error {
    readonly problems: readonly ConfigProblem[];

    constructor(problems: readonly ConfigProblem[]) {
        const sorted = [...problems].sort(compareProblems);
        super(sorted.map(formatProblem).join("\n"));
        this.name = "ConfigError";
        this.problems = sorted;
        // A stack trace says nothing a user can act on: the lines above do.
        this.stack = `${this.name}: ${this.message}`;
    }

    static is(e: unknown): e is ConfigError {
        return e instanceof ConfigError || (e instanceof Error && e.name === "ConfigError" && "problems" in e);
    }
}

export function formatProblem(p: ConfigProblem): string {
    return `${p.file}:${p.line}:${p.column} ${p.path}: ${p.message}`;
}

function compareProblems(a: ConfigProblem, b: ConfigProblem): number {
    return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path)
        || a.message.localeCompare(b.message);
}

/** Renders a config path (`["app", "tiers", "web", "ports", 0]`) as `app.tiers.web.ports[0]`. */
export function dottedPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        const key = String(part);
        if (typeof part === "number") out += `[${part}]`;
        // Keys that would make the path ambiguous (spaces, dots, empty) are quoted: app.tiers["my tier"].
        else if (!/^[A-Za-z0-9_:-]+$/.test(key)) out += `[${JSON.stringify(key)}]`;
        else out += out === "" ? key : `.${key}`;
    }
    return out === "" ? "(root)" : out;
}

/** Shows a found value briefly, for "got …" in messages. */
export function showValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    if (Array.isArray(value)) return "a list";
    if (value === null) return "null";
    if (typeof value === "object") return "a map";
    return String(value);
}

/**
 * A problem found by a pure check (a cloud resolver, an app check) before it
 * has a position: the config path it concerns and the message. The loader
 * places it in the file that set that path.
 */
export interface PathProblem {
    path: (string | number)[];
    message: string;
    /** Point at the key rather than the value. */
    key?: boolean;
}

/** `app.tiers.web.ports: message`, for callers that have no file to point at. */
export function formatPathProblem(p: PathProblem): string {
    return `${dottedPath(p.path)}: ${p.message}`;
}
