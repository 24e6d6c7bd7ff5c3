/**
 * Simulates a `pulumi up` from scratch over a render's resources.json: every
 * resource starts as soon as everything it waits for is done, and takes the
 * time the durations table gives its type. Pure: no Pulumi, no I/O.
 *
 * What a resource waits for, as the Pulumi engine and SDK order registrations:
 * - its own `dependencies` (from inputs and `dependsOn`);
 * - its ancestors' `dependencies`: a child cannot register before its parent
 *   component's URN resolves, and that waits for the component's `dependsOn`;
 * - its provider resource (e.g. the Kubernetes provider waits for the kubeconfig);
 * - a dependency on a component means waiting for every custom resource under it.
 */
import type { ResourceEntry } from "../render/manifests";
import { detectCloud, durationOf, type Cloud, type ResolvedDuration } from "./durations";

export interface Task {
    urn: string;
    name: string;
    type: string;
    /** Seconds from the start of `pulumi up`. */
    start: number;
    duration: number;
    finish: number;
    source: string;
    /** False when the type had no entry in the durations table. */
    measured: boolean;
    /** Custom resources this one waits for, after expanding components, parents and the provider. */
    waitsFor: string[];
    /** The dependency that finished last, i.e. the one that decided `start`. */
    via?: string;
    /** The top-level component (directly under the stack) this resource belongs to, as `name (Type)`. */
    group: string;
}

export interface Simulation {
    cloud: Cloud;
    /** Custom resources, ordered by start time then URN. */
    tasks: Task[];
    byUrn: ReadonlyMap<string, Task>;
    /** Makespan in seconds. */
    total: number;
    /** From the first resource to the last finisher, each one the reason the next had to wait. */
    criticalPath: Task[];
    /** Types that fell back to the default duration, with how many resources have them. */
    unmeasured: { type: string; count: number }[];
    /** Dependencies naming URNs absent from the render (ignored). */
    missingDependencies: string[];
    /** The render's entries by URN, for reports that look at inputs and parents. */
    entries: ReadonlyMap<string, ResourceEntry>;
}

export interface SimulateOptions {
    cloud?: Cloud;
    durationOf?: (entry: ResourceEntry, cloud: Cloud) => ResolvedDuration;
}

/** A graph the simulation cannot schedule (a dependency cycle). */
export class EstimateError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EstimateError";
    }
}

