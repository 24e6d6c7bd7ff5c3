/**
 * Runs the bad-input corpus and says, per case, what went wrong.
 *
 * The parent (the vitest file, or `run.ts --status`) spawns one child process
 * (`node --import tsx test/corpus/run.ts --child`) that runs every case
 * in-process through the CLI entry `main(argv, io)`, in a sandbox project
 * (sandbox.ts), and reports one JSON line per stage on file descriptor 3, then
 * its peak RSS. One process for the whole corpus keeps it fast and makes the
 * peak RSS that of the whole corpus.
 *
 * Stages per case:
 * - `cli`: the case's own command (`render …`, `validate …`), with a temporary
 *   `--out` for file and stack cases; records exit code, output, time, what
 *   changed in the sandbox, and what the offline engine registered if it ran;
 * - `validate`: `validate FILE` with the render's --cloud/--region/--env, for
 *   the agreement check (platform files only);
 * - `direct`: the program (index.ts) evaluated by the offline engine as
 *   `pulumi up` runs it, without the CLI's pre-validation, counting what it
 *   registers before it fails. Skipped when the `cli` stage already evaluated
 *   the program: that evaluation is the same one.
 *
 * A stage that never finishes is cut off and reported: at once when Node's
 * event loop drains with the stage unfinished (a program waiting on promises
 * that nothing will resolve), else after STAGE_TIMEOUT_MS. The child then exits
 * (a hung Pulumi runtime may poison later cases) and the parent starts a new
 * child at the next stage. A child that stops answering altogether (a busy
 * loop) is killed by the parent's watchdog.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CORPUS_DIR, type CorpusCase } from "./cases";

export const STAGE_TIMEOUT_MS = 10_000;
/** The parent kills a child that sends nothing for this long (a stage's cut-off plus a margin): a busy loop. */
const WATCHDOG_MS = 15_000;
const REPO = path.resolve(CORPUS_DIR, "../..");

export type StageName = "cli" | "validate" | "direct";

export interface StageResult {
    stage: StageName;
    /** The command line as run (placeholders filled in); empty for the direct stage. */
    argv: string[];
    /** Exit code (`main`'s return, or 3 when it threw, as cli/kubeship.js does); null when cut off or not applicable. */
    exit: number | null;
    stdout: string;
    stderr: string;
    ms: number;
    timedOut: boolean;
    /** Sandbox paths that changed, appeared or disappeared. */
    changed: string[];
    /** Whether the case's temporary --out folder exists afterwards. */
    outExists: boolean;
    /** Other entries left beside the --out folder. */
    outLeftovers: string[];
    /** Writes outside the sandbox that the jail refused. */
    refused: string[];
    /** Why a cut-off stage was cut off. */
    hang?: string;
    /** Rejections or exceptions nobody handled (the real CLI would crash with a trace). */
    stray: string[];
    /** An engine evaluation ran in this stage. */
    evaluated: boolean;
    /** Resources it registered (root Stack excluded), also when it failed or hung. */
    registered: number;
    registeredTypes: string[];
    /** direct: how the program ended: "ok", "config" (a ConfigError or RunError), or the error's name and first line. */
    outcome?: string;
    /** Why the stage did not run. */
    skipped?: string;
}

export type CaseResult = Partial<Record<StageName, StageResult>>;

export interface CorpusRun {
    results: Map<string, CaseResult>;
    /** Peak RSS over the child processes, in bytes. */
    peakRss: number;
    children: number;
    ms: number;
}

export interface WorkItem { caseIndex: number; stage: StageName }

/** Every stage to run, in order. The parent and the child compute the same list. */
export function workItems(cases: readonly CorpusCase[]): WorkItem[] {
    return cases.flatMap((c, caseIndex) => [
        { caseIndex, stage: "cli" as const },
        ...(c.direct ? [{ caseIndex, stage: "direct" as const }] : []),
        ...(c.agree ? [{ caseIndex, stage: "validate" as const }] : []),
    ]);
}

