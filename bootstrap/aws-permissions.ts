/**
 * What the AWS deploy role may do (bootstrap/aws.ts attaches it inline): every call
 * `pulumi up`, `preview` and `destroy` of a kubeship EKS stack and its app's identities
 * and buckets make, each as narrow as IAM lets kubeship's naming make it. Pure.
 */
import { KUBESHIP_IAM_PATH } from "../components/cluster/aws/names";
import type { PolicyDocument } from "../components/cluster/aws/policies";

/**
 * The service names the deploy role may pass /kubeship/ roles to (`iam:PassedToService`):
 * EKS (cluster role), EC2 (node role) and EKS Pod Identity (workload roles). Creating a Pod
 * Identity association takes iam:PassRole on its role
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html, "Prerequisites"),
 * passed to `pods.eks.amazonaws.com`, the service principal the role trusts: the value in the
 * "User Permission" example policy of the EMR on EKS Development Guide's EKS Pod Identity
 * setup page (under https://docs.aws.amazon.com/emr/latest/EMR-on-EKS-DevelopmentGuide/).
 * The resource stays /kubeship/ roles, so the value only narrows further.
 */
export const PASS_ROLE_TO = ["eks.amazonaws.com", "ec2.amazonaws.com", "pods.eks.amazonaws.com"] as const;

/**
 * The S3 buckets kubeship may create: their names always carry the account id,
 * `<app>-<bucket>-<stack>-<account id>-<region>[-an]` (s3BucketName in
 * components/cluster/aws/app-cloud-plan.ts), so the deploy role cannot touch a bucket
 * whose name does not. The app and stack parts are the user's: no narrower prefix exists.
 */
export function kubeshipBucketArns(partition: string, account: string): { buckets: string; objects: string } {
    const buckets = `arn:${partition}:s3:::*-${account}-*`;
    return { buckets, objects: `${buckets}/*` };
}

/** What identity.aws.policyArns may name unless the bootstrap says otherwise: every managed policy. */
export function defaultWorkloadPolicyArns(partition: string, account: string): string[] {
    return [`arn:${partition}:iam::aws:policy/*`, `arn:${partition}:iam::${account}:policy/*`];
}

/**
 * What `pulumi up`, `preview` and `destroy` of a kubeship EKS stack call, by service
 * (the README lists it). IAM is limited to the /kubeship/ path kubeship puts its roles
 * and policies under, to the managed policies it and the workloads attach, and to EKS's
 * OIDC providers; roles can be passed only to EKS, EC2 and EKS Pod Identity. S3 is limited
 * to buckets whose names carry the account id. Log groups are never deleted (kept on
 * destroy). EKS, EC2 and KMS key creation cannot be limited by name: "*".
 * Action names: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html,
 * …/list_identityandaccessmanagement.html, …/list_amazons3.html.
 */
