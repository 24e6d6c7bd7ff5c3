/**
 * The platform config: one YAML file that describes a cluster and the app on it.
 *
 * This zod schema is the single source of truth. The TypeScript types below are
 * inferred from it, and `schema/kubeship.schema.json` is generated from it
 * (`kubeship schema`). Rules that span several fields live in `rules.ts`.
 */
import { z } from "zod";
import { parseCidr } from "../cluster/cidr";
import { showValue } from "./errors";
import { labelValueProblem, qualifiedNameProblem } from "./formats";
import { CPU_QUANTITY, MEMORY_QUANTITY, DNS_1123_LABEL, ENV_NAME, imagePinProblem, parseQuantity } from "./formats";
import { NOT_A_DEFAULT, partialTierSchema } from "./defaults";
import { gatewaySchema, tierHttpSchema } from "./gateway-schema";
import { jobSchemaFrom } from "./job-schema";
import { podFields } from "./pod-schema";
import { allowFromSchema, egressEntrySchema } from "./tier-network";
import { identitySchema, usesSchema } from "../backing/schema";
import { bucketSchema } from "../backing/bucket";

export const CLOUDS = ["aws", "gcp", "azure", "existing"] as const;
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const SIZES = ["small", "medium", "large", "xlarge"] as const;
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export const EXPOSURES = ["internal", "public", "internal-lb"] as const;

const dnsName = (what: string) =>
    z.string().regex(DNS_1123_LABEL, {
        message: `${what} must be a DNS-1123 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters`,
    }).max(63);

/** A zod refinement from a `problem(value)` check that returns a message or undefined. */
const refineWith = (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: value, message });
};

const count = (max: number) => z.number().int().min(0).max(max);

const cpu = z.string().regex(CPU_QUANTITY, { message: "must be a CPU quantity such as 250m, 0.5 or 2" });
const memory = z.string().regex(MEMORY_QUANTITY, { message: "must be a memory quantity such as 128Mi, 1Gi or 512M" });

/** A tier's requests when the config gives none. @default cpu 100m, memory 128Mi */
export const DEFAULT_REQUESTS = { cpu: "100m", memory: "128Mi" } as const;

/** Kubernetes stores these as int32 (UIDs, for one): a larger value is rejected by the API server. */
export const INT32_MAX = 2147483647;

// ---------------------------------------------------------------- cluster

const taint = z.strictObject({
    key: z.string().min(1).superRefine(refineWith(qualifiedNameProblem)).describe("Taint key."),
    value: z.string().superRefine(refineWith(labelValueProblem)).optional().describe("Taint value."),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).describe("What happens to pods that do not tolerate it."),
});

export const nodePoolSchema = z.strictObject({
    /** Portable machine class. @default "medium" */
    size: z.enum(SIZES).default("medium").describe("Portable machine class; see the README for the machine type on each cloud."),
    /** An explicit machine type, for one cloud (a string) or per cloud. Overrides `size`. */
    machineType: z.union([
        z.string().min(1),
        z.strictObject({
            aws: z.string().min(1).optional().describe("EC2 instance type, e.g. m7i.large."),
            gcp: z.string().min(1).optional().describe("Compute Engine machine type, e.g. n2-standard-4."),
            azure: z.string().min(1).optional().describe("VM size, e.g. Standard_D4s_v5."),
        }),
    ]).optional().describe("Explicit machine type; a string, or one per cloud ({aws, gcp, azure}). Overrides size."),
    /** Fewest nodes the autoscaler keeps. @default 1 */
    min: count(1000).default(1).describe("Fewest nodes the autoscaler keeps."),
    /** Most nodes the autoscaler may add. @default 3 */
    max: z.number().int().min(1).max(1000).default(3).describe("Most nodes the autoscaler may add."),
    /** Nodes at creation; the autoscaler owns it afterwards. @default min */
    desired: count(1000).optional().describe("Nodes at creation; ignored after creation. Defaults to min (at least 1)."),
    /** Spot / preemptible capacity. @default false */
    spot: z.boolean().default(false).describe("Use spot (AWS, Azure) or spot VMs (GCP)."),
    labels: z.record(z.string().superRefine(refineWith(qualifiedNameProblem)), z.string().superRefine(refineWith(labelValueProblem)).describe("Label value."))
        .default({}).describe("Kubernetes node labels."),
    taints: z.array(taint).default([]).describe("Kubernetes node taints."),
    /** Zones to place nodes in. @default all zones of the region */
    zones: z.array(z.string().min(1)).refine((zones) => zones.length > 0, { message: "must list at least one zone, got []; remove zones to use the default zones" }).optional().describe("Zones to place nodes in; all zones of the region by default."),
    /** Nodes added above the pool's size during a rolling replacement (GKE, AKS); on EKS, nodes replaced at a time. @default 1 */
    maxSurge: z.number().int().min(1).max(100).default(1)
        .describe("Extra nodes created during a rolling node replacement (GKE, AKS); on EKS, updateConfig.maxUnavailable: nodes of each zone's node group replaced at a time."),
    /** GiB of disk per node. @default 50 */
    diskGiB: z.number().int().min(20).max(2000).default(50).describe("Node disk size in GiB."),
}).superRefine((pool, ctx) => {
    if (pool.min > pool.max) {
        ctx.addIssue({ code: "custom", path: ["max"], input: pool.max, message: `must be >= min (${pool.min}), got ${pool.max}; raise max or lower min` });
    }
    if (pool.desired !== undefined && (pool.desired < pool.min || pool.desired > pool.max)) {
        ctx.addIssue({ code: "custom", path: ["desired"], input: pool.desired, message: `must be between min (${pool.min}) and max (${pool.max}), got ${pool.desired}` });
    }
}).describe("A node pool, autoscaled between min and max.");

