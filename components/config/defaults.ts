/**
 * `app.defaults`: tier fields written once and merged under every tier (and
 * under every job, for the fields a job has). Pure, no Pulumi.
 *
 * The merge runs on the raw config, before the tier schema fills in its own
 * defaults, so "the tier's own value wins" means what the user wrote:
 * - maps merge key by key (resources, security, env, secrets, labels…);
 * - lists and values are replaced whole (egress, scratchPaths, pool…);
 * - each probe is one value: a tier's `probes.liveness` replaces the default
 *   liveness probe, and keeps the default readiness probe;
 * - `replicas` and `autoscale` come as a pair: a tier that sets either, or is a
 *   singleton, takes neither from the defaults;
 * - a tier that writes `null` (`pool: ~`) takes no default for that field.
 */
import { z } from "zod";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.hasOwn(o, k);

/**
 * Tier fields that cannot be defaults, and why: each names something that
 * belongs to one tier, and as a default would be wrong for the others.
 */
export const NOT_A_DEFAULT: Readonly<Record<string, string>> = {
    ports: "ports are one tier's own API",
    http: "routes send hosts and paths to one tier",
    storage: "a volume makes one tier a StatefulSet",
    singleton: "one replica by design is a choice about one tier",
    expose: "it would put every tier behind a load balancer",
    talksTo: "it names tiers, and the tier named would name itself",
    waitFor: "it names tiers, and the tier named would wait for itself",
};

/** Fields a tier takes from the defaults only together: one of them set on the tier keeps out the others. */
const TOGETHER = ["replicas", "autoscale"] as const;

/** Maps whose values are each replaced whole rather than merged (a probe is one handler). */
const WHOLE_VALUES = new Set(["probes"]);

/**
 * The schema of `app.defaults`: every tier field optional and without a default
 * of its own (a default that applied inside `app.defaults` would override what
 * a tier leaves out with kubeship's choice). Each field is checked as a tier's
 * would be: `autoscale` needs min and max. The fields in `refused` are refused
 * with their reason.
 */
export function partialTierSchema(shape: Readonly<Record<string, z.ZodType>>, refused: Readonly<Record<string, string>>) {
    const fields: Record<string, z.ZodType> = {};
    for (const [key, schema] of Object.entries(shape)) {
        fields[key] = has(refused, key)
            ? z.unknown().superRefine((value, ctx) => {
                if (value !== undefined) ctx.addIssue({ code: "custom", input: value, message: `cannot be a default (${refused[key]}), got ${describeValue(value)}; set it on the tiers that need it` });
            }).optional().describe(`Not a default: ${refused[key]}.`)
            : withoutDefault(schema).optional();
    }
    return z.strictObject(fields);
}

const describeValue = (v: unknown) => (Array.isArray(v) ? "a list" : isObj(v) ? "a map" : JSON.stringify(v));

function withoutDefault(schema: z.ZodType): z.ZodType {
    if (!(schema instanceof z.ZodDefault)) return schema;
    const inner = schema.unwrap() as z.ZodType;
    return schema.description ? inner.describe(schema.description) : inner;
}

/** Sets a key as an own property ("__proto__" stays a key, as the rules report it). */
function put(out: Obj, key: string, value: unknown): void {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `under` with `over` on top, map by map; `wholeAt` is how deep maps still merge. */
function mergeUnder(under: Obj, over: Obj, wholeAt = Infinity): Obj {
    const out: Obj = {};
    for (const [k, v] of Object.entries(under)) put(out, k, v);
    for (const [k, v] of Object.entries(over)) {
        const u = has(under, k) ? under[k] : undefined;
        put(out, k, wholeAt > 0 && isObj(u) && isObj(v) ? mergeUnder(u, v, wholeAt - 1) : v);
    }
    return out;
}

/** A tier (or job) with the defaults merged under it, by the rules above. */
export function withDefaults(defaults: Obj, tier: Obj): Obj {
    const pairTaken = tier.singleton === true || TOGETHER.some((k) => has(tier, k));
    const out: Obj = {};
    for (const [k, v] of Object.entries(defaults)) {
        if (has(tier, k) || (pairTaken && (TOGETHER as readonly string[]).includes(k))) continue;
        put(out, k, v);
    }
    for (const [k, v] of Object.entries(tier)) {
        const d = has(defaults, k) ? defaults[k] : undefined;
        if (v === null && d !== undefined) continue;
        put(out, k, isObj(d) && isObj(v) ? mergeUnder(d, v, WHOLE_VALUES.has(k) ? 0 : Infinity) : v);
    }
    return out;
}

/** Only the fields in `keys` (a job takes the defaults it has fields for). */
export function pickFields(defaults: Obj, keys: readonly string[]): Obj {
    const out: Obj = {};
    for (const k of keys) if (has(defaults, k)) put(out, k, defaults[k]);
    return out;
}

/**
 * The field names of a zod map's values (`z.record(name, z.object({...}))`,
 * optional or not), read from the schema itself; undefined for any other shape.
 * It lets the defaults follow `app.jobs` whatever fields the job schema has.
 */
export function recordValueFields(schema: unknown): string[] | undefined {
    let s = schema as { _zod?: { def?: Record<string, unknown> } } | undefined;
    let sawRecord = false;
    for (let i = 0; i < 10 && s?._zod?.def; i++) {
        const def = s._zod.def;
        if (def.type === "object" && sawRecord) return Object.keys(def.shape as Obj);
        if (def.type === "record" && !sawRecord) { sawRecord = true; s = def.valueType as typeof s; continue; }
        if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") { s = def.innerType as typeof s; continue; }
        return undefined;
    }
    return undefined;
}

/**
 * The app with `app.defaults` merged under each tier and each job (for the
 * fields `jobFields` lists). `usable` picks the defaults to merge: the loader
 * leaves out those its schema refuses, so that a bad default is reported once,
 * at its own line, rather than once per tier. Anything not shaped as a map is
 * left alone for the schema to report.
 */
export function applyAppDefaults(app: unknown, usable: (defaults: Obj) => Obj = (d) => d, jobFields?: readonly string[]): unknown {
    if (!isObj(app) || !isObj(app.defaults)) return app;
    const defaults = usable(app.defaults);
    const out: Obj = { ...app };
    const mergeAll = (group: unknown, d: Obj): unknown => {
        if (!isObj(group)) return group;
        const merged: Obj = {};
        for (const [name, entry] of Object.entries(group)) put(merged, name, isObj(entry) ? withDefaults(d, entry) : entry);
        return merged;
    };
    if (has(app, "tiers")) out.tiers = mergeAll(app.tiers, defaults);
    if (has(app, "jobs") && jobFields) out.jobs = mergeAll(app.jobs, pickFields(defaults, jobFields));
    return out;
}
