/**
 * Names, labels and ports every builder shares. Pure, no Pulumi.
 *
 * Every Kubernetes object of a tier carries the tier's name as `metadata.name`,
 * so the in-cluster DNS name is stable: `<tier>.<namespace>.svc.cluster.local`.
 */
import type { AppConfig, TierConfig } from "../config/schema";

/** The cluster DNS domain. @default "cluster.local" (every managed cloud uses it) */
export const CLUSTER_DOMAIN = "cluster.local";

/** Name of the namespace-wide default-deny NetworkPolicy. */
export const DEFAULT_DENY_POLICY = "default-deny";

export const LABEL_NAME = "app.kubernetes.io/name";
export const LABEL_PART_OF = "app.kubernetes.io/part-of";
export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

/**
 * The tier of that name, or undefined. Tier names are user-chosen, and
 * "constructor" or "toString" must find a tier, never an Object method.
 */
export function tierNamed(app: AppConfig, name: string): TierConfig | undefined {
    return Object.hasOwn(app.tiers, name) ? app.tiers[name] : undefined;
}

/** The app's jobs (`app.jobs`), none when it has none. */
export function jobsOf(app: AppConfig): NonNullable<AppConfig["jobs"]> {
    return app.jobs ?? {};
}

/** The job of that name, or undefined (looked up like tierNamed). */
export function jobNamed(app: AppConfig, name: string): NonNullable<AppConfig["jobs"]>[string] | undefined {
    return app.jobs && Object.hasOwn(app.jobs, name) ? app.jobs[name] : undefined;
}

/** A tier or a job: what owns pods, with where it sits in the config. */
export type PodOwnerEntry =
    | { section: "tiers"; name: string; owner: TierConfig }
    | { section: "jobs"; name: string; owner: NonNullable<AppConfig["jobs"]>[string] };

/** Every owner of pods, tiers first then jobs, in config order: for what both have (secrets, files, identity). */
export function podOwnersOf(app: AppConfig): PodOwnerEntry[] {
    return [
        ...Object.entries(app.tiers).map(([name, owner]) => ({ section: "tiers" as const, name, owner })),
        ...Object.entries(jobsOf(app)).map(([name, owner]) => ({ section: "jobs" as const, name, owner })),
    ];
}

/** The namespace an app deploys to. @default the app's name */
export function namespaceOf(app: AppConfig): string {
    return app.namespace ?? app.name;
}

/** Labels that select a tier's pods. Stable: changing a selector replaces the workload. */
export function selectorLabels(tier: string, app: string): Record<string, string> {
    return { [LABEL_NAME]: tier, [LABEL_PART_OF]: app };
}

/** Labels on every object of a tier. */
export function tierLabels(tier: string, app: string): Record<string, string> {
    return { ...selectorLabels(tier, app), [LABEL_MANAGED_BY]: "kubeship" };
}

/** The in-cluster DNS name of a tier's Service. */
export function serviceHost(tier: string, namespace: string): string {
    return `${tier}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** The headless Service that gives a StatefulSet's pods their DNS names. */
export function headlessServiceName(tier: string): string {
    return `${tier}-headless`;
}

/** A tier's port after defaults: the Service listens on `port`, the container on `targetPort`. */
export interface ResolvedPort {
    name: string;
    port: number;
    targetPort: number;
    protocol: "TCP" | "UDP";
}

/** A tier's ports in config order; the first is the main port. */
export function portsOf(tier: TierConfig): ResolvedPort[] {
    return Object.entries(tier.ports).map(([name, p]) =>
        typeof p === "number"
            ? { name, port: p, targetPort: p, protocol: "TCP" as const }
            : { name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol });
}

/** The main (first) port, or undefined for a tier without ports. */
export function mainPort(tier: TierConfig): ResolvedPort | undefined {
    return portsOf(tier)[0];
}

/** Whether a tier keeps data (and so runs as a StatefulSet). */
export function isStateful(tier: Pick<Partial<TierConfig>, "storage">): boolean {
    return tier.storage !== undefined;
}

/** The workload kind a tier runs as. */
export function workloadKind(tier: TierConfig): "Deployment" | "StatefulSet" {
    return isStateful(tier) ? "StatefulSet" : "Deployment";
}
