/**
 * The cloud-neutral cluster contract. App components take a `Cluster` and
 * never a cloud-specific class, so one app config deploys to every cloud.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { Cloud, ClusterConfig, Environment } from "../config/schema";

/**
 * The node label every kubeship pool carries, valued with the pool's config key.
 * It stays the same when a pool is replaced under a new cloud name, so placement
 * (node selectors, affinities) follows the pool across a swap.
 */
export const POOL_LABEL = "kubeship.io/pool";

/** A node pool as every cloud reports it. */
export interface NodePoolInfo {
    name: string;
    /** The cloud machine type the pool uses. */
    machineType: string;
    min: number;
    max: number;
    spot: boolean;
}

/** What the app side needs to know about the cluster, beyond the provider. */
export interface ClusterFacts {
    cloud: Cloud;
    environment: Environment;
    /** Service annotations for an internet-facing load balancer. */
    publicLoadBalancerAnnotations: Record<string, string>;
    /** Service annotations for a load balancer reachable only inside the network. */
    internalLoadBalancerAnnotations: Record<string, string>;
    /** Storage class that stateful tiers' volume claims use. */
    storageClass: string;
    /**
     * The storage class for each `storage.onDestroy`: `delete` is `storageClass`
     * (reclaim policy Delete), `retain` its twin with reclaim policy Retain.
     * @default storageClass for both (an existing cluster: its class's own reclaim policy applies)
     */
    storageClasses?: { delete: string; retain: string };
    /** Whether a LoadBalancer Service reports `hostname` (AWS) or `ip` (GCP, Azure) in its status. */
    loadBalancerAddress: "hostname" | "ip";
    /**
     * The cluster's node, pod and service ranges (IPv4 CIDRs), from its plan.
     * `egress: [internet]` excludes them, as it excludes the private and
     * link-local ranges; empty when the plan does not know them (an existing
     * cluster or network), and then the private ranges stand in.
     */
    internalCidrs: string[];
    /**
     * Every taint on each pool's nodes, by the pool's key in `cluster.nodePools`:
     * the configured ones plus those the cloud adds (AKS spot pools). A tier
     * placed on the pool (`pool:`) tolerates exactly these. Empty for an
     * existing cluster (no pools). Look pools up with Object.hasOwn: "constructor" is a pool name.
     */
    poolTaints: Readonly<Record<string, readonly PoolTaint[]>>;
}

/** A node taint in Kubernetes' own terms (core/v1 Taint). */
export interface PoolTaint {
    key: string;
    /** Empty or absent: the taint has no value. */
    value?: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface Cluster {
    /** The Kubernetes provider bound to this cluster; every app resource uses it. */
    readonly provider: Provider;
    /** Kubeconfig, always a secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    /**
     * Resources that app workloads must be created after and deleted before:
     * the control plane, the first node pool, the network and its NAT. Services
     * depend on these so that load balancers are gone before the network is.
     */
    readonly readyResources: pulumi.Resource[];
    /**
     * What a stateful workload must also wait for: the storage driver and the
     * default StorageClass (EKS installs both as add-ons). Stateless tiers do not
     * wait for these.
     */
    readonly storageReadyResources: pulumi.Resource[];
}

/**
 * What the program learns about the deploy itself under `pulumi up` and `preview`,
 * before planning. Undefined offline (`validate`, `render`), where there is no real
 * identity or runner to check.
 */
export interface DeployContext {
    /** The identity running the deploy, as its cloud reports it (AWS: the STS caller ARN). */
    identity?: string;
    /**
     * Where the deploy runs, as GitHub Actions says in RUNNER_ENVIRONMENT: "github-hosted"
     * or "self-hosted"; undefined outside Actions (a person's machine).
     */
    runner?: string;
}

/** The cluster section after defaults, with its name resolved (the app's name unless set). */
export type ResolvedClusterConfig = ClusterConfig & {
    name: string;
    /**
     * The Pulumi stack: explicit physical names carry it (names.ts), so the stacks of
     * one repo can share an account. Undefined only for a program that builds one cluster.
     */
    stack?: string;
    /** The deploy's identity and runner, when running under the Pulumi engine. */
    deploy?: DeployContext;
};

/**
 * Arguments every cluster component takes: its cloud's resolved plan (see
 * `plan.ts`; `planCluster(config)` makes one from a config). Components never
 * reject input: the plan is already valid.
 */
export interface ClusterArgs<Plan> {
    plan: Plan;
}
