/**
 * Invariants of an app that the config schema cannot express, checked before
 * any resource is created; and the order tiers are created in. Pure, no Pulumi.
 */
import type { AppConfig } from "../config/schema";
import { toEnv } from "./env";
import { DEFAULT_DENY_POLICY, headlessServiceName, isStateful, portsOf, tierNamed } from "./names";
import { toProbes } from "./probes";

/** A Kubernetes port name (IANA_SVC_NAME): no leading, trailing or double '-'. */
const PORT_NAME = /^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;

/**
 * Every problem with an app, one line each, naming the property. `secretKeys`
 * are the config keys a value was given for; undefined skips that check.
 */
export function appProblems(app: AppConfig, secretKeys?: ReadonlySet<string>): string[] {
    const out: string[] = [];
    const names = new Set(Object.keys(app.tiers));
    for (const [name, tier] of Object.entries(app.tiers)) {
        const at = `app.tiers.${name}`;
        if (name === DEFAULT_DENY_POLICY) out.push(`${at}: the name "${name}" is taken by the app's default-deny NetworkPolicy; rename the tier`);
        if (isStateful(tier)) {
            const headless = headlessServiceName(name);
            if (names.has(headless)) out.push(`${at}: its headless Service "${headless}" clashes with the tier of that name; rename one of them`);
            if (headless.length > 63) out.push(`${at}: the name is too long for its headless Service "${headless}" (${headless.length} > 63 characters); use at most 54 characters`);
        }
        for (const p of portsOf(tier)) {
            if (!PORT_NAME.test(p.name)) out.push(`${at}.ports.${p.name}: a port name must not start or end with '-' or contain '--', got "${p.name}"`);
        }
        for (const [env, key] of Object.entries(tier.secrets)) {
            if (secretKeys && !secretKeys.has(key)) out.push(`${at}.secrets.${env}: no value was given for secret config "${key}"; pass it in secrets (pulumi config set --secret kubeship:${key} <value>)`);
        }
        for (const check of [() => toEnv(name, tier, app), () => toProbes(name, tier)]) {
            try {
                check();
            } catch (e) {
                out.push((e as Error).message);
            }
        }
    }
    return out;
}

/**
 * Tier names in an order where every tier comes after the tiers it waits for
 * (config order otherwise). The rules reject waitFor cycles; one here throws.
 */
export function creationOrder(app: AppConfig): string[] {
    const order: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string) => {
        if (state.get(name) === "done") return;
        if (state.get(name) === "visiting") throw new Error(`app.tiers.${name}.waitFor: forms a dependency cycle`);
        state.set(name, "visiting");
        for (const dep of tierNamed(app, name)?.waitFor ?? []) if (tierNamed(app, dep)) visit(dep);
        state.set(name, "done");
        order.push(name);
    };
    for (const name of Object.keys(app.tiers)) visit(name);
    return order;
}
