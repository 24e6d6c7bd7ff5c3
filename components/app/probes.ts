/**
 * Readiness, liveness and startup probes: http, tcp, grpc or exec. Pure, no Pulumi.
 *
 * Readiness answers "send me traffic?" and is checked often; liveness answers
 * "restart me?" and must be slower and more tolerant, or a slow dependency
 * turns into a restart loop. So the two never come out identical: they differ
 * in timing even when they share a handler.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { ProbeConfig, TierConfig } from "../config/schema";
import { portsOf, type ResolvedPort } from "./names";
import { SpecError } from "./spec-error";

type Probe = k8s.core.v1.Probe;

/** Timing of each probe kind, used where the config leaves a field out. */
export const PROBE_TIMING = {
    /** @default initialDelaySeconds 0, periodSeconds 5, timeoutSeconds 2, failureThreshold 3 */
    readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
    /** @default initialDelaySeconds 15, periodSeconds 20, timeoutSeconds 5, failureThreshold 6 */
    liveness: { initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1 },
    /** @default periodSeconds 5, timeoutSeconds 2, failureThreshold 60 (five minutes to start) */
    startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60, successThreshold: 1 },
} as const;

export type ProbeKind = keyof typeof PROBE_TIMING;

/** A field of a probe that names a port. */
type PortField = "port" | "tcp" | "grpc";

/**
 * A port given by name or number, as the container port number. Both are
 * checked against the tier's ports: a number must be a declared container
 * port (a Service port that differs from it is named as the mistake it is),
 * and the port must be TCP (http, tcp and grpc probes all connect over TCP).
 */
function containerPort(tierName: string, tier: TierConfig, port: string | number | undefined, kind: ProbeKind, field: PortField): number {
    const ports = portsOf(tier);
    const list = ports.map((p) => `${p.name} (${p.targetPort}/${p.protocol})`).join(", ") || "none";
    // The problem is at the port the probe names, or at the probe when it names none.
    const at = ["app", "tiers", tierName, "probes", kind, ...(port === undefined ? [] : [field])];
    let found: ResolvedPort | undefined;
    if (port === undefined) found = ports.find((p) => p.protocol === "TCP") ?? ports[0];
    else if (typeof port === "number") {
        const declared = ports.filter((p) => p.targetPort === port);
        found = declared.find((p) => p.protocol === "TCP") ?? declared[0];
        const service = ports.find((p) => p.port === port);
        if (!found && service) {
            throw new SpecError(at, `is the Service port of "${service.name}", got ${port}; probes reach the container, which listens on ${service.targetPort}: write ${service.targetPort} or "${service.name}"`);
        }
        if (!found) throw new SpecError(at, `is not one of the tier's ports, got ${port}; declare it in ports (e.g. health: ${port}) or use one of: ${list}`);
    } else found = ports.find((p) => p.name === port);
    if (!found) {
        throw new SpecError(at, port === undefined ? "needs a port, but the tier has none; give the probe a port" : `names an unknown port "${port}"; ports: ${ports.map((p) => p.name).join(", ") || "none"}`);
    }
    // tcpSocket, httpGet and grpc probes open a TCP connection; against a UDP-only port they always fail.
    if (found.protocol !== "TCP") {
        throw new SpecError(at, port === undefined
            ? `an http probe needs a TCP port, but the tier's ports are all ${found.protocol}; name a TCP port or use an exec probe`
            : `names the ${found.protocol} port "${found.name}", but http, tcp and grpc probes connect over TCP; name a TCP port or use an exec probe`);
    }
    return found.targetPort;
}

/** A probe from its config: http, tcp, grpc or exec, with the kind's default timing. */
export function toProbe(tierName: string, tier: TierConfig, kind: ProbeKind, probe: ProbeConfig): Probe {
    const t = PROBE_TIMING[kind];
    const timing = {
        initialDelaySeconds: probe.initialDelaySeconds ?? t.initialDelaySeconds,
        periodSeconds: probe.periodSeconds ?? t.periodSeconds,
        timeoutSeconds: probe.timeoutSeconds ?? t.timeoutSeconds,
        failureThreshold: probe.failureThreshold ?? t.failureThreshold,
        successThreshold: t.successThreshold,
    };
    if (probe.http !== undefined) return { httpGet: { path: probe.http, port: containerPort(tierName, tier, probe.port, kind, "port") }, ...timing };
    if (probe.tcp !== undefined) return { tcpSocket: { port: containerPort(tierName, tier, probe.tcp, kind, "tcp") }, ...timing };
    // The kubelet's gRPC health check (GA in Kubernetes 1.27): grpc.health.v1.Health/Check on the port.
    if (probe.grpc !== undefined) {
        return { grpc: { port: containerPort(tierName, tier, probe.grpc, kind, "grpc"), ...(probe.service !== undefined ? { service: probe.service } : {}) }, ...timing };
    }
    return { exec: { command: [...(probe.exec ?? [])] }, ...timing };
}

/**
 * The probes of a tier's container. Readiness and liveness come from the
 * config or default to a TCP check of the first TCP port (the main port, unless it is UDP); liveness never borrows
 * readiness's handler (an http readiness check may test dependencies).
 * The startup probe exists only when configured.
 */
export function toProbes(tierName: string, tier: TierConfig): { readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe } {
    // The first TCP port, not the main port: a tcpSocket probe "attempts to open a [TCP] socket to
    // your container on the specified port" (kubernetes.io, Configure Liveness, Readiness and Startup
    // Probes), so a default liveness probe on a UDP main port (DNS, syslog, QUIC) always fails and
    // restarts the container forever. A tier without a TCP port gets no default probes.
    const main = portsOf(tier).find((p) => p.protocol === "TCP");
    const fallback: ProbeConfig | undefined = main ? { tcp: main.targetPort } : undefined;
    const pick = (kind: "readiness" | "liveness") => {
        const cfg = tier.probes[kind] ?? fallback;
        return cfg ? toProbe(tierName, tier, kind, cfg) : undefined;
    };
    return {
        readinessProbe: pick("readiness"),
        livenessProbe: pick("liveness"),
        ...(tier.probes.startup ? { startupProbe: toProbe(tierName, tier, "startup", tier.probes.startup) } : {}),
    };
}
