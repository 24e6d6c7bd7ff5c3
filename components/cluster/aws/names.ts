/**
 * Physical names on AWS, each within the limit of the API that takes it. Pure.
 *
 * Every stack of a repo usually deploys into one account and region, so a name
 * kubeship writes itself (the cluster, its log group, the key alias, the Name
 * tags) carries the stack (`stackScopedName`). Everything else is auto-named by
 * the provider, `<logical name>-<7 hex>`, which is unique per stack already but
 * must still fit: the Pulumi bridge refuses an IAM role whose auto-name would
 * pass 64 characters ("name '…-' plus 7 random chars is longer than maximum
 * length 64", pulumi/pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go at
 * 0f1c55ebb14f81559dd8e3ad4c765da3e63920eb; role maxlen 64 in pulumi/pulumi-aws
 * provider/resource_overrides.go at 015d343812852f40a045a28e7f6e04bca69548f3),
 * and sends longer launch template, policy and node group names on to AWS,
 * which refuses them. `autoNamedWithin` shortens such a logical name.
 */
import { createHash } from "node:crypto";
import { stackScopedName } from "../names";

/**
 * The limits of the AWS APIs kubeship names things through.
 * @see https://docs.rs/aws-sdk-eks/latest/src/aws_sdk_eks/operation/create_cluster/_create_cluster_input.rs.html (cluster: alphanumerics, '-', '_'; starts alphanumeric; at most 100)
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName 1-64, [\w+=,.@-]+; PolicyName 1-128)
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplate.html (LaunchTemplateName 3-128, [a-zA-Z0-9\(\)\.\-/_]+)
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName 1-512, [\.\-_/#A-Za-z0-9]+)
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html (alias 1-256: alphanumerics, '/', '_', '-'; not alias/aws/)
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag keys 1-128, values 0-256)
 * EKS node groups: 1-63 (terraform-provider-aws validates node_group_name 0..63; see node-pools.ts).
 */
export const AWS_NAME_LIMITS = {
    eksCluster: 100,
    iamRole: 64,
    iamPolicy: 128,
    launchTemplate: 128,
    nodeGroup: 63,
    logGroup: 512,
    kmsAlias: 256,
    tagKey: 128,
    tagValue: 256,
} as const;

/** The EKS cluster's name: the cluster (or app) name and the stack, within EKS's 100 characters. */
export function eksClusterName(base: string, stack: string | undefined): string {
    return stackScopedName(base, stack, AWS_NAME_LIMITS.eksCluster);
}

/**
 * The control-plane log group. EKS writes to exactly this name, so it follows the
 * cluster's real name.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html ("/aws/eks/my-cluster/cluster")
 */
export function controlPlaneLogGroup(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/** The alias of the key that encrypts the cluster's Secrets (a key is otherwise listed by its UUID). */
export function secretsKeyAlias(clusterName: string): string {
    return `alias/kubeship/${clusterName}`;
}

/**
 * The IAM path of every role and policy kubeship creates: the deploy role's IAM
 * permissions are limited to it (bootstrap/aws.ts).
 */
export const KUBESHIP_IAM_PATH = "/kubeship/";

/** What Pulumi's auto-naming appends to a logical name: "-" and 7 random hex digits. */
const AUTONAME_SUFFIX = 8;
const HASH_LENGTH = 7;

/**
 * A logical name whose auto-name (`<logical>-<7 hex>`) fits `max` characters: the
 * name itself when it fits, else its start and a hash of the whole, so two long
 * names never meet.
 */
export function autoNamedWithin(logical: string, max: number): string {
    const limit = max - AUTONAME_SUFFIX;
    if (logical.length <= limit) return logical;
    const hash = createHash("sha256").update(logical).digest("hex").slice(0, HASH_LENGTH);
    return `${logical.slice(0, limit - HASH_LENGTH - 1)}-${hash}`;
}
