/**
 * How an AKS cluster keeps itself current: the auto-upgrade channel, the node
 * OS channel and the planned maintenance windows they run in. Pure.
 *
 * Sources: AKS REST API spec, Azure/azure-rest-api-specs
 * specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-10-01/managedClusters.json
 * @ 48e035e38304a83946025af54e69c28169bf887b (UpgradeChannel, MaintenanceWindow);
 * @pulumi/azure-native 3.28.0 (containerservice API 2025-09-01) enums
 * UpgradeChannel, NodeOSUpgradeChannel, WeekDay and MaintenanceConfigurationArgs.
 */
import type { Environment } from "../../config/schema";
import type { MaintenanceWindow } from "../maintenance";

/**
 * - `rapid`: latest patch of the latest minor (N);
 * - `stable`: latest patch of minor N-1;
 * - `patch`: latest patch of the minor the cluster runs; the minor never moves.
 * (REST spec UpgradeChannel descriptions.)
 */
export type UpgradeChannel = "rapid" | "stable" | "patch";

/**
 * The channel a cluster follows.
 * - No pinned version (the cloud chooses): prod and staging follow `stable`, which
 *   takes minor upgrades once they are N-1, so prod never runs a minor out of
 *   support; dev follows `rapid` and meets each new minor first, before staging
 *   and prod, which is what dev is for.
 * - A pinned minor (`cluster.version`): `patch`. The pin is the minor kubeship
 *   sends; `patch` moves only the patch inside it, and AKS treats the same
 *   `major.minor` as unchanged ("Updating the cluster with the same <major.minor>
 *   once it has been created (e.g. 1.14.x -> 1.14) will not trigger an upgrade",
 *   REST spec kubernetesVersion), so the pin is never stale. Raising the pin is
 *   the minor upgrade.
 */
export function upgradeChannelFor(environment: Environment, pinnedVersion: string | undefined): UpgradeChannel {
    if (pinnedVersion !== undefined) return "patch";
    return environment === "dev" ? "rapid" : "stable";
}

/**
 * Node images: AKS rolls a patched VHD weekly, inside the node OS window
 * (NodeOSUpgradeChannel.NodeImage; the default, set explicitly so a change of
 * default never shows up as drift). `SecurityPatch` costs extra image storage.
 */
export const NODE_OS_UPGRADE_CHANNEL = "NodeImage";

/** The two planned-maintenance configurations AKS reads, by their fixed names (learn.microsoft.com/azure/aks/planned-maintenance). */
export const MAINTENANCE_CONFIG = {
    /** When the upgrade channel may upgrade the control plane and the pools. */
    upgrade: "aksManagedAutoUpgradeSchedule",
    /** When the node OS channel may reimage nodes. */
    nodeOS: "aksManagedNodeOSUpgradeSchedule",
} as const;

const WEEKDAY = {
    monday: "Monday", tuesday: "Tuesday", wednesday: "Wednesday", thursday: "Thursday",
    friday: "Friday", saturday: "Saturday", sunday: "Sunday",
} as const;

/** The MaintenanceConfiguration `maintenanceWindow` for the stack's weekly window. */
export interface AksMaintenanceWindow {
    schedule: { weekly: { dayOfWeek: (typeof WEEKDAY)[keyof typeof WEEKDAY]; intervalWeeks: 1 } };
    /** 4..24 (REST spec MaintenanceWindow.durationHours). */
    durationHours: number;
    /** HH:MM (REST spec pattern ^\d{2}:\d{2}$). */
    startTime: string;
    /** The schema's window is UTC. */
    utcOffset: "+00:00";
}

/** Every week on the window's day, from its start, for its hours, in UTC. */
export function aksMaintenanceWindow(window: MaintenanceWindow): AksMaintenanceWindow {
    return {
        schedule: { weekly: { dayOfWeek: WEEKDAY[window.day], intervalWeeks: 1 } },
        durationHours: window.hours,
        startTime: window.start,
        utcOffset: "+00:00",
    };
}
