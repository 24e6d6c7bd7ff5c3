/**
 * One StorageClass per `storage.onDestroy`: the cloud's class with reclaim policy
 * Delete, and its twin with Retain. A StorageClass cannot change its reclaim
 * policy (the API server refuses updates to reclaimPolicy, parameters,
 * provisioner and volumeBindingMode: kubernetes/kubernetes
 * pkg/apis/storage/validation ValidateStorageClassUpdate), so the twin is a second
 * object, created beside the first on every managed cluster: a StorageClass costs
 * nothing, and a cluster built apart from its app (TypeScript callers) has both.
 */
import type { ClusterFacts } from "./types";

/** The name of the Retain twin of a class. */
export function retainClassName(deleteClass: string): string {
    return `${deleteClass}-retain`;
}

/** The facts for a cluster whose class for `delete` is `deleteClass` and whose twin kubeship creates. */
export function storageClassFacts(deleteClass: string): Pick<ClusterFacts, "storageClass" | "storageClasses"> {
    return { storageClass: deleteClass, storageClasses: { delete: deleteClass, retain: retainClassName(deleteClass) } };
}
