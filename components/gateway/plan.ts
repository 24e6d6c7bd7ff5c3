/**
 * The HTTPS entry's plan: the app's routes (routes.ts) and the cluster's
 * add-ons (Envoy Gateway, cert-manager, external-dns) with their pinned charts
 * and, when a zone is given, the cloud identity external-dns writes DNS with.
 * Pure; the loader runs it in its one validation pass (planPlatform).
 */
import type { PathProblem } from "../config/errors";
import type { Cloud, PlatformConfig } from "../config/schema";
import type { ClusterPlan } from "../cluster/plan";
import { stackScopedName } from "../cluster/names";
import type { KubernetesVersionPlan } from "../cluster/versions";
import { GATEWAY_CATALOG, type GatewayCatalog } from "../cluster/versions/gateway";
import { planEntry, type EntryPlan } from "./routes";

/** Where external-dns writes, and as whom. */
export type DnsPlan = {
    zone: string;
    /** Marks the records this cluster's external-dns owns (TXT registry), so two clusters never fight over one. */
    txtOwnerId: string;
    /** The cloud identity's name, carrying the stack (names.ts in cluster/). */
    identityName: string;
} & (
    | { cloud: "aws"; region: string; clusterName: string }
    | { cloud: "gcp"; project: string; workloadPool: string }
    | { cloud: "azure"; region: string; zoneResourceGroup: string }
);

export interface GatewayAddonsPlan {
    cloud: Cloud;
    versions: GatewayCatalog;
    dns?: DnsPlan;
    /** What the render prints about the entry that is not a problem: what the cluster must offer, what is left to the user. */
    notes: string[];
}

export interface GatewayPlan {
    entry: EntryPlan;
    addons: GatewayAddonsPlan;
}

export type GatewayPlanResult = { ok: true; plan?: GatewayPlan } | { ok: false; problems: PathProblem[] };

const supported = GATEWAY_CATALOG.envoyGateway.kubernetesMinors;
const range = `${supported[0]}–${supported[supported.length - 1]}`;

/** The entry and add-ons of a platform whose app routes tiers; `{ok: true}` without a plan when none does. */
export function planGateway(config: PlatformConfig, cluster: ClusterPlan, kubernetes: KubernetesVersionPlan | undefined, stack?: string): GatewayPlanResult {
    const entry = planEntry(config.app);
    if (!entry) return { ok: true };
    const eg = GATEWAY_CATALOG.envoyGateway;
    if (kubernetes && !supported.includes(kubernetes.minor)) {
        const pinned = config.cluster.version !== undefined;
        const firstRouted = entry.routes[0].tier;
        return {
            ok: false, problems: [{
                path: pinned ? ["cluster", "version"] : ["app", "tiers", firstRouted, "http"],
                message: `Envoy Gateway ${eg.version}, which serves http, supports Kubernetes ${range}, but the cluster ${pinned ? "pins" : "gets"} ${kubernetes.minor}; ${pinned ? "choose" : "pin cluster.version to"} one of ${supported.join(", ")}`,
            }],
        };
    }
    const notes: string[] = [];
    const where = cluster.cloud === "existing" ? "" : ` (${cluster.cloud === "aws" ? "an NLB" : "a cloud load balancer"})`;
    if (cluster.cloud === "existing") {
        notes.push("existing cluster: the gateway's Envoy Service is a LoadBalancer, so the cluster needs a LoadBalancer implementation (a cloud's, MetalLB, or cloud-provider-kind on kind); "
            + "without one the Gateway gets no address and HTTPS never answers. pulumi up does not wait for that address, so it does not hang. "
            + `Envoy Gateway ${eg.version} supports Kubernetes ${range}.`);
    }
    if (!entry.zone) {
        notes.push(`no app.gateway.zone: create DNS records for ${entry.hosts.map((h) => h.host).join(", ")} pointing at the gateway's address${where}; certificates are issued once they resolve (ACME HTTP-01)`);
    }
    let dns: DnsPlan | undefined;
    if (entry.zone) {
        const base = { zone: entry.zone, txtOwnerId: stackScopedName(`kubeship-${config.cluster.name ?? config.app.name}`, stack, 63) };
        switch (cluster.cloud) {
            case "aws": dns = { ...base, cloud: "aws", region: cluster.eks.region, clusterName: cluster.eks.clusterName, identityName: stackScopedName(`${cluster.eks.clusterName}-external-dns`, stack, 64) }; break;
            case "gcp": dns = { ...base, cloud: "gcp", project: cluster.gke.project, workloadPool: cluster.gke.workloadPool, identityName: stackScopedName("external-dns", stack, 30) }; break;
            case "azure": dns = { ...base, cloud: "azure", region: cluster.aks.region, zoneResourceGroup: config.app.gateway?.zoneResourceGroup ?? "", identityName: stackScopedName(`${cluster.aks.clusterName}-external-dns`, stack, 128) }; break;
            case "existing": throw new Error("kubeship bug: a zone on an existing cluster passed the rules");
        }
    }
    return { ok: true, plan: { entry, addons: { cloud: cluster.cloud, versions: GATEWAY_CATALOG, ...(dns ? { dns } : {}), notes } } };
}
