/**
 * Pure resolution of the cluster config into everything AksCluster creates:
 * the address layout, the system pool, one agent pool per config pool, and the
 * cluster-wide settings that differ between dev and prod. No Pulumi here.
 */
import type { PathProblem } from "../../config/errors";
import type { Environment, NodePoolConfig } from "../../config/schema";
import { resolveMaintenance } from "../maintenance";
import { initialNodeCount, machineTypeFor } from "../sizes";
import { POOL_LABEL, type NodePoolInfo, type ResolvedClusterConfig } from "../types";
import { kubernetesVersionFor, type KubernetesVersionPlan, type VersionContext } from "../versions";
import { planAccess, type AccessPlan } from "./access";
import { planApiAccess, type ApiAccess } from "./reachability";
import type { KubeloginMode } from "./kubeconfig";
import { aksNames, type AksNames } from "./names";
import { planNetworkLayout, type NetworkLayout } from "./network-layout";
import { osDiskFor } from "./os-disk";
import { agentPoolNameFor } from "./pool-name";
import { aksMaintenanceWindow, NODE_OS_UPGRADE_CHANNEL, upgradeChannelFor, type AksMaintenanceWindow, type UpgradeChannel } from "./upgrades";

/** Name of the inline system pool. User pools never take it. */
export const SYSTEM_POOL_NAME = "system";
export const ALL_ZONES = ["1", "2", "3"];
/** Taint that keeps application pods off the system pool. */
export const CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly=true:NoSchedule";
/** What AKS puts on spot nodes; declared explicitly so the pool's inputs match what Azure reports (no perpetual diff). */
export const SPOT_LABEL = { key: "kubernetes.azure.com/scalesetpriority", value: "spot" } as const;
export const SPOT_TAINT = `${SPOT_LABEL.key}=${SPOT_LABEL.value}:NoSchedule`;
/**
 * The StorageClass stateful tiers use on AKS, created by kubeship (storage.ts).
 * Not the cluster default: AKS's own `default`/`managed-csi` stay as they are.
 */
export const ZRS_STORAGE_CLASS = "kubeship-zrs";
const EXISTING_SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** The system pool: small, tainted for critical add-ons, zonal, autoscaled. */
export interface SystemPoolPlan {
    name: string;
    /**
     * Standard_D4ds_v5 everywhere: system pools need at least 4 vCPU (and 4 GiB),
     * and at least 2 nodes, 3 recommended in production
     * (learn.microsoft.com/azure/aks/use-system-pools, "Limitations" and "System and
     * user node pools", ms.date 2025-06-10). The local disk ("d", 150 GiB) holds
     * an Ephemeral OS disk: faster reimaging and no disk cost.
     */
    vmSize: string;
    osDiskType: "Ephemeral";
    osDiskSizeGB: number;
    min: number;
    max: number;
    count: number;
    maxSurge: string;
    zones: string[];
    taints: string[];
}

export interface UserPoolPlan {
    /** The pool's key in the config (`cluster.nodePools.<key>`), used for the resource name and the POOL_LABEL value. */
    key: string;
    /** The AKS agent pool name: a stem of the key plus a hash of the fields that force replacement (pool-name.ts). */
    agentPoolName: string;
    vmSize: string;
    /** Ephemeral on sizes with a temp disk that holds it, Managed otherwise (os-disk.ts). */
    osDiskType: "Ephemeral" | "Managed";
    min: number;
    max: number;
    count: number;
    spot: boolean;
    labels: Record<string, string>;
    taints: string[];
    zones: string[];
    osDiskSizeGB: number;
    maxSurge: string;
}

