/**
 * `npm run bench`: cold start, scale, deploy-time estimate, change locality and
 * the program's start cost. Prints a Markdown table and writes bench/results.md.
 * Each timing is the median of RUNS runs (default 5) with min and max.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffRenders, summarize as summarizeDiff } from "../components/diff";
import { simulate, unavoidableChain, mmss } from "../components/estimate";
import { render } from "../components/render/render";
import { generatePlatform } from "./generate";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = path.join(ROOT, "cli/kubeship.js");
const PROBE = path.join(ROOT, "bench/rss-probe.cjs");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-bench-"));

interface Sample { ms: number; rssMB: number }
interface Stat { median: number; min: number; max: number }
const stat = (xs: number[]): Stat => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (s: Stat, unit: string, digits = 0) => `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** Runs node with the RSS probe preloaded; wall time from spawn to exit. */
function measure(args: string[], env: Record<string, string> = {}): Sample {
    const rssFile = path.join(work, `rss-${process.hrtime.bigint()}`);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", PROBE, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env, KUBESHIP_RSS_FILE: rssFile } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return { ms, rssMB: Number(fs.readFileSync(rssFile, "utf8")) / 2 ** 20 };
}

function repeat(args: string[], env?: Record<string, string>): { time: Stat; rss: Stat } {
    const samples = Array.from({ length: RUNS }, () => measure(args, env));
    return { time: stat(samples.map((s) => s.ms)), rss: stat(samples.map((s) => s.rssMB)) };
}

