/**
 * Loading: read the platform file, merge the stack's settings and overrides
 * over it, validate everything, and either return a typed config or throw one
 * ConfigError that lists every problem with its position.
 */
import * as path from "node:path";
import { ConfigError, ConfigProblem, dottedPath, showValue } from "./errors";
import { closest } from "./formats";
import { readFileSources } from "./file-sources";
import { checkRules } from "./rules";
import { applyAppDefaults, recordValueFields } from "./defaults";
import { appSchema, platformSchema, tierDefaultsSchema, type Cloud, type Environment, type PlatformConfig } from "./schema";
import { outsideProject, positionOf, readYaml, type Position, type YamlSource } from "./source";
import { fromZodIssue } from "./zod-issues";
import { planPlatform, type PlatformPlan } from "../plan";
import type { DeployContext } from "../cluster/types";
import { resolveToday, type VersionCatalog } from "../cluster/versions";
import { appStackLayer, clusterStackConfig, clusterStackProblems, clusterStackSchema, stackRoleOf, type RoleProblem, type RoleSettings } from "./stack-role";

export { allowedKeys, fromZodIssue } from "./zod-issues";

/** What a stack contributes: which file, which cloud, and per-environment overrides. */
export interface StackSettings extends RoleSettings {
    /** Path of the platform config, relative to `root`. */
    configFile: string;
    cloud?: Cloud | string;
    region?: string;
    environment?: Environment | string;
    /** Deep-partial config merged over the file. */
    overrides?: unknown;
    /** The stack file these settings came from, used only to point errors at it. */
    stackFile?: string;
    /** The Pulumi stack (`pulumi.getStack()`, the rendered stack, or the file's stand-in name): cloud names carry it. */
    stack?: string;
    /** Values used only where neither these settings nor the file set one (e.g. the environment a stack's name implies). */
    defaults?: { environment?: string; region?: string };
}

export interface LoadOptions {
    /** Directory paths are relative to. @default process.cwd() */
    root?: string;
    /** Cloud to assume when neither the stack nor the file names one (for `kubeship validate`). */
    defaultCloud?: Cloud;
    /** The day support is judged on, YYYY-MM-DD. @default $KUBESHIP_TODAY, else the clock's UTC date */
    today?: string;
    /** The cloud's own answer (`pulumi up`, `render`); a catalog of another cloud is ignored. @default the dated catalog */
    versionCatalog?: VersionCatalog;
    /** Who runs the deploy and where (`pulumi up` and `preview` only). @default none: nothing to check */
    deploy?: DeployContext;
}

/** The command-line flags that stand in for the stack's keys. */
const FLAGS = { cloud: "--cloud", region: "--region", environment: "--env" } as const;

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

/** Loads, merges and validates; the config part of `loadPlan`. Throws ConfigError, never anything else, for bad input. */
export function loadPlatform(settings: StackSettings, opts: LoadOptions = {}): PlatformConfig {
    return loadPlan(settings, opts).config;
}

/**
 * The one validation pass: loads, merges, validates the config, and resolves
 * it into the plan the program builds (the cloud's cluster plan, the app's
 * specs). Returns a complete plan, or throws one ConfigError listing every
 * problem with its position. Nothing else is thrown for bad input.
 */
