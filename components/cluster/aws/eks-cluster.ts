/**
 * `cloud: aws`: an EKS cluster built from plain `@pulumi/aws` and
 * `@pulumi/kubernetes` resources (not `@pulumi/eks`, which is opaque under
 * test). The constructor only wires the pieces together; each concern lives
 * in its own module:
 *
 * - resolve.ts: config → what to build (pure; defaults and invariants)
 * - network.ts: VPC, subnets, NAT, routes (or an existing network)
 * - control-plane.ts: KMS key, logs, the cluster, access entries, OIDC
 * - node-pools.ts: pools → instance types, AMI, one node group per zone (pure)
 * - node-group.ts: node role, launch templates, managed node groups
 * - addons.ts: vpc-cni, kube-proxy, coredns, metrics-server, EBS CSI, gp3, Pod Identity Agent
 * - autoscaler.ts: cluster-autoscaler with its IRSA role
 * - kubeconfig.ts: the `aws eks get-token` kubeconfig (pure)
 */
import * as pulumi from "@pulumi/pulumi";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider } from "@pulumi/kubernetes/provider";
import type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo } from "../types";
import { createNetworkingAddons, createWorkloadAddons } from "./addons";
import { createAutoscaler } from "./autoscaler";
import { createControlPlane } from "./control-plane";
import type { IamContext } from "./iam";
import { buildKubeconfig } from "./kubeconfig";
import { createNetwork } from "./network";
import { createNodeGroups, createNodeRole } from "./node-group";
import { eksFacts, nodePoolInfo, type ResolvedEks } from "./resolve";
import { eksNetworkFacts } from "../network-facts";

export class EksCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    /** Kubeconfig using `aws eks get-token` (no profile baked in); a secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    /**
     * Load balancers use the in-tree AWS cloud provider (no AWS Load Balancer
     * Controller is installed): `aws-load-balancer-type: nlb`, plus
     * `aws-load-balancer-internal: "true"` for internal ones. They report a hostname.
     */
    readonly facts: ClusterFacts;
    /** The cluster, the first pool's node groups, coredns, the gp3 StorageClass, and (for a new VPC) the VPC, NAT gateways and route tables. */
    readonly readyResources: pulumi.Resource[];
    readonly storageReadyResources: pulumi.Resource[];
    /** ARN of the cluster's IAM OIDC provider, for IRSA roles. */
    readonly oidcProviderArn: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL. */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The private subnets the nodes run in (for a new VPC, in zone order a, b, c). */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** The EKS Pod Identity Agent add-on: a workload with a cloud identity (aws/app-cloud.ts) starts after it. */
    readonly podIdentityAgent: pulumi.Resource;

    constructor(name: string, args: ClusterArgs<ResolvedEks>, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:EksCluster", name, {}, opts);

        const eks = args.plan;

        const awsProvider = new AwsProvider(`${name}-aws`, {
            region: eks.region,
            defaultTags: { tags: { "kubeship:cluster": eks.clusterName, "kubeship:environment": eks.environment } },
        }, { parent: this });
        const ctx: IamContext = {
            parent: this,
            provider: awsProvider,
            partition: getPartitionOutput({}, { parent: this, provider: awsProvider }).partition,
        };

        const network = createNetwork({ name, parent: this, provider: awsProvider, eks });
        const controlPlane = createControlPlane(name, ctx, eks, network);
        const { cluster } = controlPlane;

        const kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
            .apply(([clusterName, endpoint, ca]) => buildKubeconfig({ clusterName, endpoint, caData: ca.data ?? "", region: eks.region })));
        // Every Kubernetes object goes through this provider, after the deployers' access
        // entries and the security group rules that let self-hosted deploys in.
        const k8sProvider = new Provider(`${name}-k8s`, { kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: controlPlane.apiAccess });

        const irsa = { cluster, oidcProviderArn: controlPlane.oidcProvider.arn, issuerUrl: controlPlane.issuerUrl, kubernetesVersion: eks.version };
        const networking = createNetworkingAddons(name, ctx, irsa);
        const pools = createNodeGroups(name, ctx, {
            eks, cluster, network,
            nodeRole: createNodeRole(name, ctx),
            dependsOn: [networking.vpcCni, networking.kubeProxy],
        });
        // The first pool's zone groups: where add-ons and the autoscaler first run.
        const firstPoolGroups = pools[0].groups;
        const workload = createWorkloadAddons(name, ctx, { ...irsa, firstPoolGroups, k8sProvider });
        createAutoscaler(name, ctx, {
            clusterName: eks.clusterName,
            region: eks.region,
            versions: eks.autoscaler,
            oidcProviderArn: controlPlane.oidcProvider.arn,
            issuerUrl: controlPlane.issuerUrl,
            k8sProvider,
            firstPoolGroups,
        });

        this.provider = k8sProvider;
        this.kubeconfig = kubeconfig;
        this.clusterName = cluster.name;
        this.nodePools = eks.pools.map(nodePoolInfo);
        this.facts = { ...eksFacts(eks.environment), ...eksNetworkFacts(eks) };
        // Workloads need the control plane, a node pool and the network; DNS (coredns) and
        // metrics come up beside them, and Kubernetes converges. Only stateful tiers need the
        // EBS driver and its StorageClass before their claims can bind.
        this.readyResources = [cluster, ...firstPoolGroups, ...network.readyResources];
        this.storageReadyResources = [workload.storageClass, workload.retainStorageClass];
        this.oidcProviderArn = controlPlane.oidcProvider.arn;
        this.oidcIssuerUrl = controlPlane.issuerUrl;
        this.privateSubnetIds = network.privateSubnetIds;
        this.podIdentityAgent = workload.podIdentityAgent;
        this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig, oidcProviderArn: this.oidcProviderArn });
    }
}
