/**
 * Prints the CI matrix of this project's stacks (components/ci/matrix.ts), from
 * source; a user's project runs the same `matrixMain` from the installed package
 * (node_modules/kubeship/dist/components/ci/matrix-cli.js):
 *
 *   node --import tsx .github/scripts/stack-matrix.ts [--root DIR] [--github-output FILE] [--summary FILE]
 *
 * --root: the project folder (where Pulumi.yaml is), default the current one.
 * stdout: the matrix as JSON. With --github-output, appends `all=`, `dev=`,
 * `staging=` and `prod=` lines (JSON lists of jobs) for the workflows; with
 * --summary, appends a Markdown table. Exit 0, or 2 when a stack file is wrong
 * (each problem printed as a GitHub error annotation at its line).
 */
import { matrixMain } from "../../components/ci/matrix-cli";

process.exitCode = matrixMain(process.argv.slice(2));