export function simulate(resources: readonly ResourceEntry[], options: SimulateOptions = {}): Simulation {
    const cloud = options.cloud ?? detectCloud(resources);
    const lookup = options.durationOf ?? durationOf;
    const byUrn = new Map<string, ResourceEntry>();
    for (const r of resources) {
        if (byUrn.has(r.urn)) throw new EstimateError(`duplicate URN ${r.urn}`);
        byUrn.set(r.urn, r);
    }
    const children = new Map<string, string[]>();
    for (const r of resources) {
        if (r.parent === undefined) continue;
        const list = children.get(r.parent);
        if (list) list.push(r.urn);
        else children.set(r.parent, [r.urn]);
    }

    const descendantsMemo = new Map<string, string[]>();
    /** Every custom resource below a component, at any depth. */
    const customDescendants = (urn: string): string[] => {
        const memo = descendantsMemo.get(urn);
        if (memo) return memo;
        const out: string[] = [];
        const stack = [...(children.get(urn) ?? [])];
        while (stack.length) {
            const u = stack.pop()!;
            if (byUrn.get(u)?.custom) out.push(u);
            stack.push(...(children.get(u) ?? []));
        }
        out.sort();
        descendantsMemo.set(urn, out);
        return out;
    };

    const missing = new Set<string>();
    /** The custom resources `entry` waits for. */
    const waitsFor = (entry: ResourceEntry): string[] => {
        const raw = new Set<string>(entry.dependencies);
        for (let p = entry.parent; p !== undefined; p = byUrn.get(p)?.parent) {
            const parent = byUrn.get(p);
            if (!parent) break;
            for (const d of parent.dependencies) raw.add(d);
        }
        if (entry.provider) raw.add(entry.provider);
        const out = new Set<string>();
        for (const d of raw) {
            const dep = byUrn.get(d);
            if (!dep) {
                missing.add(d);
                continue;
            }
            const expanded = dep.custom ? [d] : customDescendants(d);
            for (const u of expanded) if (u !== entry.urn) out.add(u);
        }
        return [...out].sort();
    };

    const custom = resources.filter((r) => r.custom);
    const deps = new Map(custom.map((r) => [r.urn, waitsFor(r)]));
    const tasks = new Map<string, Task>();
    const state = new Map<string, "visiting" | "done">();

    // Depth-first over dependencies with an explicit stack (deep graphs must not overflow).
    for (const root of custom.map((r) => r.urn).sort()) {
        if (state.get(root) === "done") continue;
        const stack: { urn: string; next: number }[] = [{ urn: root, next: 0 }];
        state.set(root, "visiting");
        while (stack.length) {
            const frame = stack[stack.length - 1];
            const list = deps.get(frame.urn)!;
            if (frame.next < list.length) {
                const d = list[frame.next++];
                const s = state.get(d);
                if (s === "done") continue;
                if (s === "visiting") {
                    const from = stack.findIndex((f) => f.urn === d);
                    const cycle = [...stack.slice(from).map((f) => f.urn), d].map((u) => byUrn.get(u)!.name);
                    throw new EstimateError(`dependency cycle: ${cycle.join(" -> ")}`);
                }
                state.set(d, "visiting");
                stack.push({ urn: d, next: 0 });
                continue;
            }
            stack.pop();
            state.set(frame.urn, "done");
            tasks.set(frame.urn, schedule(byUrn.get(frame.urn)!, list, tasks, lookup(byUrn.get(frame.urn)!, cloud), groupOf(frame.urn, byUrn)));
        }
    }

    const ordered = [...tasks.values()].sort((a, b) => a.start - b.start || cmp(a.urn, b.urn));
    const total = ordered.reduce((m, t) => Math.max(m, t.finish), 0);
    const counts = new Map<string, number>();
    for (const t of ordered) if (!t.measured) counts.set(t.type, (counts.get(t.type) ?? 0) + 1);
    return {
        cloud, tasks: ordered, byUrn: tasks, total,
        criticalPath: criticalPath(ordered, tasks),
        unmeasured: [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => cmp(a.type, b.type)),
        missingDependencies: [...missing].sort(),
        entries: byUrn,
    };
}

function schedule(entry: ResourceEntry, waits: string[], done: ReadonlyMap<string, Task>, d: ResolvedDuration, group: string): Task {
    let start = 0;
    let via: Task | undefined;
    for (const u of waits) {
        const dep = done.get(u)!;
        // Ties go to the longer resource, then the URN, so the critical path is deterministic and meaningful.
        if (dep.finish > start || (via && dep.finish === start && (dep.duration > via.duration || (dep.duration === via.duration && dep.urn < via.urn)))) {
            start = dep.finish;
            via = dep;
        }
    }
    return {
        urn: entry.urn, name: entry.name, type: entry.type, start, duration: d.seconds, finish: start + d.seconds,
        source: d.source, measured: d.measured, waitsFor: waits, ...(via ? { via: via.urn } : {}), group,
    };
}

/** Walks back from the last finisher through the dependency that finished last. */
function criticalPath(ordered: Task[], byUrn: ReadonlyMap<string, Task>): Task[] {
    let last: Task | undefined;
    for (const t of ordered) {
        if (!last || t.finish > last.finish || (t.finish === last.finish && t.duration > last.duration)) last = t;
    }
    const path: Task[] = [];
    for (let t = last; t; t = t.via ? byUrn.get(t.via) : undefined) path.push(t);
    return path.reverse();
}

/** The name of the component directly under the stack that contains `urn` (or the resource's own name). */
function groupOf(urn: string, byUrn: ReadonlyMap<string, ResourceEntry>): string {
    let current = byUrn.get(urn)!;
    for (;;) {
        const parent = current.parent === undefined ? undefined : byUrn.get(current.parent);
        if (!parent || parent.type === "pulumi:pulumi:Stack") return `${current.name} (${current.type.split(":").pop()})`;
        current = parent;
    }
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
