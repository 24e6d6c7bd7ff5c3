/**
 * Fuzzing the loader and the render (issue 9): mutations of both examples on
 * all four clouds are validated in-process; anything thrown that is not a
 * ConfigError is a crash. A sample of the accepted mutants is rendered fully,
 * in-process; a render that fails other than with the user's error lines (an
 * internal error, an EngineError, a hang) is an exit-1 result.
 *
 *   npm run fuzz [-- --mutations 10000] [--renders 200] [--seed N]
 *
 * Prints the counts; exits 1 on any crash or exit-1 result and keeps those
 * mutants (with how they were made) in a temp folder for reproduction.
 * test/fuzz/fuzz.test.ts runs a small version in the default test run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { bases, describePlan, mutate, planArb, type Plan } from "./mutate";

export interface FuzzOptions {
    mutations: number;
    renders: number;
    seed: number;
    /** Where crashing and exit-1 mutants are kept. @default a new temp folder */
    keepDir?: string;
    /** Cut-off for one render. @default 10 s */
    renderTimeoutMs?: number;
}

export interface Finding { kind: "crash" | "exit-1"; what: string; error: string; file: string }

export interface FuzzReport {
    seed: number;
    mutations: number;
    rejected: number;
    accepted: number;
    rendered: number;
    /** Renders that ended in the user's error lines (exit 2) although loading accepted the mutant. */
    renderRejected: number;
    crashes: number;
    exit1: number;
    findings: Finding[];
    ms: number;
    keepDir: string;
}

const REGIONS = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: undefined } as const;
/** Findings kept on disk, at most, per kind. */
const KEEP = 20;

type Settings = { configFile: string; cloud: string; region?: string; environment: string };

export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
    const started = performance.now();
    const { ConfigError } = await import("../../components/config/errors");
    const loadModule = (await import("../../components/config/load")) as Record<string, unknown>;
    // The single validation pass of issue 9 may land as a plan loader; use it when it is there.
    const load = (loadModule.loadPlan ?? loadModule.loadPlatform) as (s: Settings, o: { root: string }) => unknown;
    const { render, userErrorLines } = await import("../../components/render/render");

    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-fuzz-work-"));
    const keepDir = opts.keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `kubeship-fuzz-${opts.seed}-`));
    const examples = bases();
    const plans = fc.sample(planArb, { numRuns: opts.mutations, seed: opts.seed });
    const report: FuzzReport = { seed: opts.seed, mutations: plans.length, rejected: 0, accepted: 0, rendered: 0, renderRejected: 0, crashes: 0, exit1: 0, findings: [], ms: 0, keepDir };
    const keep = (kind: Finding["kind"], what: string, error: unknown, text: string) => {
        const n = report.findings.filter((f) => f.kind === kind).length;
        if (n >= KEEP) return;
        const file = path.join(keepDir, `${kind}-${n + 1}.yaml`);
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        fs.writeFileSync(file, `# ${what}\n# ${message.split("\n")[0]}\n${text}`);
        report.findings.push({ kind, what, error: message.split("\n")[0].slice(0, 300), file });
    };

    const accepted: { plan: Plan; text: string }[] = [];
    plans.forEach((plan, i) => {
        const text = mutate(examples[plan.base].doc, plan);
        const file = `m${i % 2}.yaml`;
        fs.writeFileSync(path.join(work, file), text);
        try {
            load(settingsFor(plan, file), { root: work });
            report.accepted++;
            accepted.push({ plan, text });
        } catch (e) {
            if (ConfigError.is(e)) report.rejected++;
            else {
                report.crashes++;
                keep("crash", describePlan(plan, examples[plan.base].name), e, text);
            }
        }
    });

    // Render an evenly spread sample of the accepted mutants.
    const step = Math.max(1, accepted.length / opts.renders);
    const sample = Array.from({ length: Math.min(opts.renders, accepted.length) }, (_, k) => accepted[Math.floor(k * step)]);
    let stray: unknown[] = [];
    const onStray = (reason: unknown) => { if (process.listenerCount("unhandledRejection") === 1) stray.push(reason); };
    process.on("unhandledRejection", onStray);
    try {
        for (const { plan, text } of sample) {
            fs.writeFileSync(path.join(work, "r.yaml"), text);
            stray = [];
            const what = describePlan(plan, examples[plan.base].name);
            const outcome = await withCutOff(render(settingsFor(plan, "r.yaml"), work), opts.renderTimeoutMs ?? 10_000);
            await new Promise((resolve) => setImmediate(resolve));
            report.rendered++;
            if (outcome.hang) {
                report.exit1++;
                keep("exit-1", what, new Error(`render never finished (${outcome.hang})`), text);
            } else if (outcome.error !== undefined && userErrorLines(outcome.error) !== undefined) {
                report.renderRejected++;
            } else if (outcome.error !== undefined || stray.length) {
                report.exit1++;
                keep("exit-1", what, outcome.error ?? stray[0], text);
            }
        }
    } finally {
        process.off("unhandledRejection", onStray);
        fs.rmSync(work, { recursive: true, force: true });
    }
    report.ms = performance.now() - started;
    if (report.findings.length === 0) fs.rmSync(keepDir, { recursive: true, force: true });
    return report;
}

function settingsFor(plan: Plan, configFile: string): Settings {
    const region = REGIONS[plan.cloud];
    return { configFile, cloud: plan.cloud, ...(region ? { region } : {}), environment: plan.env };
}

/** Settles `p`, or gives up: at once when the event loop drains with `p` pending (nothing can settle it), else after `ms`. */
async function withCutOff(p: Promise<unknown>, ms: number): Promise<{ error?: unknown; hang?: string }> {
    let timer: NodeJS.Timeout | undefined;
    let drained: (() => void) | undefined;
    const cut = new Promise<{ hang: string }>((resolve) => {
        timer = setTimeout(() => resolve({ hang: `cut off after ${ms / 1000} s` }), ms).unref();
        drained = () => resolve({ hang: "waits on promises nothing resolves" });
        process.once("beforeExit", drained);
    });
    try {
        return await Promise.race([p.then(() => ({}), (error: unknown) => ({ error })), cut]);
    } finally {
        clearTimeout(timer);
        process.off("beforeExit", drained!);
    }
}

export function formatReport(r: FuzzReport): string {
    const lines = [
        `fuzz (seed ${r.seed}): ${r.mutations} mutations: ${r.rejected} rejected, ${r.accepted} accepted; ${r.crashes} crashes`,
        `rendered ${r.rendered} accepted mutants: ${r.rendered - r.exit1 - r.renderRejected} ok, ${r.renderRejected} rejected by render (exit 2), ${r.exit1} exit-1`,
        `time ${(r.ms / 1000).toFixed(1)} s`,
    ];
    for (const f of r.findings) lines.push(`  ${f.kind}: ${f.error}\n    ${f.what}\n    ${f.file}`);
    return `${lines.join("\n")}\n`;
}

async function cli(): Promise<void> {
    const arg = (name: string, fallback: number) => {
        const i = process.argv.indexOf(`--${name}`);
        return i >= 0 ? Number(process.argv[i + 1]) : fallback;
    };
    // As cli/kubeship.js: stack traces are not needed, and mapping them costs time per resource.
    process.setSourceMapsEnabled(false);
    const report = await fuzz({ mutations: arg("mutations", 10_000), renders: arg("renders", 200), seed: arg("seed", Math.floor(Math.random() * 2 ** 31)) });
    process.stdout.write(formatReport(report));
    process.exit(report.crashes || report.exit1 ? 1 : 0);
}

if (require.main === module) {
    cli().catch((e) => {
        process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
