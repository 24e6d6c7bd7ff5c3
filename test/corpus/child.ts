/**
 * The corpus child process: runs work items from `from` on, in-process, in a
 * sandbox, and reports each on file descriptor 3 (see harness.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadCases, type CorpusCase } from "./cases";
import { emptyResult, renderFlags, STAGE_TIMEOUT_MS, workItems, type StageResult } from "./harness";
import { installJail, Sandbox } from "./sandbox";

type Main = (argv: string[], io: { out: (s: string) => void; err: (s: string) => void }) => Promise<number>;
type Engine = typeof import("../../components/render/engine");

const send = (msg: unknown) => fs.writeSync(3, `${JSON.stringify(msg)}\n`);
const TYPES_SHOWN = 4;

export async function runChild(from: number): Promise<void> {
    // As cli/kubeship.js does before it runs main.
    (require("../../cli/lazy-closures") as { installLazyClosures(): void }).installLazyClosures();
    process.setSourceMapsEnabled(false);
    const cases = loadCases();
    const items = workItems(cases);
    const sandbox = new Sandbox(cases);
    process.env.HOME = sandbox.home;
    process.chdir(sandbox.project);
    const { main } = (await import("../../cli/main")) as { main: Main };
    const engine = (await import("../../components/render/engine")) as Engine;
    const { userErrorLines } = await import("../../components/render/render");
    const jail = installJail(sandbox.runDir);

    // What the real CLI would crash on: rejections and exceptions no one handles.
    let stray: string[] = [];
    process.on("unhandledRejection", (reason) => {
        // While the engine evaluates it listens too and handles them; alone, we are the crash.
        if (process.listenerCount("unhandledRejection") === 1) stray.push(`unhandled rejection: ${describe(reason)}`);
    });
    process.on("uncaughtException", (e) => { stray.push(`uncaught exception: ${describe(e)}`); });

    let cliEvaluated = new Map<string, boolean>();
    for (let i = from; i < items.length; i++) {
        const { caseIndex, stage } = items[i];
        const c = cases[caseIndex];
        send({ start: i });
        const out = path.join(sandbox.outRoot, `${c.id}-${stage}`);
        const fill = (s: string) => s.replace("{file}", c.file ?? "").replace("{out}", out).replace("{home}", sandbox.home).replace("{project}", sandbox.project);
        const before = sandbox.snapshot();
        const seq = engine.latestEvaluation().seq;
        stray = [];
        jail.refused.length = 0;
        let result: StageResult;
        if (stage === "direct" && cliEvaluated.get(c.id)) {
            result = { ...emptyResult(stage), skipped: "the render evaluated the program itself" };
        } else {
            jail.enabled = true;
            const t0 = performance.now();
            const argv = stage === "direct" ? [] : argvFor(c, stage, fill, out);
            const run = stage === "direct" ? direct(c, fill, sandbox, engine, userErrorLines) : cli(main, argv);
            // Unref'd, so that a program waiting on promises nothing will resolve drains the event loop: that is a hang, found at once.
            let timer: NodeJS.Timeout | undefined;
            let drained: (() => void) | undefined;
            const cutOff = new Promise<string>((resolve) => {
                timer = setTimeout(() => resolve(`cut off after ${STAGE_TIMEOUT_MS / 1000} s`), STAGE_TIMEOUT_MS).unref();
                drained = () => resolve("waits forever (the event loop drained with the command unfinished)");
                process.once("beforeExit", drained);
            });
            const r = await Promise.race([run, cutOff]);
            clearTimeout(timer);
            process.off("beforeExit", drained!);
            // Let rejections that the failure queued surface before we look.
            await new Promise((resolve) => setImmediate(resolve));
            jail.enabled = false;
            result = typeof r === "string" ? { ...emptyResult(stage), argv, timedOut: true, hang: r } : { ...emptyResult(stage), argv, ...r };
            result.ms = performance.now() - t0;
        }
        const latest = engine.latestEvaluation();
        if (latest.seq !== seq) {
            result.evaluated = true;
            result.registered = latest.registered.length;
            result.registeredTypes = [...new Set(latest.registered.map((x) => x.type))].slice(0, TYPES_SHOWN);
        }
        if (stage === "cli") cliEvaluated.set(c.id, result.evaluated);
        result.changed = sandbox.changedSince(before);
        result.outExists = fs.existsSync(out);
        if (result.outExists) fs.rmSync(out, { recursive: true, force: true });
        result.outLeftovers = sandbox.outLeftovers();
        result.refused = [...jail.refused];
        result.stray = [...stray];
        if (result.changed.length) {
            sandbox.build();
            process.chdir(sandbox.project);
        }
        send({ i, result });
        if (result.timedOut) {
            if (stage === "cli" && result.evaluated && items[i + 1]?.stage === "direct" && items[i + 1].caseIndex === caseIndex) {
                // The direct stage would run the same hung evaluation again.
                send({ start: i + 1 });
                send({ i: i + 1, result: { ...emptyResult("direct"), skipped: "the render evaluated the program itself" } });
            }
            break; // the parent starts a fresh child: a hung Pulumi runtime may poison later cases
        }
    }
    send({ maxRss: process.resourceUsage().maxRSS * 1024 });
    jail.enabled = false;
    process.chdir(path.dirname(sandbox.runDir));
    sandbox.remove();
    cliEvaluated = new Map();
    process.exit(0);
}

function argvFor(c: CorpusCase, stage: "cli" | "validate", fill: (s: string) => string, out: string): string[] {
    if (stage === "validate") return ["validate", fill("{file}"), ...renderFlags(c.args)];
    const argv = c.args.map(fill);
    if ((c.kind === "file" || c.kind === "stack" || c.kind === "generated") && !argv.includes("--out")) argv.push("--out", out);
    return argv;
}

async function cli(main: Main, argv: string[]): Promise<Partial<StageResult>> {
    let stdout = "";
    let stderr = "";
    const io = { out: (s: string) => { stdout += s; }, err: (s: string) => { stderr += s; } };
    let exit: number;
    try {
        exit = await main(argv, io);
    } catch (e) {
        // What cli/kubeship.js prints for an error main does not handle.
        stderr += `kubeship: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
        exit = 3;
    }
    return { exit, stdout, stderr };
}

/**
 * The program as `pulumi up` runs it: the stack's config in, index.ts
 * evaluated by the offline engine, without the CLI's validation in front.
 */
