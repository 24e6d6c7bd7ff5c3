/**
 * The physical names of what GkeCluster creates. Every stack of a repo usually
 * deploys into one project, and GCP refuses a second cluster, VPC, subnetwork,
 * router or service account of one name there, so each name carries the stack
 * (`stackScopedName`, ../names.ts) and fits its limit however long the cluster
 * name and the stack are. Pure.
 *
 * Node pools need no stack: their names are unique per cluster, and already
 * `<key>-<hash>` (pool-identity.ts).
 */
import { createHash } from "node:crypto";
import { stackScopedName } from "../names";

/** GKE cluster names: at most 40 characters, `[a-z]([-a-z0-9]*[a-z0-9])?` (container/v1 Cluster.name). */
export const GKE_CLUSTER_NAME_MAX = 40;
/** Compute Engine names (network, subnetwork, router, NAT): RFC 1035, at most 63 characters. */
export const GCE_NAME_MAX = 63;
/** Service account ids: 6 to 30 characters, `[a-z][-a-z0-9]*[a-z0-9]` (iam/v1 projects.serviceAccounts.create). */
export const SERVICE_ACCOUNT_ID_MIN = 6;
export const SERVICE_ACCOUNT_ID_MAX = 30;
/** Hex digits of the hash that ties the subnetwork's and router's names to what they are built on. */
const NETWORK_HASH_LENGTH = 6;

export interface GkeNames {
    /** The GKE cluster: `<cluster>-<stack>`, at most 40. */
    cluster: string;
    /** The VPC kubeship creates: `<cluster>-<stack>-network`. */
    network: string;
    /**
     * `<cluster>-<stack>-subnet-<hash>` and `<cluster>-<stack>-router-<hash>`. The hash
     * covers the VPC they sit in and the address ranges, the inputs that replace them:
     * a new subnetwork or router gets a new name, so Pulumi creates it before it
     * deletes the old one (as it did when they were auto-named), instead of failing
     * on a name that is still taken.
     */
    subnetwork: string;
    router: string;
    /** The Cloud NAT: `<cluster>-<stack>-nat`; unique per router, and the router's name changes with it. */
    nat: string;
    /** The node service account id: `<cluster>-<stack>-nodes`, 6 to 30 characters. */
    nodeServiceAccount: string;
}

/**
 * Names for the cluster named `base` in `stack`. `networkKey` is whatever the
 * subnetwork and router are built from (the VPC and the ranges), as text.
 */
export function gkeNames(base: string, stack: string | undefined, networkKey: string): GkeNames {
    const hash = createHash("sha256").update(networkKey).digest("hex").slice(0, NETWORK_HASH_LENGTH);
    return {
        cluster: stackScopedName(base, stack, GKE_CLUSTER_NAME_MAX),
        network: roleName(base, stack, "network", GCE_NAME_MAX),
        subnetwork: roleName(base, stack, `subnet-${hash}`, GCE_NAME_MAX),
        router: roleName(base, stack, `router-${hash}`, GCE_NAME_MAX),
        nat: roleName(base, stack, "nat", GCE_NAME_MAX),
        nodeServiceAccount: nodeServiceAccountId(base, stack),
    };
}

/**
 * The node service account id: `<cluster>-<stack>-nodes`, shortened with a hash
 * when longer than 30. At least 7 characters (a one-letter name and "-nodes").
 */
export function nodeServiceAccountId(base: string, stack?: string): string {
    return roleName(base, stack, "nodes", SERVICE_ACCOUNT_ID_MAX);
}

/** `<stackScopedName>-<role>` within `max`: the role stays readable at the end. */
function roleName(base: string, stack: string | undefined, role: string, max: number): string {
    return `${stackScopedName(base, stack, max - role.length - 1)}-${role}`;
}
