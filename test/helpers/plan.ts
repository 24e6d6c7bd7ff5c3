/** Cluster plans from configs, for tests that build one cluster component directly. */
import { planCluster, type ClusterPlan } from "../../components/cluster/plan";
import type { ResolvedClusterConfig } from "../../components/cluster/types";

function planOn<C extends ClusterPlan["cloud"]>(cloud: C, config: ResolvedClusterConfig): Extract<ClusterPlan, { cloud: C }> {
    const plan = planCluster(config);
    if (plan.cloud !== cloud) throw new Error(`expected a ${cloud} config, got ${plan.cloud}`);
    return plan as Extract<ClusterPlan, { cloud: C }>;
}

export const eksPlan = (config: ResolvedClusterConfig) => planOn("aws", config).eks;
export const gkePlan = (config: ResolvedClusterConfig) => planOn("gcp", config).gke;
export const aksPlan = (config: ResolvedClusterConfig) => planOn("azure", config).aks;
export const existingPlan = (config: ResolvedClusterConfig) => planOn("existing", config).existing;