export interface AksPlan {
    /** The cluster's name in the config (`cluster.name`, else the app's name), without the stack. */
    clusterName: string;
    /** The physical Azure names, each carrying the stack within its type's limit (names.ts). */
    names: AksNames;
    region: string;
    environment: Environment;
    prod: boolean;
    /** The Kubernetes minor the cluster runs at creation: the pinned one, else the one AKS picks (per the catalog). */
    version: string;
    /**
     * A pinned Kubernetes minor ("1.35"), sent on the cluster, the system pool and
     * every AgentPool alike; undefined leaves the version to AKS and the upgrade
     * channel, and nothing is sent. Never sent under a channel that moves the minor
     * (upgrades.ts), so a value from an earlier run is never re-sent stale.
     */
    kubernetesVersion?: string;
    /** The version's choice and support state (components/cluster/versions). */
    kubernetes: KubernetesVersionPlan;
    /** A resource group to create, or the name of an existing one. */
    resourceGroup: { create: true } | { create: false; name: string };
    /** A VNet and node subnet to create, or an existing subnet's id. */
    subnet: { create: true } | { create: false; id: string };
    layout: NetworkLayout;
    system: SystemPoolPlan;
    userPools: UserPoolPlan[];
    nodePools: NodePoolInfo[];
    skuTier: "Standard" | "Free";
    upgradeChannel: UpgradeChannel;
    nodeOSUpgradeChannel: typeof NODE_OS_UPGRADE_CHANNEL;
    /** The stack's weekly window, for both planned-maintenance configurations. */
    maintenance: AksMaintenanceWindow;
    /** The StorageClass kubeship creates for stateful tiers (storage.ts). */
    storage: { className: string; skuName: "Premium_ZRS" | "StandardSSD_ZRS" };
    /** Container registries (resource ids) whose AcrPull goes to the kubelet identity (registries.ts). */
    acrIds: string[];
    adminGroupObjectIds: string[];
    /** Who gets cluster admin, and at which scope (access.ts). */
    access: AccessPlan;
    /** How the kubeconfig's kubelogin gets Entra tokens (kubeconfig.ts). */
    kubeloginMode: KubeloginMode;
    /** A public API server with its authorized ranges, or a private one (reachability.ts). */
    api: ApiAccess;
    tags: Record<string, string>;
}

export type AksResolution = { ok: true; plan: AksPlan } | { ok: false; problems: PathProblem[] };

/** The cluster-autoscaler settings every AKS cluster gets. @see https://learn.microsoft.com/azure/aks/cluster-autoscaler */
export const AUTOSCALER_PROFILE = {
    /** Keeps zonal pools of the same shape level, so a zone outage hurts evenly. */
    balanceSimilarNodeGroups: "true",
    /** Picks the pool that leaves the least CPU and memory idle. */
    expander: "least-waste",
    scanInterval: "10s",
    /** Wait after a scale-up before considering a scale-down, so bursts don't flap. */
    scaleDownDelayAfterAdd: "10m",
    scaleDownDelayAfterDelete: "20s",
    scaleDownDelayAfterFailure: "3m",
    scaleDownUnneededTime: "10m",
    scaleDownUnreadyTime: "20m",
    scaleDownUtilizationThreshold: "0.5",
    maxGracefulTerminationSec: "600",
    maxNodeProvisionTime: "15m",
    skipNodesWithLocalStorage: "false",
    skipNodesWithSystemPods: "true",
} as const;

/** Resolves the config; every problem is reported at once, each naming its property. */
export function resolveAksPlan(config: ResolvedClusterConfig, versions?: VersionContext): AksResolution {
    const problems: PathProblem[] = [];
    const kubernetes = kubernetesVersionFor("azure", config, versions, problems);
    const prod = config.environment === "prod";
    if (!config.region) problems.push({ path: ["cluster", "region"], message: "is required on azure, got undefined; set kubeship:region, e.g. westeurope" });

    const layout = planNetworkLayout(config.network.cidr);
    if (typeof layout === "string") problems.push({ path: ["cluster", "network", "cidr"], message: layout });

    const existingSubnet = config.azure?.vnetSubnetId;
    if (existingSubnet !== undefined && !EXISTING_SUBNET_ID.test(existingSubnet)) {
        problems.push({ path: ["cluster", "azure", "vnetSubnetId"], message: `must be a subnet resource id such as /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, got ${JSON.stringify(existingSubnet)}` });
    }

    const taken = new Set([SYSTEM_POOL_NAME]);
    const subnet = existingSubnet ?? "kubeship";
    const userPools: UserPoolPlan[] = [];
    Object.entries(config.nodePools).forEach(([key, pool], i) => {
        const zones = resolveZones(pool.zones, config.region ?? "", ["cluster", "nodePools", key, "zones"], problems);
        const vmSize = machineTypeFor(pool, "azure");
        const osDisk = osDiskFor(vmSize, pool.diskGiB);
        if ("problem" in osDisk) {
            problems.push({ path: ["cluster", "nodePools", key, "diskGiB"], message: osDisk.problem });
            return;
        }
        const agentPoolName = agentPoolNameFor({
            key, vmSize, osDiskType: osDisk.type, osDiskSizeGB: osDisk.sizeGB, zones, spot: pool.spot, subnet,
        }, taken);
        taken.add(agentPoolName);
        userPools.push(resolveUserPool(key, agentPoolName, pool, { vmSize, osDiskType: osDisk.type, osDiskSizeGB: osDisk.sizeGB, zones }, i === 0));
    });

    const api = planApiAccess(config.endpoint, config.azure?.deployFrom ?? "github-hosted", existingSubnet !== undefined, problems);

    if (problems.length || typeof layout === "string" || !kubernetes) return { ok: false, problems };

    return {
        ok: true,
        plan: {
            clusterName: config.name,
            names: aksNames(config.name, config.stack),
            region: config.region as string,
            environment: config.environment,
            prod,
            version: kubernetes.minor,
            kubernetesVersion: kubernetes.pinned ? kubernetes.minor : undefined,
            kubernetes,
            acrIds: [...new Set(config.azure?.acr ?? [])],
            resourceGroup: config.azure?.resourceGroup ? { create: false, name: config.azure.resourceGroup } : { create: true },
            subnet: existingSubnet ? { create: false, id: existingSubnet } : { create: true },
            layout,
            system: {
                name: SYSTEM_POOL_NAME,
                vmSize: "Standard_D4ds_v5",
                osDiskType: "Ephemeral",
                // Fits the 150 GiB temp disk of Standard_D4ds_v5 (os-disk.ts); system pods pull few images.
                osDiskSizeGB: 64,
                // One node per zone in prod; the documented minimum of 2 elsewhere.
                min: prod ? 3 : 2,
                max: prod ? 6 : 3,
                count: prod ? 3 : 2,
                maxSurge: prod ? "33%" : "1",
                zones: ALL_ZONES,
                taints: [CRITICAL_ADDONS_TAINT],
            },
            userPools,
            nodePools: userPools.map((p) => ({ name: p.key, machineType: p.vmSize, min: p.min, max: p.max, spot: p.spot })),
            skuTier: prod ? "Standard" : "Free",
            upgradeChannel: upgradeChannelFor(config.environment, config.version),
            nodeOSUpgradeChannel: NODE_OS_UPGRADE_CHANNEL,
            maintenance: aksMaintenanceWindow(resolveMaintenance(config)),
            // Zone-redundant disks: a replica rescheduled into another zone keeps its volume (storage.ts).
            storage: { className: ZRS_STORAGE_CLASS, skuName: prod ? "Premium_ZRS" : "StandardSSD_ZRS" },
            adminGroupObjectIds: config.azure?.adminGroupObjectIds ?? [],
            access: planAccess(config.azure?.adminGroupObjectIds ?? [], config.azure?.deployer, !config.azure?.resourceGroup),
            kubeloginMode: config.azure?.kubeloginMode ?? "azurecli",
            api,
            tags: { "managed-by": "kubeship", "kubeship-cluster": config.name, environment: config.environment },
        },
    };
}

