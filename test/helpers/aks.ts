/** AKS configs and renders for the azure cluster tests. */
import { Service } from "@pulumi/kubernetes/core/v1";
import { evaluateWithMocks } from "./evaluate";
import { aksPlan } from "./plan";
import { deepMerge, loadPlatform } from "../../components/config/load";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { AksCluster } from "../../components/cluster/azure/aks-cluster";

type Obj = Record<string, any>;

export const MC = "azure-native:containerservice:ManagedCluster";
export const POOL = "azure-native:containerservice:AgentPool";
export const MAINTENANCE = "azure-native:containerservice:MaintenanceConfiguration";
export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

/** A range the prod configs below allow: arbitrary, and not a documentation range (those are refused). */
export const PROD_ALLOWED_CIDR = "20.50.0.0/16";

/**
 * The guestbook's cluster section on azure, for an environment, with overrides merged in.
 * Prod may not be open to 0.0.0.0/0, so it allows PROD_ALLOWED_CIDR and deploys from there.
 */
export function clusterConfig(env: "dev" | "staging" | "prod", overrides: Obj = {}): ResolvedClusterConfig {
    const prodEndpoint = env === "prod" ? { cluster: { endpoint: { allowedCidrs: [PROD_ALLOWED_CIDR] }, azure: { deployFrom: "fixed-address" } } } : {};
    const platform = loadPlatform({
        configFile: "examples/guestbook.yaml", cloud: "azure", region: "westeurope", environment: env,
        overrides: deepMerge(prodEndpoint, overrides),
    });
    return { ...platform.cluster, name: "gb" };
}

/**
 * The config with no `cluster.version`: the versions catalog leaves the version
 * to AKS by default (the schema still defaults it to "1.33" until that lands).
 */
export function unpinned(config: ResolvedClusterConfig): ResolvedClusterConfig {
    return { ...config, version: undefined } as unknown as ResolvedClusterConfig;
}

/** Builds the cluster plus a public Service that waits for it, as the app does. */
export async function renderAks(config: ResolvedClusterConfig) {
    let cluster: AksCluster | undefined;
    const r = await evaluateWithMocks(async () => {
        cluster = new AksCluster("gb", { plan: aksPlan(config) });
        new Service("gb-web", {
            spec: { type: "LoadBalancer", ports: [{ port: 80 }], selector: { app: "web" } },
        }, { provider: cluster.provider, dependsOn: cluster.readyResources });
        return { kubeconfig: cluster.kubeconfig, clusterName: cluster.clusterName };
    }, { cloud: "azure", region: "westeurope" });
    return { ...r, cluster: cluster! };
}
