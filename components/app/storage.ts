/**
 * What happens to a stateful tier's volumes when its StatefulSet goes
 * (`pulumi destroy`, or the tier removed): `storage.onDestroy`. Pure, no Pulumi.
 *
 * Two settings carry it, as each covers a different deletion:
 * - the StatefulSet's `persistentVolumeClaimRetentionPolicy.whenDeleted`: whether
 *   the controller deletes the claims with the StatefulSet;
 * - the storage class's `reclaimPolicy`: whether the cloud disk goes when its
 *   claim does (as it does when Pulumi deletes the app's namespace, whatever
 *   the StatefulSet said). StorageClass fields are immutable, so each cluster
 *   has one class per policy (`ClusterFacts.storageClasses`).
 *
 * `whenScaled` stays `Retain` (the Kubernetes default) either way: scaling down
 * and back up finds each replica's data again.
 *
 * The StatefulSet field is beta and on by default from Kubernetes 1.27 and GA in
 * 1.32 (feature gate StatefulSetAutoDeletePVC; KEP-1847,
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention);
 * every version the managed clouds offer today has it. It may change in place
 * (apps/v1 validation lets an update touch it, like replicas and template).
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { ClusterFacts } from "../cluster/types";
import { STORAGE_ON_DESTROY, type Environment, type TierConfig } from "../config/schema";

export type OnDestroy = (typeof STORAGE_ON_DESTROY)[number];

/** A stateful tier's volume settings: the class its claims use and what destroy does to them. */
export interface VolumePlan {
    storageClass: string;
    onDestroy: OnDestroy;
}

/** `storage.onDestroy`, or the environment's default. @default "retain" in prod, "delete" elsewhere */
export function onDestroyOf(tier: TierConfig, environment: Environment): OnDestroy {
    return tier.storage?.onDestroy ?? (environment === "prod" ? "retain" : "delete");
}

/**
 * The class a tier's claims use: the cluster's class for its policy. A cluster
 * that names only one class (an existing cluster) uses it for both, and then
 * its own reclaim policy decides what happens to the disks.
 */
export function volumePlanOf(tier: TierConfig, facts: Pick<ClusterFacts, "environment" | "storageClass" | "storageClasses">): VolumePlan {
    const onDestroy = onDestroyOf(tier, facts.environment);
    return { storageClass: facts.storageClasses?.[onDestroy] ?? facts.storageClass, onDestroy };
}

/** The StatefulSet's claim retention for a policy. */
export function toPvcRetentionPolicy(onDestroy: OnDestroy): k8s.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy {
    return { whenDeleted: onDestroy === "retain" ? "Retain" : "Delete", whenScaled: "Retain" };
}
