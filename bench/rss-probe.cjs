// Preloaded into a benchmarked process: on exit, writes its peak RSS (bytes) to $KUBESHIP_RSS_FILE.
"use strict";
const fs = require("node:fs");
process.on("exit", () => {
    if (process.env.KUBESHIP_RSS_FILE) fs.writeFileSync(process.env.KUBESHIP_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
