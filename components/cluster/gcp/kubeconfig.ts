/**
 * The kubeconfig for a GKE cluster: its DNS-based control-plane endpoint, and
 * credentials from `gke-gcloud-auth-plugin` at use time (no token or key baked
 * in). Pure and deterministic: the same cluster gives the same text on every
 * run, so the Kubernetes provider is never replaced (pulumi/pulumi-eks#764).
 *
 * - **Server:** the DNS endpoint (`gke-….<location>.gke.goog`), reachable from any
 *   network that reaches Google APIs and authorized by IAM, whatever the IP
 *   endpoints allow (README "GCP"). It serves a publicly trusted certificate, so
 *   the file carries no cluster CA: gcloud writes none for it either
 *   (`Cluster(..., has_dns_endpoint)` in googlecloudsdk/api_lib/container/kubeconfig.py).
 * - **Credentials:** `--use_application_default_credentials`, the same Application
 *   Default Credentials Pulumi's gcp provider uses (`gcloud auth application-default
 *   login` on a laptop, the workload identity federation file in CI). Without it
 *   the plugin asks gcloud for its active account, which may be another identity,
 *   or none on a runner. Flag: kubernetes/cloud-provider-gcp
 *   cmd/gke-gcloud-auth-plugin/main.go at ecf3eea76894b9ef07fad931d59586bb23acc197
 *   (`pflag.Bool("use_application_default_credentials", ...)`, then
 *   `google.DefaultTokenSource`), the args gcloud itself writes when
 *   container/use_application_default_credentials is set.
 */
import { execKubeconfig } from "../kubeconfig";

export interface GkeKubeconfigInput {
    project: string;
    /** The cluster's region or zone. */
    location: string;
    clusterName: string;
    /** The cluster's DNS endpoint, `controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint` (a host name). */
    dnsEndpoint: string;
}

export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";
/** Take the token from Application Default Credentials, not from gcloud's active account. */
export const GKE_AUTH_PLUGIN_ARGS = ["--use_application_default_credentials"];

/** gcloud's own context name (`gke_<project>_<location>_<cluster>`), so kubectl users see the same one. */
export function gkeContextName(i: Pick<GkeKubeconfigInput, "project" | "location" | "clusterName">): string {
    return `gke_${i.project}_${i.location}_${i.clusterName}`;
}

export function gkeKubeconfig(i: GkeKubeconfigInput): string {
    const config = JSON.parse(execKubeconfig({
        name: gkeContextName(i),
        server: `https://${i.dnsEndpoint}`,
        caData: "",
        exec: {
            command: GKE_AUTH_PLUGIN,
            args: GKE_AUTH_PLUGIN_ARGS,
            installHint: "Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
            provideClusterInfo: true,
        },
    }));
    // The DNS endpoint's certificate is publicly trusted: no cluster CA (the shared
    // writer always sets one; key order is otherwise unchanged).
    delete config.clusters[0].cluster["certificate-authority-data"];
    return JSON.stringify(config, null, 2);
}
