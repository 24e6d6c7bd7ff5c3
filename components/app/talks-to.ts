/**
 * Who talks to whom: a tier's `talksTo` plus every tier its env names with
 * `${tier.host}`, `${tier.port}` or `${tier.url}`. A value that names a tier
 * is a connection to it, so the NetworkPolicies, the diagram and the summary
 * all use these effective edges; `talksTo` is left for traffic no env var
 * names. `${tier.name}` is only text and adds no edge. Pure, no Pulumi.
 */
import type { AppConfig, TierConfig } from "../config/schema";
import { tierNamed } from "./names";

/** `$$`, or a `${...}` reference (as env.ts reads them). */
const TOKEN = /\$\$|\$\{([^}]*)\}/g;

/** The attributes of a reference that mean a connection to the tier. */
export const CONNECTING_ATTRIBUTES: readonly string[] = ["host", "port", "url"];

/** The tiers a tier's env values connect to, in env order, each once (itself and unknown tiers left out). */
export function envReferencedTiers(tierName: string, tier: Pick<TierConfig, "env" | "sidecars" | "init">, app: AppConfig): string[] {
    const out = new Set<string>();
    // The init containers' and sidecars' env too: an init container that waits for a database connects to it.
    const values = [tier.env, ...tier.sidecars.map((c) => c.env), ...tier.init.map((c) => c.env)].flatMap((env) => Object.values(env));
    for (const value of values) {
        if (typeof value !== "string") continue;
        for (const m of value.matchAll(TOKEN)) {
            if (m[1] === undefined) continue;
            const [target, attr, ...rest] = m[1].split(".");
            if (rest.length === 0 && CONNECTING_ATTRIBUTES.includes(attr) && target !== tierName && tierNamed(app, target)) out.add(target);
        }
    }
    return [...out];
}

/** Each tier's effective edges, made once per app (a 1000-tier app asks for them per tier). */
const graphs = new WeakMap<AppConfig, Map<string, string[]>>();

/** Every tier's (and job's) effective `talksTo`: the tiers its `talksTo` or its env names, in declaration order. */
export function talkGraph(app: AppConfig): ReadonlyMap<string, readonly string[]> {
    let graph = graphs.get(app);
    if (!graph) {
        // In the order the tiers are declared, whichever list named them: moving a name between
        // talksTo and env (or listing it in both) renders the same objects.
        const order = Object.keys(app.tiers);
        graph = new Map(order.map((name) => {
            const tier = app.tiers[name];
            const to = new Set([...tier.talksTo, ...envReferencedTiers(name, tier, app)]);
            return [name, order.filter((t) => to.has(t))];
        }));
        // Jobs talk to tiers too (a migration to its database); no one talks to a job.
        for (const [name, job] of Object.entries(app.jobs ?? {})) {
            const to = new Set([...job.talksTo, ...envReferencedTiers(name, job, app)]);
            graph.set(name, order.filter((t) => to.has(t)));
        }
        graphs.set(app, graph);
    }
    return graph;
}

/** A tier's effective `talksTo`. */
export function effectiveTalksTo(tierName: string, app: AppConfig): readonly string[] {
    return talkGraph(app).get(tierName) ?? [];
}

/** The tiers that talk to `target` (effective edges), in config order. */
export function talkersTo(target: string, app: AppConfig): string[] {
    return [...talkGraph(app)].filter(([, to]) => to.includes(target)).map(([name]) => name);
}
