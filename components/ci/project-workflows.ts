/**
 * kubeship's own workflows made a project's (what `kubeship init` writes under
 * .github/): the steps marked `# kubeship-repo:` run the installed package instead
 * of this checkout, and kubeship's own tests are dropped; everything else (the
 * stack matrix, OIDC, runner groups, environments, concurrency, pins) is kept.
 * `npm run templates` writes templates/github/ from .github/; a test keeps them equal.
 * Each edit must apply exactly once: a reworded workflow fails loudly here, not in a user's CI.
 */

/** The installed package's copies of what the repo runs from source. */
export const PROJECT_PATHS = {
    matrix: "node node_modules/kubeship/dist/components/ci/matrix-cli.js",
    policyPack: "node_modules/kubeship/dist/policy",
    kubeship: "npx --no-install kubeship",
} as const;

type Edit = [from: string, to: string];

const EDITS: Record<string, Edit[]> = {
    "workflows/offline.yml": [
        ["# Runs `npm test`, renders every stack", "# Renders every stack"],
        ["      # kubeship-repo: kubeship's own tests; a project runs its own (or none).\n      - name: npm test\n        id: test\n        run: npm test\n\n", ""],
        ["      # Runs even when the tests failed, so the comment says so.\n      # kubeship-repo: the script runs kubeship from source (node cli/kubeship.js).\n", "      # The script runs the installed kubeship on both commits.\n"],
        ["          TEST_OUTCOME: ${{ steps.test.outcome }}\n", ""],
    ],
    "workflows/stacks.yml": [
        ["      # kubeship-repo: the matrix code from this checkout; a project that installs kubeship runs its copy.\n", "      # The matrix code of the installed kubeship package.\n"],
        ["node --import tsx .github/scripts/stack-matrix.ts", PROJECT_PATHS.matrix],
        ["(TypeScript through tsx, YAML through yaml)", "(kubeship's, from node_modules)"],
    ],
    "workflows/pulumi-stack.yml": [
        [
            "      # kubeship-repo: the policy pack is this repository's policy/; a project that installs\n      # kubeship points policyPacks (below) and this step at the installed package's copy.\n      - name: Install the policy pack's own dependencies (if it has any)\n        run: |\n          set -euo pipefail\n          if [[ -f policy/package-lock.json ]]; then\n            npm ci --prefix policy --no-audit --no-fund\n          elif [[ -f policy/package.json ]]; then\n            npm install --prefix policy --no-audit --no-fund\n          fi\n\n",
            "",
        ],
        ["          policyPacks: policy\n", `          # The installed kubeship's policy pack (its @pulumi/policy is in package.json).\n          policyPacks: ${PROJECT_PATHS.policyPack}\n`],
    ],
    "scripts/offline-report.sh": [
        ["node cli/kubeship.js render", `${PROJECT_PATHS.kubeship} render`],
        ["node cli/kubeship.js diff", `${PROJECT_PATHS.kubeship} diff`],
    ],
};

/** The files a project gets, by path under .github/: the marked workflows edited, the others as they are. */
export const PROJECT_GITHUB_FILES = ["workflows/deploy.yml", "workflows/offline-comment.yml", "workflows/offline.yml", "workflows/preview.yml", "workflows/pulumi-stack.yml", "workflows/stacks.yml", "scripts/offline-report.sh"];

/** One file made a project's; throws when an edit does not apply exactly once, or a repo-only step is left. */
export function projectGithubFile(rel: string, text: string): string {
    let out = text;
    for (const [from, to] of Object.hasOwn(EDITS, rel) ? EDITS[rel] : []) {
        const count = out.split(from).length - 1;
        if (count !== 1) throw new Error(`.github/${rel}: expected ${JSON.stringify(from.slice(0, 80))} once, found it ${count} times; update components/ci/project-workflows.ts`);
        out = out.replace(from, () => to);
    }
    if (out.includes("kubeship-repo:") || out.includes("cli/kubeship.js")) throw new Error(`.github/${rel}: a step that runs kubeship's own checkout is left; update components/ci/project-workflows.ts`);
    return out;
}
