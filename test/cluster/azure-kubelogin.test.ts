/**
 * Issue 11, part 2 (kubeconfig auth) on AKS: kubelogin's login mode is chosen
 * per stack (`cluster.azure.kubeloginMode`), and each mode's exec arguments are
 * pinned here as kubelogin's convert-kubeconfig would write them.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { AKS_SERVER_APP_ID, KUBELOGIN_MODES, kubeconfigFromCredentials, type KubeloginMode } from "../../components/cluster/azure/kubeconfig";
import { aksPlan } from "../helpers/plan";
import { clusterConfig, renderAks } from "../helpers/aks";
import { MOCK_TENANT_ID } from "../../components/render/mocks/azure";

type Obj = Record<string, any>;

const EXPECTED_ARGS: Record<KubeloginMode, string[]> = {
    azurecli: ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_APP_ID],
    workloadidentity: ["get-token", "--login", "workloadidentity", "--server-id", AKS_SERVER_APP_ID, "--tenant-id", MOCK_TENANT_ID],
    spn: ["get-token", "--login", "spn", "--server-id", AKS_SERVER_APP_ID, "--tenant-id", MOCK_TENANT_ID, "--environment", "AzurePublicCloud"],
    msi: ["get-token", "--login", "msi", "--server-id", AKS_SERVER_APP_ID],
};

const withMode = (mode?: KubeloginMode) => clusterConfig("dev", mode ? { cluster: { azure: { kubeloginMode: mode } } } : {});
const userOf = (kubeconfig: string) => (parse(kubeconfig) as Obj).users[0].user.exec as Obj;

describe("kubelogin login mode per stack", async () => {
    const rendered = new Map<KubeloginMode, string>();
    for (const mode of KUBELOGIN_MODES) {
        const r = await renderAks(withMode(mode));
        rendered.set(mode, String(r.one("pulumi:providers:kubernetes").rawInputs.kubeconfig));
    }

    it("defaults to azurecli, the mode for people after az login", async () => {
        expect(aksPlan(withMode()).kubeloginMode).toBe("azurecli");
        const r = await renderAks(withMode());
        expect(String(r.one("pulumi:providers:kubernetes").rawInputs.kubeconfig)).toBe(rendered.get("azurecli"));
    });

    it.each(KUBELOGIN_MODES)("%s: the provider's kubeconfig runs kubelogin with exactly these arguments", (mode) => {
        const exec = userOf(rendered.get(mode)!);
        expect(exec.command).toBe("kubelogin");
        expect(exec.args).toEqual(EXPECTED_ARGS[mode]);
        // Never a secret or AKS's device-code client in the file: credentials come from the environment.
        expect(rendered.get(mode)).not.toMatch(/client-secret|devicecode|80faf920-1908-4b52-b5ef-a8e7bedfc67a/);
        expect(exec.installHint).toContain(`Login mode ${mode} needs`);
    });

    it("changes only the user's exec block between modes, so the provider points at the same server", () => {
        const strip = (k: string) => { const d = parse(k) as Obj; delete d.users; return d; };
        const base = strip(rendered.get("azurecli")!);
        for (const mode of KUBELOGIN_MODES) expect(strip(rendered.get(mode)!)).toEqual(base);
    });

    it("refuses an unknown mode in the config, naming the choices", () => {
        expect(() => clusterConfig("dev", { cluster: { azure: { kubeloginMode: "devicecode" } } }))
            .toThrow('cluster.azure.kubeloginMode: must be one of azurecli, workloadidentity, spn, msi, got "devicecode"');
    });
});

describe("kubeconfigFromCredentials", () => {
    const aks = (args: string) => Buffer.from([
        "apiVersion: v1", "kind: Config", "clusters: []", "users:", "- name: u", "  user:", "    exec:",
        "      command: kubelogin", `      args: [${args}]`,
    ].join("\n")).toString("base64");

    it("keeps AKS's server id and tenant, drops its device-code client id", () => {
        const out = userOf(kubeconfigFromCredentials(aks("get-token, --environment, AzurePublicCloud, --server-id, abc, --client-id, x, --tenant-id, t, --login, devicecode"), "spn"));
        expect(out.args).toEqual(["get-token", "--login", "spn", "--server-id", "abc", "--tenant-id", "t", "--environment", "AzurePublicCloud"]);
    });

    it("falls back to AKS's server application id when the kubeconfig names none", () => {
        expect(userOf(kubeconfigFromCredentials(aks("get-token"), "msi")).args).toEqual(["get-token", "--login", "msi", "--server-id", AKS_SERVER_APP_ID]);
    });
});
