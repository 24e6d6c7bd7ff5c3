/**
 * First-time setup on GCP (issue 11, §4): what the repo's deploy workflow needs
 * before its first run, created once by someone who may administer the project.
 *
 * - a workload identity pool and an OIDC provider that trust GitHub's token issuer,
 *   admitting only the given repository (attribute condition);
 * - a deploy service account, which that repository may impersonate
 *   (`roles/iam.workloadIdentityUser` for the repository's principalSet) and which
 *   holds the roles kubeship needs in each project the stacks deploy into;
 * - the values for the repo's Actions variables (`GCP_WORKLOAD_IDENTITY_PROVIDER`,
 *   `GCP_SERVICE_ACCOUNT`, read by .github/workflows/deploy.yml).
 *
 * Plain `@pulumi/gcp` resources, so it renders offline under the repo's mocks.
 * The setup follows google-github-actions/auth README ("Workload Identity
 * Federation through a Service Account") at 3b2dd40f9a6c5ad4eb4e5533e8f5ff372e438c78.
 */
import * as pulumi from "@pulumi/pulumi";
import { WorkloadIdentityPool } from "@pulumi/gcp/iam/workloadIdentityPool";
import { WorkloadIdentityPoolProvider } from "@pulumi/gcp/iam/workloadIdentityPoolProvider";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Service } from "@pulumi/gcp/projects/service";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount/iammember";
import { roleSlug } from "../components/cluster/gcp/node-identity";
import { LEGACY_NODE_SERVICE_ACCOUNT_ROLES, NODE_SERVICE_ACCOUNT_ROLES } from "../components/cluster/gcp/resolve";

export interface GcpBootstrapArgs {
    /** The project that holds the pool, the provider and the deploy service account. */
    project: string;
    /** The GitHub repository allowed to deploy, `owner/name` as GitHub spells it (the token's `repository` claim is compared exactly). */
    repository: string;
    /**
     * The projects the stacks deploy into (`cluster.gcp.project` of each stack); the deploy
     * service account gets kubeship's roles in each.
     * @default [project]
     */
    deployProjects?: string[];
    /** Workload identity pool id, 4 to 32 of `[a-z0-9-]`. @default "github" */
    poolId?: string;
    /** Provider id in the pool, 4 to 32 of `[a-z0-9-]`. @default "github-actions" */
    providerId?: string;
    /** The deploy service account's id, 6 to 30 characters. @default "kubeship-deploy" */
    serviceAccountId?: string;
    /**
     * The project roles the apps' workloads may be granted (`identity.gcp.roles` of every stack
     * that deploys into `deployProjects`): the deploy account may grant these and kubeship's node
     * roles, nothing else. A role a stack names that is not listed here fails that stack's `up`
     * with a permission error; add it and run the bootstrap again. Never an owner, editor, IAM
     * admin or service-account role (GRANT_NEVER).
     * @default [] (workloads get bucket access through `uses` only)
     */
    workloadRoles?: string[];
}

export interface GcpBootstrapOutputs {
    /** The provider's resource name, `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. */
    workloadIdentityProvider: pulumi.Output<string>;
    serviceAccountEmail: pulumi.Output<string>;
    /** The repo's Actions variables, by the names the deploy workflow reads. */
    repositoryVariables: pulumi.Output<{ GCP_WORKLOAD_IDENTITY_PROVIDER: string; GCP_SERVICE_ACCOUNT: string }>;
}

/** GitHub Actions' OIDC token issuer. https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Claims of GitHub's token mapped to attributes: a claim must be mapped before a
 * condition or a principalSet can use it (google-github-actions/auth README).
 * `google.subject` is `repo:<owner>/<name>:ref:…` (audit logs); `actor` is who triggered the run.
 */
export const GITHUB_ATTRIBUTE_MAPPING = {
    "google.subject": "assertion.sub",
    "attribute.actor": "assertion.actor",
    "attribute.repository": "assertion.repository",
    "attribute.repository_owner": "assertion.repository_owner",
} as const;

/**
 * APIs the federation itself calls, in the bootstrap project: IAM, Security Token
 * Service (token exchange), IAM Service Account Credentials (the access token of
 * the deploy account) and Resource Manager (project IAM policies).
 * https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines
 */
export const BOOTSTRAP_APIS = [
    "iam.googleapis.com",
    "sts.googleapis.com",
    "iamcredentials.googleapis.com",
    "cloudresourcemanager.googleapis.com",
] as const;

export interface DeployRole {
    role: string;
    /** What kubeship does with it (README "GCP": deploy permissions). */
    why: string;
    /** An IAM condition that narrows it, when there is one. */
    condition?: { title: string; description: string; expression: string };
}

