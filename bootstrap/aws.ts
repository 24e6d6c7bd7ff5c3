/**
 * First-time setup on AWS, once per account: GitHub's OIDC identity provider and
 * the role kubeship's workflows deploy with, trusted only for this repository's
 * deploy environments (and, if asked, its pull-request previews), with the
 * permissions a kubeship EKS stack needs. Its outputs are the values the
 * repository's variables take (AWS_ROLE_ARN, AWS_REGION). Plain `@pulumi/aws`
 * resources, so it renders offline under the repo's mocks.
 *
 * Sources:
 * - GitHub OIDC on AWS: provider URL https://token.actions.githubusercontent.com,
 *   audience sts.amazonaws.com, trust on `token.actions.githubusercontent.com:sub`,
 *   `repo:ORG/REPO:environment:ENV` for jobs with an environment
 *   (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services),
 *   `repo:ORG/REPO:pull_request` for pull-request jobs
 *   (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims).
 * - No thumbprint: IAM trusts GitHub's issuer through its own root CA library.
 *   (https://github.blog/changelog/2023-07-13-github-actions-oidc-integration-with-aws-no-longer-requires-pinning-of-intermediate-tls-certificates/)
 */
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as iam from "@pulumi/aws/iam";
import { Provider } from "@pulumi/aws/provider";
import { KUBESHIP_IAM_PATH } from "../components/cluster/aws/names";
import type { PolicyDocument } from "../components/cluster/aws/policies";

export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";
/** The role the stacks' `cluster.aws.adminRoleArns` list (and the offline mocks answer as). */
export const DEFAULT_DEPLOY_ROLE = "kubeship-deployer";

export interface AwsBootstrapArgs {
    /** The GitHub repository whose workflows deploy, `owner/name`. */
    repository: string;
    /**
     * GitHub environments whose jobs may assume the role: each becomes the subject
     * `repo:<owner>/<name>:environment:<env>`. Jobs must declare `environment:`.
     */
    environments: string[];
    /**
     * Let pull-request jobs (previews) assume the role too (`repo:<owner>/<name>:pull_request`).
     * Anyone who can push a branch of the repository then holds the deploy role in a preview.
     * @default true
     */
    pullRequests?: boolean;
    /** The region the deploys run in (the AWS_REGION variable). */
    region: string;
    /** The role's name. @default "kubeship-deployer" */
    roleName?: string;
    /**
     * The account's GitHub OIDC provider, when it has one already: IAM allows one per URL,
     * so a second bootstrap (another role, e.g. prod's own) passes the first one's output.
     * @default a new provider
     */
    oidcProviderArn?: string;
    /**
     * How long a deploy's credentials last, in seconds (the workflow asks for it with
     * `role-duration-seconds`; an EKS `up` that replaces node groups can pass an hour).
     * @default 7200
     */
    maxSessionSeconds?: number;
    /**
     * The managed policies the app's workloads may be given (`identity.aws.policyArns`): IAM
     * policy ARNs, `*` allowed. The deploy role may attach these, and only these, to roles under
     * /kubeship/, besides the EKS policies kubeship's own roles use.
     * @default every AWS managed policy and every customer managed policy of the account
     */
    workloadPolicyArns?: string[];
}

export interface AwsBootstrapOutputs {
    /** The repository variable AWS_ROLE_ARN, and the ARN the stacks list in cluster.aws.adminRoleArns. */
    deployRoleArn: pulumi.Output<string>;
    /** The repository variable AWS_REGION. */
    region: string;
    oidcProviderArn: pulumi.Output<string>;
    /** The OIDC subjects the role trusts. */
    subjects: string[];
    /** Settings → Secrets and variables → Actions → Variables. */
    repositoryVariables: { AWS_ROLE_ARN: pulumi.Output<string>; AWS_REGION: string };
}

