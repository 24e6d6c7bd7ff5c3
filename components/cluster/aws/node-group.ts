/**
 * Managed node groups, one per configured pool, each with a launch template
 * that requires IMDSv2 with hop limit 1 (pods cannot borrow the node's role)
 * and an encrypted gp3 root volume.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import { serviceRole, type IamContext, type RoleWithPolicies } from "./iam";
import type { Network } from "./network";
import { autoscalerTags, type ResolvedEks, type ResolvedNodePool } from "./resolve";

/** Root device of the Amazon Linux 2023 EKS AMIs. */
const ROOT_DEVICE = "/dev/xvda";

/**
 * The node role. The VPC CNI's permissions (AmazonEKS_CNI_Policy) are not on
 * it: the vpc-cni add-on gets its own IRSA role (addons.ts), so nothing else
 * on the node can use them.
 */
export function createNodeRole(name: string, ctx: IamContext): RoleWithPolicies {
    return serviceRole(`${name}-node-role`, ctx, "ec2.amazonaws.com", {
        "worker-policy": "AmazonEKSWorkerNodePolicy",
        "ecr-read": "AmazonEC2ContainerRegistryReadOnly",
    });
}

export interface NodeGroupsArgs {
    eks: ResolvedEks;
    cluster: eks.Cluster;
    nodeRole: RoleWithPolicies;
    network: Network;
    /** Add-ons nodes need before they can become Ready (vpc-cni, kube-proxy). */
    dependsOn: pulumi.Resource[];
}

export function createNodeGroups(name: string, ctx: IamContext, args: NodeGroupsArgs): eks.NodeGroup[] {
    return args.eks.pools.map((pool) => createNodeGroup(`${name}-${pool.name}`, ctx, pool, args));
}

function createNodeGroup(name: string, ctx: IamContext, pool: ResolvedNodePool, args: NodeGroupsArgs): eks.NodeGroup {
    const opts: pulumi.CustomResourceOptions = { parent: ctx.parent, provider: ctx.provider };
    const { clusterName } = args.eks;
    const nodeTags = { Name: `${clusterName}-${pool.name}`, "kubeship:node-pool": pool.name };

    const launchTemplate = new ec2.LaunchTemplate(`${name}-lt`, {
        description: `kubeship: nodes of pool ${pool.name} in EKS cluster ${clusterName}`,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        },
        // diskSize on the node group conflicts with a launch template; the size goes here.
        blockDeviceMappings: [{
            deviceName: ROOT_DEVICE,
            ebs: { volumeSize: pool.diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        }],
        tagSpecifications: [
            { resourceType: "instance", tags: nodeTags },
            { resourceType: "volume", tags: nodeTags },
        ],
        updateDefaultVersion: true,
    }, opts);

    return new eks.NodeGroup(`${name}-nodes`, {
        clusterName: args.cluster.name,
        nodeRoleArn: args.nodeRole.role.arn,
        subnetIds: args.network.privateSubnetIdsIn(pool.zones),
        amiType: pool.amiType,
        instanceTypes: [pool.instanceType],
        capacityType: pool.capacityType,
        scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.desired },
        updateConfig: { maxUnavailable: pool.maxUnavailable },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply((v) => String(v)) },
        labels: { "kubeship.io/node-pool": pool.name, ...pool.labels },
        taints: pool.taints,
        nodeRepairConfig: { enabled: true },
        // EKS tags each group's Auto Scaling group with these itself; on the node
        // group they document it and let `aws eks list-nodegroups` users filter.
        tags: { ...nodeTags, ...autoscalerTags(clusterName) },
    }, {
        ...opts,
        // The cluster autoscaler owns the size after creation (pulumi/pulumi-eks#321).
        ignoreChanges: ["scalingConfig.desiredSize"],
        dependsOn: [...args.nodeRole.attachments, ...args.network.readyResources, ...args.dependsOn],
    });
}
