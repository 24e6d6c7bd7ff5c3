/**
 * The kubeconfig for a GKE cluster: the endpoint and CA, and credentials from
 * `gke-gcloud-auth-plugin` at use time (no token or key baked in). Pure and
 * deterministic: the same cluster gives the same text on every run, so the
 * Kubernetes provider is never replaced (pulumi/pulumi-eks#764).
 */
import { execKubeconfig } from "../kubeconfig";

export interface GkeKubeconfigInput {
    project: string;
    /** The cluster's region or zone. */
    location: string;
    clusterName: string;
    /** The API server's IP (the cluster's `endpoint` output). */
    endpoint: string;
    /** Base64 PEM, as `masterAuth.clusterCaCertificate` reports it. */
    caData: string;
}

export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";

/** gcloud's own context name (`gke_<project>_<location>_<cluster>`), so kubectl users see the same one. */
export function gkeContextName(i: Pick<GkeKubeconfigInput, "project" | "location" | "clusterName">): string {
    return `gke_${i.project}_${i.location}_${i.clusterName}`;
}

export function gkeKubeconfig(i: GkeKubeconfigInput): string {
    return execKubeconfig({
        name: gkeContextName(i),
        server: `https://${i.endpoint}`,
        caData: i.caData,
        exec: {
            command: GKE_AUTH_PLUGIN,
            installHint: "Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
            provideClusterInfo: true,
        },
    });
}
