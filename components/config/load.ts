/**
 * Loading: read the platform file, merge the stack's settings and overrides
 * over it, validate everything, and either return a typed config or throw one
 * ConfigError that lists every problem with its position.
 */
import * as path from "node:path";
import { z } from "zod";
import { ConfigError, ConfigProblem, dottedPath, showValue } from "./errors";
import { closest } from "./formats";
import { checkRules } from "./rules";
import { platformSchema, type Cloud, type Environment, type PlatformConfig } from "./schema";
import { outsideProject, positionOf, readYaml, type Position, type YamlSource } from "./source";

/** What a stack contributes: which file, which cloud, and per-environment overrides. */
export interface StackSettings {
    /** Path of the platform config, relative to `root`. */
    configFile: string;
    cloud?: Cloud | string;
    region?: string;
    environment?: Environment | string;
    /** Deep-partial config merged over the file. */
    overrides?: unknown;
    /** The stack file these settings came from, used only to point errors at it. */
    stackFile?: string;
}

export interface LoadOptions {
    /** Directory paths are relative to. @default process.cwd() */
    root?: string;
    /** Cloud to assume when neither the stack nor the file names one (for `kubeship validate`). */
    defaultCloud?: Cloud;
}

const STACK_KEYS = {
    cloud: ["cluster", "cloud"],
    region: ["cluster", "region"],
    environment: ["cluster", "environment"],
} as const;

/** A layer of the merged config and where its values sit in their YAML file. */
interface Layer {
    source: YamlSource;
    /** Maps a config path to the path in `source`, or undefined when this layer does not hold it. */
    map(configPath: readonly PropertyKey[]): readonly PropertyKey[] | undefined;
}

/** Loads, merges and validates. Throws ConfigError, never anything else, for bad input. */
export function loadPlatform(settings: StackSettings, opts: LoadOptions = {}): PlatformConfig {
    const root = opts.root ?? process.cwd();
    const problems: ConfigProblem[] = [];
    const stackSource = settings.stackFile ? readYaml(path.resolve(root, settings.stackFile), settings.stackFile).source : undefined;
    const stackPos = (key: string, sub: readonly PropertyKey[] = []): Position & { path: string } => ({
        ...(stackSource ? positionOf(stackSource, ["config", `kubeship:${key}`, ...sub]) : { file: settings.stackFile ?? "(stack)", line: 1, column: 1 }),
        path: `kubeship:${key}`,
    });

    if (typeof settings.configFile !== "string" || settings.configFile === "") {
        throw new ConfigError([{ ...stackPos("config"), message: "is required: the platform config file, e.g. kubeship:config: examples/guestbook.yaml" }]);
    }
    // A stack names the file at its kubeship:config line; without one, the command line did.
    const namedAt = settings.stackFile ? stackPos("config") : undefined;
    const outside = outsideProject(root, settings.configFile);
    if (outside) throw new ConfigError([{ ...(namedAt ?? { file: "(command line)", line: 1, column: 1, path: "--config" }), message: outside }]);
    const read = readYaml(path.resolve(root, settings.configFile), settings.configFile, namedAt);
    problems.push(...read.problems);
    if (!read.source || read.problems.length) throw new ConfigError(problems);
    const base = read.source;
    if (!isObj(base.value)) {
        throw new ConfigError([{ file: base.file, line: 1, column: 1, path: "(root)", message: `must be a map with cluster and app, got ${showValue(base.value)}` }]);
    }

    const layers: Layer[] = [{ source: base, map: (p) => p }];
    if (stackSource) {
        layers.push({ source: stackSource, map: (p) => ["config", "kubeship:overrides", ...p] });
        for (const [key, configPath] of Object.entries(STACK_KEYS)) {
            layers.push({ source: stackSource, map: (p) => (samePath(p, configPath) ? ["config", `kubeship:${key}`] : undefined) });
        }
    }
    const locate = (p: readonly PropertyKey[], key = false): Position => {
        for (const layer of [...layers].reverse()) {
            const mapped = layer.map(p);
            if (!mapped) continue;
            const pos = positionOf(layer.source, mapped, { key });
            if (pos.exact) return pos;
        }
        return positionOf(base, p, { key });
    };

    // Merge: the file, then the stack's overrides, then the stack's cloud/region/environment.
    let merged: Record<string, unknown> = base.value;
    if (settings.overrides !== undefined) {
        if (!isObj(settings.overrides)) {
            problems.push({ ...stackPos("overrides"), message: `must be a map shaped like the config file, got ${showValue(settings.overrides)}` });
        } else {
            const missing = missingNamed(base.value, settings.overrides);
            problems.push(...missing.map((p) => ({ ...locateIn(stackSource, settings.stackFile, ["config", "kubeship:overrides", ...p.path], true), path: dottedPath(p.path), message: p.message })));
            // Merge only what names something the file defines; the rest is reported above.
            merged = deepMerge(merged, withoutPaths(settings.overrides, missing.map((m) => m.path)));
        }
    }
    const cluster = { ...(isObj(merged.cluster) ? merged.cluster : {}) };
    for (const key of Object.keys(STACK_KEYS) as (keyof typeof STACK_KEYS)[]) {
        if (settings[key] !== undefined) cluster[key] = settings[key];
    }
    if (cluster.cloud === undefined && opts.defaultCloud) cluster.cloud = opts.defaultCloud;
    merged = { ...merged, cluster };

    const parsed = platformSchema.safeParse(merged, { reportInput: true });
    if (!parsed.success) problems.push(...parsed.error.issues.flatMap((i) => fromZodIssue(i, locate)));
    for (const rule of checkRules(merged)) {
        problems.push({ ...locate(rule.path, rule.key), path: dottedPath(rule.path), message: rule.message });
    }
    if (problems.length || !parsed.success) throw new ConfigError(dedupe(problems));
    return parsed.data;
}

