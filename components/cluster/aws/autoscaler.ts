/**
 * cluster-autoscaler: EKS has no built-in node autoscaler. It discovers the
 * node groups by the tags EKS puts on their Auto Scaling groups and scales
 * each between its min and max, with its own least-privilege IRSA role.
 *
 * Its chart and image follow the cluster's minor (the plan picks them from the
 * dated version catalog, components/cluster/versions/eks.ts), so a control-plane
 * upgrade upgrades it too.
 * `balance-similar-node-groups` keeps a pool's zone groups (node-pools.ts) level.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import type * as eks from "@pulumi/aws/eks";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { irsaRole, type IamContext } from "./iam";
import { AWS_NAME_LIMITS, autoNamedWithin, KUBESHIP_IAM_PATH } from "./names";
import { clusterAutoscalerPolicy } from "./policies";
import type { AutoscalerVersions } from "../versions";

/** The chart's name and repository; its version follows the cluster's minor (the version catalog). */
export const AUTOSCALER_CHART = {
    chart: "cluster-autoscaler",
    repo: "https://kubernetes.github.io/autoscaler",
} as const;
/** The image the chart runs; its tag comes from the plan. */
export const AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler";
export const AUTOSCALER_NAMESPACE = "kube-system";
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

export interface AutoscalerArgs {
    clusterName: string;
    region: string;
    /**
     * The chart and image for the cluster's minor, from the version catalog: the
     * autoscaler's minor must match the cluster's, as its maintainers require.
     */
    versions: AutoscalerVersions;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    k8sProvider: K8sProvider;
    /** It must run somewhere: the first pool's node groups. */
    firstPoolGroups: eks.NodeGroup[];
}

export interface Autoscaler {
    role: iam.Role;
    release: Release;
}

export function createAutoscaler(name: string, ctx: IamContext, args: AutoscalerArgs): Autoscaler {
    const policy = new iam.Policy(autoNamedWithin(`${name}-autoscaler-policy`, AWS_NAME_LIMITS.iamPolicy), {
        path: KUBESHIP_IAM_PATH,
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
        version: args.versions.chartVersion,
        repositoryOpts: { repo: AUTOSCALER_CHART.repo },
        values: {
            cloudProvider: "aws",
            awsRegion: args.region,
            autoDiscovery: { clusterName: args.clusterName },
            image: { repository: AUTOSCALER_IMAGE, tag: args.versions.imageTag },
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
    }, { parent: ctx.parent, provider: args.k8sProvider, dependsOn: [...args.firstPoolGroups, ...attachments] });

    return { role, release };
}
