/** Small helpers for violation text: `path: must …, got <value>; fix`. */

/** A value as a violation message shows it: JSON for data, `unset` for nothing. */
export function shown(value: unknown): string {
    if (value === undefined || value === null) return "unset";
    return JSON.stringify(value);
}

/** `path: must <rule>, got <value>; <fix>` */
export function violation(path: string, rule: string, value: unknown, fix: string): string {
    return `${path}: must ${rule}, got ${shown(value)}; ${fix}`;
}

/** Whether `value` is a plain object. */
export function isObject(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` when it is a plain object, else `{}`: reads nested inputs that may be absent without a check per level. */
export function asObject(value: unknown): Record<string, any> {
    return isObject(value) ? value : {};
}

/** A list of strings from an input that may be absent or hold non-strings. */
export function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** JSON with sorted keys, so that equal objects compare equal whatever their key order. */
export function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (isObject(value)) {
        return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined)
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}
