/**
 * Managed node groups: per pool, one launch template (IMDSv2 required with hop
 * limit 1, so pods cannot borrow the node's role; an encrypted gp3 root volume)
 * and one node group per zone (node-pools.ts says why).
 *
 * Replacing never drops capacity. terraform-provider-aws marks amiType,
 * capacityType, diskSize, instanceTypes, launchTemplate id/name, nodeRoleArn,
 * remoteAccess and subnetIds ForceNew (internal/service/eks/node_group.go at
 * 012e0a32f0686212f447447fd3d81c3d0ce256ad), so a change to one of them replaces
 * the group. Pulumi then creates the new group before deleting the old one,
 * unless the resource is marked delete-before-replace, which the bridge does
 * whenever the name field was set explicitly (pulumi-terraform-bridge
 * pkg/tfbridge/schema.go `nameRequiresDeleteBeforeReplace` at
 * 59de6c661df1e7561e6ece7ad7f1c835c63010c4: an auto-nameable field given a value
 * the auto-namer did not produce). So neither the node group nor its launch
 * template sets a name: both are auto-named (`<logical name>-<7 hex>`), a
 * replacement gets a fresh name, and nothing collides. EKS drains the old group's
 * nodes when it is deleted; the pods move to the new group, which carries the same
 * `kubeship.io/pool` label.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import { serviceRole, type IamContext, type RoleWithPolicies } from "./iam";
import { AWS_NAME_LIMITS, autoNamedWithin } from "./names";
import type { Network } from "./network";
import { nodeGroupResourceName, type ZoneGroup } from "./node-pools";
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

/** Each pool's zone groups, in config order. */
export interface PoolNodeGroups {
    pool: ResolvedNodePool;
    launchTemplate: ec2.LaunchTemplate;
    groups: eks.NodeGroup[];
}

export function createNodeGroups(name: string, ctx: IamContext, args: NodeGroupsArgs): PoolNodeGroups[] {
    return args.eks.pools.map((pool) => {
        const launchTemplate = createLaunchTemplate(`${name}-${pool.name}`, ctx, pool, args.eks.clusterName);
        const groups = pool.groups.map((group) => createNodeGroup(nodeGroupResourceName(name, pool.name, group.key), ctx, pool, group, launchTemplate, args));
        return { pool, launchTemplate, groups };
    });
}

function nodeTags(clusterName: string, pool: ResolvedNodePool): Record<string, string> {
    return { Name: `${clusterName}-${pool.name}`, "kubeship:node-pool": pool.name };
}

/**
 * One launch template per pool, shared by its zone groups: a change here (disk
 * size, metadata options) is a new template version, which each group rolls out
 * in place. Sharing it also keeps the groups "similar" for cluster-autoscaler's
 * balancing, which compares node labels, and EKS labels each node with its
 * template's id (eks.amazonaws.com/sourceLaunchTemplateId).
 */
function createLaunchTemplate(name: string, ctx: IamContext, pool: ResolvedNodePool, clusterName: string): ec2.LaunchTemplate {
    const tags = nodeTags(clusterName, pool);
    return new ec2.LaunchTemplate(autoNamedWithin(`${name}-lt`, AWS_NAME_LIMITS.launchTemplate), {
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
            { resourceType: "instance", tags },
            { resourceType: "volume", tags },
        ],
        updateDefaultVersion: true,
    }, { parent: ctx.parent, provider: ctx.provider });
}

function createNodeGroup(
    name: string, ctx: IamContext, pool: ResolvedNodePool, group: ZoneGroup, launchTemplate: ec2.LaunchTemplate, args: NodeGroupsArgs,
): eks.NodeGroup {
    const { clusterName } = args.eks;
    return new eks.NodeGroup(name, {
        clusterName: args.cluster.name,
        // The cluster's minor: a control-plane upgrade then rolls every group to it
        // (UpdateNodegroupVersion, in place), and the next upgrade is not refused for skew.
        version: args.eks.version,
        nodeRoleArn: args.nodeRole.role.arn,
        subnetIds: subnetIdsFor(group, args.network),
        amiType: pool.amiType,
        instanceTypes: pool.instanceTypes,
        capacityType: pool.capacityType,
        scalingConfig: { minSize: group.min, maxSize: group.max, desiredSize: group.desired },
        // EKS replaces this many of the group's nodes at a time during an update, after
        // adding surge nodes of its own (the config's `maxSurge`).
        updateConfig: { maxUnavailable: pool.maxUnavailable },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply((v) => String(v)) },
        labels: pool.labels,
        taints: pool.taints,
        nodeRepairConfig: { enabled: true },
        // EKS tags each group's Auto Scaling group with these itself; on the node
        // group they document it and let `aws eks list-nodegroups` users filter.
        tags: { ...nodeTags(clusterName, pool), ...autoscalerTags(clusterName) },
    }, {
        parent: ctx.parent,
        provider: ctx.provider,
        // The cluster autoscaler owns the size after creation (pulumi/pulumi-eks#321).
        ignoreChanges: ["scalingConfig.desiredSize"],
        dependsOn: [...args.nodeRole.attachments, ...args.network.readyResources, ...args.dependsOn],
    });
}

function subnetIdsFor(group: ZoneGroup, network: Network): pulumi.Input<string[]> {
    const p = group.placement;
    switch (p.kind) {
        case "subnet-index": return network.privateSubnetIds.apply((ids) => [ids[p.index]]);
        case "zone": return network.privateSubnetIdsIn([p.zone]);
        case "subnet-id": return [p.subnetId];
    }
}
