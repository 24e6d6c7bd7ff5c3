// `npm run templates`: templates/github/ (what `kubeship init` writes under .github/)
// from kubeship's own .github/, through components/ci/project-workflows.ts.
"use strict";
require("tsx/cjs/api").register();
const fs = require("node:fs");
const path = require("node:path");
const { PROJECT_GITHUB_FILES, projectGithubFile } = require("../components/ci/project-workflows.ts");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "templates", "github");
fs.rmSync(out, { recursive: true, force: true });
for (const rel of PROJECT_GITHUB_FILES) {
    const text = projectGithubFile(rel, fs.readFileSync(path.join(root, ".github", rel), "utf8"));
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.writeFileSync(path.join(out, rel), text, { mode: rel.endsWith(".sh") ? 0o755 : 0o644 });
}
