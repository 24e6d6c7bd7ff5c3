/**
 * Rules about the names a user chooses: namespaces Kubernetes keeps for
 * itself, and keys JavaScript cannot hold.
 */
import { showValue } from "../errors";
import { isObj, type Obj, type RuleProblem } from "./shared";

/** Namespaces that belong to the cluster: an app's default-deny policy in kube-system would cut off cluster DNS. */
export const RESERVED_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"] as const;

export function namespaceRules(app: Obj): RuleProblem[] {
    const explicit = app.namespace !== undefined;
    const namespace = explicit ? app.namespace : app.name;
    if (typeof namespace !== "string" || !(RESERVED_NAMESPACES as readonly string[]).includes(namespace)) return [];
    const suggestion = typeof app.name === "string" && !(RESERVED_NAMESPACES as readonly string[]).includes(app.name) ? app.name : "my-app";
    const reserved = `one of the cluster's own namespaces (${RESERVED_NAMESPACES.join(", ")}), got ${showValue(namespace)}: the app's default-deny NetworkPolicy would cut off what runs there`;
    return [explicit
        ? { path: ["app", "namespace"], message: `must not be ${reserved}; use a namespace of the app's own, e.g. ${showValue(suggestion)}` }
        : { path: ["app", "name"], message: `is also the namespace, which must not be ${reserved}; set app.namespace, e.g. ${showValue(suggestion)}, or rename the app` }];
}

/**
 * Every "__proto__" key, wherever it is. The YAML parser keeps it as a plain
 * key, but a zod record drops it without a word, so a tier, pool, port or env
 * variable of that name would vanish; it is refused instead.
 */
export function protoKeys(value: unknown, path: (string | number)[] = []): RuleProblem[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => protoKeys(v, [...path, i]));
    if (!isObj(value)) return [];
    return Object.keys(value).flatMap((k) => [
        ...(k === "__proto__" ? [{ path: [...path, k], key: true, message: "\"__proto__\" cannot be used as a name or key (JavaScript reserves it); rename it" }] : []),
        ...protoKeys(value[k], [...path, k]),
    ]);
}
