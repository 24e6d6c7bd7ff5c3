/**
 * The kubeconfig AKS returns for an Entra ID cluster with local accounts
 * disabled. There is no static token in it: the user entry runs `kubelogin
 * get-token`. AKS writes it for an interactive device-code login, which would
 * stall `pulumi up`; we switch it to `--login azurecli`, so kubelogin reuses
 * the deployer's `az login` session (`kubelogin convert-kubeconfig -l azurecli`
 * does the same). Pure and deterministic: the same cluster gives the same text.
 *
 * @see https://azure.github.io/kubelogin/concepts/login-modes/azurecli.html
 */
import { parse, stringify } from "yaml";

/** Entra ID application id of the AKS server, the audience kubelogin asks tokens for. */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes `kubeconfigs[].value` and rewrites kubelogin users to the azurecli login mode. */
export function kubeconfigFromCredentials(base64Value: string): string {
    const doc: unknown = parse(Buffer.from(base64Value, "base64").toString("utf8"));
    if (!isObj(doc)) throw new Error("AKS returned a kubeconfig that is not a YAML map");
    const users = Array.isArray(doc.users) ? doc.users : [];
    for (const entry of users) {
        const exec = isObj(entry) && isObj(entry.user) && isObj(entry.user.exec) ? entry.user.exec : undefined;
        if (!exec || exec.command !== "kubelogin") continue;
        const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
        const i = args.indexOf("--server-id");
        const serverId = i >= 0 && args[i + 1] ? args[i + 1] : AKS_SERVER_APP_ID;
        exec.args = ["get-token", "--login", "azurecli", "--server-id", serverId];
        exec.installHint = "kubelogin is required: https://azure.github.io/kubelogin/install.html (or `az aks install-cli`); then run `az login`.";
    }
    return stringify(doc);
}
