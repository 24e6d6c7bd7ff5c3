/**
 * Portable node sizes. Each class means the same vCPU and memory on every cloud,
 * on general-purpose, non-burstable machines of the current generation.
 *
 * Azure uses Ddsv5 sizes: Dsv5 plus a local temp disk (the "d"), which holds an
 * Ephemeral OS disk (see azure/os-disk.ts). Temp disks 75/150/300/600 GiB:
 * MicrosoftDocs/azure-docs articles/virtual-machines/ddv5-ddsv5-series.md @ 9c7b9412.
 */
import type { Cloud, NodePoolConfig, Size } from "../config/schema";

export type ManagedCloud = Exclude<Cloud, "existing">;

export const SIZE_TABLE: Record<Size, { vcpu: number; memoryGiB: number } & Record<ManagedCloud, string>> = {
    small: { vcpu: 2, memoryGiB: 8, aws: "m6i.large", gcp: "e2-standard-2", azure: "Standard_D2ds_v5" },
    medium: { vcpu: 4, memoryGiB: 16, aws: "m6i.xlarge", gcp: "e2-standard-4", azure: "Standard_D4ds_v5" },
    large: { vcpu: 8, memoryGiB: 32, aws: "m6i.2xlarge", gcp: "e2-standard-8", azure: "Standard_D8ds_v5" },
    xlarge: { vcpu: 16, memoryGiB: 64, aws: "m6i.4xlarge", gcp: "e2-standard-16", azure: "Standard_D16ds_v5" },
};

/** The machine type a pool means on a cloud: an explicit type wins over the size class. */
export function machineTypeFor(pool: Pick<NodePoolConfig, "size" | "machineType">, cloud: ManagedCloud): string {
    if (typeof pool.machineType === "string") return pool.machineType;
    return pool.machineType?.[cloud] ?? SIZE_TABLE[pool.size][cloud];
}

/** Nodes a pool starts with: `desired`, else `min`, but never 0 for the first pool so system pods can schedule. */
export function initialNodeCount(pool: Pick<NodePoolConfig, "min" | "max" | "desired">, isFirstPool: boolean): number {
    const wanted = pool.desired ?? pool.min;
    return Math.min(pool.max, Math.max(wanted, isFirstPool ? 1 : 0));
}
