/**
 * What a cluster stack (`kubeship:role: cluster`) exports for the app stacks
 * that run on its cluster (`kubeship:clusterStack`): one versioned stack output,
 * `kubeship`. App stacks read it through a StackReference (`pulumi up`) or a
 * local render's outputs.json (`kubeship render`), and check it here, before
 * anything is planned. Pure: no Pulumi.
 */
import { showValue } from "../config/errors";
import { CLOUDS, ENVIRONMENTS, type Cloud, type ClusterConfig, type Environment } from "../config/schema";
import type { ClusterFacts, NodePoolInfo } from "./types";

/** The stack output's name. */
export const CLUSTER_OUTPUT = "kubeship";

/** The cluster stack's output that holds the kubeconfig, a secret ("[secret]" in a render's outputs.json). */
export const KUBECONFIG_OUTPUT = "kubeconfig";

/** Bumped when the shape changes in a way an older app stack cannot read. */
export const CLUSTER_EXPORT_VERSION = 1;

/** The cloud's own handles that the app side's identities and buckets need. */
export interface CloudHandles {
    /** EKS: the cluster's name (Pod Identity associations) and its OIDC issuer and provider. */
    aws?: { clusterName: string; oidcIssuerUrl: string; oidcProviderArn: string };
    /** GKE: the project and Workload Identity pool (`<project>.svc.id.goog`). */
    gcp?: { project: string; workloadPool: string };
    /** AKS: the resource group (storage accounts, identities) and the OIDC issuer (federated credentials). */
    azure?: { resourceGroupName: string; oidcIssuerUrl: string; nodeResourceGroup: string };
}

/**
 * The `kubeship` output of a cluster stack, once resolved. It holds no secret: the
 * kubeconfig is the stack's own `kubeconfig` output (a secret). Pulumi marks a whole
 * output secret when any part of it is ("push secretness up to the top level",
 * @pulumi/pulumi runtime/rpc.js deserializeProperty, v3), and these facts need not be.
 */
export interface ClusterExport extends CloudHandles {
    version: typeof CLUSTER_EXPORT_VERSION;
    /** The cluster stack's name: the cluster's physical names carry it, and the app stack's plan resolves them with it. */
    stack: string;
    /** The cloud's name of the cluster. */
    clusterName: string;
    cloud: Cloud;
    region: string;
    environment: Environment;
    /** The minor the cluster runs; undefined for an existing cluster. */
    kubernetesVersion?: string;
    facts: ClusterFacts;
    nodePools: NodePoolInfo[];
    /** Each pool's node labels (kubeship.io/pool included), by its key in cluster.nodePools. */
    poolLabels: Record<string, Record<string, string>>;
    /**
     * The cluster section as the cluster stack validated it (defaults applied, stack
     * settings and overrides merged). The app stack's checks read it: pool names in
     * `pool:`, the cloud for identities and buckets, the Kubernetes version for sidecars.
     */
    cluster: ClusterConfig;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What is wrong with a referenced `kubeship` output, read defensively (it comes
 * from another stack, or a file): one message, or undefined when an app stack can use it.
 */
export function clusterExportProblem(value: unknown): string | undefined {
    const fix = "render or deploy the cluster stack again with this kubeship version";
    if (!isMap(value)) return `is not a kubeship cluster stack's output (a map under "${CLUSTER_OUTPUT}"), got ${showValue(value)}; ${fix}`;
    if (value.version !== CLUSTER_EXPORT_VERSION) return `exports version ${showValue(value.version)}, but this kubeship reads version ${CLUSTER_EXPORT_VERSION}; ${fix}`;
    const missing = ["stack", "clusterName", "region"].filter((k) => typeof value[k] !== "string");
    if (!(CLOUDS as readonly unknown[]).includes(value.cloud)) missing.push("cloud");
    if (!(ENVIRONMENTS as readonly unknown[]).includes(value.environment)) missing.push("environment");
    for (const k of ["facts", "cluster", "poolLabels"]) if (!isMap(value[k])) missing.push(k);
    if (!Array.isArray(value.nodePools)) missing.push("nodePools");
    if (missing.length) return `lacks ${missing.join(", ")} (or has the wrong type); ${fix}`;
    return undefined;
}

/**
 * The cluster section an app stack plans with: the cluster stack's, with the
 * Kubernetes version pinned to the one the cluster runs (an unpinned choice
 * depends on the day it is made, and the cluster made it already).
 */
export function referencedClusterSection(exported: ClusterExport): ClusterConfig {
    return { ...exported.cluster, ...(exported.kubernetesVersion ? { version: exported.kubernetesVersion } : {}) };
}
