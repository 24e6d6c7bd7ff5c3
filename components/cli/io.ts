/**
 * Where a command writes, and whether its stderr may carry colour. Commands
 * take an `Io`, so tests pass a fake one (strings, an isTTY flag, an env).
 * Pure, no Pulumi.
 */

export interface Io {
    out(s: string): void;
    err(s: string): void;
    /** Whether stderr is a terminal: colour and a live progress line only there. @default false (the real CLI passes process.stderr.isTTY) */
    isTTY?: boolean;
    /** The environment read for NO_COLOR, FORCE_COLOR and TERM. @default process.env */
    env?: Record<string, string | undefined>;
    /** How long a render runs before a progress line appears, in ms. @default PROGRESS_AFTER_MS */
    progressAfterMs?: number;
}

/** The process's own streams, as the `kubeship` command uses them. */
export const stdio: Io = {
    out: (s) => { process.stdout.write(s); },
    err: (s) => { process.stderr.write(s); },
    isTTY: process.stderr.isTTY === true,
};

/** FORCE_COLOR values that force colour on, as Node documents them (https://nodejs.org/api/cli.html#force_color1-2-3); any other value turns it off. */
const FORCE_ON = new Set(["", "1", "true", "2", "3"]);

/**
 * Whether to write ANSI colour to stderr:
 * - FORCE_COLOR, when set, decides alone (1, true, 2, 3 or empty: on; anything else: off), as in Node;
 * - else only on a terminal, and never when NO_COLOR is set to a non-empty value
 *   (https://no-color.org: "when present and not an empty string") or TERM is dumb.
 */
export function colorEnabled(io: Pick<Io, "isTTY" | "env">): boolean {
    const env = io.env ?? process.env;
    if (env.FORCE_COLOR !== undefined) return FORCE_ON.has(env.FORCE_COLOR);
    if (!io.isTTY) return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return env.TERM !== "dumb";
}

const CODES = { red: 31, yellow: 33, cyan: 36, bold: 1 } as const;
export type Style = keyof typeof CODES;

/** Colours text for `io`'s stderr, or leaves it as it is when colour is off. */
export function painter(io: Pick<Io, "isTTY" | "env">): (style: Style, text: string) => string {
    if (!colorEnabled(io)) return (_, text) => text;
    return (style, text) => `\x1b[${CODES[style]}m${text}\x1b[${style === "bold" ? 22 : 39}m`;
}

/**
 * A stderr line's prefix coloured: `error`/`internal error` red, `warning:` yellow,
 * `note:` cyan, a positioned problem's `file:line:col` bold. Other lines are unchanged.
 */
export function paintLine(line: string, paint: (style: Style, text: string) => string): string {
    const prefixed = /^(warning:|note:)( .*)?$/s.exec(line);
    if (prefixed) return paint(prefixed[1] === "warning:" ? "yellow" : "cyan", prefixed[1]) + (prefixed[2] ?? "");
    const internal = /^(kubeship(?: \w+)?: internal error:)(.*)$/s.exec(line);
    if (internal) return paint("red", internal[1]) + internal[2];
    const positioned = /^(.*?:\d+:\d+)( \S.*)$/s.exec(line);
    if (positioned) return paint("bold", positioned[1]) + positioned[2];
    const usage = /^(kubeship(?: \w+)?:)( .*)$/s.exec(line);
    if (usage) return paint("red", usage[1]) + usage[2];
    return line;
}

/** Writes `text` to stderr, each line's prefix coloured when colour is on. */
export function writeErr(io: Io, text: string): void {
    const paint = painter(io);
    io.err(colorEnabled(io) ? text.split("\n").map((l) => paintLine(l, paint)).join("\n") : text);
}
