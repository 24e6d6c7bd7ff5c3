/**
 * EKS managed add-ons and the default StorageClass.
 *
 * The cluster is created without the self-managed networking add-ons
 * (`bootstrapSelfManagedAddons: false`), so vpc-cni and kube-proxy are managed
 * add-ons created before the nodes (nodes are not Ready without a CNI).
 * coredns, metrics-server and the EBS CSI driver run as Deployments and need
 * nodes: they wait for the first pool's node groups, and not for each other.
 * So does the EKS Pod Identity Agent (a DaemonSet), on every cluster: the cluster
 * is built before, and without knowing, the app, and an app that later gives a tier
 * an `identity` or a bucket must not have to change its cluster.
 *
 * Each add-on carries an `addonVersion` for the cluster's minor: the most recent
 * one EKS lists for it (`aws.eks.getAddonVersion`, DescribeAddonVersions). Left
 * out, EKS keeps the version it installed first, so a control-plane upgrade
 * leaves kube-proxy and coredns behind and the next upgrade is refused for skew.
 * A new minor updates every add-on in place: only addonName and clusterName are
 * ForceNew (terraform-provider-aws internal/service/eks/addon.go at
 * 00a35305dc1b297a6fcdecdfbba33f1e63c3da39; addon_version goes through UpdateAddon).
 * AWS publishes new builds between upgrades, so an `up` may also move an add-on to
 * a newer build of the same minor. The offline mocks answer from the dated
 * version catalog (components/cluster/versions/eks.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import { getAddonVersionOutput } from "@pulumi/aws/eks/getAddonVersion";
import type { Provider as K8sProvider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { retainClassName } from "../storage-classes";
import type { EksAddonVersions } from "../versions";
import { irsaRole, managedPolicyArn, type IamContext } from "./iam";
import { GP3_STORAGE_CLASS } from "./resolve";

/** vpc-cni settings: enforce Kubernetes NetworkPolicies (the app creates one per tier). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

export interface AddonsArgs {
    cluster: eks.Cluster;
    /** The cluster's Kubernetes minor (the plan's version), for each add-on's version. */
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
}

export interface NetworkingAddons {
    vpcCni: eks.Addon;
    kubeProxy: eks.Addon;
}

function addon(name: string, ctx: IamContext, args: AddonsArgs, addonName: keyof EksAddonVersions, extra: Partial<eks.AddonArgs>, dependsOn: pulumi.Resource[] = []): eks.Addon {
    const opts = { parent: ctx.parent, provider: ctx.provider };
    const version = getAddonVersionOutput({ addonName, kubernetesVersion: args.kubernetesVersion, mostRecent: true }, opts);
    return new eks.Addon(name, {
        clusterName: args.cluster.name,
        addonName,
        addonVersion: version.version,
        // EKS owns these objects: take over fields a previous install set.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...extra,
    }, { ...opts, dependsOn });
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
        vpcCni: addon(`${name}-vpc-cni`, ctx, args, "vpc-cni", {
            serviceAccountRoleArn: cniRole.role.arn,
            configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        }, cniRole.attachments),
        kubeProxy: addon(`${name}-kube-proxy`, ctx, args, "kube-proxy", {}),
    };
}

export interface WorkloadAddons {
    coredns: eks.Addon;
    metricsServer: eks.Addon;
    ebsCsi: eks.Addon;
    storageClass: StorageClass;
    /** The Retain twin of storageClass. */
    retainStorageClass: StorageClass;
    /**
     * The EKS Pod Identity Agent: it hands workloads their role's credentials at
     * 169.254.170.23:80 on each node (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
     */
    podIdentityAgent: eks.Addon;
}

/**
 * Add-ons that run as pods, after the first pool's node groups: coredns,
 * metrics-server (HPAs need it and EKS does not ship it; an EKS community
 * add-on), the EBS CSI driver with its IRSA role, the gp3 default StorageClass,
 * and the EKS Pod Identity Agent.
 */
export function createWorkloadAddons(
    name: string, ctx: IamContext, args: AddonsArgs & { firstPoolGroups: eks.NodeGroup[]; k8sProvider: K8sProvider },
): WorkloadAddons {
    const afterNodes = [...args.firstPoolGroups];
    const ebsRole = irsaRole(`${name}-ebs-csi-role`, ctx, {
        oidcProviderArn: args.oidcProviderArn,
        issuerUrl: args.issuerUrl,
        namespace: "kube-system",
        serviceAccount: "ebs-csi-controller-sa",
        policies: { ebs: managedPolicyArn(ctx, "service-role/AmazonEBSCSIDriverPolicy") },
    });
    const ebsCsi = addon(`${name}-ebs-csi`, ctx, args, "aws-ebs-csi-driver", {
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
    // Its twin for storage.onDestroy: retain (storage-classes.ts): the EBS volume outlives its claim.
    const retainStorageClass = new StorageClass(`${name}-gp3-retain`, {
        metadata: { name: retainClassName(GP3_STORAGE_CLASS) },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Retain",
    }, { parent: ctx.parent, provider: args.k8sProvider, dependsOn: [ebsCsi] });

    return {
        coredns: addon(`${name}-coredns`, ctx, args, "coredns", {}, afterNodes),
        metricsServer: addon(`${name}-metrics-server`, ctx, args, "metrics-server", {}, afterNodes),
        ebsCsi,
        storageClass,
        retainStorageClass,
        podIdentityAgent: addon(`${name}-pod-identity-agent`, ctx, args, "eks-pod-identity-agent", {}, afterNodes),
    };
}
