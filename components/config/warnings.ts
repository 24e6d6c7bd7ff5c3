/**
 * Warnings: input that loads and renders, but very likely does not do what
 * its author meant. They never fail a command (exit 0, printed on stderr as
 * `warning: <file>:<line>:<col> <path>: <message>`). Pure functions over the
 * loaded config and the stack file's raw value, then one reader that places
 * them; tiers are read defensively (other fields may come and go).
 *
 * Env references (`${tier.host}`, `.port`, `.url`) need no warning about
 * `talksTo`: they always add the edge (components/app/talks-to.ts,
 * `effectiveTalksTo`), and `${tier.name}` is only text.
 */
import * as path from "node:path";
import { networkFactsOf } from "../cluster/network-facts";
import type { PoolTaint } from "../cluster/types";
import { BACKING_KINDS } from "../backing/registry";
import type { PlatformPlan } from "../plan";
import { dottedPath, formatProblem, type ConfigProblem } from "./errors";
import { closest } from "./formats";
import type { StackSettings } from "./load";
import { asObj, isObj } from "./rules/shared";
import type { AppConfig, PlatformConfig } from "./schema";
import { positionOf, readYaml, type YamlSource } from "./source";

export interface PathWarning {
    /** Where in the platform config (or, with `inStack`, in the stack file's YAML). */
    path: (string | number)[];
    message: string;
    /** Point at the key rather than the value. */
    key?: boolean;
    /** The path is in the stack file, not the platform config. */
    inStack?: boolean;
}

// ------------------------------------------------------------ $(VAR) references

/**
 * The `$(NAME)` references Kubernetes expands in a command, args or env value,
 * read as the kubelet does: `$$` is an escaped `$` (so `$$(X)` stays the text
 * `$(X)`), and a `$(` without its `)` is plain text. "If a variable cannot be
 * resolved, the reference in the input string will be unchanged" (core/v1
 * Container.args and EnvVar.value, as documented in @pulumi/kubernetes@4.34.2
 * types/input.d.ts; https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/).
 */
export function kubernetesReferences(text: string): string[] {
    const names: string[] = [];
    for (let i = 0; i < text.length; i++) {
        if (text[i] !== "$") continue;
        if (text[i + 1] === "$") { i++; continue; }
        if (text[i + 1] !== "(") continue;
        const close = text.indexOf(")", i + 2);
        if (close < 0) break;
        names.push(text.slice(i + 2, close));
        i = close;
    }
    return names;
}

/** An env value as the container gets it, for the `$(…)` scan: kubeship's own `$$` is one `$`, and `${tier.x}` resolves to text without `$` (env.ts). */
export function envValueForKubernetes(value: string): string {
    return value.replace(/\$\$|\$\{[^}]*\}/g, (token) => (token === "$$" ? "$" : ""));
}

/**
 * Variables a cloud's workload-identity webhook adds to a pod at admission, by
 * prefix: EKS (IRSA: AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_REGION, ...;
 * Pod Identity: AWS_CONTAINER_CREDENTIALS_FULL_URI, ...), AKS workload identity
 * (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST),
 * and GOOGLE_ for kubeship's own identity variables. A tier with an identity
 * may name them; kubeship does not know each name, so none of these is warned about.
 * @see https://github.com/aws/amazon-eks-pod-identity-webhook (README: the variables it injects)
 * @see https://azure.github.io/azure-workload-identity/docs/installation/mutating-admission-webhook.html
 */
const IDENTITY_PREFIXES = ["AWS_", "AZURE_", "GOOGLE_"];