/** An IPv4 network: four octets up to 255, a prefix up to /32, no host bits (clouds refuse those). */
const CIDR_SHAPE = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const cidr = z.string().regex(CIDR_SHAPE, { message: "must be an IPv4 CIDR such as 10.0.0.0/16" }).superRefine((text, ctx) => {
    const parsed = CIDR_SHAPE.test(text) ? parseCidr(text) : undefined;
    if (typeof parsed === "string") ctx.addIssue({ code: "custom", input: text, message: parsed });
});

/**
 * An Azure Container Registry's resource id. Names: registries 5–50 letters and digits; resource
 * groups 1–90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.'
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
 * ARM compares the fixed segments without regard to case.
 */
export const ACR_RESOURCE_ID = /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{0,89}[-\w()]\/providers\/Microsoft\.ContainerRegistry\/registries\/[a-zA-Z0-9]{5,50}$/i;

export const clusterSchema = z.strictObject({
    /** Cluster name. @default the app's name */
    name: dnsName("a cluster name").optional().describe("Cluster name; defaults to the app's name."),
    cloud: z.enum(CLOUDS).describe("Where the cluster runs; usually set by the stack (kubeship:cloud)."),
    /** Region; required on aws, gcp and azure. */
    region: z.string().optional().describe("Cloud region, e.g. us-east-1, europe-west4, westeurope; usually set by the stack."),
    /**
     * Kubernetes minor version, quoted ("1.N"). Checked against the cloud's version catalog.
     * @default none: the cloud's current choice (EKS: the newest minor in standard support; GKE: the release channel's default; AKS: its own default)
     * @see README "Kubernetes versions"
     */
    version: z.string().regex(/^1\.\d{2}$/, { message: "must be a Kubernetes minor version written \"1.N\", quoted" }).optional()
        .describe("Kubernetes minor version, quoted (\"1.N\"). Unset: the newest in standard support (EKS), the release channel's default (GKE), AKS's default."),
    /** Run a version past its end of standard support, at extended support's price (EKS only). @default false */
    extendedSupport: z.boolean().default(false)
        .describe("EKS: allow a version past standard support and keep the cluster on extended support (costs more per cluster-hour); refused on GKE and AKS."),
    /** dev, staging or prod; usually set by the stack. @default "dev" */
    environment: z.enum(ENVIRONMENTS).default("dev").describe("Environment; prod turns on the production guard rails."),
    nodePools: z.record(dnsName("a node pool name"), nodePoolSchema)
        .refine((pools) => Object.keys(pools).length > 0, { message: "needs at least one node pool" })
        .describe("Node pools by name."),
    network: z.strictObject({
        /** @default "10.0.0.0/16" */
        cidr: cidr.default("10.0.0.0/16").describe("Address space of the new network."),
    }).default({ cidr: "10.0.0.0/16" }).describe("The network kubeship creates (when no existing one is given)."),
    maintenance: z.strictObject({
        /** @default "sunday" */
        day: z.enum(WEEKDAYS).default("sunday").describe("Day of the weekly window (UTC)."),
        /** @default "02:00" */
        start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time of day as HH:MM (UTC), e.g. 02:00" }).default("02:00")
            .describe("Start of the window, HH:MM in UTC."),
        /** @default 4 on AKS, 12 on GKE (48 hours of availability in every 32 days) */
        hours: z.number().int().min(4).max(24).optional()
            .describe("Length of the window in hours, at least 4; default 4 on AKS and 12 on GKE, whose rule of 48 hours in every 32 days a weekly window meets only from 12."),
    }).optional().describe("Weekly window for the cloud's automatic control-plane and node upgrades (GKE maintenance policy, AKS planned maintenance); one per stack."),
    endpoint: z.strictObject({
        /** @default true */
        public: z.boolean().default(true).describe("Whether the API server has a public endpoint."),
        /** @default ["0.0.0.0/0"] in dev; prod requires explicit CIDRs */
        allowedCidrs: z.array(cidr).default(["0.0.0.0/0"]).describe("CIDRs allowed to reach a public endpoint."),
    }).default({ public: true, allowedCidrs: ["0.0.0.0/0"] }).describe("API server endpoint access."),
    aws: z.strictObject({
        vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { message: "must be a VPC id such as vpc-0abc123" }).optional()
            .describe("An existing VPC; then privateSubnetIds and publicSubnetIds are required."),
        privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id" })).optional()
            .describe("Existing private subnets for the nodes (tagged kubernetes.io/role/internal-elb=1)."),
        publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id" })).optional()
            .describe("Existing public subnets for internet load balancers (tagged kubernetes.io/role/elb=1)."),
        /**
         * Every IAM role (or user) that deploys or administers the cluster: CI's deploy role and
         * the roles people deploy with. Each gets an access entry with cluster-admin; the cluster
         * gives its creator none, and `pulumi up`/`preview` stop before creating anything when the
         * identity running them is not listed.
         * @default []
         */
        adminRoleArns: z.array(z.string().startsWith("arn:", { message: "must be an IAM role ARN" })).default([])
            .describe("IAM roles (or users) given cluster-admin through EKS access entries; list every identity that runs pulumi up (CI's deploy role, people's roles): the cluster creator gets no implicit access."),
        /**
         * Where `pulumi up` and `preview` reach the cluster's API from: `github-hosted` (GitHub's
         * runners, which have no fixed address: the public endpoint must admit 0.0.0.0/0), or the
         * CIDRs of a self-hosted runner. Private addresses (the VPC or a network connected to it)
         * reach the private endpoint, and kubeship admits them on 443; public ones must be in
         * endpoint.allowedCidrs. A prod endpoint that shuts out these sources is refused.
         * @default "github-hosted"
         * @see README "API reachability on EKS"
         */
        deployFrom: z.union([z.literal("github-hosted"), z.array(cidr).min(1, { message: "must list at least one CIDR, or be github-hosted" })]).default("github-hosted")
            .describe("Where deploys reach the API from: github-hosted (GitHub's runners; needs the public endpoint open to 0.0.0.0/0), or a self-hosted runner's CIDRs (private ones use the private endpoint, public ones must be in endpoint.allowedCidrs)."),
        /**
         * The log group `/aws/eks/<cluster>/cluster` is kept when the stack is destroyed (audit
         * logs outlive the cluster, and EKS would re-create it anyway). Set this for the first
         * `up` after a destroy, so kubeship imports it instead of failing to create it.
         * @default false
         */
        adoptLogGroup: z.boolean().default(false)
            .describe("Import the control-plane log group an earlier deployment of this stack left behind (kept on destroy) instead of creating it."),
    }).optional().describe("AWS options: an existing VPC and subnets, admin roles."),
    gcp: z.strictObject({
        project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "must be a GCP project id" }).optional()
            .describe("GCP project id; required on gcp."),
        network: z.string().optional().describe("Existing VPC network self link or name."),
        subnetwork: z.string().optional().describe("Existing subnetwork; needs secondary ranges 'pods' and 'services'."),
        /** @default true */
        regional: z.boolean().default(true).describe("A regional (3-zone) control plane and pools; false for zonal."),
    }).optional().describe("GCP options."),
    azure: z.strictObject({
        resourceGroup: z.string().optional().describe("Existing resource group name."),
        vnetSubnetId: z.string().optional().describe("Existing subnet resource id for the nodes."),
        adminGroupObjectIds: z.array(z.string().uuid({ message: "must be an Entra ID group object id (a UUID)" })).default([])
            .describe("Entra ID groups given Azure Kubernetes Service RBAC Cluster Admin; the recommended way to let people and CI deploy."),
        /** The identity `pulumi up` runs as, given cluster admin directly. @default the identity Pulumi runs as, unless adminGroupObjectIds is set */
        deployer: z.strictObject({
            principalId: z.string().uuid({ message: "must be an Entra ID object id (a UUID)" }).describe("Object id of the user, service principal, managed identity or group."),
            principalType: z.enum(["User", "ServicePrincipal", "Group"]).describe("Its kind; a managed identity is a ServicePrincipal."),
        }).optional().describe("The identity that deploys this stack, given cluster admin with its principal type. Default: whoever runs pulumi up, unless adminGroupObjectIds is set."),
        /** @default "azurecli" */
        kubeloginMode: z.enum(["azurecli", "workloadidentity", "spn", "msi"]).default("azurecli")
            .describe("How the kubeconfig's kubelogin gets Entra tokens: azurecli (az login), workloadidentity (GitHub OIDC), spn (client secret in env), msi (managed identity)."),
        /**
         * Azure Container Registries the nodes pull from: each one's kubelet identity gets AcrPull on it.
         * @default []
         */
        acr: z.array(z.string().regex(ACR_RESOURCE_ID, { message: "must be a container registry's resource id: /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name> (az acr show -n <name> --query id -o tsv)" })).optional()
            .describe("Azure Container Registries (resource ids) the nodes pull images from: the cluster's kubelet identity gets AcrPull on each. README \"Private registries\"."),
        /** @default "github-hosted" */
        deployFrom: z.enum(["github-hosted", "fixed-address", "vnet"]).default("github-hosted")
            .describe("Where pulumi up reaches the API server from: github-hosted (no fixed address), fixed-address (inside endpoint.allowedCidrs), vnet (a self-hosted runner in the cluster's network; a private cluster)."),
    }).optional().describe("Azure options."),
    existing: z.strictObject({
        /** @default "~/.kube/config" */
        kubeconfig: z.string().default("~/.kube/config").describe("Path to the kubeconfig."),
        context: z.string().optional().describe("Context in the kubeconfig; its current context by default."),
        /** @default "standard" */
        storageClass: z.string().default("standard").describe("Storage class for stateful tiers."),
    }).optional().describe("An existing cluster (kind, minikube, a company cluster)."),
}).describe("The managed cluster (or an existing one).");

