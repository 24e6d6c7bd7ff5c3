/**
 * The bad-input corpus as data. Three kinds of case:
 *
 * - `file`: a platform file `cases/<nnn-name>.yaml`, each a small edit of
 *   examples/guestbook.yaml or examples/shop.yaml with one or two problems.
 *   Its header says how to run it and what must come out:
 *
 *       # kubeship: render --config {file} --cloud gcp --region europe-west4
 *       # area: s2-one-pass
 *       # why: §2 a GKE pool name over 40 characters
 *       # expect: cluster.nodePools.general.zones [@line] [~ text]
 *       # forbid: a regular expression no error line may match
 *
 * - `stack`: a stack file `stacks/Pulumi.corpus-<name>.yaml` with the same header;
 * - `cli`: a command line only (cli-cases.ts).
 *
 * Plus `generated` cases whose file is made at run time (an oversize file is
 * not something to commit). Every case must exit 2 with positioned lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CLI_CASES } from "./cli-cases";

export const CORPUS_DIR = __dirname;

export type CaseKind = "file" | "stack" | "cli" | "generated";

/**
 * `path [@line] [~ text]`: some error line's path is `path`, or inside it, or
 * contains it (`*`: any path); at that line; with that text.
 */
export interface Expectation {
    raw: string;
    path: string;
    line?: number;
    text?: string;
}

export interface CorpusCase {
    id: string;
    kind: CaseKind;
    area: string;
    why: string;
    /** argv for `main`, with {file}, {out}, {home} and {project} still to fill in. */
    args: string[];
    /** The case's file, relative to the sandbox project root (cases/… or stacks/…). */
    file?: string;
    expect: Expectation[];
    forbid: RegExp[];
    /** Evaluate the program directly (as `pulumi up` would, without the CLI's pre-validation). */
    direct: boolean;
    /** Compare `validate FILE` with `render --config FILE` (platform files only). */
    agree: boolean;
    /** A file some error line must name. */
    reportedIn?: string;
    /** Content for a generated case's file. */
    generate?: () => string;
}

export function parseExpectation(raw: string): Expectation {
    const m = /^(.+?)(?:\s+@(\d+))?(?:\s+~\s+(.+))?$/.exec(raw.trim());
    if (!m) throw new Error(`bad expectation ${JSON.stringify(raw)}`);
    return { raw, path: m[1], line: m[2] ? Number(m[2]) : undefined, text: m[3] };
}

interface Header { args: string[]; area: string; why: string; expect: Expectation[]; forbid: RegExp[] }

/** The `# key: value` lines at the top of a case file; undefined when it has no `# kubeship:` line. */
export function parseHeader(text: string): Header | undefined {
    const fields: Record<string, string[]> = {};
    for (const line of text.split("\n")) {
        if (!line.startsWith("#")) break;
        const m = /^#\s*([a-z]+):\s?(.*)$/.exec(line);
        if (m) (fields[m[1]] ??= []).push(m[2]);
    }
    if (!fields.kubeship) return undefined;
    return {
        args: fields.kubeship[0].trim().split(/\s+/),
        area: fields.area?.[0] ?? "misc",
        why: fields.why?.[0] ?? "",
        expect: (fields.expect ?? []).map(parseExpectation),
        forbid: (fields.forbid ?? []).map((f) => new RegExp(f, "m")),
    };
}

function fileCases(): CorpusCase[] {
    const dir = path.join(CORPUS_DIR, "cases");
    return fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => {
        const header = parseHeader(fs.readFileSync(path.join(dir, f), "utf8"));
        if (!header) throw new Error(`cases/${f} has no "# kubeship:" header`);
        return { id: f.replace(/\.yaml$/, ""), kind: "file", file: `cases/${f}`, direct: true, agree: true, ...header };
    });
}

function stackCases(): CorpusCase[] {
    const dir = path.join(CORPUS_DIR, "stacks");
    return fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().flatMap((f): CorpusCase[] => {
        const header = parseHeader(fs.readFileSync(path.join(dir, f), "utf8"));
        if (!header) return []; // a support stack such as ok-local
        const name = f.replace(/^Pulumi\.(.*)\.yaml$/, "$1");
        return [{ id: `stack-${name.replace(/^corpus-/, "")}`, kind: "stack", file: `stacks/${f}`, direct: true, agree: false, ...header }];
    });
}

/** Guestbook with a `command:` list long enough to pass 1 MiB. */
function oversize(): string {
    const base = fs.readFileSync(path.join(CORPUS_DIR, "../../examples/guestbook.yaml"), "utf8");
    const items = Array.from({ length: 70_000 }, (_, i) => `        - "--flag-${i}"`).join("\n");
    return base.replace("      ports: { http: 80 }", `      command:\n${items}\n      ports: { http: 80 }`);
}

function generatedCases(): CorpusCase[] {
    return [{
        id: "gen-oversize-file", kind: "generated", area: "s3-size", file: "cases/gen-oversize-file.yaml",
        why: "§3 a platform file over 1 MiB is refused at once",
        args: ["render", "--config", "{file}", "--cloud", "existing"], expect: [], forbid: [], direct: true, agree: true, generate: oversize,
    }];
}

function cliCases(): CorpusCase[] {
    return CLI_CASES.map((c) => ({
        id: `cli-${c.name}`, kind: "cli", area: c.area, why: c.why, args: c.args,
        expect: (c.expect ?? []).map(parseExpectation), forbid: (c.forbid ?? []).map((f) => new RegExp(f, "m")),
        direct: c.direct, agree: false, reportedIn: c.reportedIn,
    }));
}

/** Every case; `KUBESHIP_CORPUS_ONLY` (a regular expression over ids) narrows it while working on a few. */
export function loadCases(only = process.env.KUBESHIP_CORPUS_ONLY): CorpusCase[] {
    const everything = [...fileCases(), ...stackCases(), ...generatedCases(), ...cliCases()];
    const all = only ? everything.filter((c) => new RegExp(only).test(c.id)) : everything;
    const ids = new Set<string>();
    for (const c of all) {
        if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
        ids.add(c.id);
    }
    return all;
}
