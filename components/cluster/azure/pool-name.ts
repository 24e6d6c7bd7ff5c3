/**
 * AKS agent pool names that change exactly when the pool must be replaced. Pure.
 *
 * Some pool fields cannot change in place: the VM size ("You can't change the VM
 * size of a node pool after you create it", learn.microsoft.com/azure/aks/create-node-pools#limitations),
 * the OS disk type and size, the zones, the spot priority and the subnet
 * (ForceNew in hashicorp/terraform-provider-azurerm
 * internal/services/containers/kubernetes_cluster_node_pool_resource.go @ feaf426d93f65e576af289dd29ff2bd51c07282f).
 * Pulumi replaces such a pool by creating the new one first, and AKS names are
 * unique per cluster, so a fixed name would collide. The name therefore carries
 * a short hash of those fields: a change gives a new name, the new pool is
 * created next to the old one, and only then is the old one deleted (AKS drains
 * it, honouring PodDisruptionBudgets: learn.microsoft.com/azure/aks/delete-node-pool).
 * Scaling bounds, labels, taints and surge settings update in place and are not hashed.
 */
import { createHash } from "node:crypto";

/** AKS: Linux pool names are 1-12 lower-case letters and digits, starting with a letter (REST spec agentPoolName pattern ^[a-z][a-z0-9]{0,11}$). */
export const AGENT_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
/** Characters of the name taken from the pool's key; the rest of the 12 is the hash. */
export const POOL_NAME_STEM = 8;
/** Hex characters of the hash: 16 bits, so two pools of one cluster collide about once in 65,536 (then re-salted). */
export const POOL_NAME_HASH = 4;

/** The fields of a pool that force its replacement. */
export interface PoolIdentity {
    /** The config key: renaming a pool is a new pool. */
    key: string;
    vmSize: string;
    osDiskType: string;
    osDiskSizeGB: number;
    /** Zones, sorted: order does not matter to AKS. */
    zones: string[];
    spot: boolean;
    /** The node subnet: "kubeship" for the one kubeship creates, else the existing subnet's id. */
    subnet: string;
}

/** The key reduced to a valid stem: lower-case letters and digits, starting with a letter, at most POOL_NAME_STEM long. */
export function poolNameStem(key: string): string {
    let stem = key.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (!/^[a-z]/.test(stem)) stem = `p${stem}`;
    return stem.slice(0, POOL_NAME_STEM);
}

/** The hash part: the first POOL_NAME_HASH hex digits of sha256 over the identity in a fixed field order. */
export function poolIdentityHash(id: PoolIdentity, salt = 0): string {
    // A fixed array, not the object: the hash must not move when fields are reordered in code.
    const fields = [id.key, id.vmSize, id.osDiskType, id.osDiskSizeGB, [...id.zones].sort(), id.spot, id.subnet, ...(salt ? [salt] : [])];
    return createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, POOL_NAME_HASH);
}

/**
 * The agent pool name: stem + hash, e.g. `general` → `general3f9a`. Unique
 * against `taken` (the system pool and earlier pools): on a clash the hash is
 * re-salted, deterministically.
 */
export function agentPoolNameFor(id: PoolIdentity, taken: ReadonlySet<string>): string {
    const stem = poolNameStem(id.key);
    for (let salt = 0; ; salt++) {
        const name = `${stem}${poolIdentityHash(id, salt)}`;
        if (!taken.has(name)) return name;
    }
}
