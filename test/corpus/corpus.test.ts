/**
 * The bad-input corpus (issue 9): every case must exit 2 with one positioned
 * line per problem, no stack trace, nothing written, in under 10 s; `validate`
 * and `render` must agree on every platform file; and nothing may be
 * registered before the failure, under render or with the program evaluated
 * directly. The whole corpus runs once, in one child process (harness.ts),
 * whose peak RSS must stay under 1 GB. test/corpus/STATUS.md lists what fails.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, loadCases } from "./cases";
import { agreementProblems, cliProblems, registrationProblems, runCorpus, type CorpusRun } from "./harness";

const cases = loadCases();
const byId = cases.map((c) => [c.id, c] as const);

/** Content hash of the committed corpus (cases and stacks), to prove runs leave it alone. */
function corpusHash(): string {
    const hash = createHash("sha256");
    for (const dir of ["cases", "stacks"]) {
        for (const f of fs.readdirSync(path.join(CORPUS_DIR, dir)).sort()) {
            hash.update(`${dir}/${f}\0`).update(fs.readFileSync(path.join(CORPUS_DIR, dir, f))).update("\0");
        }
    }
    return hash.digest("hex");
}

const before = corpusHash();
let run: CorpusRun;
beforeAll(async () => {
    run = await runCorpus(cases);
}, 600_000);

describe("the bad-input corpus", () => {
    it("has at least 220 cases, covering every kind", () => {
        expect(cases.length).toBeGreaterThanOrEqual(220);
        expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(["file", "stack", "cli", "generated"]));
    });

    it("runs whole with a peak RSS under 1 GB", () => {
        expect(run.peakRss).toBeGreaterThan(0);
        expect(run.peakRss).toBeLessThan(2 ** 30);
    });

    it("leaves the corpus folder as it was", () => {
        expect(corpusHash()).toBe(before);
    });
});

describe("exit 2, positioned lines, no trace, nothing written, under 10 s", () => {
    it.each(byId)("%s", (_id, c) => {
        expect(cliProblems(c, run.results.get(c.id)?.cli), c.why).toEqual([]);
    });
});

describe("validate FILE and render --config FILE print the same lines", () => {
    it.each(byId.filter(([, c]) => c.agree))("%s", (_id, c) => {
        expect(agreementProblems(run.results.get(c.id) ?? {}), c.why).toEqual([]);
    });
});

describe("nothing is registered before the failure (render, and the program run directly)", () => {
    it.each(byId.filter(([, c]) => c.direct))("%s", (_id, c) => {
        expect(registrationProblems(c, run.results.get(c.id) ?? {}), c.why).toEqual([]);
    });
});
