/**
 * The OS disk of an AKS node pool. Pure.
 *
 * A VM size with a local temp disk can hold an Ephemeral OS disk there: local
 * SSD (19,000 IOPS on Standard_D4ds_v5) instead of a remote managed disk (a
 * 50 GiB Premium SSD P6 runs at 240 IOPS), faster reimaging on upgrades and no
 * disk charge. The disk's size and type can never change after the pool is
 * created (AKS REST spec, osDiskType: "May not be changed after creation";
 * "Can the ephemeral OS disk be resized? No", learn.microsoft.com/azure/virtual-machines/ephemeral-os-disks-faq),
 * so a change replaces the pool (see pool-name.ts).
 */

/**
 * Temp (local SSD) disk of the VM sizes kubeship knows, in GiB: the Ddv5 and
 * Ddsv5 series. Source: MicrosoftDocs/azure-docs
 * articles/virtual-machines/ddv5-ddsv5-series.md @ 9c7b94122e10ac6af809f39451f0ca8b57ef5e19
 * ("Temp storage (SSD) GiB"; Ephemeral OS disks: Supported).
 */
export const LOCAL_DISK_GIB: ReadonlyMap<string, number> = new Map(
    ([[2, 75], [4, 150], [8, 300], [16, 600], [32, 1200], [48, 1800], [64, 2400], [96, 3600]] as const)
        .flatMap(([vcpu, gib]) => [[`Standard_D${vcpu}ds_v5`, gib], [`Standard_D${vcpu}d_v5`, gib]] as [string, number][]),
);

export type OsDisk =
    | { type: "Ephemeral" | "Managed"; sizeGB: number }
    | { problem: string };

/**
 * The OS disk a pool of `vmSize` gets for `diskGiB`:
 * - a size with a known temp disk: Ephemeral, placed on the temp disk, which must
 *   hold it (AKS refuses an explicit Ephemeral disk that does not fit);
 * - any other size: Managed, explicitly, so the pool does not depend on what AKS
 *   picks by default (Ephemeral only when the VM's cache holds the disk; REST spec
 *   osDiskType description).
 */
export function osDiskFor(vmSize: string, diskGiB: number): OsDisk {
    const local = LOCAL_DISK_GIB.get(vmSize);
    if (local === undefined) return { type: "Managed", sizeGB: diskGiB };
    if (diskGiB > local) {
        return { problem: `must be at most ${local} on ${vmSize}, whose ${local} GiB temp disk holds the Ephemeral OS disk, got ${diskGiB}; lower diskGiB or choose a larger size` };
    }
    return { type: "Ephemeral", sizeGB: diskGiB };
}
