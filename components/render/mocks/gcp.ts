/**
 * Mock gcp provider outputs for the resources and calls kubeship uses: ids and
 * self links in the real formats, a public or private cluster endpoint, a CA,
 * service account emails. Deterministic (ctx.hash), never random or time-based.
 */
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { datedCatalog, gkeEngineVersionsAnswer, minorOf } from "../../cluster/versions";
import { type CloudMocks, type MockContext, fakeCaData } from "./context";

type Obj = Record<string, any>;

const COMPUTE = "https://www.googleapis.com/compute/v1";
const CONTAINER = "https://container.googleapis.com/v1";

/** Projects of the explicit gcp providers of each render, by provider id, for resources that omit `project`. */
const providerProjects = new WeakMap<MockContext, Map<string, { project?: string; region?: string }>>();

export const gcpMocks: CloudMocks = {
    resource(args, ctx) {
        if (args.type === "pulumi:providers:gcp") {
            const id = `${args.name}-${ctx.hash(12, "id", args.type, args.name)}`;
            const known = providerProjects.get(ctx) ?? new Map();
            known.set(id, { project: args.inputs?.project, region: args.inputs?.region });
            providerProjects.set(ctx, known);
            return { id, state: {} };
        }
        if (!args.type.startsWith("gcp:")) return undefined;
        const inputs: Obj = args.inputs ?? {};
        const fromProvider = providerOf(args, ctx);
        const project: string = inputs.project ?? fromProvider?.project ?? "mock-project";
        const region: string = inputs.region ?? fromProvider?.region ?? ctx.region;
        const name: string = inputs.name ?? `${args.name}-${ctx.hash(7, args.type, args.name)}`;
        const build = BUILDERS[args.type];
        if (!build) return { state: { name, project } };
        return build({ inputs, name, project, region, ctx, logical: args.name });
    },
    call(args, ctx) {
        // The project's number, as Cloud Resource Manager returns it (app-cloud.ts names Workload Identity principals by it).
        if (args.token === "gcp:organizations/getProject:getProject") {
            const projectId = String(args.inputs?.projectId ?? "mock-project");
            return { id: `projects/${projectId}`, projectId, name: projectId, number: numericId(ctx, 12, projectId), labels: {}, effectiveLabels: {}, pulumiLabels: {}, tags: {} };
        }
        // From the dated catalog, in GKE's format: the same versions `kubeship validate` uses.
        if (args.token !== "gcp:container/getEngineVersions:getEngineVersions") return undefined;
        return gkeEngineVersionsAnswer(String(args.inputs?.project ?? "mock-project"), String(args.inputs?.location ?? ""));
    },
};

/** The version GKE runs for a minimum master version: the newest valid patch of that minor (else the REGULAR default). */
function gkeVersionFor(minMasterVersion: unknown): string {
    const catalog = datedCatalog("gcp");
    const valid = catalog.validMasterVersions ?? [];
    const wanted = typeof minMasterVersion === "string" ? minorOf(minMasterVersion) : undefined;
    return valid.filter((v) => minorOf(v) === wanted).at(-1) ?? catalog.channelDefaults?.REGULAR ?? valid.at(-1) ?? "";
}

interface BuildArgs { inputs: Obj; name: string; project: string; region: string; ctx: MockContext; logical: string }
type Builder = (a: BuildArgs) => { id: string; state: Obj };

