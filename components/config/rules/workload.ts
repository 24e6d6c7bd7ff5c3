/**
 * Rules for what a tier's pod and Service would be refused for, by the API
 * server or by server-side apply, long after the cluster exists: ports used
 * twice, requests above limits, and two volumes mounted at one directory.
 */
import { showValue } from "../errors";
import { compareQuantities, normalizeMountPath, parseQuantity } from "../formats";
import { DEFAULT_REQUESTS } from "../schema";
import { asObj, isObj, strings, type Obj, type RuleProblem } from "./shared";

interface Port { port: number; targetPort: number; protocol: string }

/** A port as written, when it is well formed (the schema reports the rest). */
function portOf(value: unknown): Port | undefined {
    if (typeof value === "number") return { port: value, targetPort: value, protocol: "TCP" };
    if (!isObj(value) || typeof value.port !== "number") return undefined;
    const targetPort = typeof value.targetPort === "number" ? value.targetPort : value.targetPort === undefined ? value.port : undefined;
    const protocol = value.protocol ?? "TCP";
    return targetPort !== undefined && (protocol === "TCP" || protocol === "UDP") ? { port: value.port, targetPort, protocol } : undefined;
}

/**
 * A Service refuses two ports with one number and protocol, and the
 * container's ports (one per Service port, at its targetPort) are keyed by
 * number and protocol, so two that meet there fail server-side apply.
 */
export function portRules(tier: string, ports: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const servicePorts = new Map<string, string>();
    const containerPorts = new Map<string, string>();
    for (const [name, value] of Object.entries(ports)) {
        const p = portOf(value);
        if (!p) continue;
        const service = `${p.port}/${p.protocol}`;
        const container = `${p.targetPort}/${p.protocol}`;
        const path = ["app", "tiers", tier, "ports", name];
        const sameService = servicePorts.get(service);
        const sameContainer = containerPorts.get(container);
        if (sameService !== undefined) {
            out.push({ path, message: `port ${service} is already used by port "${sameService}"; a Service takes each port number and protocol once: change the number or remove one of them` });
        } else if (sameContainer !== undefined) {
            out.push({ path, message: `targets container port ${container}, which port "${sameContainer}" already targets; a container names each port number and protocol once: give this one another targetPort or remove it` });
        }
        if (sameService === undefined) servicePorts.set(service, name);
        if (sameContainer === undefined) containerPorts.set(container, name);
    }
    return out;
}

/** Kubernetes refuses a request above its limit. The memory limit defaults to the request, so only a written one can be lower. */
export function resourceRules(tier: string, resources: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const limits = asObj(resources.limits);
    for (const kind of ["cpu", "memory"] as const) {
        const limit = limits[kind];
        const written = typeof resources[kind] === "string";
        const request = written ? resources[kind] as string : DEFAULT_REQUESTS[kind];
        if (typeof limit !== "string") continue;
        const [r, l] = [parseQuantity(request), parseQuantity(limit)];
        if (!r || !l || compareQuantities(r, l) <= 0) continue;
        out.push(written
            ? { path: ["app", "tiers", tier, "resources", kind], message: `must be <= the ${kind} limit (${limit}), got ${request}; lower the request or raise resources.limits.${kind}` }
            : { path: ["app", "tiers", tier, "resources", "limits", kind], message: `must be >= the ${kind} request (${request}, the default), got ${limit}; raise the limit or set a lower resources.${kind}` });
    }
    return out;
}

/**
 * One directory, one volume: kubeship mounts an emptyDir at /tmp, the storage
 * volume at storage.path and one emptyDir per scratch path. Paths are
 * compared as the runtime sees them, so "/data", "/data/" and "/data/./" meet.
 */
export function mountRules(tier: string, t: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const storagePath = asObj(t.storage).path;
    const storage = typeof storagePath === "string" && storagePath.startsWith("/") ? normalizeMountPath(storagePath) : undefined;
    if (storage === "/tmp") {
        out.push({ path: ["app", "tiers", tier, "storage", "path"], message: `must not be /tmp, got ${showValue(storagePath)}: kubeship already mounts an emptyDir there (the root filesystem is read-only); use another path, e.g. /data` });
    }
    const seen = new Map<string, { value: string; index: number }>();
    for (const entry of strings(t.scratchPaths)) {
        if (!entry.value.startsWith("/")) continue;
        const dir = normalizeMountPath(entry.value);
        const earlier = seen.get(dir);
        const path = ["app", "tiers", tier, "scratchPaths", entry.index];
        if (dir === "/tmp") {
            out.push({ path, message: `is /tmp, which kubeship already mounts (an emptyDir, as the root filesystem is read-only), got ${showValue(entry.value)}; remove it` });
        } else if (dir === storage) {
            out.push({ path, message: `is the storage path (storage.path: ${storagePath}), where the tier's volume is mounted, got ${showValue(entry.value)}; remove it or move one of them` });
        } else if (earlier) {
            out.push({ path, message: `names the same directory as scratchPaths[${earlier.index}] (${showValue(earlier.value)}), got ${showValue(entry.value)}; remove one of them` });
        } else seen.set(dir, entry);
    }
    return out;
}
