/**
 * First-time setup on Azure: the identity the repo's GitHub workflows deploy
 * kubeship as, trusted through GitHub's OIDC issuer (no secret anywhere), and
 * the roles kubeship needs. Run once per subscription (or per environment, to
 * give prod its own identity), by someone who may assign roles there; then put
 * the outputs into the repo's variables AZURE_CLIENT_ID, AZURE_TENANT_ID and
 * AZURE_SUBSCRIPTION_ID (README "First-time setup on Azure").
 *
 * A user-assigned managed identity with federated identity credentials, not an
 * Entra app registration: app registrations are Microsoft Graph objects, which
 * only @pulumi/azuread manages, and kubeship does not depend on it. GitHub OIDC
 * works the same with a managed identity: azure/login takes its client id
 * (learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity,
 * "GitHub Actions" scenario), and so does kubelogin's workloadidentity mode.
 *
 * Sources: federated credentials, REST spec Azure/azure-rest-api-specs
 * specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json
 * @ 16c9ca7681ac3c81b41c6159d60e8bfabb32bc65 (name pattern `^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$`;
 * @pulumi/azure-native 3.28.0 managedidentity uses api 2023-01-31); issuer, audience
 * and subject forms, docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
 * ("Example subject claims") and the azure/login README.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment, RoleDefinition, getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { stackScopedName } from "../components/cluster/names";
import { DNS_ROLE } from "../components/cluster/azure/dns-identity";
import { ROLE } from "../components/cluster/azure/roles";

/** GitHub Actions' OIDC issuer, and the audience Azure expects in the token (azure/login's default). */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const AZURE_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

/**
 * Built-in roles the deploy identity holds.
 * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
export const BOOTSTRAP_ROLE = {
    /** Creates the per-stack resource groups, networks, clusters and pools. */
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    /** Creates role assignments, limited below to the roles kubeship assigns. */
    rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

/**
 * The built-in roles a kubeship cluster assigns: Network Contributor on the node subnet, AKS RBAC
 * Cluster Admin for the deployers, AcrPull for the kubelet (registries.ts), DNS Zone Contributor
 * and Reader for external-dns (dns-identity.ts). With `appIdentities: false` these are all the
 * deploy identity may assign.
 */
export const KUBESHIP_ASSIGNS = [ROLE.networkContributor, ROLE.aksRbacClusterAdmin, ROLE.acrPull, DNS_ROLE.dnsZoneContributor, DNS_ROLE.reader] as const;

/**
 * The roles that administer role assignments, which the deploy identity may never assign:
 * Owner, User Access Administrator and Role Based Access Control Administrator, Microsoft's
 * list for "Allow most roles, but don't allow others to assign roles"
 * (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples),
 * ids from learn.microsoft.com/azure/role-based-access-control/built-in-roles.
 */
export const PRIVILEGED_ROLES = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    rbacAdministrator: BOOTSTRAP_ROLE.rbacAdministrator,
} as const;

/**
 * What the deploy identity's custom role allows: the custom roles an app defines for its
 * buckets (`kubeship blob read|readwrite`, components/cluster/azure/app-cloud.ts), which neither
 * Contributor (its notActions hold `Microsoft.Authorization/*\/Write` and `*\/Delete`) nor the
 * RBAC Administrator role (role assignments only) allows. Operation names:
 * learn.microsoft.com/azure/role-based-access-control/permissions/management-and-governance#microsoftauthorization.
 */
export const ROLE_DEFINITION_ACTIONS = [
    "Microsoft.Authorization/roleDefinitions/read",
    "Microsoft.Authorization/roleDefinitions/write",
    "Microsoft.Authorization/roleDefinitions/delete",
] as const;

