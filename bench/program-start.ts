/**
 * The program's start cost as Pulumi runs it: `node --import tsx`, require
 * index.ts (the language host does the same), then evaluate it. Mocks stand in
 * for the engine, so this is the program's own cost only. Prints JSON.
 */
const t0 = process.hrtime.bigint();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const program = require("../index.ts") as () => Promise<Record<string, unknown>>;
const t1 = process.hrtime.bigint();

async function main() {
    const { evaluate } = await import("../components/render/engine");
    const { createMocks } = await import("../components/render/mocks");
    const { readStackConfig } = await import("../components/render/stack-file");
    const stack = process.argv[2] ?? "dev-aws";
    const s = readStackConfig(stack, process.cwd());
    const t2 = process.hrtime.bigint();
    await evaluate(program, { project: "kubeship", stack, config: s.config, secretKeys: s.secretKeys, mocks: createMocks({ cloud: "aws", region: "us-east-1", stack }) });
    const t3 = process.hrtime.bigint();
    process.stdout.write(`${JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, evalMs: Number(t3 - t2) / 1e6 })}\n`);
}
main();
