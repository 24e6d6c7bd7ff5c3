// `npm run build`: dist/ from scratch (tsc -p tsconfig.build.json), then the policy
// pack's own files beside its compiled code, so that a project's CI can run
// `pulumi preview --policy-pack node_modules/kubeship/dist/policy`.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
fs.copyFileSync(path.join(root, "policy", "PulumiPolicy.yaml"), path.join(dist, "policy", "PulumiPolicy.yaml"));
const pack = JSON.parse(fs.readFileSync(path.join(root, "policy", "package.json"), "utf8"));
fs.writeFileSync(path.join(dist, "policy", "package.json"), `${JSON.stringify({ ...pack, main: "index.js" }, null, 2)}\n`);
