/**
 * The platform plan: a validated config resolved into what the program builds,
 * cluster (per cloud) and app alike. The loader makes it (`loadPlan`), so
 * `kubeship validate`, `kubeship render` and `pulumi up` find the same
 * problems, and find them before anything is registered. Pure: no Pulumi.
 */
import { sidecarVersionProblems } from "./app/containers";
import { appSpecProblems } from "./app/validate";
import { kubernetesOf, resolveClusterPlan, type ClusterPlan } from "./cluster/plan";
import type { DeployContext } from "./cluster/types";
import type { KubernetesVersionPlan, VersionContext } from "./cluster/versions";
import type { PathProblem } from "./config/errors";
import type { PlatformConfig } from "./config/schema";
import { planGateway, type GatewayPlan } from "./gateway/plan";
import { planBacking, type BackingPlan } from "./backing/plan";

export interface PlatformPlan {
    /** The config after schema defaults, as written plus the stack's settings and overrides. */
    config: PlatformConfig;
    /** `cluster.name`, or the app's name when it is not set (the cloud's names add the stack to it). */
    clusterName: string;
    /** The Pulumi stack the plan is for. */
    stack?: string;
    cluster: ClusterPlan;
    /** The Kubernetes version chosen and its support state; undefined for an existing cluster. */
    kubernetes?: KubernetesVersionPlan;
    /** What the stack builds (stack-role.ts): undefined for the cluster and its app. */
    role?: "cluster" | "app";
    /** The HTTPS entry (the app's Gateway, its routes and the cluster's add-ons); undefined when no tier has http. */
    gateway?: GatewayPlan;
    /** The app's backing resources and workload identities, with the cloud's names; undefined when it has none. */
    backing?: BackingPlan;
}

export type PlanResult = { ok: true; plan: PlatformPlan } | { ok: false; problems: PathProblem[] };

/**
 * Plans the platform. `versions`: today and the cloud's version catalog; by default the dated catalog and today's date.
 * `deploy`: who runs the deploy and where, checked against the config (under the Pulumi engine only).
 * `clusterStack`: an app stack's cluster stack, whose name the cluster's physical names carry.
 */
export function planPlatform(config: PlatformConfig, versions?: VersionContext, stack?: string, deploy?: DeployContext, clusterStack?: string): PlanResult {
    const clusterName = config.cluster.name ?? config.app.name;
    // An app stack's cluster is its cluster stack's: resolved with that stack, it has that stack's names.
    const cluster = resolveClusterPlan({ ...config.cluster, name: clusterName, stack: clusterStack ?? stack, deploy }, versions);
    // A cluster name that comes from the app's name is fixed there.
    const clusterProblems = cluster.ok ? [] : cluster.problems.map((p) =>
        config.cluster.name === undefined && p.path.length === 2 && p.path[0] === "cluster" && p.path[1] === "name" ? { ...p, path: ["app", "name"] } : p);
    const problems = [...clusterProblems, ...appSpecProblems(config.app)];
    if (!cluster.ok || problems.length) return { ok: false, problems };
    const kubernetes = kubernetesOf(cluster.plan);
    const sidecars = sidecarVersionProblems(config.app, kubernetes?.minor);
    if (sidecars.length) return { ok: false, problems: sidecars };
    const gateway = planGateway(config, cluster.plan, kubernetes, stack);
    if (!gateway.ok) return { ok: false, problems: gateway.problems };
    const backing = planBacking(config.app, cluster.plan, config.cluster.environment, stack);
    if (!backing.ok) return { ok: false, problems: backing.problems };
    return {
        ok: true,
        plan: {
            config, clusterName, stack, cluster: cluster.plan, kubernetes,
            ...(gateway.plan ? { gateway: gateway.plan } : {}),
            ...(backing.plan ? { backing: backing.plan } : {}),
        },
    };
}
