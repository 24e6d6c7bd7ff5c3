/**
 * Rules for what a tier's pod holds besides its main container: config files
 * (`files`) and extra containers (`init`, `sidecars`). What the API server or
 * the container runtime would refuse long after the cluster exists: two
 * containers or ports of one name, a file where a directory must be, a file
 * over a volume kubeship mounts. They read the raw merged config, like every rule.
 */
import { posix } from "node:path";
import { showValue } from "../errors";
import { closest, normalizeMountPath } from "../formats";
import { MAX_CONFIGMAP_BYTES } from "../pod-schema";
import { asObj, isObj, strings, type Obj, type RuleProblem } from "./shared";
import { resourceRules } from "./workload";

/** Where the kernel or the runtime keeps its own filesystems: runc refuses, or the node's view leaks in. */
export const SYSTEM_DIRS = ["/proc", "/sys", "/dev"] as const;

const under = (dir: string, p: string) => p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);

/** The extra containers as written: kind, index, name (when a string). */
function extraContainers(t: Obj): { kind: "init" | "sidecars"; index: number; c: Obj; name?: string }[] {
    return (["sidecars", "init"] as const).flatMap((kind) => (Array.isArray(t[kind]) ? t[kind] : []).flatMap((c: unknown, index: number) =>
        isObj(c) ? [{ kind, index, c, name: typeof c.name === "string" ? c.name : undefined }] : []));
}

/** `section`: where the owner is, app.tiers or app.jobs. */
export function podRules(tier: string, t: Obj, section: "tiers" | "jobs" = "tiers"): RuleProblem[] {
    return [...fileRules(tier, t, section), ...containerRules(tier, t, section)];
}

function fileRules(tier: string, t: Obj, section: "tiers" | "jobs"): RuleProblem[] {
    const out: RuleProblem[] = [];
    const files = asObj(t.files);
    const at = (p: string, ...rest: string[]) => ["app", section, tier, "files", p, ...rest];
    // The volumes kubeship mounts itself, by directory.
    const taken = new Map<string, string>([["/tmp", "/tmp, where kubeship mounts an emptyDir (the root filesystem is read-only)"]]);
    const storagePath = asObj(t.storage).path;
    if (typeof storagePath === "string" && storagePath.startsWith("/")) taken.set(normalizeMountPath(storagePath), `the storage path (storage.path: ${storagePath})`);
    for (const s of strings(t.scratchPaths)) if (s.value.startsWith("/")) taken.set(normalizeMountPath(s.value), `scratchPaths[${s.index}] (${s.value})`);
    const names = new Set([tier, ...extraContainers(t).flatMap((x) => (x.name ? [x.name] : []))]);

    const seen = new Map<string, string>();
    for (const [p, entry] of Object.entries(files)) {
        if (!p.startsWith("/") || p.endsWith("/")) continue; // the schema says why
        const norm = normalizeMountPath(p);
        const system = SYSTEM_DIRS.find((d) => under(d, norm));
        const volume = [...taken].find(([dir]) => dir === norm || under(norm, dir));
        const same = seen.get(norm);
        const nested = [...seen].find(([q]) => under(q, norm) || under(norm, q));
        if (system) {
            out.push({ path: at(p), key: true, message: `is under ${system}, which the container runtime owns, got ${showValue(p)}; mount the file elsewhere, e.g. /etc/app/${posix.basename(norm)}` });
        } else if (volume) {
            const [dir, what] = volume;
            out.push({ path: at(p), key: true, message: dir === norm
                ? `is ${what}, got ${showValue(p)}; a file cannot be mounted over a volume: choose a path of its own, e.g. ${norm}/${posix.basename(norm)}.conf`
                : `is a directory of ${what}, got ${showValue(p)}; a file cannot stand where a directory must be: choose another path` });
        } else if (same !== undefined) {
            out.push({ path: at(p), key: true, message: `is the same file as ${showValue(same)}, got ${showValue(p)}; keep one of them` });
        } else if (nested) {
            const [, other] = nested;
            out.push({ path: at(p), key: true, message: `and ${showValue(other)} cannot both be files: one is a directory of the other, got ${showValue(p)}; move one of them` });
        }
        if (same === undefined && !system && !volume) seen.set(norm, p);

        const f = asObj(entry);
        if (typeof f.content === "string" && Buffer.byteLength(f.content) > MAX_CONFIGMAP_BYTES) {
            out.push({ path: at(p, "content"), message: `is ${Buffer.byteLength(f.content)} bytes, more than a ConfigMap holds (${MAX_CONFIGMAP_BYTES} bytes, 1 MiB); shrink it, or bake it into the image` });
        }
        for (const c of strings(f.containers)) {
            if (names.has(c.value)) continue;
            const hint = closest(c.value, [...names]);
            out.push({ path: [...at(p, "containers"), c.index], message: `names no container of the pod, got ${showValue(c.value)}; ${hint ? `did you mean "${hint}"?` : `containers: ${[...names].join(", ")}`} (the main container is named after the tier)` });
        }
    }
    return out;
}

