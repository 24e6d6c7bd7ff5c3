/**
 * kubeship's public API, listed explicitly: the components and the functions
 * that load and check a platform config. Everything else is internal.
 */
export { MultiTierApp, Tier, type MultiTierAppArgs, type TierArgs } from "./app";
export { createCluster } from "./cluster";
export { ExistingCluster } from "./cluster/existing";
export type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo, ResolvedClusterConfig } from "./cluster/types";
export { machineTypeFor, SIZE_TABLE } from "./cluster/sizes";
export { ConfigError, formatProblem, type ConfigProblem } from "./config/errors";
export { loadPlatform, type LoadOptions, type StackSettings } from "./config/load";
export { platformSchema, type AppConfig, type ClusterConfig, type NodePoolConfig, type PlatformConfig, type TierConfig } from "./config/schema";
export { platformJsonSchema } from "./config/json-schema";
export { deployPlatform, readStackSettings, type PlatformOutputs } from "./program";
