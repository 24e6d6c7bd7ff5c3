/**
 * The two halves of a split platform (stack-role.ts):
 * - `exportCluster`: what a cluster stack exports as its `kubeship` output;
 * - `ReferencedCluster`: the app stack's `Cluster`, built from that output. It
 *   creates no cloud resource, only a Kubernetes provider bound to the exported
 *   kubeconfig, and hands on the cluster's facts as the cluster stack reported them.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { CLUSTER_EXPORT_VERSION, type ClusterExport } from "./export";
import type { ClusterPlan } from "./plan";
import { POOL_LABEL, type Cluster, type ClusterFacts, type NodePoolInfo } from "./types";
import type { PlatformPlan } from "../plan";

/** The cloud-specific outputs a cluster stack exports, where its cluster class has them. */
interface ClusterHandles {
    oidcIssuerUrl?: pulumi.Output<string>;
    oidcProviderArn?: pulumi.Output<string>;
    resourceGroupName?: pulumi.Output<string>;
}

/** Each pool's node labels as kubeship sets them: the configured ones and kubeship.io/pool. */
export function poolLabelsOf(plan: PlatformPlan): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [name, pool] of Object.entries(plan.config.cluster.nodePools)) {
        Object.defineProperty(out, name, { value: { ...pool.labels, [POOL_LABEL]: name }, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/** The cloud's handles, as outputs where they come from the cloud and plain where the plan has them. */
function handlesOf(cluster: Cluster, plan: ClusterPlan): object {
    const h = cluster as Cluster & ClusterHandles;
    switch (plan.cloud) {
        case "aws": return { aws: { clusterName: cluster.clusterName, oidcIssuerUrl: h.oidcIssuerUrl ?? "", oidcProviderArn: h.oidcProviderArn ?? "" } };
        case "gcp": return { gcp: { project: plan.gke.project, workloadPool: plan.gke.workloadPool } };
        case "azure": return { azure: { resourceGroupName: h.resourceGroupName ?? "", oidcIssuerUrl: h.oidcIssuerUrl ?? "", nodeResourceGroup: plan.aks.names.nodeResourceGroup } };
        case "existing": return {};
    }
}

/** The cluster stack's `kubeship` output (CLUSTER_OUTPUT): no secret in it (export.ts). */
export function exportCluster(cluster: Cluster, plan: PlatformPlan, stack: string): pulumi.Inputs {
    const config = plan.config.cluster;
    return {
        version: CLUSTER_EXPORT_VERSION,
        stack,
        clusterName: cluster.clusterName,
        cloud: config.cloud,
        region: config.region ?? "",
        environment: config.environment,
        ...(plan.kubernetes ? { kubernetesVersion: plan.kubernetes.minor } : {}),
        facts: cluster.facts,
        nodePools: cluster.nodePools,
        poolLabels: poolLabelsOf(plan),
        cluster: config,
        ...(handlesOf(cluster, plan.cluster) as object),
    };
}

export interface ReferencedClusterArgs {
    /** The referenced `kubeship` output, read before planning. */
    exported: ClusterExport;
    /** The cluster stack's `kubeconfig` output (a placeholder offline). */
    kubeconfig: pulumi.Input<string>;
}

/**
 * A cluster another stack built. The oidcIssuerUrl, oidcProviderArn and
 * resourceGroupName fields are those EksCluster and AksCluster have, so the
 * cloud modules of the app side (app-cloud.ts) read them from either.
 */
export class ReferencedCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    /** The cluster is up when its stack is: only the provider to wait for. */
    readonly readyResources: pulumi.Resource[];
    readonly storageReadyResources: pulumi.Resource[] = [];
    readonly oidcIssuerUrl?: pulumi.Output<string>;
    readonly oidcProviderArn?: pulumi.Output<string>;
    readonly resourceGroupName?: pulumi.Output<string>;

    constructor(name: string, args: ReferencedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:ReferencedCluster", name, {}, opts);
        const e = args.exported;
        this.kubeconfig = pulumi.secret(args.kubeconfig);
        this.provider = new Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
        this.clusterName = pulumi.output(e.clusterName);
        this.nodePools = e.nodePools;
        this.facts = e.facts;
        this.readyResources = [this.provider];
        const issuer = e.aws?.oidcIssuerUrl ?? e.azure?.oidcIssuerUrl;
        if (issuer !== undefined) this.oidcIssuerUrl = pulumi.output(issuer);
        if (e.aws) this.oidcProviderArn = pulumi.output(e.aws.oidcProviderArn);
        if (e.azure) this.resourceGroupName = pulumi.output(e.azure.resourceGroupName);
        this.registerOutputs({ clusterName: this.clusterName });
    }
}