// ---------------------------------------------------------------- app

const probePort = z.union([z.number().int().min(1).max(65535), z.string()]);

/** The handlers a probe may have; exactly one is set. */
export const PROBE_HANDLERS = ["http", "tcp", "grpc", "exec"] as const;

const probe = z.strictObject({
    http: z.string().startsWith("/", { message: "must be a path starting with '/'" }).optional().describe("HTTP GET path, e.g. /healthz."),
    port: probePort.optional().describe("Port number or name for http; the main port by default."),
    tcp: probePort.optional().describe("Port number or name to open a TCP connection to."),
    grpc: probePort.optional().describe("Port number or name of a gRPC server that implements the gRPC Health Checking Protocol."),
    service: z.string().min(1).optional().describe("For grpc: the service name sent in the health check request; the server's overall health when left out."),
    exec: z.array(z.string()).min(1).optional().describe("Command run in the container; exit code 0 means healthy."),
    initialDelaySeconds: count(3600).optional().describe("Seconds before the first check."),
    periodSeconds: z.number().int().min(1).max(3600).optional().describe("Seconds between checks."),
    /** @default 2 (readiness, startup), 5 (liveness) */
    timeoutSeconds: z.number().int().min(1).max(3600).optional().describe("Seconds a check may take before it counts as failed; 2 for readiness and startup, 5 for liveness by default."),
    failureThreshold: z.number().int().min(1).max(100).optional().describe("Failed checks in a row before acting."),
}).superRefine((p, ctx) => {
    const kinds = PROBE_HANDLERS.filter((k) => p[k] !== undefined);
    if (kinds.length !== 1) {
        ctx.addIssue({ code: "custom", path: [], input: p, message: `needs exactly one of http, tcp, grpc or exec, got ${kinds.length ? kinds.join(" and ") : "none"}; e.g. {http: /healthz}, {tcp: 8080} or {grpc: 9090}` });
    }
    if (p.port !== undefined && p.http === undefined) {
        ctx.addIssue({ code: "custom", path: ["port"], input: p.port, message: `only applies to an http probe, got ${String(p.port)}; for tcp or grpc put the port in tcp: or grpc:` });
    }
    if (p.service !== undefined && p.grpc === undefined) {
        ctx.addIssue({ code: "custom", path: ["service"], input: p.service, message: `only applies to a grpc probe, got ${JSON.stringify(p.service)}; remove it or use {grpc: PORT, service: ${JSON.stringify(p.service)}}` });
    }
});

