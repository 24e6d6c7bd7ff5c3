/**
 * kubeship's public API, listed explicitly: the components and the functions
 * that load and check a platform config. Everything else is internal.
 */
export { AppJob, MultiTierApp, Tier, type AppJobArgs, type JobConfig, type MultiTierAppArgs, type TierArgs } from "./app";
export { createCluster } from "./cluster";
export { createGatewayAddons, GatewayAddons } from "./gateway/addons";
export { HttpsEntry, type GatewayAddonsRef } from "./gateway/https-entry";
export type { GatewayPlan, GatewayAddonsPlan } from "./gateway/plan";
export { planCluster, type ClusterPlan, type ExistingPlan } from "./cluster/plan";
export { ExistingCluster } from "./cluster/existing";
export type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo, PoolTaint, ResolvedClusterConfig } from "./cluster/types";
export { networkFactsOf, type NetworkFacts } from "./cluster/network-facts";
export { machineTypeFor, SIZE_TABLE } from "./cluster/sizes";
export { datedCatalog, resolveKubernetesVersion, resolveToday, type KubernetesVersionPlan, type VersionCatalog, type VersionContext } from "./cluster/versions";
export { ConfigError, formatPathProblem, formatProblem, type ConfigProblem, type PathProblem } from "./config/errors";
export { loadPlan, loadPlatform, type LoadOptions, type StackSettings } from "./config/load";
export { planPlatform, type PlatformPlan } from "./plan";
export { createAppCloud, type AppCloud, type BucketHandle, type WorkloadIdentity } from "./backing/cloud";
export { AppBacking } from "./backing/component";
export { planBacking, type BackingPlan } from "./backing/plan";
export { bucketEnv, bucketEnvNames, type BucketAddress } from "./backing/bucket";
export { platformSchema, type AppConfig, type ClusterConfig, type NodePoolConfig, type PlatformConfig, type TierConfig } from "./config/schema";
export { platformJsonSchema } from "./config/json-schema";
export { deployPlatform, readStackSettings, type ClusterStackOutputs, type DeployOutputs, type PlatformOutputs } from "./program";