/** An IAM policy ARN, or a pattern of them: AWS's own (`iam::aws:`) or an account's. */
const POLICY_ARN = /^arn:[a-z-]+:iam::(aws|\d{12}):policy\/[\w+=,.@/*-]+$/;

/** Every problem with the arguments, one line each, naming the argument and the value. */
export function bootstrapArgProblems(args: AwsBootstrapArgs): string[] {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(args.repository ?? "")) {
        problems.push(`repository: must be the GitHub repository as owner/name, got ${JSON.stringify(args.repository)}`);
    }
    if (!Array.isArray(args.environments) || args.environments.length === 0) {
        problems.push(`environments: must list at least one GitHub environment whose jobs deploy (e.g. ["dev", "staging", "production"]), got ${JSON.stringify(args.environments)}`);
    } else {
        args.environments.forEach((env, i) => {
            // GitHub environment names: at most 255 characters; ':' would break the subject's form.
            if (typeof env !== "string" || env === "" || env.length > 255 || /[:*?]/.test(env)) {
                problems.push(`environments[${i}]: must be a GitHub environment name (no ':', '*' or '?'), got ${JSON.stringify(env)}`);
            }
        });
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region ?? "")) problems.push(`region: must be an AWS region such as us-east-1, got ${JSON.stringify(args.region)}`);
    const role = args.roleName ?? DEFAULT_DEPLOY_ROLE;
    if (!/^[\w+=,.@-]{1,64}$/.test(role)) problems.push(`roleName: must be an IAM role name (at most 64 of [A-Za-z0-9+=,.@_-]), got ${JSON.stringify(role)}`);
    const seconds = args.maxSessionSeconds ?? 7200;
    if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200) problems.push(`maxSessionSeconds: must be 3600..43200 (IAM's range), got ${seconds}`);
    if (args.workloadPolicyArns !== undefined && !Array.isArray(args.workloadPolicyArns)) {
        problems.push(`workloadPolicyArns: must be a list of IAM policy ARNs, got ${JSON.stringify(args.workloadPolicyArns)}`);
    } else {
        (args.workloadPolicyArns ?? []).forEach((arn, i) => {
            if (typeof arn !== "string" || !POLICY_ARN.test(arn)) {
                problems.push(`workloadPolicyArns[${i}]: must be an IAM policy ARN such as arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess or arn:aws:iam::123456789012:policy/*, got ${JSON.stringify(arn)}`);
            }
        });
    }
    return problems;
}

/** The OIDC subjects the role trusts. */
export function githubSubjects(repository: string, environments: readonly string[], pullRequests: boolean): string[] {
    return [...environments.map((env) => `repo:${repository}:environment:${env}`), ...(pullRequests ? [`repo:${repository}:pull_request`] : [])];
}

/** Trust: only GitHub's tokens minted for STS, and only for these subjects (exact, no wildcards). */
export function githubTrustPolicy(oidcProviderArn: string, subjects: string[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "GitHubActionsOfThisRepository",
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                    [`${GITHUB_OIDC_HOST}:sub`]: subjects,
                },
            },
        }],
    };
}

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

/** Creates the OIDC provider (unless given) and the deploy role; returns the repository's variables. */
export function bootstrapAws(args: AwsBootstrapArgs): AwsBootstrapOutputs {
    const problems = bootstrapArgProblems(args);
    if (problems.length) throw new pulumi.RunError(`invalid bootstrap settings:\n${problems.join("\n")}`);
    const roleName = args.roleName ?? DEFAULT_DEPLOY_ROLE;
    const subjects = githubSubjects(args.repository, args.environments, args.pullRequests ?? true);

    // IAM is global; the provider's region only serves the calls below and the outputs.
    const provider = new Provider("bootstrap-aws", { region: args.region });
    const opts = { provider };
    const partition = getPartitionOutput({}, opts).partition;
    const account = getCallerIdentityOutput({}, opts).accountId;

    const oidcProviderArn = args.oidcProviderArn !== undefined
        ? pulumi.output(args.oidcProviderArn)
        : new iam.OpenIdConnectProvider("github-actions", {
            url: GITHUB_OIDC_URL,
            clientIdLists: [GITHUB_OIDC_AUDIENCE],
            tags: { "kubeship:purpose": "GitHub Actions OIDC" },
        }, opts).arn;

    const role = new iam.Role("deployer", {
        // A fixed name: the stacks list this ARN in cluster.aws.adminRoleArns.
        name: roleName,
        description: `kubeship: deploys from GitHub Actions of ${args.repository}`,
        assumeRolePolicy: oidcProviderArn.apply((arn) => JSON.stringify(githubTrustPolicy(arn, subjects))),
        maxSessionDuration: args.maxSessionSeconds ?? 7200,
    }, opts);
    new iam.RolePolicy("deployer-permissions", {
        role: role.name,
        name: "kubeship-deploy",
        policy: pulumi.all([partition, account]).apply(([p, a]) => JSON.stringify(deployPermissions(p, a, args.workloadPolicyArns))),
    }, opts);

    return {
        deployRoleArn: role.arn,
        region: args.region,
        oidcProviderArn,
        subjects,
        repositoryVariables: { AWS_ROLE_ARN: role.arn, AWS_REGION: args.region },
    };
}

/**
 * The arguments from a bootstrap project's config (`pulumi config set <project>:repository
 * owner/name`, `--path 'environments[0]' dev`, ...), for an entry point that runs this.
 */
export function awsBootstrapArgsFrom(config: pulumi.Config): AwsBootstrapArgs {
    return {
        repository: config.require("repository"),
        environments: config.requireObject<string[]>("environments"),
        pullRequests: config.getBoolean("pullRequests"),
        region: config.require("region"),
        roleName: config.get("roleName"),
        oidcProviderArn: config.get("oidcProviderArn"),
        maxSessionSeconds: config.getNumber("maxSessionSeconds"),
        workloadPolicyArns: config.getObject<string[]>("workloadPolicyArns"),
    };
}
