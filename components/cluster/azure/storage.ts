/**
 * The StorageClass stateful tiers use on AKS: zone-redundant managed disks.
 *
 * Why ZRS and not one pool per zone: an LRS disk lives in one zone, so a replica
 * whose node went away can only come back in that zone, and the autoscaler of a
 * pool spanning zones cannot be told to add a node there (the pod stays Pending).
 * A ZRS disk is replicated synchronously across three zones and attaches to a
 * node in any of them ("ZRS disk could be scheduled on the zone or non-zone node,
 * without the restriction that disk volume should be co-located in the same zone",
 * learn.microsoft.com/azure/aks/azure-disk-csi, kubernetes-sigs/azuredisk-csi-driver
 * docs). One pool per zone with balance-similar-node-groups (the other documented
 * answer, learn.microsoft.com/azure/aks/availability-zones-overview) would triple
 * the pools and still lose the volume with its zone.
 *
 * Costs and limits (learn.microsoft.com/azure/virtual-machines/disks-redundancy):
 * ZRS costs more than LRS and writes are slower; only Premium SSD and Standard
 * SSD come as ZRS, and only in regions that offer ZRS disks: elsewhere the claim
 * fails to provision (the README says so).
 *
 * AKS's own classes also switch to ZRS on multi-zone clusters from 1.29
 * (availability-zones-overview), but implicitly; kubeship names the SKU.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import type { AksPlan } from "./resolve";
import { retainClassName } from "../storage-classes";

/** Parameters of the azuredisk CSI driver (`skuName`, alias storageAccountType; kubernetes-sigs/azuredisk-csi-driver docs/driver-parameters.md). */
export function zrsStorageClassSpec(storage: AksPlan["storage"]) {
    return {
        metadata: { name: storage.className },
        provisioner: "disk.csi.azure.com",
        parameters: { skuName: storage.skuName, cachingMode: "ReadOnly", fsType: "ext4" },
        reclaimPolicy: "Delete",
        // The pod is placed first; the disk follows it (and could follow it anywhere).
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

/** Its twin with reclaim policy Retain, for `storage.onDestroy: retain` (storage-classes.ts). */
export function zrsRetainStorageClassSpec(storage: AksPlan["storage"]) {
    const spec = zrsStorageClassSpec(storage);
    return { ...spec, metadata: { name: retainClassName(storage.className) }, reclaimPolicy: "Retain" };
}

export function createZrsRetainStorageClass(
    name: string, storage: AksPlan["storage"], provider: Provider, opts: { parent: pulumi.Resource; dependsOn: pulumi.Resource[] },
): StorageClass {
    return new StorageClass(`${name}-zrs-retain`, zrsRetainStorageClassSpec(storage), { ...opts, provider });
}

export function createZrsStorageClass(
    name: string, storage: AksPlan["storage"], provider: Provider, opts: { parent: pulumi.Resource; dependsOn: pulumi.Resource[] },
): StorageClass {
    return new StorageClass(`${name}-zrs`, zrsStorageClassSpec(storage), { ...opts, provider });
}
