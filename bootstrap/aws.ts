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
import type { PolicyDocument } from "../components/cluster/aws/policies";
import { deployPermissions } from "./aws-permissions";

export { defaultWorkloadPolicyArns, deployPermissions, kubeshipBucketArns, PASS_ROLE_TO } from "./aws-permissions";

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