const BUILDERS: Record<string, Builder> = {
    "gcp:compute/network:Network": ({ name, project, ctx }) => {
        const id = `projects/${project}/global/networks/${name}`;
        return { id, state: { name, project, selfLink: `${COMPUTE}/${id}`, numericId: numericId(ctx, 19, id) } };
    },
    "gcp:compute/subnetwork:Subnetwork": ({ inputs, name, project, region }) => {
        const id = `projects/${project}/regions/${region}/subnetworks/${name}`;
        return { id, state: { name, project, region, selfLink: `${COMPUTE}/${id}`, gatewayAddress: firstHost(inputs.ipCidrRange) } };
    },
    "gcp:compute/router:Router": ({ name, project, region }) => {
        const id = `projects/${project}/regions/${region}/routers/${name}`;
        return { id, state: { name, project, region, selfLink: `${COMPUTE}/${id}` } };
    },
    "gcp:compute/routerNat:RouterNat": ({ inputs, name, project, region }) => ({
        id: `${project}/${region}/${lastSegment(inputs.router)}/${name}`,
        state: { name, project, region },
    }),
    "gcp:serviceaccount/account:Account": ({ inputs, project, ctx, logical }) => {
        const accountId: string = inputs.accountId ?? `${logical}`.slice(0, 30);
        const email = `${accountId}@${project}.iam.gserviceaccount.com`;
        const id = `projects/${project}/serviceAccounts/${email}`;
        return { id, state: { accountId, project, email, member: `serviceAccount:${email}`, name: id, uniqueId: numericId(ctx, 21, email) } };
    },
    "gcp:projects/iAMMember:IAMMember": ({ inputs, project, ctx }) => ({
        id: `${project}/${inputs.role}/${inputs.member}`,
        state: { etag: `BwY${ctx.hash(10, "etag", project, String(inputs.role), String(inputs.member))}=` },
    }),
    "gcp:serviceaccount/iAMMember:IAMMember": ({ inputs, ctx }) => ({
        id: `${inputs.serviceAccountId}/${inputs.role}/${inputs.member}`,
        state: { etag: `BwY${ctx.hash(10, "etag", String(inputs.serviceAccountId), String(inputs.role), String(inputs.member))}=` },
    }),
    // Cloud Storage (app-cloud.ts): the id is the name; the location comes back in capitals.
    "gcp:storage/bucket:Bucket": ({ inputs, name, project }) => ({
        id: name,
        state: {
            name, project,
            location: String(inputs.location ?? "US").toUpperCase(),
            url: `gs://${name}`,
            selfLink: `https://www.googleapis.com/storage/v1/b/${name}`,
            storageClass: inputs.storageClass ?? "STANDARD",
            publicAccessPrevention: inputs.publicAccessPrevention ?? "inherited",
            softDeletePolicy: { retentionDurationSeconds: 604800 },
        },
    }),
    "gcp:storage/bucketIAMMember:BucketIAMMember": ({ inputs, ctx }) => ({
        id: `b/${inputs.bucket}/${inputs.role}/${inputs.member}`,
        state: { etag: `CA${ctx.hash(4, "etag", String(inputs.bucket), String(inputs.role), String(inputs.member))}=` },
    }),
    // Workload identity federation (bootstrap/gcp.ts): resource names carry the project *number*.
    "gcp:iam/workloadIdentityPool:WorkloadIdentityPool": ({ inputs, project, ctx }) => {
        const id = `projects/${numericId(ctx, 12, project)}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`;
        return { id: `projects/${project}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`, state: { name: id, state: "ACTIVE", mode: "FEDERATION_ONLY" } };
    },
    "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider": ({ inputs, project, ctx }) => {
        const path = `locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}`;
        return { id: `projects/${project}/${path}`, state: { name: `projects/${numericId(ctx, 12, project)}/${path}`, state: "ACTIVE" } };
    },
    "gcp:container/cluster:Cluster": ({ inputs, name, project, ctx }) => {
        const location: string = inputs.location;
        const id = `projects/${project}/locations/${location}/clusters/${name}`;
        const n = Number.parseInt(ctx.hash(6, "endpoint", id), 16);
        const publicIp = `34.${(n >> 16) & 127}.${(n >> 8) & 255}.${(n & 253) + 2}`;
        const privateIp = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 253) + 2}`;
        const privateEndpoint = inputs.privateClusterConfig?.enablePrivateEndpoint === true;
        const version = gkeVersionFor(inputs.minMasterVersion);
        clusterVersions.set(id, version);
        return {
            id,
            state: {
                name, project, location,
                selfLink: `${CONTAINER}/${id}`,
                endpoint: privateEndpoint ? privateIp : publicIp,
                masterAuth: { clusterCaCertificate: fakeCaData(ctx, id), clientCertificate: "", clientKey: "", clientCertificateConfig: { issueClientCertificate: false } },
                privateClusterConfig: { ...(inputs.privateClusterConfig ?? {}), privateEndpoint: privateIp, publicEndpoint: privateEndpoint ? "" : publicIp },
                // GKE gives every cluster a DNS endpoint, `gke-<hex>-<project number>.<location>.gke.goog`
                // (the format gcloud's --dns-endpoint kubeconfigs point at); whether it takes
                // traffic from outside Google Cloud is the input.
                controlPlaneEndpointsConfig: {
                    dnsEndpointConfig: {
                        ...(inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig ?? {}),
                        endpoint: `gke-${ctx.hash(32, "dns", id)}-${numericId(ctx, 12, project)}.${location}.gke.goog`,
                    },
                    ipEndpointsConfig: { enabled: true, ...(inputs.controlPlaneEndpointsConfig?.ipEndpointsConfig ?? {}) },
                },
                masterVersion: version,
                nodeVersion: version,
                labelFingerprint: ctx.hash(8, "labels", id),
                operation: null,
            },
        };
    },
    "gcp:container/nodePool:NodePool": ({ inputs, name, project, ctx }) => {
        const location: string = inputs.location;
        const cluster = lastSegment(inputs.cluster);
        const id = `projects/${project}/locations/${location}/clusters/${cluster}/nodePools/${name}`;
        const zones: string[] = inputs.nodeLocations?.length ? inputs.nodeLocations : /-[a-z]$/.test(location) ? [location] : ["b", "c", "d"].map((z) => `${location}-${z}`);
        const groups = zones.map((z) => `${COMPUTE}/projects/${project}/zones/${z}/instanceGroupManagers/gke-${cluster.slice(0, 14)}-${name.slice(0, 14)}-${ctx.hash(8, "mig", id, z)}-grp`);
        return {
            id,
            state: {
                name, project, location,
                nodeCount: inputs.initialNodeCount ?? 0,
                instanceGroupUrls: groups,
                managedInstanceGroupUrls: groups.map((g) => g.replace("instanceGroupManagers", "instanceGroups")),
                version: inputs.version ?? clusterVersions.get(`projects/${project}/locations/${location}/clusters/${cluster}`) ?? gkeVersionFor(undefined),
                operation: null,
            },
        };
    },
};

/** Versions of the clusters this render created, by id, for node pools that take their cluster's. */
const clusterVersions = new Map<string, string>();

function providerOf(args: MockResourceArgs, ctx: MockContext): { project?: string; region?: string } | undefined {
    if (!args.provider) return undefined;
    const id = args.provider.slice(args.provider.lastIndexOf("::") + 2);
    return providerProjects.get(ctx)?.get(id);
}

function lastSegment(ref: unknown): string {
    return typeof ref === "string" ? ref.slice(ref.lastIndexOf("/") + 1) : "unknown";
}

/** `10.0.0.0/20` -> `10.0.0.1`, the gateway GCP reserves. */
function firstHost(cidr: unknown): string | undefined {
    if (typeof cidr !== "string") return undefined;
    const [addr] = cidr.split("/");
    const o = addr.split(".").map(Number);
    return `${o[0]}.${o[1]}.${o[2]}.${o[3] + 1}`;
}

function numericId(ctx: MockContext, digits: number, seed: string): string {
    const hex = ctx.hash(digits, "numeric", seed);
    return `1${[...hex].map((c) => (Number.parseInt(c, 16) % 10).toString()).join("").slice(1)}`;
}
