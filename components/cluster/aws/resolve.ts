/**
 * Pure resolution of the cluster config into what the EKS component builds:
 * defaults filled in, cross-field invariants the schema cannot express
 * checked, every problem reported at once. No Pulumi resources here.
 */
import type { PathProblem } from "../../config/errors";
import type { Environment } from "../../config/schema";
import { POOL_LABEL, type ClusterFacts, type NodePoolInfo, type ResolvedClusterConfig } from "../types";
import { eksVersionFields, kubernetesVersionFor, type AutoscalerVersions, type KubernetesVersionPlan, type VersionContext } from "../versions";
import { splitVpcCidr, type SubnetLayout } from "./cidr";
import { deployerProblems } from "./deployer";
import { privateEndpointSources, reachabilityProblems, runnerProblems, type DeployFrom } from "./reachability";
import { controlPlaneLogGroup, eksClusterName, secretsKeyAlias } from "./names";
import { placementsFor, resolveNodePool, type ResolvedNodePool } from "./node-pools";

export type { ResolvedNodePool } from "./node-pools";

/** Zones the new VPC spans. Every commercial AWS region has at least three. */
export const ZONE_COUNT = 3;

/** Days CloudWatch keeps the control-plane logs. */
export const LOG_RETENTION_DAYS = { dev: 30, staging: 30, prod: 365 } as const;

/** Control-plane log types kubeship always turns on. */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator"] as const;

export type ResolvedNetwork =
    | { kind: "new"; cidr: string; layout: SubnetLayout; natPerZone: boolean }
    | { kind: "existing"; vpcId?: string; privateSubnetIds: string[]; publicSubnetIds: string[] };

export interface ResolvedEks {
    /**
     * The EKS cluster's name: the cluster (or app) name and the stack (names.ts), so the
     * stacks of one account never meet. Also the tag suffix for subnets and autoscaler discovery.
     */
    clusterName: string;
    /**
     * The control-plane log group, `/aws/eks/<clusterName>/cluster`. It is kept on destroy;
     * `adopt` imports the one an earlier deployment of this stack left behind.
     */
    logGroup: { name: string; adopt: boolean };
    /** The alias of the key that encrypts Secrets. */
    keyAlias: string;
    region: string;
    /** The Kubernetes minor to build: the control plane, every node group and the add-ons follow it (see `kubernetes`). */
    version: string;
    /** The version's choice and support state (components/cluster/versions). */
    kubernetes: KubernetesVersionPlan;
    /** upgradePolicy.supportType: EXTENDED only with cluster.extendedSupport, else STANDARD (no surprise surcharge). */
    supportType: "STANDARD" | "EXTENDED";
    /** The cluster-autoscaler chart and image for `version`, from the dated catalog. */
    autoscaler: AutoscalerVersions;
    environment: Environment;
    prod: boolean;
    network: ResolvedNetwork;
    endpoint: { privateAccess: true; publicAccess: boolean; publicAccessCidrs: string[] };
    /** Where deploys reach the API from (`cluster.aws.deployFrom`). */
    deployFrom: DeployFrom;
    /** Deploy sources the cluster security group admits on 443, to the private endpoint. */
    privateEndpointSources: string[];
    adminRoleArns: string[];
    pools: ResolvedNodePool[];
    logRetentionDays: number;
}

/** An IAM role or user ARN, with an optional path: what an EKS access entry accepts. */
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export type Resolution = { ok: true; value: ResolvedEks } | { ok: false; problems: PathProblem[] };

