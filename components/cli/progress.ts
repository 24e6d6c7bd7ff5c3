/**
 * A progress line on stderr for a render that runs longer than the threshold
 * (PROGRESS_AFTER_MS, or $KUBESHIP_PROGRESS_AFTER_MS):
 * - on a terminal, `rendering dev-aws… (3s)` counts up in place and is erased when the render ends;
 * - off a terminal (CI logs, pipes), one plain line, `rendering dev-aws… (still running after 2 s)`,
 *   and nothing more: no carriage returns in a log. A script that compares stderr
 *   sets KUBESHIP_PROGRESS_AFTER_MS high (the test run does: vitest.config.mts).
 * The timer is unref'd: it never keeps the process alive.
 */
import type { Io } from "./io";

/** A render that takes longer than this gets a progress line. @default 2000 ms (issue 14 §5: "over 2 s") */
export const PROGRESS_AFTER_MS = 2000;

/** What the progress line needs of time; tests pass a fake one. */
export interface Timers {
    now(): number;
    /** Calls `fn` after `ms`; the handle never keeps the process alive. */
    after(ms: number, fn: () => void): unknown;
    cancel(handle: unknown): void;
}

export const realTimers: Timers = {
    now: () => performance.now(),
    after: (ms, fn) => setTimeout(fn, ms).unref(),
    cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The line's text after `ms` of work. */
export function progressText(what: string, ms: number): string {
    return `rendering ${what}… (${Math.floor(ms / 1000)}s)`;
}

/** The threshold: the io's, else $KUBESHIP_PROGRESS_AFTER_MS when it is a whole number of ms, else PROGRESS_AFTER_MS. */
export function progressThreshold(io: Pick<Io, "progressAfterMs" | "env">): number {
    if (io.progressAfterMs !== undefined) return io.progressAfterMs;
    const fromEnv = (io.env ?? process.env).KUBESHIP_PROGRESS_AFTER_MS;
    return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : PROGRESS_AFTER_MS;
}

/** Starts the progress line for rendering `what`; call the result when the render is done (or failed). */
export function startProgress(what: string, io: Io, timers: Timers = realTimers): () => void {
    const threshold = progressThreshold(io);
    if (!io.isTTY) {
        const once = timers.after(threshold, () => io.err(`rendering ${what}… (still running after ${Math.round(threshold / 1000)} s)\n`));
        return () => timers.cancel(once);
    }
    const started = timers.now();
    let shown = false;
    let handle: unknown;
    const tick = () => {
        io.err(`\r\x1b[K${progressText(what, timers.now() - started)}`);
        shown = true;
        handle = timers.after(1000, tick);
    };
    handle = timers.after(threshold, tick);
    return () => {
        timers.cancel(handle);
        if (shown) io.err("\r\x1b[K");
        shown = false;
    };
}
