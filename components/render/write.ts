/**
 * Writing a render to `--out DIR` without ever deleting what is not a render.
 *
 * A render folder holds the output files and a marker, `.kubeship-render`.
 * DIR is replaced only when it does not exist, is empty, or is such a folder
 * with nothing else in it. Everything else is refused with one line, before
 * anything is rendered and again at the moment of the swap, and nothing changes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { isWithin, realish } from "../config/source";

/** The marker file that makes a folder a kubeship render. */
export const RENDER_MARKER = ".kubeship-render";

/** What a render writes: the only names a render folder may hold besides the marker. */
export const RENDER_FILES = ["resources.json", "manifests.yaml", "diagram.mmd", "outputs.json"] as const;

/** The marker's text: fixed, so that two renders of one input are byte-identical. */
export const MARKER_TEXT = "This folder is a kubeship render. The next `kubeship render --out` into it replaces it as a whole,\n"
    + "so keep nothing else here: kubeship refuses to replace a folder that holds other files.\n";

/** Where the guard looks from. */
export interface OutContext {
    /** The folder relative paths start from, and the project is found from. @default process.cwd() */
    cwd: string;
    /** The user's home folder, never to be replaced. @default os.homedir() */
    home: string;
}

const defaultContext = (): OutContext => ({ cwd: process.cwd(), home: os.homedir() });

/** The error for an `--out` that may not be written, as bad input is reported. */
export function outError(message: string): ConfigError {
    return new ConfigError([{ file: "(command line)", line: 1, column: 1, path: "--out", message }]);
}

/** The project folder: the nearest folder, from `cwd` up, that holds Pulumi.yaml or package.json (else `cwd`). */
export function projectRoot(cwd: string): string {
    for (let dir = cwd; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) return cwd;
    }
}

/**
 * Why a render may not replace `outDir`, or undefined when it may.
 * Reads the file system and changes nothing.
 */
export function outDirProblem(outDir: string, ctx: OutContext = defaultContext()): string | undefined {
    const shown = JSON.stringify(outDir);
    const target = path.resolve(ctx.cwd, outDir);
    // Where the path really leads, its parents' symbolic links followed (not its own: see below).
    const real = path.join(realish(path.dirname(target)), path.basename(target));
    const cwd = realish(ctx.cwd);
    const project = projectRoot(cwd);
    const place = placeProblem(real, cwd, project, realish(ctx.home));
    if (place) return `${place}, got ${shown}; render into a folder of its own, e.g. --out out/<stack>`;
    // Below the project, if that is where it is: a project may itself sit in a node_modules folder.
    const parts = (p: string, from: string) => (isWithin(from, p) ? path.relative(from, p) : p).split(path.sep);
    const inside = [...parts(target, projectRoot(ctx.cwd)), ...parts(real, project)].find((part) => part === "node_modules" || part === ".git");
    if (inside) return `is inside ${inside}, got ${shown}; render into a folder of its own, e.g. --out out/<stack>`;

    let stat: fs.Stats;
    try {
        stat = fs.lstatSync(target);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return undefined;
        return `cannot be a folder (${code === "ENOTDIR" ? "part of the path is a file" : code}), got ${shown}; choose another --out`;
    }
    if (stat.isSymbolicLink()) {
        return `is a symbolic link to ${JSON.stringify(fs.readlinkSync(target))}, got ${shown}; kubeship replaces only folders it rendered, so pass a real folder as --out`;
    }
    if (!stat.isDirectory()) return `is a file, not a render folder, got ${shown}; choose another --out (kubeship never replaces a file)`;
    const content = renderFolderProblem(target);
    return content && `${content}, got ${shown}; ${content.startsWith("holds") ? "move them out, or choose another --out" : "choose a new or empty folder, e.g. --out out/<stack>"}`;
}

/** Why the real path `real` names a folder that holds the project, the current folder or home. */
function placeProblem(real: string, cwd: string, project: string, home: string): string | undefined {
    if (real === path.parse(real).root) return "is the root folder";
    if (real === cwd) return "is the current folder";
    if (real === project) return "is the project folder";
    if (real === home) return "is your home folder";
    if (isWithin(real, project) || isWithin(real, cwd)) return "holds the project folder";
    if (isWithin(real, home)) return "holds your home folder";
    return undefined;
}

