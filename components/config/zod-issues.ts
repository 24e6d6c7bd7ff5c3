/**
 * Zod issues in the loader's words: each says what the user wrote, where, and
 * what to write instead. `locate` turns a config path into a file position.
 */
import { z } from "zod";
import { ConfigProblem, dottedPath, showValue } from "./errors";
import { closest } from "./formats";
import { CLOUDS, platformSchema } from "./schema";
import type { Position } from "./source";

type Locate = (p: readonly PropertyKey[], key?: boolean) => Position;
type Def = Record<string, unknown> & { type: string };

/**
 * Values that are real elsewhere but not accepted here: a "did you mean" would
 * mislead ("SCTP" is not a typo of "TCP").
 */
const NO_HINT_VALUES = new Set(["SCTP"]);

/**
 * One zod issue as config problems. `root` is the value that was validated
 * (for the neighbours of a misplaced key); the platform schema is assumed.
 */
export function fromZodIssue(issue: z.core.$ZodIssue, locate: Locate, root?: unknown): ConfigProblem[] {
    const p = issue.path as PropertyKey[];
    const input = (issue as { input?: unknown }).input;
    const got = `got ${showValue(input)}`;
    const at = (path: readonly PropertyKey[], message: string, key = false): ConfigProblem => ({ ...locate(path, key), path: dottedPath(path), message });
    switch (issue.code) {
        case "unrecognized_keys":
            // "__proto__" is reported by the rules wherever it appears (a record drops it silently).
            return issue.keys.filter((k) => k !== "__proto__").map((k) => at([...p, k], unknownKeyMessage(p, k, asMap(input)[k], locate, root), true));
        case "invalid_type": {
            if (input === undefined && p.length > 0) {
                // Named by its own path, placed where it belongs: at its parent, since it is not there.
                return [{ ...locate(p.slice(0, -1)), path: dottedPath(p), message: `is required (${article(issue.expected)}); add it${requiredExample(p)}` }];
            }
            if (input === undefined) return [at(p, `is required (${article(issue.expected)}); add it`)];
            if (issue.expected === "object" || issue.expected === "record") return [at(p, notAMapMessage(p, input, root))];
            if (issue.expected === "string" && (typeof input === "boolean" || typeof input === "number")) {
                // Quoting helps only when the quoted text is valid; otherwise say what is wrong with it.
                const quoted = (schemaAt(p) as z.ZodType | undefined)?.safeParse(String(input));
                if (quoted && !quoted.success) {
                    const message = quoted.error.issues[0].message.replace(`got ${showValue(String(input))}`, got);
                    return [at(p, message.includes("got ") ? message : `${message}, ${got}`)];
                }
                return [at(p, `must be a string, ${got}; quote it ("${String(input)}")`)];
            }
            return [at(p, `must be ${article(issue.expected)}, ${got}`)];
        }
        case "invalid_value": {
            const values = issue.values.map(String);
            const hint = typeof input === "string" && !NO_HINT_VALUES.has(input) ? closest(input, values) : undefined;
            const expected = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(", ")}`;
            return [at(p, `must be ${expected}, ${got}${hint ? `; did you mean "${hint}"?` : ""}`)];
        }
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const op = issue.code === "too_small" ? (issue.inclusive === false ? ">" : ">=") : (issue.inclusive === false ? "<" : "<=");
            const what = issue.origin === "string" ? "length " : issue.origin === "array" || issue.origin === "set" ? "item count " : "";
            const why = /^Too (big|small)/.test(issue.message) ? "" : `; ${issue.message}`;
            return [at(p, `${what}must be ${op} ${String(bound)}, ${got}${why}`)];
        }
        case "invalid_union": {
            // The forms whose type matches the value: a map is judged by the map form, a number by the number form.
            const viable = issue.errors.filter((branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0));
            if (viable.length === 1 && viable[0].length > 0) {
                return viable[0].flatMap((i) => fromZodIssue({ ...i, path: [...p, ...i.path] } as z.core.$ZodIssue, locate, root));
            }
            return [at(p, `must be ${unionHint(p)}, ${got}`)];
        }
        case "invalid_key": {
            const inner = issue.issues[0]?.message ?? "is not a valid name";
            const key = String(p[p.length - 1]);
            return [at(p, `${inner}, got ${JSON.stringify(key)}`, true)];
        }
        case "invalid_format":
        case "custom":
        default: {
            const msg = issue.message.includes("got ") ? issue.message : `${issue.message}, ${got}`;
            return [at(p, msg)];
        }
    }
}

/** "unknown key", with a likely spelling, or where the key belongs when it is misplaced, or what the value should be. */
function unknownKeyMessage(p: readonly PropertyKey[], key: string, value: unknown, locate: Locate, root: unknown): string {
    const allowed = allowedKeys(p);
    const hint = closest(key, allowed);
    if (hint) return `unknown key ${JSON.stringify(key)}; did you mean "${hint}"?`;
    // Of the places the key could belong, those where its value would also be valid.
    const homes = homeOf(p, key);
    const fitting = homes.filter((h) => (schemaAt([...h, key]) as z.ZodType | undefined)?.safeParse(value).success);
    const home = fitting.length ? fitting : homes;
    if (home.length) {
        const line = locate([...p, key], true).line;
        const wheres = home.map((h) => fillNames(p, h, line, locate, root));
        const shown = wheres.map((w) => dottedPath(w.map((x) => (x === NAME ? "NAME" : x))).replace("NAME", NAME)).join(" or ");
        const under = wheres.map((w) => (w[w.length - 1] === NAME ? "the entry it belongs to" : `"${String(w[w.length - 1])}"`)).join(" or ");
        // Indent under a section that is there; move into one that is not written yet.
        const verb = wheres.some((w) => valueAt(root, w) !== undefined) ? "indent it under" : "move it into";
        return `unknown key ${JSON.stringify(key)} here; it is a setting of ${shown}: ${verb} ${under}`;
    }
    if (allowed.length) return `unknown key ${JSON.stringify(key)}; allowed keys: ${allowed.join(", ")}`;
    const description = describeAt(p);
    return `unknown key ${JSON.stringify(key)}; this value is not a map${description ? `: ${description}` : ""}`;
}

/** "must be a map", saying why when the value is a setting indented as a name, or a cloud written as the cluster. */
function notAMapMessage(p: readonly PropertyKey[], input: unknown, root: unknown): string {
    const base = `must be a map, got ${showValue(input)}`;
    const name = String(p[p.length - 1]);
    if (p.length === 1 && p[0] === "cluster" && typeof input === "string" && (CLOUDS as readonly string[]).includes(input)) {
        return `${base}; the cloud goes in cluster.cloud (or the stack's kubeship:cloud): cluster: {cloud: ${input}, nodePools: {...}}`;
    }
    const parent = unwrap(schemaAt(p.slice(0, -1)));
    if (parent && defOf(parent).type === "record" && allowedKeys([...p.slice(0, -1), NAME]).includes(name)) {
        const siblings = Object.keys(asMap(valueAt(root, p.slice(0, -1))));
        const above = siblings[siblings.indexOf(name) - 1];
        return `${base}; ${JSON.stringify(name)} is a setting, but it is indented as a name in ${dottedPath(p.slice(0, -1))}: indent it under ${above ? `"${above}"` : "the entry it belongs to"}`;
    }
    return base;
}

/** A record entry in a schema path. */
const NAME = "<name>";

/** The nearest places below `p` where a key of that name is allowed (record entries as NAME), a few levels down. */
function homeOf(p: readonly PropertyKey[], key: string): PropertyKey[][] {
    let frontier: PropertyKey[][] = [[...p]];
    for (let depth = 0; depth < 3 && frontier.length; depth++) {
        const next = frontier.flatMap((at) => {
            const s = unwrap(schemaAt(at));
            return !s ? [] : defOf(s).type === "record" ? [[...at, NAME]] : objectKeys(s).map((k) => [...at, k]);
        // app.defaults takes every tier setting: a stray one belongs to the tier it fell out of.
        }).filter((at) => !(at.length === 2 && at[0] === "app" && at[1] === "defaults"));
        const found = next.filter((at) => allowedKeys(at).includes(key));
        if (found.length) return found;
        frontier = next;
    }
    return [];
}

/** Replaces each "<name>" with the entry written last before `line` (the one a dedented key fell out of). */
function fillNames(p: readonly PropertyKey[], path: PropertyKey[], line: number, locate: Locate, root: unknown): PropertyKey[] {
    const out: PropertyKey[] = [];
    for (const part of path) {
        if (part === NAME && out.length >= p.length) {
            const names = Object.keys(asMap(valueAt(root, out)));
            const before = names.filter((n) => locate([...out, n], true).line < line);
            out.push(before.length ? before[before.length - 1] : part);
        } else out.push(part);
    }
    return out;
}

/** An example for a required key, where one helps. */
function requiredExample(p: readonly PropertyKey[]): string {
    const key = p[p.length - 1];
    if (key === "port" && p[p.length - 3] === "ports") return ", e.g. {port: 80, targetPort: 8080}";
    return "";
}

function unionHint(p: readonly PropertyKey[]): string {
    const parent = String(p[p.length - 2] ?? "");
    if (parent === "probes") return "{http: /path}, {tcp: port}, {grpc: port} or {exec: [command, ...]}, with optional timings";
    if (parent === "egress") return "\"internet\", an IPv4 CIDR, or {cidr | host, ports, protocol}";
    if (parent === "ports" && p[p.length - 4] === "allowFrom") return "a port number or a port name of the tier";
    if (parent === "ports") return "a port number or {port, targetPort, protocol}";
    if (p[p.length - 1] === "machineType") return "a machine type or {aws, gcp, azure}";
    if (parent === "env") return "a string, number or boolean";
    if (p[p.length - 1] === "port" || p[p.length - 1] === "tcp" || p[p.length - 1] === "grpc") return "a port number or a port name";
    return "one of the allowed forms";
}

/** The keys the schema allows at a config path, for "did you mean". */
export function allowedKeys(p: readonly PropertyKey[]): string[] {
    return objectKeys(schemaAt(p));
}

/**
 * The schema at a config path, through optional/default wrappers, records
 * (any key) and lists (any index); at a union, the form that has the next key.
 */
export function schemaAt(p: readonly PropertyKey[]): unknown {
    let s: unknown = platformSchema;
    for (const part of p) {
        s = unwrap(s);
        if (!s) return undefined;
        if (defOf(s).type === "union") s = (defOf(s).options as unknown[]).map(unwrap).find((o) => objectKeys(o).includes(String(part)));
        if (!s) return undefined;
        const def = defOf(s);
        if (def.type === "object") s = Object.hasOwn(def.shape as object, String(part)) ? (def.shape as Record<string, unknown>)[String(part)] : undefined;
        else if (def.type === "record") s = def.valueType;
        else if (def.type === "array") s = def.element;
        else return undefined;
    }
    return s;
}

function objectKeys(s: unknown): string[] {
    const u = unwrap(s);
    if (!u) return [];
    const def = defOf(u);
    if (def.type === "object") return Object.keys(def.shape as object);
    if (def.type === "union") return [...new Set((def.options as unknown[]).flatMap(objectKeys))];
    return [];
}

function describeAt(p: readonly PropertyKey[]): string | undefined {
    const s = schemaAt(p) as { description?: string } | undefined;
    return s?.description ?? (unwrap(s) as { description?: string } | undefined)?.description;
}

function unwrap(s: unknown): unknown {
    for (;;) {
        if (!s) return undefined;
        const def = defOf(s);
        if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") s = def.innerType;
        else if (def.type === "pipe") s = def.in;
        else return s;
    }
}

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
    let v = root;
    for (const part of p) v = Object.hasOwn(asMap(v), String(part)) ? asMap(v)[String(part)] : undefined;
    return v;
}

const asMap = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});

function article(type: string): string {
    return type === "object" || type === "record" ? "a map" : type === "array" ? "a list" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