/** Runs the corpus in child processes; restarts a child after a cut-off stage. */
export async function runCorpus(cases: readonly CorpusCase[], opts: { log?: (s: string) => void } = {}): Promise<CorpusRun> {
    const started = Date.now();
    const items = workItems(cases);
    const results = new Map<string, CaseResult>();
    let peakRss = 0;
    let children = 0;
    let next = 0;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-corpus-run-"));
    const record = (i: number, r: StageResult) => {
        const c = cases[items[i].caseIndex];
        results.set(c.id, { ...results.get(c.id), [r.stage]: r });
    };
    try {
        while (next < items.length) {
            children++;
            const from = next;
            const { lastStarted, rss, log } = await runChild(from, tmp, (i, r) => { record(i, r); next = Math.max(next, i + 1); });
            peakRss = Math.max(peakRss, rss);
            if (next < items.length && lastStarted >= next) {
                // The child died or hung inside this stage without reporting it.
                const c = cases[items[lastStarted].caseIndex];
                opts.log?.(`corpus: child stopped in ${c.id} (${items[lastStarted].stage}); restarting\n${log.slice(-2000)}`);
                record(lastStarted, { ...emptyResult(items[lastStarted].stage), timedOut: true, hang: `no answer for ${WATCHDOG_MS / 1000} s (a busy loop, or the process died); killed` });
                next = lastStarted + 1;
            } else if (next === from) {
                throw new Error(`corpus child made no progress from item ${from}:\n${log.slice(-4000)}`);
            }
        }
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return { results, peakRss, children, ms: Date.now() - started };
}

function runChild(from: number, tmp: string, onResult: (i: number, r: StageResult) => void): Promise<{ lastStarted: number; rss: number; log: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(CORPUS_DIR, "run.ts"), "--child", String(from)], {
            cwd: REPO, stdio: ["ignore", "pipe", "pipe", "pipe"], env: { ...process.env, KUBESHIP_DEBUG: "", KUBESHIP_CORPUS_TMP: tmp },
        });
        let log = "";
        let lastStarted = -1;
        let rss = 0;
        let buffer = "";
        let watchdog = setTimeout(() => child.kill("SIGKILL"), WATCHDOG_MS);
        const keep = (s: Buffer) => { log = (log + s.toString()).slice(-20_000); };
        child.stdout!.on("data", keep);
        child.stderr!.on("data", keep);
        (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => child.kill("SIGKILL"), WATCHDOG_MS);
            buffer += chunk.toString();
            let nl;
            while ((nl = buffer.indexOf("\n")) >= 0) {
                const msg = JSON.parse(buffer.slice(0, nl)) as { start?: number; result?: StageResult; i?: number; maxRss?: number };
                buffer = buffer.slice(nl + 1);
                if (msg.start !== undefined) lastStarted = msg.start;
                if (msg.result && msg.i !== undefined) onResult(msg.i, msg.result);
                if (msg.maxRss !== undefined) rss = Math.max(rss, msg.maxRss);
            }
        });
        child.on("close", () => {
            clearTimeout(watchdog);
            resolve({ lastStarted, rss, log });
        });
    });
}

export function emptyResult(stage: StageName): StageResult {
    return {
        stage, argv: [], exit: null, stdout: "", stderr: "", ms: 0, timedOut: false, changed: [], outExists: false, outLeftovers: [],
        refused: [], stray: [], evaluated: false, registered: 0, registeredTypes: [],
    };
}

// ---------------------------------------------------------------- checks

/** The render flags of a case's command (--cloud, --region, --env), for `validate`. */
export function renderFlags(args: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) if (["--cloud", "--region", "--env"].includes(args[i])) out.push(args[i], args[i + 1]);
    return out;
}

/** Files an error line may name: the case's file, the files its command or stack names, and the command line. */
export function allowedFiles(c: CorpusCase, argv: readonly string[]): string[] {
    const files = new Set(["(command line)"]);
    if (c.file) files.add(c.file);
    argv.slice(1).forEach((a, i, all) => {
        if (!a.startsWith("-") && a !== "") files.add(a);
        if (all[i - 1] === "--stack") files.add(path.join("stacks", `Pulumi.${a}.yaml`));
    });
    if (c.kind === "stack" && c.file) {
        const named = /kubeship:config:\s*(\S+)/.exec(fs.readFileSync(path.join(CORPUS_DIR, c.file), "utf8"))?.[1];
        if (named) files.add(named);
    }
    if (argv.includes("ok-local")) files.add("examples/guestbook.yaml");
    return [...files];
}

const PATH = String.raw`(?:[^\s\["]|\[(?:\d+|"(?:[^"\\]|\\.)*")\])+`;
const POSITIONED = new RegExp(String.raw`^(\d+):(\d+) (${PATH}): (\S.*)$`);

export interface ErrorLine { file: string; line: number; column: number; path: string; message: string }

/** Parses `<file>:<line>:<col> <path>: <message>` for one of `files`; undefined when the line is not that. */
export function parseLine(text: string, files: readonly string[]): ErrorLine | undefined {
    for (const file of [...files].sort((a, b) => b.length - a.length)) {
        if (!text.startsWith(`${file}:`)) continue;
        const m = POSITIONED.exec(text.slice(file.length + 1));
        if (m && Number(m[1]) >= 1 && Number(m[2]) >= 1) return { file, line: Number(m[1]), column: Number(m[2]), path: m[3], message: m[4] };
    }
    return undefined;
}

const ROOTS = new Set(["(root)", "(file)"]);
/** Whether two dotted paths are the same, or one lies inside the other. */
export function relatedPaths(a: string, b: string): boolean {
    if (a === b || (ROOTS.has(a) && ROOTS.has(b))) return true;
    const inside = (x: string, y: string) => x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
    return inside(a, b) || inside(b, a);
}

const TRACE = [/^\s+at \S/m, /\bError:/, /internal error/i];

