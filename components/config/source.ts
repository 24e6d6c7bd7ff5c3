/**
 * YAML sources that remember where every value came from, so that problems
 * found after merging and validation still point at a file, line and column.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from "yaml";
import { ConfigProblem, dottedPath } from "./errors";

export interface YamlSource {
    /** As the user named it, for messages. */
    readonly file: string;
    readonly doc: Document;
    readonly lines: LineCounter;
    /** Plain JS value of the document (undefined for an empty document). */
    readonly value: unknown;
}

export type Position = Pick<ConfigProblem, "file" | "line" | "column">;

/**
 * Parses YAML text; syntax problems (with positions) are returned, not thrown.
 * Merge keys (`<<: *defaults`) are on, so tiers can share settings through an anchor.
 */
export function parseYaml(file: string, text: string): { source: YamlSource; problems: ConfigProblem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
    const problems: ConfigProblem[] = [];
    // After the first syntax error the parser misreads what follows (a dedented key turns the
    // rest of its map into nonsense), so only the first is reported; duplicate keys stand alone.
    const syntax = doc.errors.filter((e) => e.code !== "DUPLICATE_KEY");
    const reported = [...doc.errors.filter((e) => e.code === "DUPLICATE_KEY"), ...syntax.slice(0, 1), ...doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED")];
    for (const err of reported) {
        const pos = lines.linePos(err.pos[0]);
        const path = pathAtOffset(doc, err.pos[0]);
        const indent = err.code === "BAD_INDENT" && err.message.startsWith("All mapping items must start at the same column") ? badIndent(text, pos.line, path) : undefined;
        problems.push({
            file, line: pos.line, column: indent?.column ?? pos.col,
            path: indent?.path ?? path,
            message: err.code === "DUPLICATE_KEY"
                ? duplicateKeyMessage(doc, err.pos[0], text)
                : `YAML syntax: ${indent?.message ?? firstLine(err.message)}${syntax.length > 1 ? " (fix this first: the lines after it cannot be read until it is)" : ""}`,
        });
    }
    const at = (node: Node, message: string): ConfigProblem => {
        const pos = lines.linePos(node.range?.[0] ?? 0);
        return { file, line: pos.line, column: pos.col, path: pathAtOffset(doc, node.range?.[0] ?? 0), message };
    };
    if (doc.errors.length === 0) {
        // Found here, each at its own place; toJS would throw one message for the whole file.
        visit(doc, {
            Alias(_, alias) {
                if (!alias.resolve(doc)) {
                    problems.push(at(alias, `YAML alias "*${alias.source}" names no anchor defined before it; define "&${alias.source}" on an earlier value, or write the value here`));
                }
            },
            Pair(_, pair) {
                if (!isMergeKey(pair.key)) return;
                const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
                for (const item of sources) {
                    const target = isAlias(item) ? item.resolve(doc) : item;
                    if (target !== undefined && !isMap(target)) {
                        problems.push(at(item as Node, "a merge key (<<) takes a map, an alias of a map (*defaults) or a list of them; merge a map or remove the <<"));
                    }
                }
            },
        });
    }
    let value: unknown;
    if (doc.errors.length === 0 && problems.length === 0) {
        try {
            value = doc.toJS({ maxAliasCount: 100 });
        } catch (e) {
            problems.push({ file, line: 1, column: 1, path: "(file)", message: `YAML: ${firstLine((e as Error).message)}` });
        }
    }
    return { source: { file, doc, lines, value }, problems };
}

/**
 * The largest platform or stack file kubeship reads. Real files are a few KB;
 * a larger one is refused before it is read, because parsing YAML takes about
 * 40 times the file's size in memory.
 * @default 1 MiB
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** Reads and parses a YAML file; a missing file is a problem at `from` (the place that named it). */
export function readYaml(file: string, displayName: string, from?: Position & { path: string }): { source?: YamlSource; problems: ConfigProblem[] } {
    const read = readLimited(file, MAX_INPUT_BYTES);
    if (typeof read !== "string") {
        if (read.tooLarge !== undefined) {
            return { problems: [{ file: displayName, line: 1, column: 1, path: "(file)", message: `is too large (${read.tooLarge} bytes); platform and stack files may be at most ${MAX_INPUT_BYTES} bytes (1 MiB)` }] };
        }
        const code = read.code;
        const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : code === "ENOTFILE" ? "is not a regular file" : `cannot be read (${code})`;
        return {
            problems: [{
                ...(from ?? { file: displayName, line: 1, column: 1, path: "(file)" }),
                message: `${why}: ${JSON.stringify(displayName)}; check the path (relative to the project root)`,
            }],
        };
    }
    return parseYaml(displayName, read);
}

/** The file's text, or why not: its size when over `limit` (checked before reading), or an error code. */
function readLimited(file: string, limit: number): string | { code?: string; tooLarge?: number } {
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, "r");
        const stat = fs.fstatSync(fd);
        if (stat.isDirectory()) return { code: "EISDIR" };
        if (!stat.isFile()) return { code: "ENOTFILE" };
        if (stat.size > limit) return { tooLarge: stat.size };
        // Read at most limit + 1 bytes, in case the file grows after the stat.
        const buf = Buffer.alloc(limit + 1);
        let length = 0;
        for (let n = -1; n !== 0 && length < buf.length; length += n) n = fs.readSync(fd, buf, length, buf.length - length, null);
        if (length > limit) return { tooLarge: length };
        return buf.toString("utf8", 0, length);
    } catch (e) {
        return { code: (e as NodeJS.ErrnoException).code ?? "EIO" };
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

/**
 * Why `file` (relative to `root`, or absolute) is not a path inside the project,
 * or undefined when it is. Symbolic links are followed, so a link that leads
 * out of the project is outside too. The file itself is never read.
 */
export function outsideProject(root: string, file: string): string | undefined {
    const realRoot = realish(path.resolve(root));
    const real = realish(path.resolve(root, file));
    if (isWithin(realRoot, real)) return undefined;
    return `is outside the project folder, got ${JSON.stringify(file)}; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml`;
}

/** Whether `p` is `dir` or inside it (both absolute, already resolved). */
export function isWithin(dir: string, p: string): boolean {
    const rel = path.relative(dir, p);
    return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `realpath` of the longest existing prefix of `p`, with the rest appended: where `p` would really be. */
export function realish(p: string): string {
    const rest: string[] = [];
    let cur = p;
    for (;;) {
        try {
            return path.join(fs.realpathSync(cur), ...rest.reverse());
        } catch {
            const parent = path.dirname(cur);
            if (parent === cur) return p;
            rest.push(path.basename(cur));
            cur = parent;
        }
    }
}

/**
 * The position of the node at `path`, or of the deepest existing ancestor.
 * `key: true` points at the key of the last segment instead of its value.
 */
export function positionOf(src: YamlSource, path: readonly PropertyKey[], opts: { key?: boolean } = {}): Position & { exact: boolean } {
    let node: unknown = src.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    let exact = true;
    for (let i = 0; i < path.length; i++) {
        node = deref(src.doc, node);
        const pair = findPair(src.doc, node, path[i]);
        const item = pair ? undefined : findItem(node, path[i]);
        if (!pair && !item) { exact = false; break; }
        if (pair) {
            const isLast = i === path.length - 1;
            const keyNode = pair.key as Node | null;
            if (isLast && opts.key && keyNode?.range) { offset = keyNode.range[0]; node = pair.value; break; }
            node = pair.value;
            const valueNode = pair.value as Node | null;
            offset = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
        } else {
            node = item;
            offset = (item as Node).range?.[0] ?? offset;
        }
    }
    const pos = src.lines.linePos(offset);
    return { file: src.file, line: pos.line, column: pos.col, exact };
}

/** The node an alias stands for (where its value was written), or the node itself. */
function deref(doc: Document, node: unknown): unknown {
    return isAlias(node) ? node.resolve(doc) ?? node : node;
}

/** Whether a map key is the merge key `<<` (a symbol once merge keys are on). */
function isMergeKey(key: unknown): boolean {
    if (!isScalar(key)) return false;
    const v = key.value;
    return (v === "<<" && (!key.type || key.type === "PLAIN")) || (typeof v === "symbol" && v.description === "<<");
}

function keyName(pair: Pair): string {
    if (isMergeKey(pair.key)) return "<<";
    return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** The pair for `key` in a map: its own, else the first merged map (`<<`) that has it, as YAML merges them. */
function findPair(doc: Document, node: unknown, key: PropertyKey, depth = 0): Pair | undefined {
    if (!isMap(node) || depth > 20) return undefined;
    const own = node.items.find((p) => !isMergeKey(p.key) && keyName(p) === String(key));
    if (own) return own;
    for (const merge of node.items.filter((p) => isMergeKey(p.key))) {
        const sources = deref(doc, merge.value);
        for (const source of isSeq(sources) ? sources.items : [sources]) {
            const found = findPair(doc, deref(doc, source), key, depth + 1);
            if (found) return found;
        }
    }
    return undefined;
}

function findItem(node: unknown, index: PropertyKey): unknown {
    if (typeof index !== "number" || !node || typeof node !== "object" || !("items" in node)) return undefined;
    if (isMap(node)) return undefined;
    return (node as { items: unknown[] }).items[index];
}

function pathAtOffset(doc: Document, offset: number): string {
    const path: PropertyKey[] = [];
    let node: unknown = doc.contents;
    for (;;) {
        if (!node || typeof node !== "object" || !("items" in node)) break;
        const items = (node as { items: unknown[] }).items;
        let next: unknown;
        for (let i = 0; i < items.length; i++) {
            const it = items[i] as Pair | Node;
            if (isMap(node)) {
                const pair = it as Pair;
                const k = pair.key as Node | null;
                const v = pair.value as Node | null;
                const start = k?.range?.[0] ?? v?.range?.[0] ?? Infinity;
                const end = v?.range?.[2] ?? k?.range?.[2] ?? -1;
                if (offset >= start && offset <= end) {
                    path.push(keyName(pair));
                    next = offset >= (v?.range?.[0] ?? Infinity) ? v : undefined;
                    break;
                }
            } else {
                const n = it as Node;
                if (n?.range && offset >= n.range[0] && offset <= n.range[2]) { path.push(i); next = n; break; }
            }
        }
        if (next === undefined) break;
        node = next;
    }
    return path.length ? dottedPath(path) : "(file)";
}

function duplicateKeyMessage(doc: Document, offset: number, text: string): string {
    const path = pathAtOffset(doc, offset);
    const key = /^[^\s:#]+/.exec(text.slice(offset))?.[0] ?? "?";
    const inTiers = /^app\.tiers$/.test(path) || path.startsWith("app.tiers") && path.split(".").length <= 3;
    const inPools = path.startsWith("cluster.nodePools") && path.split(".").length <= 3;
    const what = inTiers ? "duplicate tier name" : inPools ? "duplicate node pool name" : "duplicate key";
    return `${what} ${JSON.stringify(key)}: each name may appear once; rename or merge the two entries`;
}

/**
 * A key indented unlike its neighbours: which key, where it seems to belong
 * (beside `siblingPath`, the key before it) and by how much it is off.
 */
function badIndent(text: string, line: number, siblingPath: string): { column: number; path: string; message: string } | undefined {
    const all = text.split(/\r?\n/);
    const here = all[line - 1] ?? "";
    const key = /^(\s*)([^\s:#][^:#]*?)\s*:/.exec(here);
    if (!key) return undefined;
    const above = all.slice(0, line - 1).reverse().find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    const aboveIndent = above === undefined ? 0 : above.length - above.trimStart().length;
    const parent = siblingPath === "(file)" ? "" : siblingPath.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "");
    const name = key[2];
    return {
        column: key[1].length + 1,
        path: parent ? `${parent}.${name}` : name,
        message: `"${name}" is indented ${key[1].length} spaces and the line above it ${aboveIndent}; give it the same indentation as the other keys of its map`,
    };
}

function firstLine(s: string): string {
    return s.split("\n")[0].trim();
}
