#!/usr/bin/env node
// The `kubeship` command. In a checkout, TypeScript sources run through tsx
// (esbuild): no build step, and no type-check at start-up (that is `npm test`'s
// job). In the installed package (no cli/main.ts) it runs the built dist/; tsx is
// still registered there, to load the user's own program (index.ts) for render.
"use strict";
const fromSource = require("node:fs").existsSync(require("node:path").join(__dirname, "main.ts"));
require("./lazy-closures").installLazyClosures();
// tsx's --import entry registers both hooks: require() and import() of .ts
// files (the cloud modules are loaded lazily with import()).
import("tsx")
    .then(() => {
        // tsx turns source maps on; Pulumi takes a stack trace for every resource it
        // registers (its source position), and mapping each one costs ~0.1 s a render.
        // Stack traces are hidden from users anyway (KUBESHIP_DEBUG keeps them mapped).
        if (!process.env.KUBESHIP_DEBUG) process.setSourceMapsEnabled(false);
        return require(fromSource ? "./main.ts" : "../dist/cli/main.js").main(process.argv.slice(2));
    })
    .then(
        (code) => { process.exitCode = code; },
        (err) => {
            process.stderr.write(`kubeship: internal error: ${err && err.message ? err.message : String(err)}\n`);
            if (process.env.KUBESHIP_DEBUG) process.stderr.write(`${err && err.stack}\n`);
            process.exitCode = 3; // an internal error (cli/main.ts EXIT.internal), never 1: diff keeps 1 for "the renders differ"
        },
    );
