/**
 * The corpus from the command line:
 *   node --import tsx test/corpus/run.ts            run it and list what fails
 *   node --import tsx test/corpus/run.ts --status   also write test/corpus/STATUS.md (npm run corpus:status)
 *   node --import tsx test/corpus/run.ts --show     also print every stage's command, exit code and stderr
 * KUBESHIP_CORPUS_ONLY=<regex> runs only the cases whose id matches.
 *   node --import tsx test/corpus/run.ts --child N  (internal) the child process, from work item N
 */
import { execSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CORPUS_DIR, loadCases } from "./cases";
import { runCorpus } from "./harness";
import { statusMarkdown, verdicts } from "./status";

async function run(): Promise<void> {
    const args = process.argv.slice(2);
    if (args[0] === "--child") {
        const { runChild } = await import("./child");
        await runChild(Number(args[1]));
        return;
    }
    const cases = loadCases();
    const corpus = await runCorpus(cases, { log: (s) => process.stderr.write(`${s}\n`) });
    const vs = verdicts(cases, corpus);
    if (args.includes("--show")) {
        for (const c of cases) {
            for (const r of Object.values(corpus.results.get(c.id) ?? {})) {
                const what = r.skipped ? `skipped: ${r.skipped}` : r.timedOut ? `hangs: ${r.hang}` : `exit ${r.exit ?? "-"}${r.outcome ? ` (${r.outcome})` : ""}, ${r.registered} registered`;
                process.stdout.write(`--- ${c.id} ${r.stage} ${r.argv.join(" ")}: ${what}\n${r.stderr}`);
            }
        }
    }
    for (const v of vs) if (v.cause) process.stdout.write(`${v.c.id}: ${v.cause}: ${[...v.cli, ...v.agreement, ...v.registration].join("; ").slice(0, 300)}\n`);
    const failing = vs.filter((v) => v.cause).length;
    process.stdout.write(`\n${cases.length} cases, ${cases.length - failing} pass, ${failing} fail; ${(corpus.ms / 1000).toFixed(1)} s, peak RSS ${(corpus.peakRss / 2 ** 20).toFixed(0)} MiB, ${corpus.children} child start(s)\n`);
    if (args.includes("--status")) {
        const commit = execSync("git rev-parse --short HEAD", { cwd: CORPUS_DIR, encoding: "utf8" }).trim();
        const md = statusMarkdown(cases, corpus, vs, { commit, date: new Date().toISOString().slice(0, 10) });
        fs.writeFileSync(path.join(CORPUS_DIR, "STATUS.md"), md);
        process.stdout.write("wrote test/corpus/STATUS.md\n");
    }
}

run().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
});