/**
 * Roles the deploy account may never grant, whatever `workloadRoles` says: each would let
 * whoever holds it change the project's IAM policy, define roles, or act as (or mint keys and
 * tokens of) any service account, so granting one would undo the limit below.
 * https://cloud.google.com/iam/docs/roles-permissions/iam, …/resourcemanager, and the basic roles
 * (https://cloud.google.com/iam/docs/roles-overview#basic).
 */
export const GRANT_NEVER: readonly string[] = [
    "roles/owner", "roles/editor",
    "roles/resourcemanager.projectIamAdmin", "roles/iam.securityAdmin", "roles/iam.roleAdmin", "roles/iam.organizationRoleAdmin",
    "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountKeyAdmin", "roles/iam.serviceAccountOpenIdTokenCreator", "roles/iam.workloadIdentityUser",
    "roles/iam.workloadIdentityPoolAdmin", "roles/iam.denyAdmin",
];

/**
 * What `roles/resourcemanager.projectIamAdmin` may grant and revoke: the node service
 * account's roles (and the legacy ones an upgrade revokes) and the workloads' roles. The
 * form is Google's ("Set limits on granting roles",
 * https://cloud.google.com/iam/docs/setting-limits-on-granting-roles): `hasOnly` holds when
 * every role a policy change adds or removes is in the list.
 */
export function grantableRolesCondition(workloadRoles: readonly string[] = []): NonNullable<DeployRole["condition"]> {
    const roles = [...new Set([...NODE_SERVICE_ACCOUNT_ROLES, ...LEGACY_NODE_SERVICE_ACCOUNT_ROLES, ...workloadRoles])];
    const expression = `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${roles.map((r) => `'${r}'`).join(", ")}])`;
    return workloadRoles.length === 0
        ? { title: "kubeship node roles only", description: "May grant and revoke only the node service account's roles (and the legacy ones an upgrade revokes).", expression }
        : {
            title: "kubeship node and workload roles only",
            description: "May grant and revoke only the node service account's roles (and the legacy ones an upgrade revokes) and the workloads' roles the bootstrap lists.",
            expression,
        };
}

/**
 * The roles the deploy service account holds in each deploy project: what a GKE
 * stack and its apps' buckets and workload grants create, and nothing that no stack needs.
 * https://cloud.google.com/iam/docs/roles-permissions/container and …/compute, …/iam,
 * …/serviceusage, …/resourcemanager, …/storage; the condition: grantableRolesCondition.
 */
export function deployRoles(workloadRoles: readonly string[] = []): DeployRole[] {
    return DEPLOY_ROLES.map((r) => (r.condition ? { ...r, condition: grantableRolesCondition(workloadRoles) } : r));
}

export const DEPLOY_ROLES: readonly DeployRole[] = [
    { role: "roles/container.admin", why: "the cluster and its node pools, and every Kubernetes object (container.clusters.connect admits it to the DNS endpoint)" },
    { role: "roles/compute.networkAdmin", why: "the VPC, subnetwork, Cloud Router and Cloud NAT" },
    { role: "roles/iam.serviceAccountAdmin", why: "the node service account" },
    { role: "roles/iam.serviceAccountUser", why: "create the cluster and pools with the node service account (actAs)" },
    { role: "roles/serviceusage.serviceUsageAdmin", why: "switch on the compute, container, iam, cloudresourcemanager and storage APIs" },
    {
        role: "roles/resourcemanager.projectIamAdmin",
        why: "grant the node service account its roles and the workloads theirs (identity.gcp.roles), and only those",
        condition: grantableRolesCondition(),
    },
    // app.buckets (components/cluster/gcp/app-cloud.ts): create, update and delete buckets
    // (storage.buckets.*), set their IAM policies for the workloads' grants
    // (storage.buckets.setIamPolicy), and empty a dev bucket on destroy (storage.objects.list,
    // .delete; forceDestroy). No predefined role holds the bucket permissions without the object
    // ones (https://cloud.google.com/storage/docs/access-control/iam-roles).
    { role: "roles/storage.admin", why: "the apps' buckets, their settings and IAM policies; emptying a dev bucket on destroy" },
];

/** GitHub's names: owner 1-39 of `[A-Za-z0-9-]`, repository 1-100 of `[A-Za-z0-9._-]`. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** GCP project ids: 6-30, a letter first, no trailing hyphen. */
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Pool and provider ids: 4-32 of `[a-z0-9-]`; the `gcp-` prefix is reserved. */
const POOL_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;
const ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
/** A predefined role, or a custom role of a project or an organization (https://cloud.google.com/iam/docs/roles-overview). */
const ROLE_NAME = /^(roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]{3,64}|organizations\/\d+\/roles\/[A-Za-z0-9_.]{3,64})$/;