async function direct(c: CorpusCase, fill: (s: string) => string, sandbox: Sandbox, engine: Engine, userErrorLines: (e: unknown) => string | undefined): Promise<Partial<StageResult>> {
    const { createMocks } = await import("../../components/render/mocks");
    const { readStackConfig } = await import("../../components/render/stack-file");
    const flag = (name: string) => { const i = c.args.indexOf(name); return i >= 0 ? fill(c.args[i + 1]) : undefined; };
    let stack: string;
    let config: Record<string, string>;
    let secretKeys: string[] = [];
    const stackName = flag("--stack");
    if (stackName !== undefined) {
        try {
            ({ config, secretKeys } = readStackConfig(stackName, sandbox.project));
        } catch {
            return { skipped: "the stack file cannot be read as a stack; the Pulumi CLI stops before the program" };
        }
        stack = stackName;
    } else {
        const file = flag("--config") ?? "";
        const cloud = flag("--cloud") ?? "";
        stack = `${path.basename(file).replace(/\.ya?ml$/, "")}-${cloud}`;
        config = { "kubeship:config": file, "kubeship:cloud": cloud };
        const region = flag("--region");
        const env = flag("--env");
        if (region !== undefined) config["kubeship:region"] = region;
        if (env !== undefined) config["kubeship:environment"] = env;
        // Stand in for every secret the file names, as render does, so a missing one does not stop the program first.
        for (const key of secretKeysIn(path.resolve(sandbox.project, file))) {
            config[`kubeship:${key}`] = "corpus-secret";
            secretKeys.push(`kubeship:${key}`);
        }
    }
    const cloud = config["kubeship:cloud"];
    const mocksCloud = (["aws", "gcp", "azure", "existing"] as const).find((x) => x === cloud) ?? "existing";
    const programModule = (await import("../../index")) as unknown as { default?: () => Promise<Record<string, unknown>> };
    const program = programModule.default ?? (programModule as unknown as () => Promise<Record<string, unknown>>);
    try {
        await engine.evaluate(program, {
            project: "kubeship", stack, config, secretKeys,
            mocks: createMocks({ cloud: mocksCloud, region: config["kubeship:region"] ?? "", stack }),
        });
        return { outcome: "ok" };
    } catch (e) {
        return { outcome: userErrorLines(e) !== undefined ? "config" : describe(e) };
    }
}

function secretKeysIn(file: string): string[] {
    try {
        const doc = parse(fs.readFileSync(file, "utf8")) as { app?: { tiers?: Record<string, { secrets?: Record<string, unknown> }> } };
        const tiers = doc?.app?.tiers;
        if (!tiers || typeof tiers !== "object") return [];
        return Object.values(tiers).flatMap((t) => (t && typeof t.secrets === "object" && t.secrets ? Object.values(t.secrets).filter((k): k is string => typeof k === "string") : []));
    } catch {
        return [];
    }
}

function describe(e: unknown): string {
    if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0].slice(0, 300)}`;
    return String(e).slice(0, 300);
}