function containerRules(tier: string, t: Obj, section: "tiers" | "jobs"): RuleProblem[] {
    const out: RuleProblem[] = [];
    const extras = extraContainers(t);
    // Container names: one per pod, the main container's is the tier's (the API server refuses a second).
    const names = new Map<string, string>([[tier, "the main container (named after the tier)"]]);
    for (const x of extras) {
        const at = ["app", section, tier, x.kind, x.index];
        if (x.name !== undefined) {
            const other = names.get(x.name);
            if (other) out.push({ path: [...at, "name"], message: `is already the name of ${other}, got ${showValue(x.name)}; container names are unique in a pod: rename it` });
            else names.set(x.name, `${x.kind}[${x.index}]`);
        }
        if (isObj(x.c.resources)) {
            out.push(...resourceRules(tier, x.c.resources).map((p) => ({ ...p, path: [...at, ...p.path.slice(3)] })));
        }
    }
    // Ports: the pod's containers share one network, so a name or a number+protocol is the pod's once.
    const portNames = new Map<string, string>();
    const portNumbers = new Map<string, string>();
    const declare = (name: string, number: number | undefined, protocol: unknown, owner: string, path: (string | number)[]) => {
        const sameName = portNames.get(name);
        const key = `${number}/${protocol === "UDP" ? "UDP" : "TCP"}`;
        const sameNumber = number === undefined ? undefined : portNumbers.get(key);
        if (sameName) out.push({ path, key: true, message: `port name "${name}" is already used by ${sameName}; port names are unique in a pod: rename it` });
        else if (sameNumber) out.push({ path, message: `port ${key} is already used by ${sameNumber}; the pod's containers share one network, so two cannot listen on one port: change it` });
        if (!sameName) portNames.set(name, `${owner}'s port "${name}"`);
        if (!sameNumber && number !== undefined) portNumbers.set(key, `${owner}'s port "${name}"`);
    };
    // The main container's ports clash among themselves in portRules (workload.ts); here only a sidecar's are checked.
    for (const [name, v] of Object.entries(asObj(t.ports))) {
        const o = asObj(v);
        const target = typeof v === "number" ? v : typeof o.targetPort === "number" ? o.targetPort : typeof o.port === "number" ? o.port : undefined;
        if (!portNames.has(name)) portNames.set(name, `the main container's port "${name}"`);
        const key = `${target}/${o.protocol === "UDP" ? "UDP" : "TCP"}`;
        if (target !== undefined && !portNumbers.has(key)) portNumbers.set(key, `the main container's port "${name}"`);
    }
    for (const x of extras.filter((e) => e.kind === "sidecars")) {
        for (const [name, v] of Object.entries(asObj(x.c.ports))) {
            const o = asObj(v);
            if (name.includes("--")) out.push({ path: ["app", section, tier, "sidecars", x.index, "ports", name], key: true, message: `a port name must not contain '--', got "${name}"` });
            declare(name, typeof v === "number" ? v : typeof o.port === "number" ? o.port : undefined, o.protocol, `sidecar "${x.name ?? x.index}"`, ["app", section, tier, "sidecars", x.index, "ports", name]);
        }
    }
    return out;
}
