/**
 * Stack roles: what a stack builds.
 * - `platform` (the default): the cluster and its app, from one file.
 * - `cluster` (`kubeship:role: cluster`): only the cluster; it exports what apps need
 *   (components/cluster/export.ts) for app stacks to read.
 * - `app` (`kubeship:clusterStack: org/project/stack`): only the app, on the cluster
 *   the named stack exports. Its file has `app` and no `cluster`.
 * Pure: the loader runs these checks in its one pass.
 */
import { z } from "zod";
import { clusterExportProblem, referencedClusterSection, type ClusterExport } from "../cluster/export";
import { showValue, type PathProblem } from "./errors";
import { clusterSchema, type AppConfig, type ClusterConfig, type PlatformConfig } from "./schema";

export type StackRole = "platform" | "cluster" | "app";

/** What the loader needs to know of a stack's role. */
export interface RoleSettings {
    role?: string;
    clusterStack?: string;
    /** The referenced cluster stack's `kubeship` output, when it could be read. */
    reference?: unknown;
    /** Why it could not be read, and what to do (the caller knows: a render, a deploy). */
    referenceMissing?: string;
}

export function stackRoleOf(settings: RoleSettings): StackRole {
    if (settings.clusterStack !== undefined) return "app";
    return settings.role === "cluster" ? "cluster" : "platform";
}

/** A cluster stack's platform file: the cluster section only. */
export const clusterStackSchema = z.strictObject({ cluster: clusterSchema });

/**
 * The app a cluster stack's plan carries: none, as an app with no tiers, so that
 * the plan's consumers (warnings, summary) need no second shape. Never deployed.
 */
export function noApp(name: string): AppConfig {
    return { name, tiers: {}, buckets: {} } as AppConfig;
}

/** The config a cluster stack plans: its cluster, and no app. */
export function clusterStackConfig(cluster: ClusterConfig): PlatformConfig {
    return { cluster, app: noApp(cluster.name ?? "cluster") };
}

/** A problem the loader positions: at a config path, or at one of the stack's keys. */
export type RoleProblem = PathProblem & { stackKey?: string };

/**
 * A cluster stack's file: a cluster section with a name (there is no app to name
 * the cluster after), and no app.
 */
export function clusterStackProblems(merged: Record<string, unknown>, role: StackRole): RoleProblem[] {
    if (role !== "cluster") return [];
    const problems: RoleProblem[] = [];
    if (Object.hasOwn(merged, "app")) {
        problems.push({ path: ["app"], key: true, message: "is not allowed in a cluster stack (kubeship:role: cluster), which builds only the cluster; put the app in a platform file of its own, deployed by a stack with kubeship:clusterStack: <org>/<project>/<this stack>" });
    }
    const cluster = merged.cluster;
    if (typeof cluster === "object" && cluster !== null && !Object.hasOwn(cluster, "name")) {
        problems.push({ path: ["cluster"], key: true, message: "needs a name in a cluster stack, which has no app to name the cluster after; add cluster: {name: platform}" });
    }
    return problems;
}

/**
 * An app stack: its file has no cluster section, its stack sets no cloud, region or
 * environment (the cluster stack decides them), and the cluster stack's output is
 * readable. Returns the merged config with the referenced cluster section in place.
 */
export function appStackLayer(merged: Record<string, unknown>, settings: RoleSettings & Record<string, unknown>): { merged: Record<string, unknown>; problems: RoleProblem[]; reference?: ClusterExport } {
    const problems: RoleProblem[] = [];
    const named = settings.clusterStack ?? "";
    if (Object.hasOwn(merged, "cluster")) {
        problems.push({ path: ["cluster"], key: true, message: `is not allowed in an app stack: the cluster is the one kubeship:clusterStack names (${named}); remove the cluster section, and change the cluster in its own stack` });
    }
    for (const key of ["cloud", "region", "environment", "role"]) {
        if (settings[key] !== undefined) problems.push({ path: [], stackKey: key, message: `is set to ${showValue(settings[key])}, but an app stack takes it from its cluster stack (${named}); remove kubeship:${key}` });
    }
    for (const [name, tier] of Object.entries(isMap(merged.app) && isMap(merged.app.tiers) ? merged.app.tiers : {})) {
        if (isMap(tier) && tier.http !== undefined) {
            problems.push({ path: ["app", "tiers", name, "http"], key: true, message: "is not supported in an app stack yet: the HTTPS add-ons (Envoy Gateway, cert-manager, external-dns) are cluster-wide, and two app stacks would each install them; use expose: public, or deploy the app with its cluster in one stack" });
        }
    }
    if (settings.reference === undefined) {
        problems.push({ path: [], stackKey: "clusterStack", message: settings.referenceMissing ?? `could not be read: the stack ${named} exports no "kubeship" output; deploy it with kubeship:role: cluster first` });
        return { merged, problems };
    }
    const bad = clusterExportProblem(settings.reference);
    if (bad) {
        problems.push({ path: [], stackKey: "clusterStack", message: `names ${named}, whose "kubeship" output ${bad}` });
        return { merged, problems };
    }
    const reference = settings.reference as ClusterExport;
    return { merged: { ...merged, cluster: referencedClusterSection(reference) }, problems, reference };
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
