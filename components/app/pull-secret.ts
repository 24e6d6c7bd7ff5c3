/**
 * Secret config a tier reads: its `secrets` (env) and its `imagePullSecret`
 * (a docker config JSON the pods pull their images with). Pure, no Pulumi.
 */
import { secretKeyUses } from "./files";
import type { TierConfig } from "../config/schema";

/** The Secret type the kubelet reads image pull credentials from, and its one key (core/v1 SecretTypeDockerConfigJson). */
export const DOCKER_CONFIG_JSON = { type: "kubernetes.io/dockerconfigjson", key: ".dockerconfigjson" } as const;

/** Every secret config key a tier names, with the place (below the tier) that names it. */
export function secretConfigRefs(tier: Pick<TierConfig, "secrets" | "imagePullSecret" | "files">): { key: string; at: string[] }[] {
    return [
        ...secretKeyUses(tier),
        ...(tier.imagePullSecret !== undefined ? [{ key: tier.imagePullSecret, at: ["imagePullSecret"] }] : []),
    ];
}

/**
 * Why a value cannot be a tier's image pull secret, or undefined. The API server
 * only parses it as JSON (ValidateSecret for kubernetes.io/dockerconfigjson); the
 * kubelet then reads registries from its `auths` map, so a file without one
 * (a bare `{"registry": {...}}`, the older .dockercfg shape) pulls nothing.
 * The message never quotes the value: it is a secret.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
export function dockerConfigProblem(value: string): string | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return "is not JSON; it must be a docker config file such as ~/.docker/config.json: {\"auths\": {\"<registry>\": {\"auth\": \"<base64 user:password>\"}}}";
    }
    const auths = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).auths : undefined;
    if (typeof auths !== "object" || auths === null || Array.isArray(auths) || Object.keys(auths).length === 0) {
        return "has no \"auths\" map of registries; it must look like {\"auths\": {\"<registry>\": {\"auth\": \"<base64 user:password>\"}}} (a config that uses credsStore holds no credentials: log in with a plain file)";
    }
    return undefined;
}
