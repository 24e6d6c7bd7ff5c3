/**
 * A GKE node pool's immutable settings and the name that follows them. Pure.
 *
 * Changing a field that terraform-provider-google marks ForceNew replaces the
 * pool. With a fixed name the new pool cannot exist beside the old one, so the
 * old one had to go first and every node with it. The pool's GKE name is
 * therefore `<key>-<hash of its immutable settings>`: such a change brings a
 * new name, Pulumi creates the new pool first, and only then drains and
 * deletes the old one. Changes GKE makes in place (machine type, disk type and
 * size, labels, taints, autoscaling bounds, zones) keep the name.
 *
 * Placement must not follow the GKE name (nor GKE's `cloud.google.com/gke-nodepool`
 * label, which is that name): it follows POOL_LABEL, valued with the pool's key.
 */
import { createHash } from "node:crypto";

/** Access is limited by the service account's IAM roles; the scope does not narrow it further (Google's recommendation). */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** GKE limits node pool names to 40 characters. */
export const GKE_POOL_NAME_MAX = 40;
/** Hex digits of the settings hash in a pool's name. */
export const POOL_HASH_LENGTH = 6;
/** The longest pool key that still fits GKE's limit with `-<hash>` appended. */
export const GKE_POOL_KEY_MAX = GKE_POOL_NAME_MAX - 1 - POOL_HASH_LENGTH;

/**
 * The nodeConfig fields kubeship sets that force a new pool: ForceNew in
 * hashicorp/terraform-provider-google google/services/container/node_config.go
 * at e03b7622a26cf4e878f90bdccaca6aa3d03a7999 (metadata, oauth_scopes, spot,
 * service_account, shielded_instance_config). Exactly what goes into the
 * NodePool, so the name cannot disagree with the pool.
 */
export interface ImmutableNodeConfig {
    spot: boolean;
    serviceAccount: string;
    oauthScopes: string[];
    metadata: Record<string, string>;
    shieldedInstanceConfig: { enableSecureBoot: boolean; enableIntegrityMonitoring: boolean };
}

export function immutableNodeConfig(pool: { spot: boolean }, serviceAccountEmail: string): ImmutableNodeConfig {
    return {
        spot: pool.spot,
        serviceAccount: serviceAccountEmail,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        // The legacy (v0.1/v1beta1) metadata endpoints are off.
        metadata: { "disable-legacy-endpoints": "true" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    };
}

/** `<key>-<6 hex>`: a short SHA-256 of the immutable settings, stable across runs and key order. */
export function poolPhysicalName(key: string, immutable: ImmutableNodeConfig): string {
    const hash = createHash("sha256").update(canonicalJson(immutable)).digest("hex").slice(0, POOL_HASH_LENGTH);
    return `${key}-${hash}`;
}

/** JSON with object keys sorted at every level, so equal settings hash equally. */
function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * The email GCP gives a user-managed service account: `<id>@<project>.iam.gserviceaccount.com`,
 * or `<id>@<project>.<domain>.iam.gserviceaccount.com` for a domain-scoped project
 * (`<domain>:<project>`). https://cloud.google.com/iam/docs/service-account-overview
 */
export function serviceAccountEmail(accountId: string, project: string): string {
    const colon = project.indexOf(":");
    const host = colon < 0 ? project : `${project.slice(colon + 1)}.${project.slice(0, colon)}`;
    return `${accountId}@${host}.iam.gserviceaccount.com`;
}
