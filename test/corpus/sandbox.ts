/**
 * Where corpus cases run: a throwaway project under the system temp folder,
 * never the checkout, because several cases exist to catch `render` deleting
 * things (`--out .`, `--out stacks`, `--stack ..`). Every case runs with the
 * sandbox project as its working directory and $HOME pointing into the sandbox.
 *
 * A jail wraps node:fs while a case runs: any write, rename or delete outside
 * the sandbox is refused (and recorded) instead of done, so a case such as
 * `--out /` cannot harm this machine whatever the code under test does.
 * Changes inside the sandbox are allowed and found by comparing snapshots.
 */
import * as fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { CORPUS_DIR, type CorpusCase } from "./cases";

const REPO = path.resolve(CORPUS_DIR, "../..");

export class Sandbox {
    /** Holds project/, home/ and out/; the jail's boundary. */
    readonly runDir: string;
    readonly project: string;
    readonly home: string;
    /** Parent of every case's --out folder; must be empty after each case. */
    readonly outRoot: string;

    constructor(private readonly cases: readonly CorpusCase[]) {
        // Inside the parent's folder when there is one, so that it can clean up after a child it had to kill.
        const parent = process.env.KUBESHIP_CORPUS_TMP ?? os.tmpdir();
        this.runDir = fs.realpathSync(fs.mkdtempSync(path.join(parent, "kubeship-corpus-")));
        this.project = path.join(this.runDir, "project");
        this.home = path.join(this.runDir, "home");
        this.outRoot = path.join(this.runDir, "out");
        this.build();
    }

    /** (Re)creates the project, $HOME and the out folder from the corpus. */
    build(): void {
        for (const dir of [this.project, this.home, this.outRoot]) fs.rmSync(dir, { recursive: true, force: true });
        const p = (...parts: string[]) => path.join(this.project, ...parts);
        fs.mkdirSync(this.outRoot, { recursive: true });
        fs.cpSync(path.join(CORPUS_DIR, "cases"), p("cases"), { recursive: true });
        fs.cpSync(path.join(CORPUS_DIR, "stacks"), p("stacks"), { recursive: true });
        fs.cpSync(path.join(REPO, "examples"), p("examples"), { recursive: true });
        for (const f of ["README.md", "Pulumi.yaml"]) fs.copyFileSync(path.join(REPO, f), p(f));
        // The project's program (render runs Pulumi.yaml's main): kubeship's own, from the checkout.
        fs.writeFileSync(p("index.ts"), `export = require(${JSON.stringify(path.join(REPO, "index.ts"))});\n`);
        // Stack files whose names are `.` and `..`: today `--stack ..` then renders into out/.. (the project).
        const ok = fs.readFileSync(p("stacks", "Pulumi.ok-local.yaml"), "utf8");
        for (const name of [".", ".."]) fs.writeFileSync(p("stacks", `Pulumi.${name}.yaml`), ok);
        fs.mkdirSync(p(".git", "refs", "heads"), { recursive: true });
        fs.writeFileSync(p(".git", "HEAD"), "ref: refs/heads/main\n");
        fs.mkdirSync(p("node_modules", "@pulumi", "pulumi"), { recursive: true });
        fs.writeFileSync(p("node_modules", "@pulumi", "pulumi", "package.json"), '{ "name": "@pulumi/pulumi", "version": "0.0.0-sandbox" }\n');
        fs.mkdirSync(p("userdir"));
        fs.writeFileSync(p("userdir", "notes.txt"), "the user's own file\n");
        for (const c of this.cases) if (c.generate && c.file) fs.writeFileSync(p(c.file), c.generate());
        fs.mkdirSync(this.home);
        fs.writeFileSync(path.join(this.home, ".profile"), "# corpus-home-profile: must never be quoted or replaced\nexport EDITOR=vi\n");
    }

    /** Every file and folder of the project and $HOME with what identifies its state. */
    snapshot(): Map<string, string> {
        const out = new Map<string, string>();
        const walk = (dir: string, rel: string) => {
            let entries: fs.Dirent[];
            try {
                entries = fs.readdirSync(dir, { withFileTypes: true });
            } catch {
                out.set(rel, "missing");
                return;
            }
            const st = fs.lstatSync(dir);
            out.set(rel, `dir:${st.ino}`);
            for (const e of entries) {
                const abs = path.join(dir, e.name);
                if (e.isDirectory()) walk(abs, `${rel}/${e.name}`);
                else {
                    const s = fs.lstatSync(abs);
                    out.set(`${rel}/${e.name}`, `${e.isSymbolicLink() ? "link" : "file"}:${s.ino}:${s.size}:${s.mtimeMs}`);
                }
            }
        };
        walk(this.project, "project");
        walk(this.home, "home");
        return out;
    }