export function loadPlan(settings: StackSettings, opts: LoadOptions = {}): PlatformPlan {
    const root = opts.root ?? process.cwd();
    const today = resolveToday(opts.today);
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

    // A tier or job field that came from app.defaults is found where the defaults say it
    // (the file's, or the stack's overrides'), whenever the tier itself does not hold it.
    const fromDefaults = (p: readonly PropertyKey[]) => (p.length > 3 && p[0] === "app" && (p[1] === "tiers" || p[1] === "jobs") ? ["app", "defaults", ...p.slice(3)] : undefined);
    const layers: Layer[] = [{ source: base, map: fromDefaults }];
    if (stackSource) layers.push({ source: stackSource, map: (p) => { const d = fromDefaults(p); return d && ["config", "kubeship:overrides", ...d]; } });
    layers.push({ source: base, map: (p) => p });
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
    // An app stack plans with its cluster stack's cluster section (stack-role.ts).
    const role = stackRoleOf(settings);
    const placeRole = (p: RoleProblem): ConfigProblem => ({ ...(p.stackKey ? stackPos(p.stackKey) : { ...locate(p.path, p.key), path: dottedPath(p.path) }), message: p.message });
    if (role === "app") {
        const layer = appStackLayer(merged, settings as StackSettings & Record<string, unknown>);
        problems.push(...layer.problems.map(placeRole));
        if (!layer.reference) throw new ConfigError(dedupe(problems));
        merged = layer.merged;
    }
    problems.push(...clusterStackProblems(merged, role).map(placeRole));
    if (role === "cluster" && Object.hasOwn(merged, "app")) {
        const { app: _reported, ...cluster } = merged;
        merged = cluster;
    }
    // What is found from here on in an app stack's cluster section comes from its cluster stack.
    const fromReference = problems.length;
    // A cluster that is not a map is left as written, so that the schema says so ("must be a map").
    if (merged.cluster === undefined || isObj(merged.cluster)) {
        const cluster = { ...(isObj(merged.cluster) ? merged.cluster : {}) };
        for (const key of Object.keys(STACK_KEYS) as (keyof typeof STACK_KEYS)[]) {
            const inFile = Object.hasOwn(cluster, key) ? cluster[key] : undefined;
            const set = settings[key];
            // A stack (or a flag) never silently wins over what the file says: a disagreement is an error.
            if (set !== undefined && inFile !== undefined && inFile !== set) {
                const by = settings.stackFile ? `the stack's kubeship:${key}` : FLAGS[key];
                problems.push({ ...locate(["cluster", key]), path: `cluster.${key}`, message: `is ${showValue(inFile)} in the file, but ${by} says ${JSON.stringify(set)}; drop ${by.replace(/^the stack's /, "")} or change the file` });
            } else if (set !== undefined) cluster[key] = set;
            else if (inFile === undefined && key !== "cloud" && settings.defaults?.[key] !== undefined) cluster[key] = settings.defaults[key];
        }
        if (cluster.cloud === undefined && opts.defaultCloud) cluster.cloud = opts.defaultCloud;
        merged = { ...merged, cluster };
    }

    merged = withAppDefaults(merged);
    const parsed = role === "cluster" ? withNoApp(clusterStackSchema.safeParse(merged, { reportInput: true })) : platformSchema.safeParse(merged, { reportInput: true });
    if (!parsed.success) problems.push(...parsed.error.issues.flatMap((i) => fromZodIssue(i, locate, merged)));
    for (const rule of checkRules(merged)) {
        problems.push({ ...locate(rule.path, rule.key), path: dottedPath(rule.path), message: rule.message });
    }
    // In an app stack the cluster section is the cluster stack's: what is wrong there is fixed there.
    if (role === "app") relabelClusterProblems(problems, fromReference, stackPos("clusterStack"), settings.clusterStack ?? "");
    if (!parsed.success) throw new ConfigError(dedupe(problems));
    // Config files named by `source` are read here, once: the plan holds their text (file-sources.ts).
    for (const p of readFileSources(parsed.data, root, settings.configFile)) problems.push({ ...locate(p.path), path: dottedPath(p.path), message: p.message });

    // The plan's checks need a well-typed config. Where the schema or the rules already
    // reported a problem at a path (or around it), the plan's view of it adds nothing.
    let planned: ReturnType<typeof planPlatform>;
    try {
        const clusterStack = role === "app" ? (settings.reference as { stack: string }).stack : undefined;
        planned = planPlatform(parsed.data, { today, catalog: opts.versionCatalog }, settings.stack, opts.deploy, clusterStack);
    } catch (e) {
        // Input the rules rejected may trip a resolver; only a clean config must plan.
        if (problems.length) throw new ConfigError(dedupe(problems));
        throw e;
    }
    if (!planned.ok) {
        const reported = problems.map((p) => p.path);
        for (const p of planned.problems) {
            const at = dottedPath(p.path);
            if (reported.some((r) => samePlace(r, at))) continue;
            problems.push({ ...locate(p.path, p.key), path: at, message: p.message });
        }
    }
    if (role === "app") relabelClusterProblems(problems, fromReference, stackPos("clusterStack"), settings.clusterStack ?? "");
    if (problems.length || !planned.ok) throw new ConfigError(dedupe(problems));
    return role === "platform" ? planned.plan : { ...planned.plan, role };
}

