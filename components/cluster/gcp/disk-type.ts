/**
 * Which disk type a GKE node (boot disk) and a stateful tier's volume get,
 * from the machine family. Pure.
 *
 * Source: the machine/disk compatibility table of Google's Persistent Disk
 * CSI driver, kubernetes-sigs/gcp-compute-persistent-disk-csi-driver
 * deploy/kubernetes/overlays/node-labeler/configmap.yaml at b560165c3508dcbca6c53a7b005eba185c301167
 * (2026-08-18), with the correction of PR #2384 (commit 2b123788da2550b6ff03533fc127d35ab0246604,
 * 2026-08-20: "remove inaccurate pd disk types from gen4 vms": C4A and N4 take no Persistent Disk).
 * Families listed there with `hyperdisk-balanced` and without `pd-balanced`:
 */
export const HYPERDISK_ONLY_FAMILIES: ReadonlySet<string> = new Set([
    // general purpose
    "n4", "n4a", "n4d",
    // compute optimized
    "c4", "c4a", "c4d", "h4d",
    // memory optimized
    "m4", "x4",
    // accelerator optimized (GPU, TPU)
    "a4", "a4x", "g4", "ct6e", "tpu7x",
]);

import { retainClassName } from "../storage-classes";

/** GKE's default boot disk since 1.24, and the disk behind its `standard-rwo` StorageClass. */
export const PD_BALANCED = "pd-balanced";
export const HYPERDISK_BALANCED = "hyperdisk-balanced";
export type GkeDiskType = typeof PD_BALANCED | typeof HYPERDISK_BALANCED;

/** `n4-standard-4` -> `n4`; custom types (`n4-custom-4-8192`) and the TPU form (`ct6e-standard-4t`) alike. */
export function machineFamily(machineType: string): string {
    return machineType.toLowerCase().split("-")[0];
}

/**
 * `hyperdisk-balanced` for the Hyperdisk-only families, `pd-balanced` for the
 * rest. A family the table does not know (a new one) keeps `pd-balanced`,
 * GKE's own default.
 */
export function diskTypeFor(machineType: string): GkeDiskType {
    return HYPERDISK_ONLY_FAMILIES.has(machineFamily(machineType)) ? HYPERDISK_BALANCED : PD_BALANCED;
}

/** GKE's built-in StorageClass: pd-balanced, zonal, WaitForFirstConsumer, expandable. */
export const STANDARD_RWO = "standard-rwo";
/** The StorageClass kubeship creates when every pool is Hyperdisk-only (GKE ships none for Hyperdisk). */
export const HYPERDISK_STORAGE_CLASS = "kubeship-hyperdisk-balanced";

/** The StorageClass stateful tiers use, and whether kubeship must create it. */
export type GkeStorage =
    | { storageClass: typeof STANDARD_RWO; create: false }
    | { storageClass: typeof HYPERDISK_STORAGE_CLASS; create: true; diskType: typeof HYPERDISK_BALANCED };

/**
 * Volumes are zonal and attach only to nodes whose family takes their disk type.
 * When every pool is Hyperdisk-only, a pd-balanced volume could attach nowhere,
 * so stateful tiers get a hyperdisk-balanced class; otherwise GKE's standard-rwo
 * (pd-balanced). Pools that mix the two kinds are a known limit (README).
 */
export function storageFor(machineTypes: string[]): GkeStorage {
    const allHyperdisk = machineTypes.length > 0 && machineTypes.every((t) => diskTypeFor(t) === HYPERDISK_BALANCED);
    return allHyperdisk
        ? { storageClass: HYPERDISK_STORAGE_CLASS, create: true, diskType: HYPERDISK_BALANCED }
        : { storageClass: STANDARD_RWO, create: false };
}

/**
 * The Retain twin of the class stateful tiers use (storage-classes.ts), for
 * `storage.onDestroy: retain`. GKE's standard-rwo is pd-balanced through the
 * Compute Engine PD CSI driver, WaitForFirstConsumer and expandable
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver);
 * its twin is kubeship's, named after the disk type.
 */
export function retainTwinOf(storage: GkeStorage) {
    const diskType = storage.create ? storage.diskType : PD_BALANCED;
    return {
        metadata: { name: retainClassName(storage.create ? storage.storageClass : `kubeship-${PD_BALANCED}`) },
        provisioner: "pd.csi.storage.gke.io",
        parameters: { type: diskType },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Retain",
    };
}
