/**
 * EKS managed add-ons and the default StorageClass.
 *
 * The cluster is created without the self-managed networking add-ons
 * (`bootstrapSelfManagedAddons: false`), so vpc-cni and kube-proxy are managed
 * add-ons created before the nodes (nodes are not Ready without a CNI).
 * coredns, metrics-server and the EBS CSI driver run as Deployments and need
 * nodes: they wait for the first node group, and not for each other.
 * Add-on versions are left to EKS (the default for the cluster's version).
 */
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { irsaRole, managedPolicyArn, type IamContext } from "./iam";
import { GP3_STORAGE_CLASS } from "./resolve";

/** vpc-cni settings: enforce Kubernetes NetworkPolicies (the app creates one per tier). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

export interface AddonsArgs {
    cluster: eks.Cluster;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
}

export interface NetworkingAddons {
    vpcCni: eks.Addon;
    kubeProxy: eks.Addon;
}

function addon(name: string, ctx: IamContext, cluster: eks.Cluster, addonName: string, extra: Partial<eks.AddonArgs>, dependsOn: pulumi.Resource[] = []): eks.Addon {
    return new eks.Addon(name, {
        clusterName: cluster.name,
        addonName,
        // EKS owns these objects: take over fields a previous install set.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...extra,
    }, { parent: ctx.parent, provider: ctx.provider, dependsOn });
}

/** The add-ons nodes need before they can join: the CNI (with its own IRSA role) and kube-proxy. */
export function createNetworkingAddons(name: string, ctx: IamContext, args: AddonsArgs): NetworkingAddons {
    const cniRole = irsaRole(`${name}-vpc-cni-role`, ctx, {
        oidcProviderArn: args.oidcProviderArn,
        issuerUrl: args.issuerUrl,
        namespace: "kube-system",
        serviceAccount: "aws-node",
        policies: { cni: managedPolicyArn(ctx, "AmazonEKS_CNI_Policy") },
    });
    return {
        vpcCni: addon(`${name}-vpc-cni`, ctx, args.cluster, "vpc-cni", {
            serviceAccountRoleArn: cniRole.role.arn,
            configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        }, cniRole.attachments),
        kubeProxy: addon(`${name}-kube-proxy`, ctx, args.cluster, "kube-proxy", {}),
    };
}

export interface WorkloadAddons {
    coredns: eks.Addon;
    metricsServer: eks.Addon;
    ebsCsi: eks.Addon;
    storageClass: StorageClass;
}

/**
 * Add-ons that run as pods, after the first node group: coredns,
 * metrics-server (HPAs need it and EKS does not ship it; an EKS community
 * add-on), the EBS CSI driver with its IRSA role, and the gp3 default StorageClass.
 */
export function createWorkloadAddons(
    name: string, ctx: IamContext, args: AddonsArgs & { firstNodeGroup: eks.NodeGroup; k8sProvider: K8sProvider },
): WorkloadAddons {
    const afterNodes = [args.firstNodeGroup];
    const ebsRole = irsaRole(`${name}-ebs-csi-role`, ctx, {
        oidcProviderArn: args.oidcProviderArn,
        issuerUrl: args.issuerUrl,
        namespace: "kube-system",
        serviceAccount: "ebs-csi-controller-sa",
        policies: { ebs: managedPolicyArn(ctx, "service-role/AmazonEBSCSIDriverPolicy") },
    });
    const ebsCsi = addon(`${name}-ebs-csi`, ctx, args.cluster, "aws-ebs-csi-driver", {
        serviceAccountRoleArn: ebsRole.role.arn,
    }, [...afterNodes, ...ebsRole.attachments]);

    const storageClass = new StorageClass(`${name}-gp3`, {
        metadata: {
            name: GP3_STORAGE_CLASS,
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
    }, { parent: ctx.parent, provider: args.k8sProvider, dependsOn: [ebsCsi] });

    return {
        coredns: addon(`${name}-coredns`, ctx, args.cluster, "coredns", {}, afterNodes),
        metricsServer: addon(`${name}-metrics-server`, ctx, args.cluster, "metrics-server", {}, afterNodes),
        ebsCsi,
        storageClass,
    };
}
