/** The app half of kubeship: components and the pure Kubernetes spec builders behind them. */
export { MultiTierApp, type MultiTierAppArgs } from "./multi-tier-app";
export { Tier, type TierArgs } from "./tier";
export { AppJob, type AppJobArgs } from "./app-job";
export { jobAnnotations, jobObjectName, toCronJobSpec, toJobNetworkPolicy, toJobSpec, type JobConfig } from "./job";
export { toHpaSpec, toPdbSpec, DEFAULT_CPU_TARGET } from "./autoscaling";
export { resolveEnv, resolveValue, toEnv } from "./env";
export { namespaceOf, selectorLabels, serviceHost, tierLabels, portsOf, mainPort } from "./names";
export { allowFromRule, toNetworkPolicies, toTierNetworkPolicy, toDefaultDenyPolicy, type PolicyContext } from "./network-policy";
export { DNS_PEERS, internetPeer, toEgressRules } from "./egress";
export { effectiveTalksTo, talkersTo } from "./talks-to";
export { fileKeys, filesProblems, secretKeyUses, toFileVolumes, toFilesConfigMap } from "./files";
export { sidecarVersionProblems, toExtraContainers } from "./containers";
export { toPlacement, type Placement } from "./placement";
export { toProbes, PROBE_TIMING } from "./probes";
export { namespaceSecurityLabels, podSecurityLevel, toContainerSecurityContext, toPodSecurityContext } from "./security";
export { loadBalancerAddress, publicEndpoint, toHeadlessService, toService } from "./service";
export { appProblems, creationOrder, workloadOrder } from "./validate";
export { replicasOf, toDeploymentSpec, toPodTemplate, toStatefulSetSpec, toWorkloadSpec, DEFAULT_REPLICAS } from "./workload";
