/**
 * Which program a render runs: the project's own, found as Pulumi finds it, so
 * the resources a project adds beside kubeship's are rendered too. Outside a
 * Pulumi project (no Pulumi.yaml, e.g. `render --config` in any folder) it is
 * kubeship's bundled program, which is deployPlatform() alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../config/errors";

export interface ProjectProgram {
    /** Pulumi.yaml's name (URNs carry it); "kubeship" outside a project. */
    name: string;
    /** The program's file, absolute; undefined for kubeship's bundled program. */
    main?: string;
}

/**
 * Pulumi.yaml's `main` (a file, or a folder) else the project folder; in a folder,
 * its package.json `main`, else index.ts, else index.js: what Pulumi's Node.js
 * runtime runs (https://www.pulumi.com/docs/iac/concepts/projects/project-file/, `main`).
 */
export function projectProgram(root: string): ProjectProgram {
    const file = path.join(root, "Pulumi.yaml");
    if (!fs.existsSync(file)) return { name: "kubeship" };
    let doc: { name?: unknown; main?: unknown } = {};
    try {
        doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as typeof doc;
    } catch (e) {
        throw problem(`is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, "(file)");
    }
    const name = typeof doc.name === "string" && doc.name ? doc.name : "kubeship";
    if (doc.main !== undefined && typeof doc.main !== "string") throw problem(`must be a path to the program's file or folder, got ${JSON.stringify(doc.main)}`, "main");
    const main = path.resolve(root, typeof doc.main === "string" ? doc.main : ".");
    const found = fs.existsSync(main) && fs.statSync(main).isDirectory() ? inFolder(main) : fs.existsSync(main) ? main : undefined;
    if (!found) {
        const what = typeof doc.main === "string" ? `names ${JSON.stringify(doc.main)}, which does not exist` : "is not set and the project folder holds no index.ts or index.js";
        throw problem(`${what}; the project's program is needed to render it (kubeship init writes index.ts)`, "main");
    }
    return { name, main: found };
}

function inFolder(dir: string): string | undefined {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
        try {
            const main = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { main?: unknown }).main;
            if (typeof main === "string" && fs.existsSync(path.join(dir, main))) return path.join(dir, main);
        } catch {
            // an unreadable package.json: look for the usual files
        }
    }
    return ["index.ts", "index.js"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

function problem(message: string, at: string): ConfigError {
    return new ConfigError([{ file: "Pulumi.yaml", line: 1, column: 1, path: at, message }]);
}
