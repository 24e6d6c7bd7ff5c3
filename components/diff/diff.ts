/**
 * Compares two renders (resources.json entries) by URN: what `pulumi up` would
 * add, delete, update in place or replace when moving from the old to the new.
 * Pure: no Pulumi, no files.
 */
import type { ResourceEntry } from "../render/manifests";
import { hazardsOf, type Hazard } from "./hazards";
import { replaceRulesFor } from "./replace-fields";

/** How renders write values they cannot show. Two equal placeholders compare equal. */
export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

export type Section = "inputs" | "options" | "dependencies" | "provider" | "parent";

export interface FieldChange {
    section: Section;
    /** Dotted path inside the section (`spec.template.spec.containers[0].image`); "" for the whole section. */
    path: string;
    kind: "added" | "removed" | "changed";
    old?: unknown;
    new?: unknown;
    /** The new resource's `ignoreChanges` covers this path: `pulumi up` will not apply it. */
    ignored?: boolean;
}

export interface ReplaceReason {
    path: string;
    message: string;
    /** False when the rule was not confirmed against provider source. */
    certain: boolean;
}

export interface ResourceRef {
    urn: string;
    type: string;
    name: string;
    /** `protect` is set: `pulumi up` refuses to delete this resource. */
    protected?: boolean;
}

export interface ResourceChange extends ResourceRef {
    /** `noop`: every change is covered by ignoreChanges. */
    action: "update" | "replace" | "noop";
    changes: FieldChange[];
    replaceReasons: ReplaceReason[];
    deleteBeforeReplace?: boolean;
    /** Input paths holding secrets or computed values on both sides: they may differ, a render can't tell. */
    opaque: string[];
}

export interface RenderDiff {
    added: ResourceRef[];
    removed: ResourceRef[];
    changed: ResourceChange[];
    /** Changes that cost capacity or data (a node pool or the cluster replaced, volumes lost), in words. */
    hazards: Hazard[];
    /** Caveats that apply to the whole comparison. */
    notes: string[];
}

export interface DiffSummary {
    added: number;
    removed: number;
    /** Resources updated in place or replaced (not those whose changes are all ignored). */
    changed: number;
    replaced: number;
}

const byUrn = (a: { urn: string }, b: { urn: string }) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (base: string, key: string | number) => (typeof key === "number" ? `${base}[${key}]` : base ? `${base}.${key}` : key);

/** Deep equality where a placeholder equals the same placeholder. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
    if (isObject(a) && isObject(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => sameValue(a[k], b[k]));
    }
    return false;
}

/** Paths of the placeholders inside a value that is the same on both sides. */
function collectOpaque(v: unknown, path: string, opaque: string[]): void {
    if (v === SECRET || v === UNKNOWN) opaque.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => collectOpaque(x, join(path, i), opaque));
    else if (isObject(v)) for (const k of Object.keys(v)) collectOpaque(v[k], join(path, k), opaque);
}

/** Field-level changes between two values, recursing into objects and (by index) arrays. */
export function diffValues(section: Section, a: unknown, b: unknown, path = "", opaque: string[] = []): FieldChange[] {
    if (a === b) {
        collectOpaque(a, path, opaque);
        return [];
    }
    if (a === undefined) return [{ section, path, kind: "added", new: b }];
    if (b === undefined) return [{ section, path, kind: "removed", old: a }];
    if (isObject(a) && isObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((k) => diffValues(section, a[k], b[k], join(path, k), opaque));
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        const out: FieldChange[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffValues(section, a[i], b[i], join(path, i), opaque));
        return out;
    }
    return [{ section, path, kind: "changed", old: a, new: b }];
}

