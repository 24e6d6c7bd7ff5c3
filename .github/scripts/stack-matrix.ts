/**
 * Prints the CI matrix of this project's stacks (components/ci/matrix.ts):
 *
 *   node --import tsx .github/scripts/stack-matrix.ts [--root DIR] [--github-output FILE] [--summary FILE]
 *
 * --root: the project folder (where Pulumi.yaml is), default the current one.
 * stdout: the matrix as JSON. With --github-output, appends `all=`, `dev=`,
 * `staging=` and `prod=` lines (JSON lists of jobs) for the workflows; with
 * --summary, appends a Markdown table. Exit 0, or 2 when a stack file is wrong
 * (each problem printed as a GitHub error annotation at its line).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem } from "../../components/config/errors";
import { githubOutput, matrixSummary, stackMatrix } from "../../components/ci/matrix";

const { values } = parseArgs({ options: { root: { type: "string" }, "github-output": { type: "string" }, summary: { type: "string" } } });
const matrix = stackMatrix(values.root ?? process.cwd());
for (const p of matrix.problems) {
    // An annotation on the file and line, and the usual one-line message.
    console.error(`::error file=${p.file},line=${p.line},col=${p.column}::${p.path}: ${p.message.replace(/\r?\n/g, " ")}`);
    console.error(formatProblem(p));
}
if (matrix.problems.length) process.exit(2);
console.log(JSON.stringify({ all: matrix.all, skipped: matrix.skipped }, null, 2));
if (values["github-output"]) fs.appendFileSync(values["github-output"], githubOutput(matrix));
if (values.summary) fs.appendFileSync(values.summary, `### Stacks\n\n${matrixSummary(matrix)}`);