function resolveUserPool(
    key: string, agentPoolName: string, pool: NodePoolConfig,
    fixed: Pick<UserPoolPlan, "vmSize" | "osDiskType" | "osDiskSizeGB" | "zones">, first: boolean,
): UserPoolPlan {
    // POOL_LABEL carries the config key, which stays when the agent pool name changes.
    const labels = { ...pool.labels, [POOL_LABEL]: key, ...(pool.spot ? { [SPOT_LABEL.key]: SPOT_LABEL.value } : {}) };
    const taints = pool.taints.map(toAksTaint);
    if (pool.spot && !taints.includes(SPOT_TAINT)) taints.push(SPOT_TAINT);
    return {
        key,
        agentPoolName,
        vmSize: fixed.vmSize,
        osDiskType: fixed.osDiskType,
        min: pool.min,
        max: pool.max,
        count: initialNodeCount(pool, first),
        spot: pool.spot,
        labels,
        taints,
        zones: fixed.zones,
        osDiskSizeGB: fixed.osDiskSizeGB,
        maxSurge: String(pool.maxSurge),
    };
}

/** `{key, value, effect}` → AKS's `key=value:Effect` (or `key:Effect` without a value). */
export function toAksTaint(t: { key: string; value?: string; effect: string }): string {
    return t.value === undefined || t.value === "" ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`;
}

/** Azure zones are "1", "2", "3"; "westeurope-2" style names are accepted and shortened. Sorted: order means nothing to AKS. */
function resolveZones(zones: string[] | undefined, region: string, where: (string | number)[], problems: PathProblem[]): string[] {
    if (zones === undefined) return ALL_ZONES;
    if (zones.length === 0) problems.push({ path: where, message: "must list at least one zone, got []; remove zones to use all three" });
    const out: string[] = [];
    zones.forEach((z, i) => {
        const m = /^(?:([a-z0-9]+)-)?([123])$/.exec(z);
        if (m && m[1] !== undefined && region && m[1] !== region) {
            problems.push({ path: [...where, i], message: `is a zone of ${m[1]}, not of the cluster's region ${region}, got ${JSON.stringify(z)}; use "${m[2]}"` });
        } else if (m) out.push(m[2]);
        else problems.push({ path: [...where, i], message: `Azure availability zones are "1", "2" and "3", got ${JSON.stringify(z)}` });
    });
    return [...new Set(out)].sort();
}
