/**
 * The stack matrix for a project's CI, from the installed package (kubeship's own
 * repo runs .github/scripts/stack-matrix.ts, the same steps from source):
 *
 *   node node_modules/kubeship/dist/components/ci/matrix-cli.js [--root DIR] [--github-output FILE] [--summary FILE]
 *
 * stdout: the matrix as JSON; exit 2 when a stack file is wrong (a GitHub error annotation per problem).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem } from "../config/errors";
import { githubOutput, matrixSummary, stackMatrix } from "./matrix";

export function matrixMain(args: string[]): number {
    const { values } = parseArgs({ args, options: { root: { type: "string" }, "github-output": { type: "string" }, summary: { type: "string" } } });
    const matrix = stackMatrix(values.root ?? process.cwd());
    for (const p of matrix.problems) {
        console.error(`::error file=${p.file},line=${p.line},col=${p.column}::${p.path}: ${p.message.replace(/\r?\n/g, " ")}`);
        console.error(formatProblem(p));
    }
    if (matrix.problems.length) return 2;
    console.log(JSON.stringify({ all: matrix.all, skipped: matrix.skipped }, null, 2));
    if (values["github-output"]) fs.appendFileSync(values["github-output"], githubOutput(matrix));
    if (values.summary) fs.appendFileSync(values.summary, `### Stacks\n\n${matrixSummary(matrix)}`);
    return 0;
}

if (require.main === module) process.exitCode = matrixMain(process.argv.slice(2));