/** Warnings for `$(VAR)` in a tier's command, args or env that Kubernetes would leave as it is. */
export function unexpandedReferenceWarnings(app: AppConfig): PathWarning[] {
    const out: PathWarning[] = [];
    for (const [tierName, raw] of Object.entries(asObj(app.tiers))) {
        const tier = asObj(raw);
        const env = Object.keys(asObj(tier.env));
        const secrets = Object.keys(asObj(tier.secrets));
        const backing = backingEnvNames(app, tier.uses);
        const identity = isObj(tier.identity) || backing.length > 0;
        const all = [...secrets, ...env, ...backing];
        const known = new Set(all);
        const fromIdentity = (name: string) => identity && IDENTITY_PREFIXES.some((p) => name.startsWith(p));
        for (const field of ["command", "args"] as const) {
            const list = tier[field];
            if (!Array.isArray(list)) continue;
            list.forEach((item, index) => {
                if (typeof item !== "string") return;
                for (const name of kubernetesReferences(item)) {
                    if (known.has(name) || fromIdentity(name)) continue;
                    out.push({
                        path: ["app", "tiers", tierName, field, index],
                        message: `$(${name}) names no variable of tier "${tierName}", so Kubernetes passes it on unexpanded${hint(name, all)}; `
                            + `define ${name} under env or secrets, or write $$(${name}) for the literal text`,
                    });
                }
            });
        }
        // An env value sees only the variables before it: the secrets, then env in order (env.ts, toEnv).
        const before = new Set(secrets);
        for (const [envName, value] of Object.entries(asObj(tier.env))) {
            if (typeof value === "string") {
                for (const name of kubernetesReferences(envValueForKubernetes(value))) {
                    if (before.has(name)) continue;
                    const later = env.includes(name);
                    out.push({
                        path: ["app", "tiers", tierName, "env", envName],
                        message: later
                            ? `$(${name}) names ${name === envName ? "this variable itself" : `${name}, which comes after ${envName}`}; Kubernetes expands only variables defined before (the tier's secrets, then env in order), so it stays "$(${name})"; `
                                + (name === envName ? `remove the reference` : `move ${name} above ${envName}`)
                            : `$(${name}) names no variable defined before it in tier "${tierName}" (its secrets, then env in order), so Kubernetes leaves it unexpanded${hint(name, [...before])}; `
                                + `define ${name} above ${envName}, or write $$$$(${name}) for the literal text`,
                    });
                }
            }
            before.add(envName);
        }
    }
    return out;
}

/** The variables a tier's `uses` gives it (BUCKET_<NAME>_URL, ...), for the backing resources the app declares. */
function backingEnvNames(app: AppConfig, uses: unknown): string[] {
    const names: string[] = [];
    for (const used of Object.keys(asObj(uses))) {
        for (const kind of BACKING_KINDS) {
            if (Object.hasOwn(asObj((app as Record<string, unknown>)[kind.key]), used)) names.push(...kind.envNames(used));
        }
    }
    return names;
}

function hint(name: string, candidates: string[]): string {
    // Short names are too close to everything for a hint to help.
    const near = name.length >= 5 ? closest(name, candidates.filter((c) => c !== name)) : undefined;
    return near ? ` (did you mean $(${near})?)` : "";
}

// ------------------------------------------------------------ pools

/** Taint effects that keep a pod off a node unless it tolerates them (PreferNoSchedule only discourages). */
const REPELLING: readonly PoolTaint["effect"][] = ["NoSchedule", "NoExecute"];

/**
 * A pool no tier can run on: its nodes carry a NoSchedule or NoExecute taint
 * (configured, or added by the cloud, such as AKS's spot taint), and no tier
 * (nor a job, where the app has them) names it with `pool:`. A tier without
 * `pool` tolerates nothing (placement.ts), so it never lands there. Not on an
 * existing cluster, whose pools kubeship does not place pods on.
 */
export function unusablePoolWarnings(config: PlatformConfig, poolTaints: Readonly<Record<string, readonly PoolTaint[]>>): PathWarning[] {
    if (config.cluster.cloud === "existing") return [];
    const app = config.app as Record<string, unknown>;
    const targeted = new Set<string>();
    for (const group of ["tiers", "jobs"]) {
        for (const w of Object.values(asObj(app[group]))) {
            const pool = asObj(w).pool;
            if (typeof pool === "string") targeted.add(pool);
        }
    }
    const out: PathWarning[] = [];
    for (const pool of Object.keys(config.cluster.nodePools)) {
        if (targeted.has(pool)) continue;
        const taints = (Object.hasOwn(poolTaints, pool) ? poolTaints[pool] : []).filter((t) => REPELLING.includes(t.effect));
        if (taints.length === 0) continue;
        const shown = taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(", ");
        out.push({
            path: ["cluster", "nodePools", pool], key: true,
            message: `no tier can run on this pool: its nodes are tainted (${shown}) and no tier sets pool: ${pool}, so its nodes would stay empty; `
                + `set pool: ${pool} on the tiers meant to run there, or remove the taint or the pool`,
        });
    }
    return out;
}