function locateIn(src: YamlSource | undefined, file: string | undefined, p: readonly PropertyKey[], key: boolean): Position {
    return src ? positionOf(src, p, { key }) : { file: file ?? "(stack)", line: 1, column: 1 };
}

/** Overrides may only adjust pools and tiers the file defines. */
function missingNamed(base: Record<string, unknown>, overrides: Record<string, unknown>): { path: string[]; message: string }[] {
    const out: { path: string[]; message: string }[] = [];
    const check = (section: string, field: string, what: string) => {
        const o = asMap(asMap(overrides[section])[field]);
        const b = asMap(asMap(base[section])[field]);
        const known = Object.keys(b);
        for (const name of Object.keys(o)) {
            if (!(name in b)) {
                const hint = closest(name, known);
                out.push({ path: [section, field, name], message: `overrides ${what} ${JSON.stringify(name)}, which the config file does not define; ${hint ? `did you mean "${hint}"?` : `it defines: ${known.join(", ") || "none"}`}` });
            }
        }
    };
    check("cluster", "nodePools", "node pool");
    check("app", "tiers", "tier");
    return out;
}

/** One zod issue as config problems, with the loader's wording; `locate` places them. */
export function fromZodIssue(issue: z.core.$ZodIssue, locate: (p: readonly PropertyKey[], key?: boolean) => Position): ConfigProblem[] {
    const p = issue.path as PropertyKey[];
    const input = (issue as { input?: unknown }).input;
    const got = `got ${showValue(input)}`;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map((k) => {
                const allowed = allowedKeys(p);
                const hint = closest(k, allowed);
                return {
                    ...locate([...p, k], true), path: dottedPath([...p, k]),
                    message: `unknown key ${JSON.stringify(k)}; ${hint ? `did you mean "${hint}"?` : `allowed keys: ${allowed.join(", ")}`}`,
                };
            });
        case "invalid_type": {
            const message = input === undefined
                ? `is required (${issue.expected}); add it`
                : `must be ${article(issue.expected)}, ${got}${issue.expected === "string" && (typeof input === "boolean" || typeof input === "number") ? `; quote it ("${String(input)}")` : ""}`;
            return [{ ...locate(p), path: dottedPath(p), message }];
        }
        case "invalid_value": {
            const values = issue.values.map(String);
            const hint = typeof input === "string" ? closest(input, values) : undefined;
            return [{ ...locate(p), path: dottedPath(p), message: `must be one of ${values.join(", ")}, ${got}${hint ? `; did you mean "${hint}"?` : ""}` }];
        }
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const op = issue.code === "too_small" ? (issue.inclusive === false ? ">" : ">=") : (issue.inclusive === false ? "<" : "<=");
            const what = issue.origin === "string" ? "length " : issue.origin === "array" || issue.origin === "set" ? "item count " : "";
            return [{ ...locate(p), path: dottedPath(p), message: `${what}must be ${op} ${String(bound)}, ${got}` }];
        }
        case "invalid_union": {
            // When exactly one form matches the keys given, its own problems say more than "no form matched".
            const viable = issue.errors.filter((branch) => !branch.some((i) =>
                i.code === "unrecognized_keys" || (i.code === "invalid_type" && (i as { input?: unknown }).input === undefined && i.path.length <= 1)));
            if (viable.length === 1 && viable[0].length > 0) {
                return viable[0].flatMap((i) => fromZodIssue({ ...i, path: [...p, ...i.path] } as z.core.$ZodIssue, locate));
            }
            return [{ ...locate(p), path: dottedPath(p), message: `must be ${unionHint(p)}, ${got}` }];
        }
        case "invalid_key": {
            const inner = issue.issues[0]?.message ?? "is not a valid name";
            const key = String(p[p.length - 1]);
            return [{ ...locate(p, true), path: dottedPath(p), message: `${inner}, got ${JSON.stringify(key)}` }];
        }
        case "invalid_format":
        case "custom":
        default: {
            const msg = issue.message.includes("got ") ? issue.message : `${issue.message}, ${got}`;
            return [{ ...locate(p), path: dottedPath(p), message: msg }];
        }
    }
}

