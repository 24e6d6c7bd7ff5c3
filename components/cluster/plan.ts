/**
 * The cluster plan: the cluster section resolved, per cloud, into exactly what
 * the cluster component builds. Pure (no Pulumi, no cloud SDK), so the loader
 * runs it for `validate`, `render` and `pulumi up` alike, and every problem is
 * reported, positioned, before anything is registered. Components take a plan
 * and never reject input.
 */
import { ConfigError, dottedPath, type PathProblem } from "../config/errors";
import type { Environment } from "../config/schema";
import { resolveEks, type ResolvedEks } from "./aws/resolve";
import { resolveAksPlan, type AksPlan } from "./azure/resolve";
import { resolveGke, type ResolvedGke } from "./gcp/resolve";
import type { ResolvedClusterConfig } from "./types";
import type { KubernetesVersionPlan, VersionContext } from "./versions";

/** The kubeconfig path kubectl uses by default; the provider falls back to it (and $KUBECONFIG) itself. */
export const DEFAULT_KUBECONFIG = "~/.kube/config";

/** An existing cluster: where its kubeconfig is and what it offers. */
export interface ExistingPlan {
    /** The cluster's name in outputs: the context, else the configured name. */
    clusterName: string;
    environment: Environment;
    /** A kubeconfig path, or undefined for the provider's default (~/.kube/config, $KUBECONFIG). */
    kubeconfigPath?: string;
    context?: string;
    storageClass: string;
}

export type ClusterPlan =
    | { cloud: "aws"; eks: ResolvedEks }
    | { cloud: "gcp"; gke: ResolvedGke }
    | { cloud: "azure"; aks: AksPlan }
    | { cloud: "existing"; existing: ExistingPlan };

export type ClusterPlanResult = { ok: true; plan: ClusterPlan } | { ok: false; problems: PathProblem[] };

/**
 * Resolves the cluster section for its cloud; every problem at once, each naming its config path.
 * `versions` holds today and the cloud's version catalog (the dated one when the cloud was not asked).
 */
export function resolveClusterPlan(config: ResolvedClusterConfig, versions?: VersionContext): ClusterPlanResult {
    switch (config.cloud) {
        case "aws": {
            const r = resolveEks(config, versions);
            return r.ok ? { ok: true, plan: { cloud: "aws", eks: r.value } } : r;
        }
        case "gcp": {
            const r = resolveGke(config, versions);
            return r.ok ? { ok: true, plan: { cloud: "gcp", gke: r.value } } : r;
        }
        case "azure": {
            const r = resolveAksPlan(config, versions);
            return r.ok ? { ok: true, plan: { cloud: "azure", aks: r.plan } } : r;
        }
        case "existing":
            return { ok: true, plan: { cloud: "existing", existing: resolveExisting(config) } };
    }
}

function resolveExisting(config: ResolvedClusterConfig): ExistingPlan {
    const existing = config.existing ?? { kubeconfig: DEFAULT_KUBECONFIG, storageClass: "standard" };
    return {
        clusterName: existing.context ?? config.name,
        environment: config.environment,
        // A path, not the file's contents: the provider reads it, and the program's
        // inputs stay the same when the file's tokens rotate (no spurious replacements).
        kubeconfigPath: existing.kubeconfig === DEFAULT_KUBECONFIG ? undefined : existing.kubeconfig,
        context: existing.context,
        storageClass: existing.storageClass,
    };
}

/** The Kubernetes version the plan builds, or undefined for an existing cluster. */
export function kubernetesOf(plan: ClusterPlan): KubernetesVersionPlan | undefined {
    switch (plan.cloud) {
        case "aws": return plan.eks.kubernetes;
        case "gcp": return plan.gke.kubernetes;
        case "azure": return plan.aks.kubernetes;
        case "existing": return undefined;
    }
}

/**
 * For TypeScript callers that build a cluster from a config they assembled
 * themselves: the plan, or a ConfigError listing every problem by path.
 * (The loader does this with positions; see `loadPlan`.)
 */
export function planCluster(config: ResolvedClusterConfig, versions?: VersionContext): ClusterPlan {
    const r = resolveClusterPlan(config, versions);
    if (r.ok) return r.plan;
    throw new ConfigError(r.problems.map((p) => ({ file: "(config)", line: 1, column: 1, path: dottedPath(p.path), message: p.message })));
}