/** Config files, init containers and sidecars (pod-schema.ts). */
const pod = podFields(probe);
/** A Pulumi config key, as `secrets` and `imagePullSecret` name them. */
const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** What `storage.onDestroy` may say. */
export const STORAGE_ON_DESTROY = ["retain", "delete"] as const;

const labelValue = z.string().superRefine(refineWith(labelValueProblem)).describe("Label value.");
/** Labels or annotations: qualified-name keys (the API server's rule for both). */
const metadataMap = (what: string, value: z.ZodType<string>) =>
    z.record(z.string().superRefine(refineWith(qualifiedNameProblem)).describe(`${what} key`), value.describe(`${what[0].toUpperCase()}${what.slice(1)} value.`));

const port = z.union([
    z.number().int().min(1).max(65535),
    z.strictObject({
        port: z.number().int().min(1).max(65535).describe("Port the Service listens on."),
        targetPort: z.number().int().min(1).max(65535).optional().describe("Port the container listens on; defaults to port."),
        protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("Transport protocol."),
    }),
]);

/** A tier's fields, without the checks across them; jobs (job-schema.ts) are built from these. */
export const tierFields = z.strictObject({
    image: z.string().min(1).superRefine((image, ctx) => {
        const problem = imagePinProblem(image);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: image });
    }).describe("Container image with a pinned tag or digest, e.g. redis:7.2.4."),
    command: z.array(z.string()).optional().describe("Overrides the image's entrypoint."),
    args: z.array(z.string()).optional().describe("Overrides the image's arguments."),
    ports: z.record(dnsName("a port name").max(15), port.describe("A port number, or {port, targetPort, protocol}.")).default({})
        .describe("Ports by name: `http: 8080` or `http: {port: 80, targetPort: 8080}`. The first is the main port."),
    /** Fixed replica count; mutually exclusive with autoscale. @default 2 (when autoscale is absent) */
    replicas: z.number().int().min(1).max(1000).optional().describe("Fixed replica count; leave out when autoscale is set. Default 2."),
    autoscale: z.strictObject({
        min: z.number().int().min(1).max(1000).describe("Fewest replicas."),
        max: z.number().int().min(1).max(1000).describe("Most replicas."),
        /** @default 70 */
        cpu: z.number().int().min(1).max(100).optional().describe("Target average CPU utilization (%). Default 70 when memory is unset."),
        memory: z.number().int().min(1).max(100).optional().describe("Target average memory utilization (%)."),
        scaleDownStabilizationSeconds: count(3600).optional().describe("Seconds of lower recommendations before scaling down."),
    }).superRefine((a, ctx) => {
        if (a.min > a.max) {
            ctx.addIssue({ code: "custom", path: ["max"], input: a.max, message: `must be >= min (${a.min}), got ${a.max}; raise max or lower min` });
        }
    }).optional().describe("A HorizontalPodAutoscaler; the workload then has no fixed replicas."),
    /** Exactly one replica by design (a leader, a single-writer store). @default false */
    singleton: z.boolean().default(false)
        .describe("Exactly one replica by design (a leader, a single-writer store); exempt from the prod two-replica rule."),
    /** @default "internal" */
    expose: z.enum(EXPOSURES).default("internal")
        .describe("internal: ClusterIP; public: an internet load balancer (a tier with http is reached through the app's gateway instead); internal-lb: a private load balancer."),
    http: tierHttpSchema.optional(),
    env: z.record(z.string().regex(ENV_NAME, { message: "must be an environment variable name" }), z.union([z.string(), z.number(), z.boolean()]).describe("Value; may reference other tiers."))
        .default({}).describe("Environment variables; ${tier.host}, ${tier.port} and ${tier.url} name other tiers."),
    secrets: z.record(z.string().regex(ENV_NAME, { message: "must be an environment variable name" }),
        z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { message: "must be a Pulumi config key" }).describe("Secret config key: pulumi config set --secret kubeship:<key>."))
        .default({}).describe("Environment variables read from Pulumi secret config: ENV: configKey."),
    resources: z.strictObject({
        /** @default "100m" */
        cpu: cpu.default(DEFAULT_REQUESTS.cpu).describe("CPU request."),
        /** @default "128Mi" */
        memory: memory.default(DEFAULT_REQUESTS.memory).describe("Memory request; also the memory limit unless limits.memory is set."),
        limits: z.strictObject({
            cpu: cpu.optional().describe("CPU limit; none by default (throttling hurts latency more than it helps)."),
            memory: memory.optional().describe("Memory limit; the memory request by default."),
        }).default({}).describe("Limits beyond the defaults."),
    }).default({ ...DEFAULT_REQUESTS, limits: {} }).describe("Requests and limits."),
    probes: z.strictObject({
        readiness: probe.optional().describe("When the pod receives traffic; a TCP check of the main port by default."),
        liveness: probe.optional().describe("When the container is restarted; a slower check of the main port by default."),
        startup: probe.optional().describe("Holds off the other probes until the app has started; none by default."),
    }).default({}).describe("Probes; readiness and liveness default to the main port."),
    storage: z.strictObject({
        size: memory.refine((size) => (parseQuantity(size)?.num ?? 1n) > 0n, { error: (iss) => `must be larger than 0 bytes, got ${showValue(iss.input)}; use a size such as 10Gi` })
            .describe("Volume size, e.g. 10Gi."),
        path: z.string().startsWith("/", { message: "must be an absolute path" }).describe("Mount path."),
        /** What `pulumi destroy` (or removing the tier) does to the volumes. @default "retain" in prod, "delete" elsewhere */
        onDestroy: z.enum(STORAGE_ON_DESTROY).optional()
            .describe("retain: the claims and the cloud disks outlive the StatefulSet (README \"Stateful tiers and pulumi destroy\"); delete: both go with it. Default retain in prod, delete elsewhere."),
    }).optional().describe("A persistent volume per replica; makes the tier a StatefulSet."),
    scratchPaths: z.array(z.string().regex(/^\/[^\0]*$/, { message: "must be an absolute path" })).default([])
        .describe("Extra writable directories (emptyDir volumes) for images that write outside /tmp; the root filesystem stays read-only."),
    talksTo: z.array(z.string()).default([]).describe("Tiers this tier sends traffic to that no env reference names; tiers named in env (${tier.host}, ${tier.port}, ${tier.url}) are added."),
    egress: z.array(egressEntrySchema).default([])
        .describe("Where the pods may connect outside the app: internet (every public address), CIDRs, or {cidr | host, ports, protocol}. Nothing but DNS and talksTo by default."),
    allowFrom: z.array(allowFromSchema).default([])
        .describe("Pods in other namespaces that may connect: [{namespace, podLabels, ports}]. No one outside the app by default."),
    /** @default none: any untainted pool */
    pool: dnsName("a node pool name").optional()
        .describe("The node pool the pods run on (a key of cluster.nodePools); they also tolerate its taints. Any untainted pool by default."),
    waitFor: z.array(z.string()).default([]).describe("Tiers that must be created first."),
    identity: identitySchema.optional(),
    uses: usesSchema,
    files: pod.files,
    init: pod.init,
    sidecars: pod.sidecars,
    security: z.strictObject({
        runAsNonRoot: z.boolean().default(true).describe("Refuse to start a container that runs as root."),
        runAsUser: z.number().int().min(0).max(INT32_MAX, { message: "Kubernetes UIDs are 32-bit: use the image's numeric user, e.g. 1000" }).optional().describe("UID to run as; the image's user by default. Required when the image's USER is root or a name (the pod otherwise fails with CreateContainerConfigError)."),
        readOnlyRootFilesystem: z.boolean().default(true).describe("Mount the root filesystem read-only; /tmp stays writable."),
        allowPrivilegeEscalation: z.boolean().default(false).describe("Allow setuid binaries to gain privileges."),
    }).default({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
        .describe("Pod security; the defaults meet the restricted Pod Security Standard."),
    /** @default none: images are pulled anonymously, or with the nodes' cloud identity (README "Private registries") */
    imagePullSecret: z.string().regex(CONFIG_KEY, { message: "must be a Pulumi config key" }).optional()
        .describe("Secret config key whose value is a docker config JSON ({\"auths\": {\"<registry>\": {\"auth\": \"<base64 user:password>\"}}}), set with: pulumi config set --secret kubeship:<key> < config.json. The pods pull their images with it."),
    labels: metadataMap("label", labelValue).default({})
        .describe("Labels added to the tier's pods (meshes, Prometheus, cost allocation); the labels kubeship selects and manages by are refused."),
    annotations: metadataMap("annotation", z.string()).default({})
        .describe("Annotations added to the tier's pods; kubeship's own and the workload identity ones are refused."),
    service: z.strictObject({
        annotations: metadataMap("annotation", z.string()).default({}).describe("Annotations added to the tier's Service; those kubeship sets for its load balancer are refused."),
    }).optional().describe("Additions to the tier's Service (cloud controllers, external-dns)."),
    serviceAccount: z.strictObject({
        annotations: metadataMap("annotation", z.string()).default({}).describe("Annotations added to the tier's service account; the workload identity ones are kubeship's."),
    }).optional().describe("Additions to the tier's service account."),
});