// ------------------------------------------------------------ plaintext secrets

/**
 * A stack-file key a tier reads as a secret but written in plaintext
 * (`kubeship:dbPassword: hunter2` rather than `secure: ...`): the program
 * still reads it, but the value sits unencrypted in the repository. The
 * value is never shown. `stackDoc` is the stack file's parsed YAML.
 */
export function plaintextSecretWarnings(app: AppConfig, stackDoc: unknown, stack: string): PathWarning[] {
    const config = asObj(asObj(stackDoc).config);
    const readers = new Map<string, string>();
    for (const [tierName, tier] of Object.entries(asObj(app.tiers))) {
        for (const [envName, key] of Object.entries(asObj(asObj(tier).secrets))) {
            if (typeof key === "string" && !readers.has(key)) readers.set(key, `app.tiers.${tierName}.secrets.${envName}`);
        }
    }
    const out: PathWarning[] = [];
    for (const [rawKey, value] of Object.entries(config)) {
        const key = rawKey.startsWith("kubeship:") ? rawKey.slice("kubeship:".length) : rawKey.includes(":") ? undefined : rawKey;
        if (key === undefined || !readers.has(key)) continue;
        if (isObj(value) && Object.hasOwn(value, "secure")) continue;
        out.push({
            path: ["config", rawKey], key: true, inStack: true,
            message: `is in plaintext in the stack file, but ${readers.get(key)} reads it as a secret; encrypt it (the value is not shown here): `
                + `pulumi config set --secret --stack ${stack} kubeship:${key} <value>`,
        });
    }
    return out;
}

// ------------------------------------------------------------ placing them

/** Every warning for a loaded plan, positioned in the platform file, the stack's overrides or the stack file. */
export function planWarnings(plan: PlatformPlan, settings: StackSettings, root = process.cwd()): ConfigProblem[] {
    const read = (file: string | undefined) => (file ? readYaml(path.resolve(root, file), file).source : undefined);
    const platform = read(settings.configFile);
    const stack = read(settings.stackFile);
    const warnings = [
        ...(stack ? plaintextSecretWarnings(plan.config.app, stack.value, settings.stack ?? "<stack>") : []),
        ...unexpandedReferenceWarnings(plan.config.app),
        // A split platform's pools serve every app stack: one app not using a pool says nothing.
        ...(plan.role ? [] : unusablePoolWarnings(plan.config, networkFactsOf(plan.cluster).poolTaints)),
    ];
    return warnings.map((w) => {
        const { file, line, column } = place(w, platform, stack, settings);
        return { file, line, column, path: w.inStack ? String(w.path[w.path.length - 1]) : dottedPath(w.path), message: w.message };
    });
}

/** `warning: file:line:col path: message`. */
export function formatWarning(w: ConfigProblem): string {
    return `warning: ${formatProblem(w)}`;
}

function place(w: PathWarning, platform: YamlSource | undefined, stack: YamlSource | undefined, settings: StackSettings) {
    if (w.inStack) return stack ? positionOf(stack, w.path, { key: w.key }) : { file: settings.stackFile ?? "(stack)", line: 1, column: 1 };
    // The stack's overrides win where they set the value, as the loader places problems.
    const inOverrides = stack ? positionOf(stack, ["config", "kubeship:overrides", ...w.path], { key: w.key }) : undefined;
    if (inOverrides?.exact) return inOverrides;
    return platform ? positionOf(platform, w.path, { key: w.key }) : { file: settings.configFile, line: 1, column: 1 };
}
