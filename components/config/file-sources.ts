/**
 * Reading `files: {PATH: {source: ...}}`: the loader reads each source once,
 * relative to the platform file's folder, and puts its text in the config as
 * `content`, so the program never reads a file itself and `validate`,
 * `render` and `pulumi up` see the same text. Every problem is returned with
 * the path of its `source:` line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PathProblem } from "./errors";
import { showValue } from "./errors";
import { MAX_CONFIGMAP_BYTES, textProblem } from "./pod-schema";
import type { PlatformConfig } from "./schema";
import { isWithin, realish } from "./source";
import { podOwnersOf } from "../app/names";

type FilesOwner = { files: Record<string, { source?: string; content?: string }> };

/**
 * Reads the sources of every tier's and job's files into their `content` (the config is
 * changed in place). `root`: the project; `configFile`: the platform file,
 * relative to it.
 */
export function readFileSources(config: PlatformConfig, root: string, configFile: string): PathProblem[] {
    return podOwnersOf(config.app).flatMap(({ section, name, owner }) => readOwnerSources(["app", section, name], owner, root, configFile));
}

/** The same for one pod owner at `at` (a tier, or any owner with `files`). */
export function readOwnerSources(at: (string | number)[], owner: FilesOwner, root: string, configFile: string): PathProblem[] {
    const out: PathProblem[] = [];
    const dir = path.dirname(path.resolve(root, configFile));
    for (const [p, f] of Object.entries(owner.files)) {
        if (f.source === undefined) continue;
        const read = readSource(root, dir, f.source);
        if (typeof read === "string") f.content = read;
        else out.push({ path: [...at, "files", p, "source"], message: read.problem });
    }
    return out;
}

/** The text of one source, or why not. */
export function readSource(root: string, dir: string, source: string): string | { problem: string } {
    const shown = showValue(source);
    if (path.isAbsolute(source)) return { problem: `must be relative to the platform file's folder, got ${shown}; e.g. config/settings.yaml` };
    const file = path.resolve(dir, source);
    if (!isWithin(realish(path.resolve(root)), realish(file))) {
        return { problem: `is outside the project folder, got ${shown}; keep config files inside the project, next to the platform file` };
    }
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, "r");
        const stat = fs.fstatSync(fd);
        if (stat.isDirectory()) return { problem: `is a directory, got ${shown}; name a file` };
        if (!stat.isFile()) return { problem: `is not a regular file, got ${shown}` };
        if (stat.size > MAX_CONFIGMAP_BYTES) return { problem: `is ${stat.size} bytes, more than a ConfigMap holds (${MAX_CONFIGMAP_BYTES} bytes, 1 MiB), got ${shown}; shrink it, or bake it into the image` };
        // At most the limit plus one byte, in case the file grew after the stat.
        const buf = Buffer.alloc(MAX_CONFIGMAP_BYTES + 1);
        let length = 0;
        for (let n = -1; n !== 0 && length < buf.length; length += n) n = fs.readSync(fd, buf, length, buf.length - length, null);
        if (length > MAX_CONFIGMAP_BYTES) return { problem: `is more than ${MAX_CONFIGMAP_BYTES} bytes (1 MiB), which a ConfigMap cannot hold, got ${shown}` };
        let text: string;
        try {
            text = new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(0, length));
        } catch {
            return { problem: `is not UTF-8 text (binary content), got ${shown}; config files must be text: bake binary files into the image` };
        }
        const problem = textProblem(text);
        return problem ? { problem: `${problem}, got ${shown}` } : text;
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "EIO";
        return { problem: code === "ENOENT" ? `names no file, got ${shown}; the path is relative to the platform file's folder` : `cannot be read (${code}), got ${shown}` };
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}