/** The custom role's definition id, a GUID stable per subscription and repository (custom role names and ids are unique in the tenant). */
export function roleDefinitionsRoleId(subscriptionId: string, repository: string): string {
    const h = createHash("sha256").update(`kubeship-deploy-role-definitions/${subscriptionId.toLowerCase()}/${repository}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An ABAC condition (version 2.0) that lets the RBAC Administrator role create and delete
 * assignments of any role but `roles`: Microsoft's "Allow most roles, but don't allow others
 * to assign roles" form; `ForAnyOfAllValues:GuidNotEquals` is one of the operators of the
 * RoleDefinitionId attribute (learn.microsoft.com/azure/role-based-access-control/conditions-authorization-actions-attributes).
 */
export function allRolesBut(roles: readonly string[]): string {
    const ids = roles.join(", ");
    return [
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${ids}}))`,
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${ids}}))`,
    ].join(" AND ");
}

/**
 * An ABAC condition (version 2.0) that lets the Role Based Access Control
 * Administrator create and delete assignments of `roles` only, so the deploy
 * identity can never grant itself (or anyone) Owner. The form is Microsoft's
 * "Constrain roles" example (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples).
 */
export function onlyTheseRoles(roles: readonly string[]): string {
    const ids = roles.join(", ");
    return [
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
    ].join(" AND ");
}

export interface AzureBootstrapArgs {
    /** The GitHub repository, `owner/name`. */
    repository: string;
    /** Region of the identity and its resource group, e.g. westeurope. */
    location: string;
    /**
     * GitHub environments whose jobs may deploy: subject `repo:<owner>/<name>:environment:<env>`.
     * @default ["production"] (deploy.yml's prod job)
     */
    environments?: string[];
    /**
     * Branches whose jobs without an environment may deploy: subject `repo:<owner>/<name>:ref:refs/heads/<branch>`.
     * @default ["main"] (deploy.yml's dev and staging jobs)
     */
    branches?: string[];
    /**
     * Whether pull_request jobs (preview.yml) get a token: subject `repo:<owner>/<name>:pull_request`.
     * Give previews their own, read-only identity where that matters (`pullRequests: false` here).
     * @default true
     */
    pullRequests?: boolean;
    /**
     * Let the stacks deploy workload identities and buckets (`identity`, `uses`, `app.buckets`):
     * the identity may then define custom roles (a custom role of its own, ROLE_DEFINITION_ACTIONS)
     * and assign any role but Owner, User Access Administrator, RBAC Administrator and that custom
     * role. `false` keeps it to the built-in roles a cluster assigns (KUBESHIP_ASSIGNS) and no role
     * definitions: stacks with workload identities then cannot deploy with it.
     * @default true
     */
    appIdentities?: boolean;
}

export interface AzureBootstrapOutputs {
    /** AZURE_CLIENT_ID: the identity's client id (azure/login, ARM_CLIENT_ID, kubelogin). */
    clientId: pulumi.Output<string>;
    /** AZURE_TENANT_ID. */
    tenantId: pulumi.Output<string>;
    /** AZURE_SUBSCRIPTION_ID: where the roles were granted. */
    subscriptionId: pulumi.Output<string>;
    /** The identity's object id: `cluster.azure.deployer.principalId` (type ServicePrincipal), or add it to an admin group. */
    principalId: pulumi.Output<string>;
    /** The federated subjects trusted, for the record. */
    subjects: string[];
}

const GITHUB_REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
/** Federated credentials per user-assigned identity (entra-docs workload-identity-federation-considerations.md). */
const MAX_CREDENTIALS = 20;

/** The subjects GitHub puts in its OIDC tokens for these jobs, each with a credential name Azure accepts. */
export function githubSubjects(args: Pick<AzureBootstrapArgs, "repository" | "environments" | "branches" | "pullRequests">): { name: string; subject: string }[] {
    if (!GITHUB_REPOSITORY.test(args.repository)) throw new Error(`repository must be "owner/name", got ${JSON.stringify(args.repository)}`);
    const count = (args.environments ?? ["production"]).length + (args.branches ?? ["main"]).length + (args.pullRequests ?? true ? 1 : 0);
    if (count > MAX_CREDENTIALS) throw new Error(`an identity takes at most ${MAX_CREDENTIALS} federated credentials, got ${count}; bootstrap a second identity (e.g. one for prod)`);
    const repo = `repo:${args.repository}`;
    const named = (kind: string, value: string, subject: string) => {
        const safe = value.replace(/[^A-Za-z0-9-_]+/g, "-").slice(0, 80);
        const hash = createHash("sha256").update(subject).digest("hex").slice(0, 6);
        return { name: `github-${kind}-${safe}-${hash}`, subject };
    };
    return [
        ...(args.environments ?? ["production"]).map((env) => named("env", env, `${repo}:environment:${env}`)),
        ...(args.branches ?? ["main"]).map((branch) => named("branch", branch, `${repo}:ref:refs/heads/${branch}`)),
        ...(args.pullRequests ?? true ? [{ name: "github-pull-request", subject: `${repo}:pull_request` }] : []),
    ];
}

/**
 * Creates the deploy identity. `opts` may carry a provider for another
 * subscription; the roles are granted on the subscription the provider uses:
 * kubeship creates a resource group per stack, which a resource-group-scoped
 * Contributor cannot do.
 */
export function azureBootstrap(args: AzureBootstrapArgs, opts: pulumi.CustomResourceOptions = {}): AzureBootstrapOutputs {
    const subjects = githubSubjects(args);
    const base = `kubeship-deploy-${args.repository.split("/")[1]}`;
    const group = new ResourceGroup("kubeship-deploy", {
        resourceGroupName: stackScopedName(base, undefined, 90),
        location: args.location,
        tags: { "managed-by": "kubeship", purpose: "github-deploy-identity" },
    }, opts);
    const identity = new UserAssignedIdentity("kubeship-deploy", {
        resourceGroupName: group.name,
        // 3-128 letters, digits, '-' and '_' (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity).
        resourceName: stackScopedName(base, undefined, 128),
        location: args.location,
        tags: { "managed-by": "kubeship", repository: args.repository },
    }, opts);

    // "Creating multiple federated identity credentials under the same user-assigned managed
    // identity concurrently ... causes requests to fail with 409-conflict" (MicrosoftDocs/entra-docs
    // docs/workload-id/workload-identity-federation-considerations.md @ 03ffb81c, which also caps an
    // identity at 20 credentials and one audience): each waits for the one before.
    let previous: pulumi.Resource | undefined;
    for (const { name, subject } of subjects) {
        previous = new FederatedIdentityCredential(`kubeship-deploy-${name}`, {
            resourceGroupName: group.name,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: name,
            issuer: GITHUB_ISSUER,
            audiences: [AZURE_TOKEN_AUDIENCE],
            subject,
        }, { ...opts, dependsOn: previous ? [previous] : [] });
    }

    const client = getClientConfigOutput({ provider: opts.provider, parent: opts.parent });
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
    const role = (id: string) => pulumi.interpolate`${subscription}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    new RoleAssignment("kubeship-deploy-contributor", {
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: role(BOOTSTRAP_ROLE.contributor),
        scope: subscription,
        description: `kubeship deploys from ${args.repository}: resource groups, networks, AKS clusters.`,
    }, opts);
    const appIdentities = args.appIdentities ?? true;
    // The custom role's own id, for the condition below: the identity must not hand it on.
    const definitionsRoleId = client.subscriptionId.apply((s) => roleDefinitionsRoleId(s, args.repository));
    new RoleAssignment("kubeship-deploy-role-assignments", {
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: role(BOOTSTRAP_ROLE.rbacAdministrator),
        scope: subscription,
        condition: appIdentities
            ? definitionsRoleId.apply((id) => allRolesBut([...Object.values(PRIVILEGED_ROLES), id]))
            : onlyTheseRoles(KUBESHIP_ASSIGNS),
        conditionVersion: "2.0",
        description: appIdentities
            ? `kubeship deploys from ${args.repository}: may assign any role but Owner, User Access Administrator, RBAC Administrator and its own role definitions role.`
            : `kubeship deploys from ${args.repository}: may assign the roles a kubeship cluster assigns only.`,
    }, opts);
    if (appIdentities) {
        // Custom role definitions replicate eventually (Azure/azure-rest-api-specs#2135): the assignment may
        // need a second `pulumi up` of the bootstrap if it fails with RoleDefinitionDoesNotExist.
        const definitions = new RoleDefinition("kubeship-deploy-role-definitions", {
            roleDefinitionId: definitionsRoleId,
            roleName: client.subscriptionId.apply((s) => `kubeship deploy role definitions ${roleDefinitionsRoleId(s, args.repository).slice(0, 8)}`),
            roleType: "CustomRole",
            description: `kubeship deploys from ${args.repository}: defines the custom blob roles of the apps' buckets.`,
            scope: subscription,
            assignableScopes: [subscription],
            permissions: [{ actions: [...ROLE_DEFINITION_ACTIONS], notActions: [], dataActions: [], notDataActions: [] }],
        }, opts);
        new RoleAssignment("kubeship-deploy-role-definitions", {
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: definitions.id,
            scope: subscription,
            description: `kubeship deploys from ${args.repository}: custom role definitions (bucket roles).`,
        }, opts);
    }

    return {
        clientId: identity.clientId,
        tenantId: identity.tenantId,
        subscriptionId: client.subscriptionId,
        principalId: identity.principalId,
        subjects: subjects.map((s) => s.subject),
    };
}
