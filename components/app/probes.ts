/**
 * Readiness, liveness and startup probes. Pure, no Pulumi.
 *
 * Readiness answers "send me traffic?" and is checked often; liveness answers
 * "restart me?" and must be slower and more tolerant, or a slow dependency
 * turns into a restart loop. So the two never come out identical: they differ
 * in timing even when they share a handler.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { ProbeConfig, TierConfig } from "../config/schema";
import { portsOf } from "./names";
import { SpecError } from "./spec-error";

type Probe = k8s.core.v1.Probe;

/** Timing of each probe kind, used where the config leaves a field out. */
export const PROBE_TIMING = {
    /** @default initialDelaySeconds 0, periodSeconds 5, failureThreshold 3 */
    readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
    /** @default initialDelaySeconds 15, periodSeconds 20, failureThreshold 6 */
    liveness: { initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1 },
    /** @default periodSeconds 5, failureThreshold 60 (five minutes to start) */
    startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60, successThreshold: 1 },
} as const;

export type ProbeKind = keyof typeof PROBE_TIMING;

/** A port given by name or number, as the container port number. */
function containerPort(tierName: string, tier: TierConfig, port: string | number | undefined, kind: ProbeKind, field: "port" | "tcp"): number {
    const ports = portsOf(tier);
    if (typeof port === "number") {
        // A number may name a port the tier does not declare; one it declares only for UDP cannot answer over TCP.
        const declared = ports.filter((p) => p.targetPort === port);
        if (declared.length === 0 || declared.some((p) => p.protocol === "TCP")) return port;
    }
    const found = port === undefined ? ports.find((p) => p.protocol === "TCP") ?? ports[0]
        : ports.find((p) => (typeof port === "number" ? p.targetPort === port : p.name === port));
    // The problem is at the port the probe names, or at the probe when it names none.
    const at = ["app", "tiers", tierName, "probes", kind, ...(port === undefined ? [] : [field])];
    if (!found) {
        throw new SpecError(at, port === undefined ? "needs a port, but the tier has none; give the probe a port" : `names an unknown port "${port}"; ports: ${ports.map((p) => p.name).join(", ") || "none"}`);
    }
    // tcpSocket and httpGet probes open a TCP connection; against a UDP-only port they always fail.
    if (found.protocol !== "TCP") {
        throw new SpecError(at, port === undefined
            ? `an http probe needs a TCP port, but the tier's ports are all ${found.protocol}; name a TCP port or use an exec probe`
            : `names the ${found.protocol} port "${found.name}", but http and tcp probes connect over TCP; name a TCP port or use an exec probe`);
    }
    return found.targetPort;
}

/** A probe from its config: http, tcp or exec, with the kind's default timing. */
export function toProbe(tierName: string, tier: TierConfig, kind: ProbeKind, probe: ProbeConfig): Probe {
    const t = PROBE_TIMING[kind];
    const timing = {
        initialDelaySeconds: probe.initialDelaySeconds ?? t.initialDelaySeconds,
        periodSeconds: probe.periodSeconds ?? t.periodSeconds,
        timeoutSeconds: t.timeoutSeconds,
        failureThreshold: probe.failureThreshold ?? t.failureThreshold,
        successThreshold: t.successThreshold,
    };
    if ("http" in probe) return { httpGet: { path: probe.http, port: containerPort(tierName, tier, probe.port, kind, "port") }, ...timing };
    if ("tcp" in probe) return { tcpSocket: { port: containerPort(tierName, tier, probe.tcp, kind, "tcp") }, ...timing };
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
