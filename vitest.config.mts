import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "policy/**/*.test.ts"],
        // Each file gets its own process: Pulumi's runtime state is global.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
        reporters: ["default", "./test/reporter.ts"],
        // "Today" decides which Kubernetes versions are in support: pinned, so tests do not rot.
        // A test that needs another day sets it explicitly (LoadOptions.today or its own env).
        // Tests that compare a render's stderr must not depend on the machine's load: the
        // off-terminal progress line (components/cli/progress.ts) waits 10 minutes here;
        // the progress tests pass their own threshold.
        env: { KUBESHIP_TODAY: "2026-12-01", KUBESHIP_PROGRESS_AFTER_MS: "600000" },
    },
});
