/**
 * The CLI's start-up optimization must not change behaviour: the stand-ins
 * forward to Pulumi's real closure serializer on first use.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe("lazy closure modules", () => {
    it("defers Pulumi's closure serializer until it is called, then behaves as the real one", () => {
        const script = `
            const { installLazyClosures, LAZY } = require("./cli/lazy-closures.js");
            installLazyClosures();
            const pulumi = require("@pulumi/pulumi");
            const realLoaded = () => Object.keys(require.cache).some((f) => f.includes("closure/createClosure"));
            const before = realLoaded();
            pulumi.runtime.serializeFunction(() => 42).then((sf) => {
                process.stdout.write(JSON.stringify({ before, after: realLoaded(), text: sf.text.includes("42"), exportName: sf.exportName }));
            });`;
        const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, text: true, exportName: "handler" });
    });
});
