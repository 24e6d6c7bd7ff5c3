/**
 * The facts an app's network policies and placement need from a cluster plan:
 * the cluster's own address ranges (so `egress: [internet]` can leave them
 * out) and the taints on each pool's nodes (so a tier placed on a pool
 * tolerates them). Pure: read from the plan each cloud resolved, the same
 * plan its component builds, so the facts cannot drift from the cluster.
 */
import type { AksPlan } from "./azure/resolve";
import type { ResolvedEks } from "./aws/resolve";
import type { ResolvedGke } from "./gcp/resolve";
import type { ClusterPlan } from "./plan";
import type { ClusterFacts, PoolTaint } from "./types";

export type NetworkFacts = Pick<ClusterFacts, "internalCidrs" | "poolTaints">;

/**
 * The Service ranges EKS picks from when the cluster sets none (kubeship sets none):
 * "either the 10.100.0.0/16 or 172.20.0.0/16 CIDR blocks"
 * (docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html).
 */
export const EKS_DEFAULT_SERVICE_CIDRS = ["10.100.0.0/16", "172.20.0.0/16"] as const;

const EFFECTS: Record<string, PoolTaint["effect"]> = {
    NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute",
    NoSchedule: "NoSchedule", PreferNoSchedule: "PreferNoSchedule", NoExecute: "NoExecute",
};

/** A taint from a cloud's form: `{key, value, effect: NO_SCHEDULE}` (EKS, GKE), or AKS's `key=value:Effect`. */
export function toPoolTaint(t: { key: string; value?: string; effect: string } | string): PoolTaint {
    if (typeof t === "string") {
        const colon = t.lastIndexOf(":");
        const [key, value] = t.slice(0, colon).split("=", 2);
        return toPoolTaint({ key, value, effect: t.slice(colon + 1) });
    }
    const effect = EFFECTS[t.effect];
    if (!effect) throw new Error(`internal: unknown taint effect ${JSON.stringify(t.effect)}`);
    return { key: t.key, ...(t.value ? { value: t.value } : {}), effect };
}

const taintsBy = (pools: { key: string; taints: readonly ({ key: string; value?: string; effect: string } | string)[] }[]) =>
    Object.fromEntries(pools.map((p) => [p.key, p.taints.map(toPoolTaint)]));

export function eksNetworkFacts(eks: ResolvedEks): NetworkFacts {
    // With the VPC CNI, nodes and pods take addresses from the VPC's range.
    const vpc = eks.network.kind === "new" ? [eks.network.cidr] : [];
    return {
        internalCidrs: [...vpc, ...EKS_DEFAULT_SERVICE_CIDRS],
        poolTaints: taintsBy(eks.pools.map((p) => ({ key: p.name, taints: p.taints }))),
    };
}

export function gkeNetworkFacts(gke: ResolvedGke): NetworkFacts {
    const n = gke.network;
    return {
        // An existing subnetwork's ranges are not in the plan.
        internalCidrs: n.kind === "existing" ? [] : [n.plan.nodes, n.plan.pods, n.plan.services],
        poolTaints: taintsBy(gke.pools.map((p) => ({ key: p.name, taints: p.taints }))),
    };
}

export function aksNetworkFacts(aks: AksPlan): NetworkFacts {
    const l = aks.layout;
    return {
        internalCidrs: [l.vnetCidr, l.podCidr, l.serviceCidr],
        // Includes the spot taint AKS puts on spot pools (SPOT_TAINT), which resolve.ts declares.
        poolTaints: taintsBy(aks.userPools.map((p) => ({ key: p.key, taints: p.taints }))),
    };
}

/** The facts for any plan; an existing cluster has no pools and ranges the plan does not know. */
export function networkFactsOf(plan: ClusterPlan): NetworkFacts {
    switch (plan.cloud) {
        case "aws": return eksNetworkFacts(plan.eks);
        case "gcp": return gkeNetworkFacts(plan.gke);
        case "azure": return aksNetworkFacts(plan.aks);
        case "existing": return { internalCidrs: [], poolTaints: {} };
    }
}
