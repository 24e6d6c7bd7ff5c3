/**
 * HorizontalPodAutoscaler and PodDisruptionBudget specs. Pure, no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { TierConfig } from "../config/schema";
import { selectorLabels, workloadKind } from "./names";

/** CPU utilization target when neither cpu nor memory is set. @default 70 */
export const DEFAULT_CPU_TARGET = 70;

/**
 * An autoscaling/v2 HPA spec for an autoscaled tier, or undefined for a tier
 * with a fixed replica count. It targets the tier's Deployment or StatefulSet
 * by name, which is the tier's name.
 */
export function toHpaSpec(tierName: string, tier: TierConfig): k8s.autoscaling.v2.HorizontalPodAutoscalerSpec | undefined {
    const a = tier.autoscale;
    if (!a) return undefined;
    const targets: [string, number][] = [];
    if (a.cpu !== undefined || a.memory === undefined) targets.push(["cpu", a.cpu ?? DEFAULT_CPU_TARGET]);
    if (a.memory !== undefined) targets.push(["memory", a.memory]);
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: workloadKind(tier), name: tierName },
        minReplicas: a.min,
        maxReplicas: a.max,
        metrics: targets.map(([name, averageUtilization]) => ({
            type: "Resource",
            resource: { name, target: { type: "Utilization", averageUtilization } },
        })),
        ...(a.scaleDownStabilizationSeconds !== undefined
            ? { behavior: { scaleDown: { stabilizationWindowSeconds: a.scaleDownStabilizationSeconds } } }
            : {}),
    };
}

/**
 * A PodDisruptionBudget spec that always allows one eviction: `maxUnavailable: 1`,
 * whatever the replica count (a `minAvailable` equal to the replicas would
 * block every node drain). Unhealthy pods may always be evicted, so a broken
 * rollout cannot block a drain either.
 */
export function toPdbSpec(tierName: string, appName: string): k8s.policy.v1.PodDisruptionBudgetSpec {
    return {
        maxUnavailable: 1,
        selector: { matchLabels: selectorLabels(tierName, appName) },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
    };
}