function unionHint(p: readonly PropertyKey[]): string {
    const parent = String(p[p.length - 2] ?? "");
    if (parent === "probes") return "{http: /path}, {tcp: port} or {exec: [command, ...]}, with optional timings";
    if (parent === "ports") return "a port number or {port, targetPort, protocol}";
    if (p[p.length - 1] === "machineType") return "a machine type or {aws, gcp, azure}";
    if (parent === "env") return "a string, number or boolean";
    return "one of the allowed forms";
}

/** The keys the schema allows at a config path, for "did you mean". */
export function allowedKeys(p: readonly PropertyKey[]): string[] {
    let s: unknown = platformSchema;
    for (const part of [...p, null]) {
        s = unwrap(s);
        const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
        if (part === null) return def.type === "object" ? Object.keys(def.shape as object) : [];
        if (def.type === "object") s = (def.shape as Record<string, unknown>)[String(part)];
        else if (def.type === "record") s = def.valueType;
        else if (def.type === "array") s = def.element;
        else return [];
        if (!s) return [];
    }
    return [];
}

function unwrap(s: unknown): unknown {
    for (;;) {
        const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
        if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") s = def.innerType;
        else if (def.type === "pipe") s = def.in;
        else return s;
    }
}

function article(type: string): string {
    return type === "object" ? "a map" : type === "array" ? "a list" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const k = `${p.file}:${p.line}:${p.column} ${p.path} ${p.message}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asMap = (v: unknown): Record<string, unknown> => (isObj(v) ? v : {});

function withoutPaths(obj: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
    let out = obj;
    for (const [section, field, name] of paths) {
        const sec = asMap(out[section]);
        const { [name]: _dropped, ...rest } = asMap(sec[field]);
        out = { ...out, [section]: { ...sec, [field]: rest } };
    }
    return out;
}

/** Maps merge key by key; anything else (lists included) is replaced. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isObj(v) && isObj(base[k]) ? deepMerge(base[k] as Record<string, unknown>, v) : v;
    }
    return out;
}