/** The value at a dotted path (`a.b[0].c`), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
    if (!path) return value;
    let v: unknown = value;
    for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string, unknown>)[part];
    }
    return v;
}

/** `prefix` is `path` or an ancestor of it (`spec` covers `spec.x` and `spec[0]`, not `specs`). */
export function covers(prefix: string, path: string): boolean {
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function replaceReasons(oldEntry: ResourceEntry, newEntry: ResourceEntry, ignore: string[]): ReplaceReason[] {
    const reasons: ReplaceReason[] = [];
    if ((oldEntry.provider ?? "") !== (newEntry.provider ?? "")) {
        reasons.push({ path: "provider", message: "a different provider instance manages it", certain: true });
    }
    const differs = (path: string) =>
        !ignore.some((i) => covers(i, path)) && !sameValue(valueAt(oldEntry.inputs, path), valueAt(newEntry.inputs, path));
    for (const rule of replaceRulesFor(newEntry.type)) {
        if (!differs(rule.path)) continue;
        if (rule.when && !rule.when(valueAt(oldEntry.inputs, rule.path), valueAt(newEntry.inputs, rule.path))) continue;
        reasons.push({ path: rule.path, message: `${rule.path} forces replacement`, certain: rule.checked !== false });
    }
    for (const path of newEntry.options.replaceOnChanges ?? []) {
        const changed = path === "*" ? !sameValue(oldEntry.inputs, newEntry.inputs) : differs(path);
        if (changed) reasons.push({ path, message: `${path} is in replaceOnChanges`, certain: true });
    }
    return reasons;
}

function compareEntries(oldEntry: ResourceEntry, newEntry: ResourceEntry): ResourceChange | undefined {
    const opaque: string[] = [];
    const ignore = newEntry.options.ignoreChanges ?? [];
    const inputs = diffValues("inputs", oldEntry.inputs, newEntry.inputs, "", opaque)
        .map((c) => (ignore.some((i) => covers(i, c.path)) ? { ...c, ignored: true } : c));
    const oldDeps = new Set(oldEntry.dependencies), newDeps = new Set(newEntry.dependencies);
    const changes: FieldChange[] = [
        ...inputs,
        ...diffValues("options", oldEntry.options, newEntry.options),
        ...[...oldDeps].filter((d) => !newDeps.has(d)).sort().map((d): FieldChange => ({ section: "dependencies", path: "", kind: "removed", old: d })),
        ...[...newDeps].filter((d) => !oldDeps.has(d)).sort().map((d): FieldChange => ({ section: "dependencies", path: "", kind: "added", new: d })),
        ...diffValues("provider", oldEntry.provider, newEntry.provider),
        ...diffValues("parent", oldEntry.parent, newEntry.parent),
    ];
    if (!changes.length) return undefined;
    const reasons = replaceReasons(oldEntry, newEntry, ignore);
    const action = reasons.length ? "replace" : changes.every((c) => c.ignored) ? "noop" : "update";
    return {
        ...ref(newEntry, oldEntry), action, changes, replaceReasons: reasons,
        ...(action === "replace" && newEntry.options.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        opaque: [...new Set(opaque)].sort(),
    };
}

/** `protected` reflects the state `pulumi up` starts from: the old render's options. */
function ref(entry: ResourceEntry, before: ResourceEntry = entry): ResourceRef {
    return { urn: entry.urn, type: entry.type, name: entry.name, ...(before.options?.protect ? { protected: true } : {}) };
}

export function diffRenders(oldEntries: ResourceEntry[], newEntries: ResourceEntry[]): RenderDiff {
    const before = new Map(oldEntries.map((e) => [e.urn, e]));
    const after = new Map(newEntries.map((e) => [e.urn, e]));
    const added = newEntries.filter((e) => !before.has(e.urn)).map((e) => ref(e, { ...e, options: {} })).sort(byUrn);
    const removed = oldEntries.filter((e) => !after.has(e.urn)).map((e) => ref(e)).sort(byUrn);
    const changed = newEntries
        .flatMap((e) => {
            const old = before.get(e.urn);
            const change = old && compareEntries(old, e);
            return change ? [change] : [];
        })
        .sort(byUrn);
    const notes: string[] = [];
    if ([...newEntries, ...oldEntries].some((e) => JSON.stringify(e.inputs).includes(`"${SECRET}"`))) {
        notes.push("Secret values are redacted in renders: two secrets compare equal, so a changed secret value is not shown.");
    }
    if ([...newEntries, ...oldEntries].some((e) => JSON.stringify(e.inputs).includes(`"${UNKNOWN}"`))) {
        notes.push("Values only known after deployment (shown as [unknown]) compare equal; `pulumi preview` may show more changes.");
    }
    const diff = { added, removed, changed, hazards: [], notes };
    return { ...diff, hazards: hazardsOf(diff, oldEntries, newEntries) };
}

export function summarize(diff: RenderDiff): DiffSummary {
    const live = diff.changed.filter((c) => c.action !== "noop");
    return {
        added: diff.added.length,
        removed: diff.removed.length,
        changed: live.length,
        replaced: live.filter((c) => c.action === "replace").length,
    };
}

/** True when the renders are equal (changes covered by ignoreChanges still count as differences). */
export function isEmpty(diff: RenderDiff): boolean {
    return diff.added.length + diff.removed.length + diff.changed.length === 0;
}
