/**
 * cluster-autoscaler: EKS has no built-in node autoscaler. It discovers the
 * node groups by the tags EKS puts on their Auto Scaling groups and scales
 * each between its min and max, with its own least-privilege IRSA role.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import type * as eks from "@pulumi/aws/eks";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { irsaRole, type IamContext } from "./iam";
import { clusterAutoscalerPolicy } from "./policies";

export const AUTOSCALER_CHART = {
    chart: "cluster-autoscaler",
    repo: "https://kubernetes.github.io/autoscaler",
    /** Chart 9.50.1 ships cluster-autoscaler 1.33.0. */
    version: "9.50.1",
} as const;
export const AUTOSCALER_NAMESPACE = "kube-system";
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * The autoscaler's image matches the cluster's minor version, as its
 * maintainers require; every Kubernetes minor has a `v1.<minor>.0` release.
 */
export function autoscalerImageTag(kubernetesVersion: string): string {
    return `v${kubernetesVersion}.0`;
}

export interface AutoscalerArgs {
    clusterName: string;
    region: string;
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    k8sProvider: K8sProvider;
    /** It must run somewhere: the first node group. */
    firstNodeGroup: eks.NodeGroup;
}

export interface Autoscaler {
    role: iam.Role;
    release: Release;
}

export function createAutoscaler(name: string, ctx: IamContext, args: AutoscalerArgs): Autoscaler {
    const policy = new iam.Policy(`${name}-autoscaler-policy`, {
        description: `kubeship: cluster-autoscaler for EKS cluster ${args.clusterName}`,
        policy: JSON.stringify(clusterAutoscalerPolicy(args.clusterName)),
    }, { parent: ctx.parent, provider: ctx.provider });
    const { role, attachments } = irsaRole(`${name}-autoscaler-role`, ctx, {
        oidcProviderArn: args.oidcProviderArn,
        issuerUrl: args.issuerUrl,
        namespace: AUTOSCALER_NAMESPACE,
        serviceAccount: AUTOSCALER_SERVICE_ACCOUNT,
        policies: { autoscaler: policy.arn },
    });

    const release = new Release(`${name}-autoscaler`, {
        name: "cluster-autoscaler",
        namespace: AUTOSCALER_NAMESPACE,
        chart: AUTOSCALER_CHART.chart,
        version: AUTOSCALER_CHART.version,
        repositoryOpts: { repo: AUTOSCALER_CHART.repo },
        values: {
            cloudProvider: "aws",
            awsRegion: args.region,
            autoDiscovery: { clusterName: args.clusterName },
            image: { tag: autoscalerImageTag(args.kubernetesVersion) },
            rbac: {
                serviceAccount: {
                    create: true,
                    name: AUTOSCALER_SERVICE_ACCOUNT,
                    annotations: { "eks.amazonaws.com/role-arn": role.arn },
                },
            },
            extraArgs: {
                "balance-similar-node-groups": true,
                "skip-nodes-with-system-pods": false,
                expander: "least-waste",
            },
            // Never evict itself while scaling down.
            podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
            priorityClassName: "system-cluster-critical",
        },
    }, { parent: ctx.parent, provider: args.k8sProvider, dependsOn: [args.firstNodeGroup, ...attachments] });

    return { role, release };
}
