/**
 * Placement: `pool: <key>` puts a tier's pods on that node pool. Pure, no Pulumi.
 *
 * Every kubeship pool's nodes carry POOL_LABEL = the pool's key on every cloud
 * (it survives a pool's replacement under a new cloud name), so a node
 * selector on it is the placement; the pods then tolerate exactly that pool's
 * taints (ClusterFacts.poolTaints: the configured ones and those the cloud
 * adds, such as AKS's spot taint). A tier without `pool` gets neither, so it
 * never lands on a tainted pool.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import { POOL_LABEL, type ClusterFacts, type PoolTaint } from "../cluster/types";
import type { TierConfig } from "../config/schema";

export interface Placement {
    nodeSelector?: Record<string, string>;
    tolerations?: k8s.core.v1.Toleration[];
}

/** Tolerates one taint exactly: its key, value (or any value when it has none) and effect. */
export function toToleration(t: PoolTaint): k8s.core.v1.Toleration {
    return t.value ? { key: t.key, operator: "Equal", value: t.value, effect: t.effect } : { key: t.key, operator: "Exists", effect: t.effect };
}

/**
 * The pod spec fields that place a tier: none without `pool`, and none on an
 * existing cluster, whose nodes carry no kubeship pool label (the render notes it).
 */
export function toPlacement(tier: Pick<TierConfig, "pool">, poolTaints: ClusterFacts["poolTaints"] = {}, cloud?: ClusterFacts["cloud"]): Placement {
    if (tier.pool === undefined || cloud === "existing") return {};
    const taints = Object.hasOwn(poolTaints, tier.pool) ? poolTaints[tier.pool] : [];
    return {
        nodeSelector: { [POOL_LABEL]: tier.pool },
        ...(taints.length ? { tolerations: taints.map(toToleration) } : {}),
    };
}
