/**
 * The CLI's manners (issue 14 §5), in-process through `main(argv, io)` with a
 * fake io: help for every command, --version, "did you mean", exit codes,
 * colour only on a terminal (NO_COLOR), the progress line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { colorEnabled } from "../../components/cli/io";
import { PROGRESS_AFTER_MS, progressThreshold, startProgress, type Timers } from "../../components/cli/progress";
import { COMMANDS } from "../../components/cli/usage";

const ROOT = path.resolve(__dirname, "../..");
const ESC = "\x1b[";

async function run(argv: string[], over: { isTTY?: boolean; env?: Record<string, string | undefined>; progressAfterMs?: number } = {}) {
    let out = "", err = "";
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, env: {}, ...over });
    return { code, out, err };
}

describe("help and version", () => {
    it.each(COMMANDS)("`%s --help` and `-h` print that command's usage and exit 0, whatever else is on the line", async (command) => {
        const help = await run([command, "--help"]);
        expect(help).toMatchObject({ code: 0, err: "" });
        expect(help.out).toMatch(new RegExp(`^kubeship ${command} — `));
        expect(help.out).toContain(`kubeship ${command}`);
        expect(help.out).toContain("Exit codes:");
        // Bad or missing flags do not get in the way of help.
        expect(await run([command, "--no-such-flag", "-h"])).toEqual(help);
        expect(await run([command, "--stack", "--help"])).toEqual(help);
        // `kubeship help CMD` is `CMD --help`.
        expect(await run(["help", command])).toEqual(help);
    });

    it("render --help exits 0 with its usage (it used to exit 2 with a raw Node message)", async () => {
        const r = await run(["render", "--help"]);
        expect(r.code).toBe(0);
        expect(r.out).toContain("kubeship render --stack NAME");
        expect(r.out).not.toMatch(/Unknown option|ERR_PARSE_ARGS/);
    });

    it("`--help`, `-h` and `help` list every command; no command at all is a usage error (exit 2, on stderr)", async () => {
        for (const argv of [["--help"], ["-h"], ["help"]]) {
            const r = await run(argv);
            expect(r.code).toBe(0);
            for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
        }
        const none = await run([]);
        expect(none.code).toBe(2);
        expect(none.out).toBe("");
        expect(none.err).toContain("kubeship COMMAND");
    });

    it("documents the exit codes 0, 1, 2 and 3", async () => {
        const r = await run(["--help"]);
        expect(r.out).toMatch(/^ {2}0 {2}success/m);
        expect(r.out).toMatch(/^ {2}1 {2}diff only: the renders differ/m);
        expect(r.out).toMatch(/^ {2}2 {2}bad input/m);
        expect(r.out).toMatch(/^ {2}3 {2}internal error/m);
    });

    it("`--version` and `version` print package.json's version, read beside the module rather than the current folder", async () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const cwd = process.cwd();
        process.chdir(os.tmpdir());
        try {
            expect(await run(["--version"])).toEqual({ code: 0, out: `kubeship ${version}\n`, err: "" });
            expect(await run(["version"])).toEqual({ code: 0, out: `kubeship ${version}\n`, err: "" });
        } finally {
            process.chdir(cwd);
        }
    });
});

describe("did you mean", () => {
    it.each([
        [["rendr", "--stack", "local"], '(command line):1:1 rendr: is not a kubeship command; did you mean "render"? (kubeship help lists the commands)\n'],
        [["--verison"], "(command line):1:1 --verison: is not a flag of kubeship; did you mean --version? (kubeship help lists the commands)\n"],
        [["help", "estimmate"], '(command line):1:1 estimmate: is not a kubeship command; did you mean "estimate"? (kubeship help lists the commands)\n'],
        [["render", "--stak", "local"], "(command line):1:1 --stak: is not a flag of render; did you mean --stack? (kubeship render --help shows its usage)\n"],
        [["validate", "x.yaml", "--clod", "aws"], "(command line):1:1 --clod: is not a flag of validate; did you mean --cloud? (kubeship validate --help shows its usage)\n"],
        [["diff", "a", "b", "--fromat", "json"], "(command line):1:1 --fromat: is not a flag of diff; did you mean --format? (kubeship diff --help shows its usage)\n"],
        [["estimate", "--stak", "local"], "(command line):1:1 --stak: is not a flag of estimate; did you mean --stack? (kubeship estimate --help shows its usage)\n"],
        [["render", "--zzzzzz"], "(command line):1:1 --zzzzzz: is not a flag of render; render takes --stack, --config, --cloud, --region, --env, --out, --quiet, --cluster-outputs (kubeship render --help shows its usage)\n"],
        [["names", "--all"], "(command line):1:1 --all: is not a flag of names; names takes no flags (kubeship names --help shows its usage)\n"],
        [["render", "--quiet=yes", "--stack", "local"], "(command line):1:1 --quiet: is a switch and takes no value (write --quiet, not --quiet=...) (kubeship render --help shows its usage)\n"],
        [["render", "--stack"], "(command line):1:1 --stack: needs a value (kubeship render --help shows its usage)\n"],
    ])("%j: one positioned line, exit 2, nothing rendered", async (argv, line) => {
        expect(await run(argv)).toEqual({ code: 2, out: "", err: line });
    });

    it("suggests nothing for a word close to no command", async () => {
        const r = await run(["frobnicate"]);
        expect(r.code).toBe(2);
        expect(r.err).toBe("(command line):1:1 frobnicate: is not a kubeship command (kubeship help lists the commands)\n");
    });
});

describe("internal errors", () => {
    afterEach(() => { vi.doUnmock("../../components/diff/diff"); vi.resetModules(); });

    it("exit 3 with one line (never 1, which diff keeps for changes); the stack trace only with KUBESHIP_DEBUG=1", async () => {
        vi.resetModules();
        vi.doMock("../../components/diff/diff", async (importOriginal) => ({
            ...(await importOriginal<object>()),
            diffRenders: () => { throw new TypeError("boom"); },
        }));
        const { main: fresh } = await import("../../cli/main");
        const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-cli-")));
        for (const d of dirs) fs.writeFileSync(path.join(d, "resources.json"), "[]");
        const call = async (env: Record<string, string>) => {
            let out = "", err = "";
            const code = await fresh(["diff", ...dirs], { out: (s) => { out += s; }, err: (s) => { err += s; }, env });
            return { code, out, err };
        };
        const plain = await call({});
        expect(plain.code).toBe(3);
        expect(plain.out).toBe("");
        expect(plain.err).toBe("kubeship: internal error: boom\n(a bug in kubeship; KUBESHIP_DEBUG=1 prints its stack trace)\n");
        const debug = await call({ KUBESHIP_DEBUG: "1" });
        expect(debug.code).toBe(3);
        expect(debug.err).toMatch(/^kubeship: internal error: boom\nTypeError: boom\n\s+at /);
    });
});

describe("colour", () => {
    const colourOf = async (over: { isTTY?: boolean; env?: Record<string, string | undefined> }) => (await run(["rendr"], over)).err;

    it("is used on a terminal: the position bold", async () => {
        expect(await colourOf({ isTTY: true, env: {} })).toBe(`${ESC}1m(command line):1:1${ESC}22m rendr: is not a kubeship command; did you mean "render"? (kubeship help lists the commands)\n`);
    });

    it("is never used off a terminal, nor with NO_COLOR set to anything but the empty string", async () => {
        expect(await colourOf({ isTTY: false, env: {} })).not.toContain(ESC);
        expect(await colourOf({ isTTY: true, env: { NO_COLOR: "1" } })).not.toContain(ESC);
        expect(await colourOf({ isTTY: true, env: { NO_COLOR: "false" } })).not.toContain(ESC);
        // https://no-color.org: an empty NO_COLOR does not count.
        expect(await colourOf({ isTTY: true, env: { NO_COLOR: "" } })).toContain(ESC);
    });

    it("follows FORCE_COLOR as Node documents it, and TERM=dumb", () => {
        expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "1" } })).toBe(true);
        expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: "" } })).toBe(true);
        expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: "0" } })).toBe(false);
        expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).toBe(true);
        expect(colorEnabled({ isTTY: true, env: { TERM: "dumb" } })).toBe(false);
        expect(colorEnabled({ isTTY: true, env: { TERM: "xterm-256color" } })).toBe(true);
    });

    it("colours warning: and note: prefixes only", async () => {
        const { paintLine, painter } = await import("../../components/cli/io");
        const paint = painter({ isTTY: true, env: {} });
        expect(paintLine("warning: x.yaml:1:1 a: b", paint)).toBe(`${ESC}33mwarning:${ESC}39m x.yaml:1:1 a: b`);
        expect(paintLine("note: x", paint)).toBe(`${ESC}36mnote:${ESC}39m x`);
        expect(paintLine("plain text", paint)).toBe("plain text");
    });
});

describe("progress", () => {
    /** Time that moves only when the test says. */
    function fakeTimers() {
        let now = 0;
        let queue: { at: number; fn: () => void; id: number }[] = [];
        let ids = 0;
        const timers: Timers = {
            now: () => now,
            after: (ms, fn) => { const id = ++ids; queue.push({ at: now + ms, fn, id }); return id; },
            cancel: (id) => { queue = queue.filter((t) => t.id !== id); },
        };
        const advance = (ms: number) => {
            const until = now + ms;
            for (;;) {
                const next = queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
                if (!next) break;
                queue = queue.filter((t) => t !== next);
                now = next.at;
                next.fn();
            }
            now = until;
        };
        return { timers, advance, pending: () => queue.length };
    }
    const sink = (isTTY: boolean) => {
        // env {}: the default threshold, not the test run's KUBESHIP_PROGRESS_AFTER_MS.
        const io = { err: "", out: (_: string) => {}, isTTY, env: {} };
        return { io: { ...io, err: (s: string) => { io.err += s; } }, text: () => io.err };
    };

    it("says nothing for a render under 2 s", () => {
        const { timers, advance, pending } = fakeTimers();
        const s = sink(true);
        const stop = startProgress("dev-aws", s.io, timers);
        advance(PROGRESS_AFTER_MS - 1);
        stop();
        expect(s.text()).toBe("");
        expect(pending()).toBe(0);
    });

    it("on a terminal, counts up in place after 2 s and erases itself when done", () => {
        const { timers, advance, pending } = fakeTimers();
        const s = sink(true);
        const stop = startProgress("dev-aws", s.io, timers);
        advance(PROGRESS_AFTER_MS);
        expect(s.text()).toBe("\r\x1b[Krendering dev-aws… (2s)");
        advance(1000);
        expect(s.text()).toBe("\r\x1b[Krendering dev-aws… (2s)\r\x1b[Krendering dev-aws… (3s)");
        stop();
        expect(s.text().endsWith("\r\x1b[K")).toBe(true);
        expect(pending()).toBe(0);
    });

    it("off a terminal, prints one plain line after 2 s however long the render takes, and nothing for a quick one", () => {
        const slow = fakeTimers();
        const s = sink(false);
        const stop = startProgress("prod-gcp", s.io, slow.timers);
        slow.advance(60_000);
        stop();
        expect(s.text()).toBe("rendering prod-gcp… (still running after 2 s)\n");
        expect(slow.pending()).toBe(0);
        const quick = fakeTimers();
        const q = sink(false);
        const stopQuick = startProgress("dev-aws", q.io, quick.timers);
        quick.advance(PROGRESS_AFTER_MS - 1);
        stopQuick();
        expect(q.text()).toBe("");
        expect(quick.pending()).toBe(0);
    });

    it("takes its threshold from KUBESHIP_PROGRESS_AFTER_MS when the io sets none, and ignores a value that is not a number", () => {
        expect(progressThreshold({ env: { KUBESHIP_PROGRESS_AFTER_MS: "5000" } })).toBe(5000);
        expect(progressThreshold({ env: { KUBESHIP_PROGRESS_AFTER_MS: "soon" } })).toBe(PROGRESS_AFTER_MS);
        expect(progressThreshold({ env: {}, progressAfterMs: 10 })).toBe(10);
    });

    it("honours the io's threshold: a real render shows it on a terminal and erases it before anything else", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-cli-")), "local");
        const r = await run(["render", "--stack", "local", "--out", out, "--quiet"], { progressAfterMs: 0, isTTY: true });
        expect(r.code).toBe(0);
        expect(r.out).toBe("");
        expect(r.err).toMatch(/^\r\x1b\[Krendering local… \(\d+s\)(\r\x1b\[Krendering local… \(\d+s\))*\r\x1b\[K$/);
    });
});