/** Validates and fills in defaults. Problems name the config path, show the value and say how to fix it. */
export function resolveEks(config: ResolvedClusterConfig, versions?: VersionContext): Resolution {
    const problems: PathProblem[] = [];
    const kubernetes = kubernetesVersionFor("aws", config, versions, problems);
    const region = config.region ?? "";
    if (!config.region) problems.push({ path: ["cluster", "region"], message: "is required on aws; set kubeship:region, e.g. us-east-1" });

    const aws = config.aws;
    let network: ResolvedNetwork | undefined;
    const existing = aws && (aws.vpcId !== undefined || aws.privateSubnetIds !== undefined || aws.publicSubnetIds !== undefined);
    if (existing) {
        // A subnet listed twice is the same subnet (and would give a pool two groups of one name).
        const privateSubnetIds = [...new Set(aws.privateSubnetIds ?? [])];
        if (privateSubnetIds.length < 2) {
            problems.push({ path: ["cluster", "aws", "privateSubnetIds"], message: `an existing network needs at least 2 private subnets in different zones (EKS requires two), got ${JSON.stringify(privateSubnetIds)}` });
        }
        network = { kind: "existing", vpcId: aws.vpcId, privateSubnetIds, publicSubnetIds: aws.publicSubnetIds ?? [] };
    } else {
        const layout = splitVpcCidr(config.network.cidr, ZONE_COUNT);
        if (typeof layout === "string") problems.push({ path: ["cluster", "network", "cidr"], message: layout });
        else network = { kind: "new", cidr: config.network.cidr, layout, natPerZone: config.environment === "prod" };
    }

    const poolEntries = Object.entries(config.nodePools);
    const zoneNetwork = network?.kind === "existing" ? network : { kind: "new" as const, zoneCount: ZONE_COUNT };
    const pools = poolEntries.map(([name, pool], i) => resolveNodePool(name, pool, i === 0, placementsFor(pool.zones, zoneNetwork)));
    for (const [name, pool] of poolEntries) {
        if (Object.hasOwn(pool.labels, POOL_LABEL)) {
            problems.push({ path: ["cluster", "nodePools", name, "labels", POOL_LABEL], message: `is set by kubeship to the pool's name ("${name}"), got ${JSON.stringify(pool.labels[POOL_LABEL])}; remove it` });
        }
    }
    for (const pool of pools) {
        const at = ["cluster", "nodePools", pool.name, "zones"];
        if (pool.zones?.length === 0) {
            problems.push({ path: at, message: "must list at least one zone, got []; remove zones to use every zone of the network" });
        }
        (pool.zones ?? []).forEach((zone, i) => {
            if (pool.zones?.indexOf(zone) !== i) {
                problems.push({ path: [...at, i], message: `lists "${zone}" twice; each zone gets one node group, so name it once` });
                return;
            }
            // An AZ name is the region plus one letter (us-east-1a). Local and Wavelength
            // zones (us-east-1-bos-1a) cannot host managed node groups.
            // @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
            if (region && !(zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length)))) {
                problems.push({ path: [...at, i], message: `"${zone}" is not an availability zone of ${region}; use names such as ${region}a` });
            }
        });
    }

    // An access entry takes an existing IAM role or user; an STS session ARN
    // (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) is rejected by CreateAccessEntry.
    // @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
    (aws?.adminRoleArns ?? []).forEach((arn, i) => {
        if (!IAM_PRINCIPAL_ARN.test(arn)) {
            const role = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
            const hint = role ? `; did you mean "arn:${role[1]}:iam::${role[2]}:role/${role[3]}"?` : "; use arn:aws:iam::<account>:role/<name>";
            problems.push({ path: ["cluster", "aws", "adminRoleArns", i], message: `must be the ARN of an IAM role or user, got ${JSON.stringify(arn)}${hint}` });
        }
    });

    // Under the engine: the identity running this deploy must have an access entry.
    if (config.deploy?.identity !== undefined) problems.push(...deployerProblems(aws?.adminRoleArns ?? [], config.deploy.identity));

    const publicAccess = config.endpoint.public;
    if (publicAccess && config.endpoint.allowedCidrs.length === 0) {
        problems.push({ path: ["cluster", "endpoint", "allowedCidrs"], message: "a public endpoint needs at least one CIDR, got []; list your networks or set endpoint.public: false" });
    }

    const endpoint = { privateAccess: true as const, publicAccess, publicAccessCidrs: publicAccess ? [...config.endpoint.allowedCidrs] : [] };
    const deployFrom: DeployFrom = aws?.deployFrom ?? "github-hosted";
    problems.push(...reachabilityProblems(endpoint, deployFrom), ...runnerProblems(endpoint, deployFrom, config.deploy?.runner));

    if (problems.length || !network || !kubernetes) return { ok: false, problems };
    const clusterName = eksClusterName(config.name, config.stack);
    return {
        ok: true,
        value: {
            clusterName,
            logGroup: { name: controlPlaneLogGroup(clusterName), adopt: aws?.adoptLogGroup ?? false },
            keyAlias: secretsKeyAlias(clusterName),
            region,
            version: kubernetes.minor,
            kubernetes,
            ...eksVersionFields(kubernetes),
            environment: config.environment,
            prod: config.environment === "prod",
            network,
            endpoint,
            deployFrom,
            privateEndpointSources: privateEndpointSources(deployFrom),
            adminRoleArns: [...new Set(aws?.adminRoleArns ?? [])],
            pools,
            logRetentionDays: LOG_RETENTION_DAYS[config.environment],
        },
    };
}

// The in-tree AWS cloud provider's load-balancer annotations live beside the other clouds' (the config rules read them).
import { AWS_INTERNAL_LB_ANNOTATIONS, AWS_PUBLIC_LB_ANNOTATIONS } from "../load-balancer-annotations";
export { AWS_INTERNAL_LB_ANNOTATIONS, AWS_PUBLIC_LB_ANNOTATIONS };
import { storageClassFacts } from "../storage-classes";

/** The default StorageClass the component creates (gp3, encrypted). */
export const GP3_STORAGE_CLASS = "gp3";

export function eksFacts(environment: ResolvedClusterConfig["environment"]): Omit<ClusterFacts, "internalCidrs" | "poolTaints"> {
    return {
        cloud: "aws",
        environment,
        publicLoadBalancerAnnotations: { ...AWS_PUBLIC_LB_ANNOTATIONS },
        internalLoadBalancerAnnotations: { ...AWS_INTERNAL_LB_ANNOTATIONS },
        storageClass: GP3_STORAGE_CLASS,
        storageClasses: storageClassFacts(GP3_STORAGE_CLASS).storageClasses,
        loadBalancerAddress: "hostname",
    };
}

export function nodePoolInfo(pool: ResolvedNodePool): NodePoolInfo {
    return { name: pool.name, machineType: pool.instanceType, min: pool.min, max: pool.max, spot: pool.capacityType === "SPOT" };
}

/** Tags the subnets need so load balancers (and the cluster) find them. */
export function subnetTags(clusterName: string, tier: "public" | "private"): Record<string, string> {
    return {
        [`kubernetes.io/cluster/${clusterName}`]: "shared",
        [tier === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1",
    };
}

/** Cluster-autoscaler auto-discovery tags (EKS also puts them on each managed node group's ASG). */
export function autoscalerTags(clusterName: string): Record<string, string> {
    return {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    };
}