/** Every problem with the arguments, one line each; empty when they are usable. */
export function gcpBootstrapProblems(args: GcpBootstrapArgs): string[] {
    const problems: string[] = [];
    const check = (ok: boolean, line: string) => { if (!ok) problems.push(line); };
    check(REPOSITORY.test(args.repository), `repository: must be a GitHub repository "owner/name", got ${JSON.stringify(args.repository)}`);
    for (const [key, value] of [["project", args.project], ...(args.deployProjects ?? []).map((p, i) => [`deployProjects[${i}]`, p])]) {
        check(PROJECT.test(value), `${key}: must be a GCP project id (6-30 of a-z, 0-9 and -), got ${JSON.stringify(value)}`);
    }
    check(args.deployProjects === undefined || args.deployProjects.length > 0, "deployProjects: must name at least one project, got []; leave it out to deploy into project");
    for (const [key, value] of [["poolId", args.poolId], ["providerId", args.providerId]] as const) {
        check(value === undefined || POOL_ID.test(value), `${key}: must be 4-32 of a-z, 0-9 and -, not starting with "gcp-", got ${JSON.stringify(value)}`);
    }
    check(args.serviceAccountId === undefined || ACCOUNT_ID.test(args.serviceAccountId), `serviceAccountId: must be 6-30 of a-z, 0-9 and -, starting with a letter, got ${JSON.stringify(args.serviceAccountId)}`);
    (args.workloadRoles ?? []).forEach((role, i) => {
        if (typeof role !== "string" || !ROLE_NAME.test(role)) {
            problems.push(`workloadRoles[${i}]: must be a role name such as roles/pubsub.subscriber or projects/<project>/roles/<id>, got ${JSON.stringify(role)}`);
        } else if (GRANT_NEVER.includes(role)) {
            problems.push(`workloadRoles[${i}]: ${role} would let whoever gets it change IAM or act as any service account, so the deploy account may never grant it; give a workload a narrower role, got ${JSON.stringify(role)}`);
        }
    });
    return problems;
}

/** The attribute condition that admits only `repository` into the pool. */
export function repositoryCondition(repository: string): string {
    return `assertion.repository == '${repository}'`;
}

/**
 * Creates the federation and the deploy identity (see the file's comment).
 * Throws a RunError listing every problem with `args` before registering anything.
 */
export function gcpBootstrap(name: string, args: GcpBootstrapArgs, opts?: pulumi.CustomResourceOptions): GcpBootstrapOutputs {
    const problems = gcpBootstrapProblems(args);
    if (problems.length) throw new pulumi.RunError(`invalid bootstrap arguments:\n${problems.join("\n")}`);
    const { project, repository } = args;
    const deployProjects = [...new Set(args.deployProjects ?? [project])];

    const apis = BOOTSTRAP_APIS.map((api) => new Service(`${name}-api-${api.split(".")[0]}`, {
        project, service: api, disableOnDestroy: false, disableDependentServices: false,
    }, opts));
    const afterApis = { ...opts, dependsOn: apis };

    // A deleted pool or provider is kept for 30 days and its id cannot be reused meanwhile.
    const pool = new WorkloadIdentityPool(`${name}-pool`, {
        project,
        workloadIdentityPoolId: args.poolId ?? "github",
        displayName: "GitHub Actions",
        description: `GitHub Actions of ${repository} (kubeship bootstrap)`,
    }, afterApis);
    const provider = new WorkloadIdentityPoolProvider(`${name}-provider`, {
        project,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: args.providerId ?? "github-actions",
        displayName: "GitHub Actions OIDC",
        description: `Tokens of ${repository} only`,
        // Always admit only what is meant to deploy: the pool trusts this repository and no other.
        attributeCondition: repositoryCondition(repository),
        attributeMapping: { ...GITHUB_ATTRIBUTE_MAPPING },
        oidc: { issuerUri: GITHUB_ISSUER },
    }, afterApis);

    const deployer = new Account(`${name}-deployer`, {
        project,
        accountId: args.serviceAccountId ?? "kubeship-deploy",
        displayName: "kubeship deploy",
        description: `Deploys kubeship stacks from GitHub Actions of ${repository}`,
    }, afterApis);
    // The repository's workflows may impersonate the deploy account (and nothing else may).
    new ServiceAccountIAMMember(`${name}-deployer-wif`, {
        serviceAccountId: deployer.name,
        role: "roles/iam.workloadIdentityUser",
        member: pulumi.interpolate`principalSet://iam.googleapis.com/${pool.name}/attribute.repository/${repository}`,
    }, afterApis);

    for (const target of deployProjects) {
        for (const r of deployRoles(args.workloadRoles)) {
            new ProjectIAMMember(`${name}-${target}-${roleSlug(r.role)}`, {
                project: target,
                role: r.role,
                member: deployer.member,
                condition: r.condition,
            }, afterApis);
        }
    }

    return {
        workloadIdentityProvider: provider.name,
        serviceAccountEmail: deployer.email,
        repositoryVariables: pulumi.all([provider.name, deployer.email]).apply(([p, e]) => ({ GCP_WORKLOAD_IDENTITY_PROVIDER: p, GCP_SERVICE_ACCOUNT: e })),
    };
}
