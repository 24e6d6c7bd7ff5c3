/**
 * Checks of a stack file's `config:` map that Pulumi does not make: the shape
 * of kubeship's own settings, and misspelt setting keys. Pure, no Pulumi, so
 * `kubeship render` and the program under `pulumi up` report the same lines.
 */
import type { ConfigProblem } from "./errors";
import { showValue } from "./errors";
import { closest } from "./formats";
import { positionOf, type YamlSource } from "./source";

/** The Pulumi config namespace of every kubeship key. */
export const NAMESPACE = "kubeship";

/** The settings kubeship reads from a stack; any other `kubeship:` key is a secret a tier names. */
export const STACK_SETTINGS = ["config", "cloud", "region", "environment", "overrides", "role", "clusterStack"] as const;

/** A stack name as Pulumi allows it and as safe in a path: letters, digits, `-`, `_`, `.`, but not `.` or `..`. */
export function stackNameProblem(stack: string): string | undefined {
    if (/^[A-Za-z0-9_.-]+$/.test(stack) && stack !== "." && stack !== "..") return undefined;
    return `is not a stack name, got ${JSON.stringify(stack)}; stack names use letters, digits, '-', '_' and '.' (and are not "." or "..")`;
}

/** A stack reference as Pulumi names it: `stack`, `project/stack` or `org/project/stack`. */
const STACK_REFERENCE = /^(?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

/** What is wrong with a `kubeship:clusterStack` value, or undefined. */
export function clusterStackProblem(value: unknown): string | undefined {
    if (typeof value === "string" && STACK_REFERENCE.test(value) && !value.split("/").some((s) => s === "." || s === "..")) return undefined;
    return `must name the cluster stack as Pulumi does (org/project/stack, project/stack or stack), got ${showValue(value)}; e.g. kubeship:clusterStack: acme/kubeship/prod-aws`;
}

/** The stack name of a reference (its last segment): `kubeship render` finds the cluster stack's render at out/<this>/. */
export function referencedStackName(reference: string): string {
    return reference.slice(reference.lastIndexOf("/") + 1);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSecure = (v: unknown): boolean => isMap(v) && Object.hasOwn(v, "secure");

/**
 * Problems with the kubeship keys of a parsed stack file. Keys of other
 * namespaces (`aws:region`) are not ours and are left alone.
 *
 * A `kubeship:` key that is not a setting is taken to be a secret a tier names,
 * since those are arbitrary. It is reported as a misspelt setting only when it
 * is close to a setting's name and is not itself a secret (`secure:`): secrets
 * are always set with `--secret`, settings never are.
 */
export function stackFileProblems(src: YamlSource): ConfigProblem[] {
    const doc = src.value;
    const config = isMap(doc) ? doc.config : undefined;
    if (!isMap(config)) return [];
    const problems: ConfigProblem[] = [];
    for (const [key, value] of Object.entries(config)) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? NAMESPACE : key.slice(0, colon);
        if (namespace !== NAMESPACE) continue;
        const name = key.slice(colon + 1);
        const fullKey = `${NAMESPACE}:${name}`;
        const at = (isKey = false) => ({ ...positionOf(src, ["config", key], { key: isKey }), path: fullKey });
        const message = settingProblem(name, value);
        if (message) problems.push({ ...at(), message });
        else if (!(STACK_SETTINGS as readonly string[]).includes(name) && !isSecure(value)) {
            const hint = closest(name, STACK_SETTINGS);
            if (hint) problems.push({ ...at(true), message: `unknown key ${JSON.stringify(fullKey)}; did you mean "${NAMESPACE}:${hint}"?` });
        }
    }
    return problems;
}

/** What is wrong with the value of a kubeship setting, or undefined (also for keys that are not settings). */
function settingProblem(name: string, value: unknown): string | undefined {
    if (!(STACK_SETTINGS as readonly string[]).includes(name)) return undefined;
    if (isSecure(value)) {
        return name === "overrides"
            ? "cannot be a secret: overrides are merged into the platform and written to renders; set each secret as its own key (pulumi config set --secret kubeship:<key> <value>) and name it in a tier's secrets:"
            : `cannot be a secret: it is a plain setting; set it with pulumi config set ${NAMESPACE}:${name} <value>`;
    }
    if (name === "role" && value !== "cluster") {
        return `must be "cluster" (a stack that builds only the cluster, for app stacks to name in kubeship:clusterStack), got ${showValue(value)}; leave it out for a stack that builds the cluster and its app`;
    }
    if (name === "clusterStack") return clusterStackProblem(value);
    if (name === "overrides" && !isMap(value)) {
        return `must be a map shaped like the config file (e.g. cluster: {nodePools: {general: {max: 3}}}), got ${showValue(value)}; write it as nested keys, not a string`;
    }
    return undefined;
}
