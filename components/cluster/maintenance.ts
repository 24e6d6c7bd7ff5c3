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

export function resolveMaintenance(config: Pick<ClusterConfig, "maintenance">): MaintenanceWindow {
    return { ...DEFAULT_MAINTENANCE, ...(config.maintenance ?? {}) };
}
