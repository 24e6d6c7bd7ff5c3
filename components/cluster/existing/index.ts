/**
 * `cloud: existing`: a cluster you already have (kind, minikube, a company
 * cluster). Creates no cloud resources, only a Kubernetes provider bound to
 * the kubeconfig and context the config names.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo } from "../types";

/** The kubeconfig path kubectl uses by default; the provider falls back to it (and $KUBECONFIG) itself. */
export const DEFAULT_KUBECONFIG = "~/.kube/config";

export class ExistingCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    readonly readyResources: pulumi.Resource[];
    /** The cluster ships its CSI driver and default StorageClass: nothing extra to wait for. */
    readonly storageReadyResources: pulumi.Resource[] = [];

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:ExistingCluster", name, {}, opts);
        const existing = args.config.existing ?? { kubeconfig: DEFAULT_KUBECONFIG, storageClass: "standard" };
        // A path, not the file's contents: the provider reads it, and the program's
        // inputs stay the same when the file's tokens rotate (no spurious replacements).
        const kubeconfigPath = existing.kubeconfig === DEFAULT_KUBECONFIG ? undefined : existing.kubeconfig;
        this.provider = new Provider(`${name}-k8s`, {
            kubeconfig: kubeconfigPath,
            context: existing.context,
            enableServerSideApply: true,
        }, { parent: this });
        this.kubeconfig = pulumi.secret(kubeconfigPath ?? DEFAULT_KUBECONFIG);
        this.clusterName = pulumi.output(existing.context ?? args.config.name);
        this.nodePools = [];
        this.facts = {
            cloud: "existing",
            environment: args.config.environment,
            publicLoadBalancerAnnotations: {},
            internalLoadBalancerAnnotations: {},
            storageClass: existing.storageClass,
            loadBalancerAddress: "ip",
        };
        this.readyResources = [this.provider];
        this.registerOutputs({ clusterName: this.clusterName });
    }
}
