/**
 * `cloud: existing`: a cluster you already have (kind, minikube, a company
 * cluster). Creates no cloud resources, only a Kubernetes provider bound to
 * the kubeconfig and context the config names.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { DEFAULT_KUBECONFIG, type ExistingPlan } from "../plan";
import type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo } from "../types";

export { DEFAULT_KUBECONFIG };

export class ExistingCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    readonly readyResources: pulumi.Resource[];
    /** The cluster ships its CSI driver and default StorageClass: nothing extra to wait for. */
    readonly storageReadyResources: pulumi.Resource[] = [];

    constructor(name: string, args: ClusterArgs<ExistingPlan>, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:ExistingCluster", name, {}, opts);
        const plan = args.plan;
        this.provider = new Provider(`${name}-k8s`, {
            kubeconfig: plan.kubeconfigPath,
            context: plan.context,
            enableServerSideApply: true,
        }, { parent: this });
        this.kubeconfig = pulumi.secret(plan.kubeconfigPath ?? DEFAULT_KUBECONFIG);
        this.clusterName = pulumi.output(plan.clusterName);
        this.nodePools = [];
        this.facts = {
            cloud: "existing",
            environment: plan.environment,
            publicLoadBalancerAnnotations: {},
            internalLoadBalancerAnnotations: {},
            storageClass: plan.storageClass,
            loadBalancerAddress: "ip",
            // No pools, and ranges the plan does not know: `internet` leaves out the private ranges only.
            internalCidrs: [],
            poolTaints: {},
        };
        this.readyResources = [this.provider];
        this.registerOutputs({ clusterName: this.clusterName });
    }
}