const rows: string[] = [];
const targets: { name: string; target: string; value: string; met: boolean }[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main() {
    const started = Date.now();
    // 1. Cold start: a new process per run, as `npm start` does (tsx's transform cache warm after the first).
    log("cold start ...");
    rows.push("### 1. Cold start: `kubeship render --stack S` in a new process", "", "| stack | wall time | peak RSS | loaded SDKs |", "|---|---|---|---|");
    for (const stack of ["dev-aws", "dev-gcp", "dev-azure", "local"]) {
        const out = path.join(work, `cold-${stack}`);
        measure([CLI, "render", "--stack", stack, "--quiet", "--out", out]); // warm tsx's cache once
        const m = repeat([CLI, "render", "--stack", stack, "--quiet", "--out", out]);
        rows.push(`| ${stack} | ${fmt(m.time, "ms")} | ${fmt(m.rss, "MB")} | ${loadedSdks(stack).join(", ")} |`);
        if (stack === "dev-aws") {
            targets.push({ name: "cold render of the default example (dev-aws)", target: "≤ 1.5 s wall", value: `${(m.time.median / 1000).toFixed(2)} s`, met: m.time.median <= 1500 });
            targets.push({ name: "cold render of the default example (dev-aws)", target: "≤ 300 MB peak RSS", value: `${m.rss.median.toFixed(0)} MB`, met: m.rss.median <= 300 });
        }
    }
    const noCache = measure([CLI, "render", "--stack", "dev-aws", "--quiet", "--out", path.join(work, "nocache")], { TSX_DISABLE_CACHE: "1" });
    rows.push("", `First run with no transform cache (as right after \`npm ci\`): ${noCache.ms.toFixed(0)} ms, ${noCache.rssMB.toFixed(0)} MB.`, "");

    // 2. Scale.
    log("scale ...");
    rows.push("### 2. Scale: generated apps on dev-aws's cloud (`--config F --cloud aws`)", "", "| tiers | resources | wall time | peak RSS |", "|---|---|---|---|");
    const scaleTimes: Record<number, number> = {};
    for (const n of [10, 100, 1000]) {
        const file = path.join(work, `scale-${n}.yaml`);
        fs.writeFileSync(file, generatePlatform(n));
        const args = [CLI, "render", "--config", file, "--cloud", "aws", "--region", "us-east-1", "--quiet", "--out", path.join(work, `scale-out-${n}`)];
        const m = repeat(args);
        const count = (JSON.parse(fs.readFileSync(path.join(work, `scale-out-${n}`, "resources.json"), "utf8")) as unknown[]).length;
        scaleTimes[n] = m.time.median;
        rows.push(`| ${n} | ${count} | ${fmt(m.time, "ms")} | ${fmt(m.rss, "MB")} |`);
        if (n === 1000) {
            targets.push({ name: "1000 tiers", target: "≤ 30 s", value: `${(m.time.median / 1000).toFixed(1)} s`, met: m.time.median <= 30_000 });
            targets.push({ name: "1000 tiers", target: "≤ 2 GB peak RSS", value: `${m.rss.median.toFixed(0)} MB`, met: m.rss.median <= 2048 });
        }
    }
    const growth = scaleTimes[1000] / scaleTimes[100];
    rows.push("", `Growth time(1000) / time(100) = **${growth.toFixed(2)}** (10× the tiers).`, "");
    targets.push({ name: "growth time(1000)/time(100)", target: "≤ 12", value: growth.toFixed(2), met: growth <= 12 });

    // 3. Deploy-time estimate for each cloud's default stack.
    log("estimate ...");
    rows.push("### 3. Deploy-time estimate (simulated `pulumi up` from scratch)", "", "| stack | total | unavoidable chain | total / chain |", "|---|---|---|---|");
    for (const stack of ["dev-aws", "dev-gcp", "dev-azure"]) {
        const r = await render({ stack }, ROOT);
        const sim = simulate(r.resources);
        const chain = unavoidableChain(sim);
        rows.push(`| ${stack} | ${mmss(sim.total)} | ${mmss(chain.seconds)} | ${chain.ratio.toFixed(3)} |`);
        targets.push({ name: `deploy estimate ${stack} within 5% of the chain`, target: "≤ 1.05", value: chain.ratio.toFixed(3), met: chain.withinTarget });
    }
    rows.push("");

    // 4. Change locality.
    log("change locality ...");
    rows.push("### 4. Change locality (`kubeship diff` after one change, guestbook on dev-aws)", "", "| change | added | changed | replaced | removed | expected |", "|---|---|---|---|---|---|");
    const locality = await changeLocality();
    for (const l of locality) {
        rows.push(`| ${l.name} | ${l.counts.added} | ${l.counts.changed} | ${l.counts.replaced} | ${l.counts.removed} | ${l.expected} ${l.met ? "✅" : "❌"} |`);
        targets.push({ name: `change locality: ${l.name}`, target: l.expected, value: l.detail, met: l.met });
    }
    const a = await render({ stack: "dev-aws" }, ROOT);
    const b = await render({ stack: "dev-aws" }, ROOT);
    const identical = JSON.stringify(a.files) === JSON.stringify(b.files);
    targets.push({ name: "identical input renders byte-identical files", target: "identical", value: identical ? "identical" : "different", met: identical });
    rows.push("");

    // 5. The program's start cost, run the way Pulumi runs it (node --import tsx, Pulumi.yaml's nodeargs).
    log("program start ...");
    const starts = Array.from({ length: RUNS }, () => programStart("dev-aws"));
    const load = stat(starts.map((s) => s.loadMs));
    const evaluate = stat(starts.map((s) => s.evalMs));
    rows.push("### 5. `pulumi preview` start: the program's own cost (`node --import tsx`, no engine)", "",
        `Loading index.ts and its imports: ${fmt(load, "ms")}; evaluating it for dev-aws under mocks: ${fmt(evaluate, "ms")}.`,
        `Pulumi.yaml: typescript: false, nodeargs: --import tsx — the program is transpiled, never type-checked, at start.`, "");
    const pulumiYaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    const noTypecheck = /typescript:\s*false/.test(pulumiYaml) && /--import tsx/.test(pulumiYaml);
    targets.push({ name: "pulumi preview start never type-checks the SDKs", target: "typescript: false", value: `${load.median.toFixed(0)} ms load + ${evaluate.median.toFixed(0)} ms evaluation`, met: noTypecheck });

    const header = [
        "# kubeship benchmark", "",
        `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${RUNS} runs per figure (median, min–max).`,
        `Generated by \`npm run bench\` in ${((Date.now() - started) / 1000).toFixed(0)} s.`, "",
        "## Targets", "", "| target | goal | measured | met |", "|---|---|---|---|",
        ...targets.map((t) => `| ${t.name} | ${t.target} | ${t.value} | ${t.met ? "✅ yes" : "❌ no"} |`), "",
        "## Details", "",
    ];
    const text = [...header, ...rows].join("\n");
    fs.writeFileSync(path.join(ROOT, "bench/results.md"), `${text}\n`);
    process.stdout.write(`${text}\n`);
    fs.rmSync(work, { recursive: true, force: true });
}

function loadedSdks(stack: string): string[] {
    const script = `require("tsx/cjs/api").register();
        require("./components/render/render.ts").render({ stack: process.argv[1] }).then(() => {
            const loaded = Object.keys(require.cache).map((f) => (f.match(/node_modules\\/(@pulumi\\/[^/]+)/) || [])[1]).filter(Boolean);
            process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
        });`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script, stack], { cwd: ROOT, encoding: "utf8" });
    return (JSON.parse(r.stdout) as string[]).filter((m) => m !== "@pulumi/pulumi");
}