/** What is wrong with a case's own command: exit 2, positioned lines, no trace, nothing written, in time, as expected. */
export function cliProblems(c: CorpusCase, r: StageResult | undefined): string[] {
    if (!r) return ["did not run"];
    const out: string[] = [];
    if (r.timedOut) out.push(`hangs: ${r.hang ?? "cut off"}`);
    else if (r.exit !== 2) out.push(`exit ${r.exit}, want 2${r.exit === 0 ? " (the bad input was accepted)" : ""}`);
    else if (r.ms >= STAGE_TIMEOUT_MS) out.push(`took ${Math.round(r.ms)} ms`);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    if (!r.timedOut && lines.length === 0) out.push("no error line");
    const files = allowedFiles(c, r.argv);
    const parsed = lines.map((l) => parseLine(l, files));
    const bad = lines.filter((_, i) => !parsed[i]);
    if (bad.length) out.push(`${bad.length} line(s) not "<file>:<line>:<col> <path>: <message>", e.g. ${JSON.stringify(bad[0].slice(0, 200))}`);
    for (const t of TRACE) if (t.test(r.stderr)) { out.push(`stack-trace-like text (${t.source})`); break; }
    if (r.outExists) out.push("wrote the --out folder");
    if (r.outLeftovers.length) out.push(`left ${r.outLeftovers.join(", ")} beside the --out folder`);
    if (r.changed.length) {
        const n = (verb: string) => r.changed.filter((x) => x.startsWith(verb)).length;
        const example = r.changed.find((x) => x.startsWith("removed")) ?? r.changed[0];
        out.push(`changed the project: ${n("removed")} removed, ${n("added")} added, ${n("changed")} changed, e.g. ${example}`);
    }
    if (r.refused.length) out.push(`tried to write outside the sandbox: ${r.refused.slice(0, 3).join(", ")}`);
    if (r.stray.length) out.push(`unhandled: ${r.stray[0].slice(0, 200)}`);
    const good = parsed.filter((p): p is ErrorLine => p !== undefined);
    for (const e of c.expect) {
        const hit = good.some((p) => (e.path === "*" || relatedPaths(p.path, e.path)) && (e.line === undefined || p.line === e.line)
            && (e.text === undefined || p.message.toLowerCase().includes(e.text.toLowerCase())));
        if (!hit) out.push(`no line for "${e.raw}"`);
    }
    for (const f of c.forbid) if (f.test(r.stderr)) out.push(`a line matches /${f.source}/`);
    if (c.reportedIn && !good.some((p) => p.file === c.reportedIn)) out.push(`no line names ${c.reportedIn}`);
    return out;
}

/** `validate FILE` and `render --config FILE` must report the same lines. */
export function agreementProblems(r: CaseResult): string[] {
    const { cli, validate } = r;
    if (!cli || !validate) return ["did not run"];
    if (cli.timedOut || validate.timedOut) return [`${cli.timedOut ? "render" : "validate"} was cut off`];
    const set = (s: StageResult) => new Set(s.stderr.split("\n").filter((l) => l !== ""));
    const v = set(validate);
    const rd = set(cli);
    const onlyV = [...v].filter((l) => !rd.has(l));
    const onlyR = [...rd].filter((l) => !v.has(l));
    const out: string[] = [];
    if (validate.exit !== cli.exit) out.push(`validate exits ${validate.exit}, render ${cli.exit}`);
    if (onlyV.length) out.push(`only validate says: ${onlyV.slice(0, 2).map((l) => JSON.stringify(l.slice(0, 160))).join(", ")}${onlyV.length > 2 ? ` (+${onlyV.length - 2})` : ""}`);
    if (onlyR.length) out.push(`only render says: ${onlyR.slice(0, 2).map((l) => JSON.stringify(l.slice(0, 160))).join(", ")}${onlyR.length > 2 ? ` (+${onlyR.length - 2})` : ""}`);
    return out;
}

/** Nothing may be registered before a problem is found: under render, and in the program evaluated directly. */
export function registrationProblems(c: CorpusCase, r: CaseResult): string[] {
    const out: string[] = [];
    // A command line whose platform input is valid (--out ., --stack ..) registers what it should.
    if (!c.direct) return out;
    const types = (s: StageResult) => (s.registeredTypes.length ? ` (${s.registeredTypes.join(", ")}${s.registered > s.registeredTypes.length ? ", …" : ""})` : "");
    const { cli, direct } = r;
    if (cli?.evaluated && cli.registered > 0) {
        out.push(cli.exit === 0 ? `render accepted it and registered ${cli.registered} resources`
            : `render registered ${cli.registered} resources before it ${cli.timedOut ? "hung" : "failed"}${types(cli)}`);
    }
    if (c.direct) {
        if (!direct) out.push("the direct evaluation did not run");
        else if (direct.skipped) { /* the same evaluation as the cli stage */ }
        else if (direct.timedOut) out.push(`the program hung after registering ${direct.registered} resources`);
        else if (direct.outcome === "ok") out.push(`the program accepted it and registered ${direct.registered} resources`);
        else {
            if (direct.registered > 0) out.push(`the program registered ${direct.registered} resources before it failed${types(direct)}`);
            if (direct.outcome !== "config") out.push(`the program failed with ${direct.outcome}, not a config error`);
        }
    }
    return out;
}
