/**
 * `rendering dev-aws… (3s)` on stderr while a render runs longer than
 * PROGRESS_AFTER_MS, on a terminal only: the line counts up in place and is
 * erased when the render ends. Off a terminal (CI logs, pipes, scripts that
 * read stderr) nothing is printed, so stderr holds only problems and warnings:
 * a line that appears only when the machine is slow would make that output
 * depend on load. The timer is unref'd: it never keeps the process alive.
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

/** Starts the progress line for rendering `what`; call the result when the render is done (or failed). */
export function startProgress(what: string, io: Io, timers: Timers = realTimers): () => void {
    if (!io.isTTY) return () => {};
    const started = timers.now();
    const threshold = io.progressAfterMs ?? PROGRESS_AFTER_MS;
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
