/**
 * Environment variables: plain values, references to other tiers, and secrets
 * by reference. Pure, no Pulumi.
 *
 * A reference `${tier.attr}` resolves to:
 * - `host`: the tier's in-cluster DNS name, `<tier>.<namespace>.svc.cluster.local`;
 * - `port`: the main (first) Service port of the tier;
 * - `url`:  `http://<host>:<port>`;
 * - `name`: the tier's name.
 *
 * `$$` stands for a literal `$`, so `$${x}` yields the text `${x}`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import { mainPort, namespaceOf, serviceHost, tierNamed } from "./names";
import { SpecError } from "./spec-error";

type EnvVar = k8s.core.v1.EnvVar;

/** `$$`, or a `${...}` reference. */
const TOKEN = /\$\$|\$\{([^}]*)\}/g;

/** Resolves one env value. Throws an Error naming the reference when it cannot resolve. */
export function resolveValue(value: string | number | boolean, app: AppConfig): string {
    if (typeof value !== "string") return String(value);
    const namespace = namespaceOf(app);
    return value.replace(TOKEN, (token: string, ref: string | undefined) => {
        if (ref === undefined) return "$";
        const [target, attr, ...rest] = ref.split(".");
        const tier = tierNamed(app, target);
        if (!tier || rest.length) throw new Error(`reference ${JSON.stringify(token)} names an unknown tier; known tiers: ${Object.keys(app.tiers).join(", ")}`);
        const host = serviceHost(target, namespace);
        const port = () => {
            const p = mainPort(tier);
            if (!p) throw new Error(`reference ${JSON.stringify(token)} needs a port, but tier "${target}" has none`);
            return p.port;
        };
        switch (attr) {
            case "host": return host;
            case "port": return String(port());
            case "url": return `http://${host}:${port()}`;
            case "name": return target;
            default: throw new Error(`reference ${JSON.stringify(token)} must be \${tier.host}, \${tier.port}, \${tier.url} or \${tier.name}`);
        }
    });
}

/**
 * The logical name of the Kubernetes Secret holding a tier's secrets. Its object
 * name is left to the provider (`<tier>-secret-<suffix>`): a new value replaces the
 * Secret under a new name, the pod template's `secretKeyRef` follows it, and the
 * workload rolls, so pods never keep running on a rotated-away value.
 */
export function secretName(tierName: string): string {
    return `${tierName}-secret`;
}

/** Whether a tier reads any secret (and so gets a Kubernetes Secret). */
export function hasSecrets(tier: Pick<TierConfig, "secrets">): boolean {
    return Object.keys(tier.secrets).length > 0;
}

/**
 * A tier's container env: secrets through `secretKeyRef` first (the value
 * never appears in the pod spec), then plain values resolved, in config order.
 * Kubernetes expands `$(VAR)` in a value "using the previously defined
 * environment variables in the container" (EnvVar.value, core/v1), so secrets
 * go first: a plain value such as `postgres://shop:$(DB_PASSWORD)@db/shop`
 * then expands, where after the secret it would stay literal. Secrets hold
 * no references themselves, and `args`/`command` may use any variable.
 */
export function toEnv(tierName: string, tier: Pick<TierConfig, "env" | "secrets">, app: AppConfig, secretRef: pulumi.Input<string> = secretName(tierName)): EnvVar[] {
    const plain: EnvVar[] = Object.entries(tier.env).map(([name, value]) => {
        try {
            return { name, value: resolveValue(value, app) };
        } catch (e) {
            throw new SpecError(["app", "tiers", tierName, "env", name], (e as Error).message);
        }
    });
    const secret: EnvVar[] = Object.keys(tier.secrets).map((name) => ({
        name,
        valueFrom: { secretKeyRef: { name: secretRef, key: name } },
    }));
    return [...secret, ...plain];
}

/** Resolved env of every tier, by tier name. */
export function resolveEnv(app: AppConfig): Record<string, EnvVar[]> {
    return Object.fromEntries(Object.entries(app.tiers).map(([name, tier]) => [name, toEnv(name, tier, app)]));
}