/** A cluster stack's parse result, with the empty app its plan carries. */
function withNoApp(r: ReturnType<typeof clusterStackSchema.safeParse>) {
    return r.success ? { success: true as const, data: clusterStackConfig(r.data.cluster) } : r;
}

/** Problems in a referenced cluster section, placed at kubeship:clusterStack: the cluster stack is where they are fixed. */
function relabelClusterProblems(problems: ConfigProblem[], from: number, at: Position & { path: string }, named: string): void {
    problems.forEach((p, i) => {
        if (i < from || p.file === at.file || (p.path !== "cluster" && !p.path.startsWith("cluster."))) return;
        problems[i] = { ...at, message: `names ${named}, whose ${p.path} ${p.message}; fix it in that stack and deploy it again` };
    });
}

/**
 * Where the stack's cluster will be (cloud, region, GCP project), read without
 * validating, so that the program can ask the cloud for its versions before
 * `loadPlan`. Undefined when the files cannot be read: `loadPlan` reports why.
 */
export function cloudTarget(settings: StackSettings, opts: Pick<LoadOptions, "root" | "defaultCloud"> = {}): { cloud?: string; region?: string; project?: string } | undefined {
    const root = opts.root ?? process.cwd();
    if (typeof settings.configFile !== "string" || settings.configFile === "" || outsideProject(root, settings.configFile)) return undefined;
    let read: ReturnType<typeof readYaml>;
    try {
        read = readYaml(path.resolve(root, settings.configFile), settings.configFile);
    } catch {
        return undefined;
    }
    if (!read.source || read.problems.length || !isObj(read.source.value)) return undefined;
    const merged = isObj(settings.overrides) ? deepMerge(read.source.value, settings.overrides) : read.source.value;
    const cluster = asMap(merged.cluster);
    const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
    return {
        cloud: text(settings.cloud) ?? text(cluster.cloud) ?? opts.defaultCloud,
        region: text(settings.region) ?? text(cluster.region),
        project: text(asMap(cluster.gcp).project),
    };
}

/**
 * The config with `app.defaults` merged under every tier and job (defaults.ts).
 * A default its own schema refuses is left out of the merge: it is reported
 * once, at its line, not again for every tier.
 */
export function withAppDefaults(root: Record<string, unknown>): Record<string, unknown> {
    if (!isObj(root.app) || !isObj(root.app.defaults)) return root;
    const usable = (defaults: Record<string, unknown>) => {
        const checked = tierDefaultsSchema.safeParse(defaults);
        if (checked.success) return defaults;
        const bad = new Set(checked.error.issues.flatMap((i) => (i.code === "unrecognized_keys" && i.path.length === 0 ? i.keys : [String(i.path[0])])));
        return Object.fromEntries(Object.entries(defaults).filter(([k]) => !bad.has(k)));
    };
    return { ...root, app: applyAppDefaults(root.app, usable, recordValueFields((appSchema.shape as Record<string, unknown>).jobs)) };
}

/** Whether two dotted paths are one place, or one lies inside the other. */
function samePlace(a: string, b: string): boolean {
    const inside = (x: string, y: string) => x.startsWith(y) && (x[y.length] === "." || x[y.length] === "[");
    return a === b || inside(a, b) || inside(b, a);
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
            if (!Object.hasOwn(b, name)) {
                const hint = closest(name, known);
                out.push({ path: [section, field, name], message: `overrides ${what} ${JSON.stringify(name)}, which the config file does not define; ${hint ? `did you mean "${hint}"?` : `it defines: ${known.join(", ") || "none"}`}` });
            }
        }
    };
    check("cluster", "nodePools", "node pool");
    check("app", "tiers", "tier");
    check("app", "jobs", "job");
    return out;
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

/**
 * Maps merge key by key; anything else (lists included) is replaced. Keys are
 * own properties only: "constructor" merges as a name, "__proto__" stays a key.
 */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const b = Object.hasOwn(base, k) ? base[k] : undefined;
        Object.defineProperty(out, k, { value: isObj(v) && isObj(b) ? deepMerge(b, v) : v, enumerable: true, writable: true, configurable: true });
    }
    return out;
}
