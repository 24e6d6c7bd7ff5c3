/**
 * A kubeconfig with one cluster, context and user, whose credentials come from
 * an exec plugin at use time (`aws eks get-token`, `gke-gcloud-auth-plugin`):
 * no token or key is baked in. Pure and deterministic: the same input gives the
 * same text on every run (no timestamps), so the Kubernetes provider built from
 * it is never replaced by accident (pulumi/pulumi-eks#764).
 *
 * @see https://kubernetes.io/docs/reference/config-api/client-authentication.v1beta1/
 */

/** The `users[].user.exec` block. Unset fields are left out of the file. */
export interface ExecPlugin {
    command: string;
    args?: string[];
    env?: { name: string; value: string }[];
    /**
     * `Never` stops the plugin from prompting (it would stall `pulumi up`).
     * @default unset (kubectl's default, `IfAvailable`)
     */
    interactiveMode?: "Never" | "IfAvailable" | "Always";
    /** Shown by kubectl when `command` is not installed. */
    installHint?: string;
    /** Pass the cluster's server and CA to the plugin in KUBERNETES_EXEC_INFO. */
    provideClusterInfo?: boolean;
}

export interface ExecKubeconfigInput {
    /** The cluster, context and user name, and the current context. */
    name: string;
    /** API server URL, with its scheme. */
    server: string;
    /** Base64 PEM of the cluster CA (`certificate-authority-data`). */
    caData: string;
    exec: ExecPlugin;
}

export const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/** The kubeconfig as JSON (valid YAML too), indented by two spaces. */
export function execKubeconfig({ name, server, caData, exec }: ExecKubeconfigInput): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [{
            name,
            user: {
                // Key order is the file's byte order: keep it stable.
                exec: {
                    apiVersion: EXEC_API_VERSION,
                    command: exec.command,
                    args: exec.args,
                    env: exec.env,
                    interactiveMode: exec.interactiveMode,
                    installHint: exec.installHint,
                    provideClusterInfo: exec.provideClusterInfo,
                },
            },
        }],
    }, null, 2);
}
