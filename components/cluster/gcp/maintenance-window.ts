/**
 * The stack's weekly maintenance window (`cluster.maintenance`, see
 * ../maintenance.ts) as GKE's `maintenancePolicy.recurringWindow`: a first
 * occurrence (start and end, RFC 3339 in UTC) and an RFC 5545 RRULE. Pure.
 *
 * GKE refuses a policy that leaves fewer than 48 hours of maintenance
 * availability in 32 days ("maintenance policy would go longer than 32d without
 * 48h maintenance availability"), each window at least 4 hours long:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
 * A weekly window recurs only 4 times in some 32-day spans (32 = 4 × 7 + 4), so
 * the shared 4-hour default gives 16 hours and is refused. 12 hours is the
 * smallest weekly window GKE accepts: 4 × 12 = 48 (11 hours give 44, and the
 * fifth occurrence comes 35 days after the first).
 */
import type { PathProblem } from "../../config/errors";
import type { ClusterConfig } from "../../config/schema";
import { DEFAULT_MAINTENANCE, resolveMaintenance, type MaintenanceWindow } from "../maintenance";

/** Shortest weekly window GKE accepts (see above). */
export const GKE_MIN_WEEKLY_HOURS = 12;

/**
 * GKE's default window when the stack sets none: the shared default day and
 * start (Sunday 02:00 UTC), lengthened to the smallest length GKE accepts.
 */
export const GKE_DEFAULT_MAINTENANCE: MaintenanceWindow = { ...DEFAULT_MAINTENANCE, hours: GKE_MIN_WEEKLY_HOURS };

/** `ClusterMaintenancePolicyRecurringWindow` of @pulumi/gcp (container/cluster). */
export interface GkeRecurringWindow {
    /** First occurrence's start, `YYYY-MM-DDTHH:MM:SSZ`. */
    startTime: string;
    /** First occurrence's end; GKE takes only the duration from it. */
    endTime: string;
    /** RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=SU`. */
    recurrence: string;
}

const BYDAY: Record<MaintenanceWindow["day"], string> = {
    monday: "MO", tuesday: "TU", wednesday: "WE", thursday: "TH", friday: "FR", saturday: "SA", sunday: "SU",
};
const DAY_INDEX: Record<MaintenanceWindow["day"], number> = {
    monday: 0, tuesday: 1, wednesday: 2, thursday: 3, friday: 4, saturday: 5, sunday: 6,
};
/** A fixed Monday in the past: the first occurrence is the window's weekday of that week, so the inputs never change. */
const ANCHOR_MONDAY_UTC = Date.UTC(2024, 0, 1);

/**
 * The recurring window for a weekly `MaintenanceWindow`. Zulu timestamps
 * without fractions: GKE returns UTC, and any other form gives a permanent diff
 * (terraform-provider-google docs for `recurring_window`).
 */
export function gkeRecurringWindow(w: MaintenanceWindow): GkeRecurringWindow {
    const [hh, mm] = w.start.split(":").map(Number);
    const start = ANCHOR_MONDAY_UTC + ((DAY_INDEX[w.day] * 24 + hh) * 60 + mm) * 60_000;
    const end = start + w.hours * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    return { startTime: iso(start), endTime: iso(end), recurrence: `FREQ=WEEKLY;BYDAY=${BYDAY[w.day]}` };
}

/**
 * The stack's window for GKE: `cluster.maintenance`, or GKE_DEFAULT_MAINTENANCE
 * when the stack sets none. A window GKE would refuse is a problem at
 * `cluster.maintenance.hours` (pushed onto `problems`), never a silent change.
 */
export function resolveGkeMaintenance(config: Pick<ClusterConfig, "maintenance">, problems: PathProblem[]): MaintenanceWindow {
    if (config.maintenance === undefined) return GKE_DEFAULT_MAINTENANCE;
    const window = resolveMaintenance(config, GKE_DEFAULT_MAINTENANCE);
    if (window.hours < GKE_MIN_WEEKLY_HOURS) {
        problems.push({
            path: ["cluster", "maintenance", "hours"],
            message: `must be at least ${GKE_MIN_WEEKLY_HOURS} on gcp, got ${window.hours}: GKE needs 48 hours of maintenance availability in every 32 days, and a weekly window recurs only 4 times in some of them; set cluster.maintenance.hours: ${GKE_MIN_WEEKLY_HOURS}`,
        });
    }
    return window;
}
