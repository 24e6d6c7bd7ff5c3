import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "policy/**/*.test.ts"],
        // Each file gets its own process: Pulumi's runtime state is global.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
        reporters: ["default", "./test/reporter.ts"],
    },
});