export const tierSchema = tierFields.superRefine((tier, ctx) => {
    if (tier.singleton && (tier.autoscale !== undefined || (tier.replicas ?? 1) !== 1)) {
        ctx.addIssue({ code: "custom", path: ["singleton"], input: tier.singleton, message: `a singleton tier runs exactly one replica, got ${tier.autoscale ? "autoscale" : `replicas: ${tier.replicas}`}; remove one of them` });
    }
    if (tier.replicas !== undefined && tier.autoscale !== undefined) {
        ctx.addIssue({ code: "custom", path: ["replicas"], input: tier.replicas, message: `conflicts with autoscale (the autoscaler owns the replica count), got ${tier.replicas}; remove replicas or autoscale` });
    }
}).describe("A tier: one workload with its Service, autoscaler, disruption budget and network policy.");

/** `app.defaults`: any tier field but those that name one tier's own things (defaults.ts), without defaults of its own. */
export const tierDefaultsSchema = partialTierSchema(tierSchema.shape, NOT_A_DEFAULT);

export const appSchema = z.strictObject({
    name: dnsName("an app name").describe("App name; also the namespace unless namespace is set."),
    namespace: dnsName("a namespace").optional().describe("Namespace; defaults to the app name."),
    tiers: z.record(dnsName("a tier name"), tierSchema)
        .refine((tiers) => Object.keys(tiers).length > 0, { message: "needs at least one tier" })
        .describe("Tiers by name."),
    gateway: gatewaySchema.optional(),
    buckets: z.record(dnsName("a bucket name").max(40), bucketSchema).default({})
        .describe("Object store buckets by name (S3, Cloud Storage, Azure Blob Storage); tiers reach them through `uses`."),
    jobs: z.record(dnsName("a job name"), jobSchemaFrom(tierFields)).optional()
        .describe("Jobs by name: one-off runs, migrations that run before tiers (runBefore), and scheduled runs (schedule). None by default."),
    /** @default none */
    defaults: tierDefaultsSchema.optional()
        .describe("Tier fields merged under every tier (maps key by key; lists and values: the tier's own wins); not ports, http, storage, singleton, expose, talksTo or waitFor. README \"Shared defaults\"."),
}).describe("The app deployed on the cluster.");

export const platformSchema = z.strictObject({
    cluster: clusterSchema,
    app: appSchema,
});

export type PlatformConfig = z.output<typeof platformSchema>;
export type PlatformInput = z.input<typeof platformSchema>;
export type ClusterConfig = PlatformConfig["cluster"];
export type NodePoolConfig = ClusterConfig["nodePools"][string];
export type AppConfig = PlatformConfig["app"];
export type TierConfig = AppConfig["tiers"][string];
/** A tier as written (defaults not yet applied), for TypeScript callers. */
export type TierInput = z.input<typeof tierSchema>;
/** `app.defaults` as written: any tier field but those NOT_A_DEFAULT lists. */
export type TierDefaultsInput = z.input<typeof tierDefaultsSchema>;
export type ProbeConfig = NonNullable<TierConfig["probes"]["readiness"]>;
export type FileConfig = TierConfig["files"][string];
export type InitContainerConfig = TierConfig["init"][number];
export type SidecarConfig = TierConfig["sidecars"][number];
export type Cloud = (typeof CLOUDS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type Size = (typeof SIZES)[number];
