/**
 * The names the clouds hold kubeship's resources by, and where each must be
 * unique: an EKS cluster's name in its account and region, an IAM role's in
 * its account, a GKE cluster's in its project and location, an AKS cluster's
 * in its resource group. The stacks of one repo usually deploy into one
 * account, so two stacks that would create the same name collide on a real
 * `pulumi up` (ResourceInUseException, AlreadyExists, Conflict); the offline
 * engine finds that from their renders. Pure.
 */
import type { RecordedResource } from "./engine";

/** Where a render's resources live: what the scope of a name is made of. */
export interface RenderPlace {
    stack: string;
    cloud: string;
    region?: string;
    /** GCP project. */
    project?: string;
    /** The stack whose cluster the render deploys onto: an app stack's kubeship:clusterStack (its stack name). @default stack */
    clusterStack?: string;
}

export interface PhysicalName {
    stack: string;
    type: string;
    /** The Pulumi resource's logical name, for messages. */
    resource: string;
    name: string;
    /** Where the name must be unique, e.g. `aws account, us-east-1` or `gcp project p, europe-west4`. */
    scope: string;
}

type Outputs = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Per resource type: the field that holds its name and the scope it must be
 * unique in. The mock account and subscription are one for every stack, as
 * when a repo's stacks share them. Types not listed have no name the cloud
 * keeps unique (tags, ids), or live inside a cluster that is itself unique.
 * Sources: AWS API references (CreateCluster, CreateLogGroup, CreateRole,
 * CreatePolicy, CreateLaunchTemplate, CreateOpenIDConnectProvider, CreateAlias),
 * GCP resource naming (projects.locations.clusters, compute networks,
 * subnetworks, routers, serviceAccounts), ARM (resource group names per
 * subscription; resources per resource group).
 */
const RULES: Record<string, { name: (o: Outputs) => string | undefined; scope: (o: Outputs, p: RenderPlace) => string }> = {
    "aws:eks/cluster:Cluster": { name: (o) => str(o.name), scope: (_, p) => `aws account, ${p.region}` },
    "aws:cloudwatch/logGroup:LogGroup": { name: (o) => str(o.name), scope: (_, p) => `aws account, ${p.region}` },
    "aws:ec2/launchTemplate:LaunchTemplate": { name: (o) => str(o.name), scope: (_, p) => `aws account, ${p.region}` },
    "aws:kms/alias:Alias": { name: (o) => str(o.name), scope: (_, p) => `aws account, ${p.region}` },
    "aws:iam/role:Role": { name: (o) => str(o.name), scope: () => "aws account (IAM is global)" },
    "aws:iam/policy:Policy": { name: (o) => str(o.name), scope: () => "aws account (IAM is global)" },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { name: (o) => str(o.url), scope: () => "aws account (IAM is global)" },
    // Bucket names are unique in their partition (the account-regional ones carry the account id): https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
    "aws:s3/bucket:Bucket": { name: (o) => str(o.bucket), scope: () => "aws partition (S3 bucket names are global)" },
    "gcp:container/cluster:Cluster": { name: (o) => str(o.name), scope: (o, p) => `gcp project ${str(o.project) ?? p.project}, ${str(o.location) ?? p.region}` },
    "gcp:compute/network:Network": { name: (o) => str(o.name), scope: (o, p) => `gcp project ${str(o.project) ?? p.project}` },
    "gcp:compute/subnetwork:Subnetwork": { name: (o) => str(o.name), scope: (o, p) => `gcp project ${str(o.project) ?? p.project}, ${str(o.region) ?? p.region}` },
    "gcp:compute/router:Router": { name: (o) => str(o.name), scope: (o, p) => `gcp project ${str(o.project) ?? p.project}, ${str(o.region) ?? p.region}` },
    "gcp:serviceaccount/account:Account": { name: (o) => str(o.accountId), scope: (o, p) => `gcp project ${str(o.project) ?? p.project}` },
    // Cloud Storage bucket names are global across projects: https://cloud.google.com/storage/docs/buckets#naming
    "gcp:storage/bucket:Bucket": { name: (o) => str(o.name), scope: () => "gcp (Cloud Storage bucket names are global)" },
    "azure-native:resources:ResourceGroup": { name: (o) => str(o.resourceGroupName) ?? str(o.name), scope: () => "azure subscription" },
    "azure-native:containerservice:ManagedCluster": { name: (o) => str(o.resourceName) ?? str(o.name), scope: (o) => `azure resource group ${str(o.resourceGroupName)}` },
    "azure-native:network:VirtualNetwork": { name: (o) => str(o.virtualNetworkName) ?? str(o.name), scope: (o) => `azure resource group ${str(o.resourceGroupName)}` },
    // Storage account names are global across Azure: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
    "azure-native:storage:StorageAccount": { name: (o) => str(o.accountName) ?? str(o.name), scope: () => "azure (storage account names are global)" },
    // A custom role's name is unique in its tenant: https://learn.microsoft.com/azure/role-based-access-control/custom-roles
    "azure-native:authorization:RoleDefinition": { name: (o) => str(o.roleName), scope: () => "azure tenant (custom role names)" },
    // Namespaces are cluster-scoped: two app stacks on one cluster stack's cluster must not share one.
    "kubernetes:core/v1:Namespace": { name: (o) => str((o.metadata as Outputs | undefined)?.name), scope: (_, p) => `the cluster of stack ${p.clusterStack ?? p.stack}` },
    "azure-native:managedidentity:UserAssignedIdentity": { name: (o) => str(o.resourceName) ?? str(o.name), scope: (o) => `azure resource group ${str(o.resourceGroupName)}` },
};

/** Every name of one render that its cloud keeps unique, with its scope. */
export function physicalNames(resources: readonly RecordedResource[], place: RenderPlace): PhysicalName[] {
    const out: PhysicalName[] = [];
    for (const r of resources) {
        const rule = Object.hasOwn(RULES, r.type) ? RULES[r.type] : undefined;
        // Outputs hold the name the provider used, given or generated (the mocks auto-name per stack, as Pulumi does with a random suffix).
        const state = { ...r.rawInputs, ...r.outputs };
        const name = rule?.name(state);
        if (rule && name) out.push({ stack: place.stack, type: r.type, resource: r.name, name, scope: rule.scope(state, place) });
    }
    return out;
}

export interface NameCollision {
    type: string;
    name: string;
    scope: string;
    /** Where each holder is: stack and logical resource name. */
    holders: { stack: string; resource: string }[];
}

/** Names that two resources (of one stack or of several) would both take in one scope. */
export function nameCollisions(names: readonly PhysicalName[]): NameCollision[] {
    const byKey = new Map<string, PhysicalName[]>();
    for (const n of names) {
        const key = `${n.type}\u0000${n.scope}\u0000${n.name}`;
        byKey.set(key, [...(byKey.get(key) ?? []), n]);
    }
    return [...byKey.values()].filter((ns) => ns.length > 1).map((ns) => ({
        type: ns[0].type, name: ns[0].name, scope: ns[0].scope,
        holders: ns.map((n) => ({ stack: n.stack, resource: n.resource })),
    }));
}

/** One line per collision, saying what the cloud would answer and how to fix it. */
export function formatCollision(c: NameCollision): string {
    const who = c.holders.map((h) => `${h.stack} (${h.resource})`).join(" and ");
    return `${c.type} ${JSON.stringify(c.name)} in ${c.scope} would be created by ${who}: the cloud refuses the second one; give the stacks distinct names (names carry the stack unless cluster.name pins them)`;
}
