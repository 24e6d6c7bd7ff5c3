/**
 * The weekly maintenance window every managed cloud gets, cloud-neutral: the
 * clouds' automatic upgrades (GKE's release channel, AKS's upgrade channel and
 * node OS updates) start only inside it. Pure.
 */
import type { ClusterConfig } from "../config/schema";

export interface MaintenanceWindow {
    day: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
    /** HH:MM, UTC. */
    start: string;
    hours: number;
}

/** Sunday 02:00 UTC for 4 hours, unless the stack says otherwise. */
export const DEFAULT_MAINTENANCE: MaintenanceWindow = { day: "sunday", start: "02:00", hours: 4 };

/** The stack's window, each field it leaves out taken from `defaults` (a cloud may need longer windows). */
export function resolveMaintenance(config: Pick<ClusterConfig, "maintenance">, defaults: MaintenanceWindow = DEFAULT_MAINTENANCE): MaintenanceWindow {
    const set = Object.entries(config.maintenance ?? {}).filter(([, v]) => v !== undefined);
    return { ...defaults, ...Object.fromEntries(set) };
}