export function deployPermissions(partition: string, account: string, workloadPolicyArns?: readonly string[]): PolicyDocument {
    const iamArn = (resource: string) => `arn:${partition}:iam::${account}:${resource}`;
    const kubeshipRoles = iamArn(`role${KUBESHIP_IAM_PATH}*`);
    const s3 = kubeshipBucketArns(partition, account);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Eks",
                Effect: "Allow",
                Action: [
                    "eks:CreateCluster", "eks:DeleteCluster", "eks:DescribeCluster", "eks:ListClusters", "eks:UpdateClusterConfig",
                    "eks:UpdateClusterVersion", "eks:DescribeClusterVersions", "eks:DescribeUpdate", "eks:ListUpdates",
                    "eks:CreateNodegroup", "eks:DeleteNodegroup", "eks:DescribeNodegroup", "eks:ListNodegroups",
                    "eks:UpdateNodegroupConfig", "eks:UpdateNodegroupVersion",
                    "eks:CreateAddon", "eks:DeleteAddon", "eks:DescribeAddon", "eks:ListAddons", "eks:UpdateAddon",
                    "eks:DescribeAddonVersions", "eks:DescribeAddonConfiguration",
                    "eks:CreateAccessEntry", "eks:DeleteAccessEntry", "eks:DescribeAccessEntry", "eks:UpdateAccessEntry", "eks:ListAccessEntries",
                    "eks:AssociateAccessPolicy", "eks:DisassociateAccessPolicy", "eks:ListAssociatedAccessPolicies",
                    "eks:TagResource", "eks:UntagResource", "eks:ListTagsForResource",
                    // Workload identities (app-cloud.ts); the eks-pod-identity-agent add-on is an add-on like the others.
                    "eks:CreatePodIdentityAssociation", "eks:DescribePodIdentityAssociation", "eks:UpdatePodIdentityAssociation",
                    "eks:DeletePodIdentityAssociation", "eks:ListPodIdentityAssociations",
                ],
                Resource: "*",
            },
            {
                Sid: "Ec2Network",
                Effect: "Allow",
                Action: [
                    "ec2:Describe*",
                    "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute",
                    "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                    "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
                    "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute",
                    "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
                    "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress",
                    "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
                    "ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate",
                    "ec2:DeleteLaunchTemplate", "ec2:DeleteLaunchTemplateVersions",
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:ModifySecurityGroupRules",
                    "ec2:CreateTags", "ec2:DeleteTags",
                ],
                Resource: "*",
            },
            {
                Sid: "KubeshipRoles",
                Effect: "Allow",
                Action: [
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
                    "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
                    "iam:ListInstanceProfilesForRole", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
                ],
                Resource: kubeshipRoles,
            },
            {
                Sid: "AttachOnlyEksAndKubeshipPolicies",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: kubeshipRoles,
                Condition: {
                    ArnLike: {
                        "iam:PolicyARN": [
                            `arn:${partition}:iam::aws:policy/AmazonEKS*`,
                            `arn:${partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly`,
                            `arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
                            iamArn(`policy${KUBESHIP_IAM_PATH}*`),
                        ],
                    },
                },
            },
            {
                // identity.aws.policyArns of the app's workloads, attached to their /kubeship/ roles.
                Sid: "AttachWorkloadPolicies",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: kubeshipRoles,
                Condition: { ArnLike: { "iam:PolicyARN": [...(workloadPolicyArns ?? defaultWorkloadPolicyArns(partition, account))] } },
            },
            {
                Sid: "PassKubeshipRolesToEksEc2AndPods",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: kubeshipRoles,
                Condition: { StringEquals: { "iam:PassedToService": [...PASS_ROLE_TO] } },
            },
            {
                Sid: "KubeshipPolicies",
                Effect: "Allow",
                Action: [
                    "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
                    "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy",
                ],
                Resource: iamArn(`policy${KUBESHIP_IAM_PATH}*`),
            },
            {
                Sid: "EksOidcProviders",
                Effect: "Allow",
                Action: [
                    "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
                    "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
                    "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider",
                ],
                Resource: iamArn("oidc-provider/oidc.eks.*"),
            },
            {
                Sid: "ReadAwsManagedPoliciesAndServiceRoles",
                Effect: "Allow",
                Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole"],
                Resource: [`arn:${partition}:iam::aws:policy/*`, iamArn("role/aws-service-role/*")],
            },
            {
                Sid: "EksServiceLinkedRoles",
                Effect: "Allow",
                Action: "iam:CreateServiceLinkedRole",
                Resource: "*",
                Condition: { StringEquals: { "iam:AWSServiceName": ["eks.amazonaws.com", "eks-nodegroup.amazonaws.com", "autoscaling.amazonaws.com"] } },
            },
            {
                Sid: "KmsCreateKeys",
                Effect: "Allow",
                Action: ["kms:CreateKey", "kms:ListAliases"],
                Resource: "*",
            },
            {
                Sid: "KmsManageKeys",
                Effect: "Allow",
                Action: [
                    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags",
                    "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:CreateGrant", "kms:ListGrants",
                ],
                Resource: `arn:${partition}:kms:*:${account}:key/*`,
            },
            {
                Sid: "KmsKubeshipAliases",
                Effect: "Allow",
                Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
                Resource: [`arn:${partition}:kms:*:${account}:alias/kubeship/*`, `arn:${partition}:kms:*:${account}:key/*`],
            },
            {
                Sid: "EksControlPlaneLogs",
                Effect: "Allow",
                Action: [
                    "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
                    "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:ListTagsLogGroup",
                ],
                Resource: `arn:${partition}:logs:*:${account}:log-group:/aws/eks/*`,
            },
            {
                Sid: "LogsDescribe",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
            {
                // app.buckets (components/cluster/aws/app-cloud.ts): the bucket, its public access
                // block, ownership controls, encryption, versioning, policy and tags. Deleting a public
                // access block, ownership controls or encryption takes the Put action (S3 API reference,
                // DeletePublicAccessBlock, DeleteBucketOwnershipControls, DeleteBucketEncryption). The
                // provider reads every bucket setting on refresh: s3:GetBucket* and the four Get actions
                // whose names do not start so (accelerate, lifecycle, replication, encryption).
                Sid: "AppBuckets",
                Effect: "Allow",
                Action: [
                    "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions",
                    "s3:GetBucket*", "s3:GetAccelerateConfiguration", "s3:GetLifecycleConfiguration",
                    "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration",
                    "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutEncryptionConfiguration",
                    "s3:PutBucketVersioning", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketTagging",
                ],
                Resource: s3.buckets,
            },
            {
                // forceDestroy (dev and staging): `pulumi destroy` empties the bucket, every version.
                Sid: "EmptyAppBucketsOnDestroy",
                Effect: "Allow",
                Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
                Resource: s3.objects,
            },
        ],
    };
}
