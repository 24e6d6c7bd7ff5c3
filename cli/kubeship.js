#!/usr/bin/env node
// The `kubeship` command. TypeScript sources run through tsx (esbuild): no
// build step, and no type-check at start-up (that is `npm test`'s job).
"use strict";
// tsx's --import entry registers both hooks: require() and import() of .ts
// files (the cloud modules are loaded lazily with import()).
import("tsx")
    .then(() => require("./main.ts").main(process.argv.slice(2)))
    .then(
        (code) => { process.exitCode = code; },
        (err) => {
            process.stderr.write(`kubeship: internal error: ${err && err.message ? err.message : String(err)}\n`);
            if (process.env.KUBESHIP_DEBUG) process.stderr.write(`${err && err.stack}\n`);
            process.exitCode = 1;
        },
    );