function programStart(stack: string): { loadMs: number; evalMs: number } {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/program-start.ts"), stack], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

async function changeLocality() {
    const base = fs.readFileSync(path.join(ROOT, "examples/guestbook.yaml"), "utf8");
    const dir = fs.mkdtempSync(path.join(work, "locality-"));
    fs.mkdirSync(path.join(dir, "examples"));
    fs.cpSync(path.join(ROOT, "stacks"), path.join(dir, "stacks"), { recursive: true });
    const stackFile = path.join(dir, "stacks/Pulumi.dev-aws.yaml");
    const stackText = fs.readFileSync(stackFile, "utf8");
    const renderWith = async (text: string, stack = stackText) => {
        fs.writeFileSync(path.join(dir, "examples/guestbook.yaml"), text);
        fs.writeFileSync(stackFile, stack);
        return render({ stack: "dev-aws" }, dir);
    };
    const before = await renderWith(base);
    const cases = [
        { name: "one tier's image", text: base.replace("gb-frontend:v5", "gb-frontend:v6"), expected: "exactly 1 resource changed" },
        // dev-aws overrides the pool's bounds, so the change goes where the max is set: the stack file.
        { name: "one node pool's max", text: base, stack: stackText.replace("general: { min: 1, max: 3 }", "general: { min: 1, max: 4 }"), expected: "exactly that pool changed" },
        {
            name: "adding a tier", expected: "only the new tier added, plus the NetworkPolicies of tiers it talks to",
            text: `${base.trimEnd()}\n\n    worker:\n      image: example/worker:1.0.0\n      ports: { http: 8080 }\n      talksTo: [redis-leader]\n      env:\n        REDIS: \${redis-leader.url}\n`,
        },
    ];
    const out = [];
    for (const c of cases) {
        const after = await renderWith(c.text, c.stack);
        if (c.stack !== undefined && c.stack === stackText) throw new Error("the node pool change did not apply to the stack file");
        const diff = diffRenders(before.resources, after.resources);
        const counts = summarizeDiff(diff);
        const changed = diff.changed.filter((x) => x.action !== "noop").map((x) => x.type);
        let met = false;
        let detail = "";
        if (c.name === "one tier's image") {
            met = counts.changed === 1 && counts.added === 0 && counts.removed === 0 && changed[0] === "kubernetes:apps/v1:Deployment";
            detail = `${counts.changed} changed (${changed.join(", ")})`;
        } else if (c.name === "one node pool's max") {
            met = counts.changed === 1 && counts.added === 0 && counts.removed === 0 && changed[0] === "aws:eks/nodeGroup:NodeGroup";
            detail = `${counts.changed} changed (${changed.join(", ") || "none"})`;
        } else {
            const newOnes = diff.added.every((x) => x.urn.includes("worker"));
            met = newOnes && counts.removed === 0 && changed.every((t) => t === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
            detail = `${counts.added} added (all the new tier's: ${newOnes}), ${counts.changed} changed (${changed.join(", ") || "none"})`;
        }
        out.push({ name: c.name, counts, expected: c.expected, met, detail });
    }
    return out;
}

main().catch((e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
});