/**
 * Why the folder `dir` is not a render that may be replaced (empty folders may), or undefined.
 * One listing gives the names and their types, so a render swapped in meanwhile by
 * another process is seen whole, never half; a folder that is gone is no problem.
 */
export function renderFolderProblem(dir: string): string | undefined {
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
    if (entries.length === 0) return undefined;
    if (!entries.some((e) => e.name === RENDER_MARKER && e.isFile())) {
        return `is a folder kubeship did not render (it has no ${RENDER_MARKER}) and is not empty`;
    }
    const known = new Set<string>([RENDER_MARKER, ...RENDER_FILES]);
    const others = entries.filter((e) => !known.has(e.name) || !e.isFile()).map((e) => e.name).sort();
    if (others.length === 0) return undefined;
    const list = others.slice(0, 5).join(", ") + (others.length > 5 ? `, and ${others.length - 5} more` : "");
    return `holds files a render does not write (${list})`;
}

/** Throws the `--out` error unless a render may replace `outDir`. Call it before rendering. */
export function checkOutDir(outDir: string, ctx: OutContext = defaultContext()): void {
    const problem = outDirProblem(outDir, ctx);
    if (problem) throw outError(problem);
}

/**
 * Writes the render's files and the marker to `outDir`: into a temporary
 * folder beside it, then a rename. Checks `outDir` first and again, on the
 * folder it displaces, at the moment of the swap. Safe against another render
 * into the same folder at the same time: the result is one complete render.
 */
export function writeRender(rendered: { files: Readonly<Record<string, string>> }, outDir: string, ctx: OutContext = defaultContext()): void {
    checkOutDir(outDir, ctx);
    const target = path.resolve(ctx.cwd, outDir);
    try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
    } catch (e) {
        throw outError(`cannot be created (${(e as NodeJS.ErrnoException).code}), got ${JSON.stringify(outDir)}; choose another --out`);
    }
    const tmp = fs.mkdtempSync(path.join(path.dirname(target), `.kubeship-tmp-${path.basename(target)}-`));
    try {
        for (const [name, content] of Object.entries(rendered.files)) fs.writeFileSync(path.join(tmp, name), content);
        fs.writeFileSync(path.join(tmp, RENDER_MARKER), MARKER_TEXT);
        swapIn(tmp, target, outDir, ctx);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** How often the swap is retried while other renders into the same folder keep taking its place. @default 50 */
const SWAP_ATTEMPTS = 50;

/** Puts the finished folder `tmp` at `target`, displacing (and then deleting) only a render. */
function swapIn(tmp: string, target: string, outDir: string, ctx: OutContext): void {
    for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt++) {
        // Into a missing or empty folder: one atomic rename.
        if (rename(tmp, target, ["ENOTEMPTY", "EEXIST"], () => outDirProblem(outDir, ctx))) return;
        // A folder is there: set it aside, where no one else can change it, and check it there.
        const aside = `${tmp}-old-${attempt}`;
        if (!rename(target, aside, ["ENOENT"])) continue; // another render moved it first
        const problem = fs.lstatSync(aside).isDirectory() ? renderFolderProblem(aside) : "is not a folder";
        if (problem) {
            const restored = rename(aside, target, ["ENOTEMPTY", "EEXIST", "ENOTDIR"]);
            const where = restored ? "" : `; it was moved to ${JSON.stringify(aside)} because another render took its place`;
            throw outError(`${problem}, got ${JSON.stringify(outDir)}; nothing was replaced${where}`);
        }
        // If another render took the place meanwhile, it is complete too: the next attempt replaces it.
        const placed = rename(tmp, target, ["ENOTEMPTY", "EEXIST"]);
        fs.rmSync(aside, { recursive: true, force: true });
        if (placed) return;
    }
    throw outError(`kept being replaced by other renders at the same time, got ${JSON.stringify(outDir)}; run one render at a time`);
}

/**
 * Renames `from` to `to`: true when done, false on one of the `expected`
 * error codes. Another code throws: as the `--out` error `refusal` names, if any.
 */
function rename(from: string, to: string, expected: string[], refusal?: () => string | undefined): boolean {
    try {
        fs.renameSync(from, to);
        return true;
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        if (expected.includes(code)) return false;
        const problem = refusal?.();
        throw problem ? outError(problem) : e;
    }
}
