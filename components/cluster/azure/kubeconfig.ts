/**
 * The kubeconfig AKS returns for an Entra ID cluster with local accounts
 * disabled. There is no static token in it: the user entry runs `kubelogin
 * get-token`. AKS writes it for an interactive device-code login, which would
 * stall `pulumi up`; kubeship rewrites it to the stack's login mode
 * (`cluster.azure.kubeloginMode`), as `kubelogin convert-kubeconfig -l <mode>`
 * does. Pure and deterministic: the same cluster and mode give the same text.
 *
 * Sources, Azure/kubelogin:
 * - flags and their environment variables: docs/book/src/cli/get-token.md @ 1f463a4a;
 * - what convert-kubeconfig writes per mode: pkg/internal/converter/convert.go @ 327ae3d7;
 * - environment read after the flags, so it wins: pkg/internal/token/options.go UpdateFromEnv @ 04e00a93
 *   (AAD_LOGIN_METHOD replaces --login; AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE);
 * - workloadidentity inside GitHub Actions fetches a fresh GitHub OIDC token on every call when
 *   ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set: pkg/internal/token/provider.go @ 17e2d753,
 *   githubactionscredential.go @ 42d588f8 (kubelogin 0.0.34, "added github token support", #366).
 */
import { parse, stringify } from "yaml";

/** Entra ID application id of the AKS server, the audience kubelogin asks tokens for. */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

export const KUBELOGIN_MODES = ["azurecli", "workloadidentity", "spn", "msi"] as const;
export type KubeloginMode = (typeof KUBELOGIN_MODES)[number];

/** What each mode reads from its environment, shown by kubectl when kubelogin is missing and in the README. */
export const KUBELOGIN_MODE_NEEDS: Record<KubeloginMode, string> = {
    azurecli: "an `az login` session (a person, or a job after azure/login)",
    workloadidentity: "AZURE_CLIENT_ID (and AZURE_TENANT_ID, else the cluster's tenant); in GitHub Actions `permissions: id-token: write`, elsewhere AZURE_FEDERATED_TOKEN_FILE",
    spn: "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AAD_SERVICE_PRINCIPAL_CLIENT_ID and _SECRET)",
    msi: "an Azure host with a managed identity; AZURE_CLIENT_ID picks a user-assigned one",
};

/**
 * kubelogin's arguments for a mode. The tenant is the cluster's (from AKS's own
 * kubeconfig) where the mode needs one and no `az` session supplies it; no
 * client id or secret is ever written: they come from the environment (the
 * `--client-id` in AKS's kubeconfig is its public device-code app, wrong for
 * spn and workloadidentity).
 */
export function kubeloginArgs(mode: KubeloginMode, serverId: string, tenantId?: string): string[] {
    const tenant = tenantId ? ["--tenant-id", tenantId] : [];
    switch (mode) {
        case "azurecli": return ["get-token", "--login", "azurecli", "--server-id", serverId];
        case "workloadidentity": return ["get-token", "--login", "workloadidentity", "--server-id", serverId, ...tenant];
        case "spn": return ["get-token", "--login", "spn", "--server-id", serverId, ...tenant, "--environment", "AzurePublicCloud"];
        case "msi": return ["get-token", "--login", "msi", "--server-id", serverId];
    }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const argAfter = (args: string[], flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1] : undefined;
};

/** Decodes `kubeconfigs[].value` and rewrites kubelogin users to `mode`. */
export function kubeconfigFromCredentials(base64Value: string, mode: KubeloginMode = "azurecli"): string {
    const doc: unknown = parse(Buffer.from(base64Value, "base64").toString("utf8"));
    if (!isObj(doc)) throw new Error("AKS returned a kubeconfig that is not a YAML map");
    const users = Array.isArray(doc.users) ? doc.users : [];
    for (const entry of users) {
        const exec = isObj(entry) && isObj(entry.user) && isObj(entry.user.exec) ? entry.user.exec : undefined;
        if (!exec || exec.command !== "kubelogin") continue;
        const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
        exec.args = kubeloginArgs(mode, argAfter(args, "--server-id") ?? AKS_SERVER_APP_ID, argAfter(args, "--tenant-id"));
        exec.installHint = `kubelogin is required: https://azure.github.io/kubelogin/install.html (or \`az aks install-cli\`). Login mode ${mode} needs ${KUBELOGIN_MODE_NEEDS[mode]}; AAD_LOGIN_METHOD=<mode> overrides it for one run.`;
    }
    return stringify(doc);
}