    /** Paths added, removed or changed since `before`. */
    changedSince(before: Map<string, string>): string[] {
        const after = this.snapshot();
        const changed: string[] = [];
        for (const [k, v] of before) if (after.get(k) !== v) changed.push(after.has(k) ? `changed ${k}` : `removed ${k}`);
        for (const k of after.keys()) if (!before.has(k)) changed.push(`added ${k}`);
        return changed.sort();
    }

    /** Entries left in the out folder's parent (temporary folders of a failed write); removes them. */
    outLeftovers(): string[] {
        const left = fs.readdirSync(this.outRoot);
        for (const e of left) fs.rmSync(path.join(this.outRoot, e), { recursive: true, force: true });
        return left;
    }

    remove(): void {
        fs.rmSync(this.runDir, { recursive: true, force: true });
    }
}

// ---------------------------------------------------------------- the jail

/** Argument positions that name a path written, renamed or deleted. */
const WRITES: Record<string, number[]> = {
    writeFile: [0], appendFile: [0], mkdir: [0], mkdtemp: [0], rm: [0], rmdir: [0], unlink: [0], rename: [0, 1],
    copyFile: [1], cp: [1], symlink: [1], link: [1], truncate: [0], chmod: [0], chown: [0], lchown: [0], utimes: [0],
};

export interface Jail {
    /** Writes outside the sandbox refused while enabled, as `fn path`. */
    readonly refused: string[];
    enabled: boolean;
}

/**
 * Wraps node:fs (sync, callback and promise forms) so that, while enabled,
 * a write outside `root` throws instead of happening. tsx's transform cache in
 * the temp folder stays writable.
 */
export function installJail(root: string): Jail {
    const jail: Jail = { refused: [], enabled: false };
    const tsxCache = path.join(os.tmpdir(), "tsx-");
    const allowed = (p: unknown): boolean => {
        if (typeof p !== "string" && !(p instanceof URL) && !Buffer.isBuffer(p)) return true; // a file descriptor
        const abs = path.resolve(p instanceof URL ? p.pathname : String(p));
        return abs.startsWith(root + path.sep) || abs.startsWith(tsxCache);
    };
    const check = (fn: string, args: unknown[], positions: number[]): Error | undefined => {
        if (!jail.enabled) return undefined;
        for (const i of positions) {
            // Making a folder that exists changes nothing (render makes the parent of --out).
            if (fn.startsWith("mkdir") && !fn.startsWith("mkdtemp") && typeof args[i] === "string" && fs.existsSync(args[i] as string)) continue;
            if (!allowed(args[i])) {
                const what = `${fn} ${String(args[i])}`;
                jail.refused.push(what);
                return Object.assign(new Error(`corpus jail: refused ${what} (outside the sandbox)`), { code: "EJAIL" });
            }
        }
        return undefined;
    };
    const writesOnOpen = (flags: unknown) => typeof flags === "string" ? /[wax+]/.test(flags)
        : typeof flags === "number" && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) !== 0;
    // The modules themselves: an `import * as` namespace is a frozen copy.
    const mod = require("node:fs") as Record<string, (...a: unknown[]) => unknown>;
    const prom = require("node:fs/promises") as Record<string, (...a: unknown[]) => unknown>;
    for (const [name, positions] of Object.entries(WRITES)) {
        for (const [obj, fn, isPromise] of [[mod, `${name}Sync`, false], [mod, name, false], [prom, name, true]] as const) {
            const real = obj[fn];
            if (typeof real !== "function") continue;
            obj[fn] = function (this: unknown, ...args: unknown[]) {
                const err = check(fn, args, positions);
                if (err) {
                    if (isPromise) return Promise.reject(err);
                    throw err;
                }
                return real.apply(this, args);
            };
        }
    }
    for (const [obj, fn, isPromise] of [[mod, "openSync", false], [mod, "open", false], [prom, "open", true], [mod, "createWriteStream", false]] as const) {
        const real = obj[fn];
        obj[fn] = function (this: unknown, ...args: unknown[]) {
            const writes = fn === "createWriteStream" || writesOnOpen(args[1]);
            const err = writes ? check(fn, args, [0]) : undefined;
            if (err) {
                if (isPromise) return Promise.reject(err);
                throw err;
            }
            return real.apply(this, args);
        };
    }
    syncBuiltinESMExports();
    return jail;
}
