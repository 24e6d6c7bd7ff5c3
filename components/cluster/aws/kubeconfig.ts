/**
 * The kubeconfig for an EKS cluster. Pure and deterministic: the same cluster
 * gives the same text on every run (no timestamps, no profile), so the
 * Kubernetes provider built from it is never replaced by accident.
 */
import { execKubeconfig } from "../kubeconfig";

export interface KubeconfigInput {
    clusterName: string;
    endpoint: string;
    /** Base64 PEM, as EKS reports `certificateAuthority.data`. */
    caData: string;
    region: string;
}

/**
 * Authenticates with `aws eks get-token`, using whatever credentials the
 * caller's environment has (AWS_PROFILE, SSO, instance role): no profile is
 * baked in, so the file works for every operator and in CI.
 */
export function buildKubeconfig({ clusterName, endpoint, caData, region }: KubeconfigInput): string {
    return execKubeconfig({
        name: `aws-${region}-${clusterName}`,
        server: endpoint,
        caData,
        exec: {
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
            interactiveMode: "Never",
        },
    });
}
