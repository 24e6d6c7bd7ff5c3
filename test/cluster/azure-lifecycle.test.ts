/**
 * AKS day 2: versions that are never re-sent stale, upgrade channels and
 * maintenance windows, node pools that are replaced new-first, OS disks and the
 * zone-redundant StorageClass. Assertions are on input values.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { resolveAksPlan, type AksPlan } from "../../components/cluster/azure/resolve";
import { LOCAL_DISK_GIB, osDiskFor } from "../../components/cluster/azure/os-disk";
import { upgradeChannelFor } from "../../components/cluster/azure/upgrades";
import { POOL_LABEL } from "../../components/cluster/types";
import { formatPathProblem } from "../../components/config/errors";
import { diffRenders } from "../../components/diff";
import { render as renderStack } from "../../components/render/render";
import { MAINTENANCE, MC, POOL, STORAGE_CLASS, clusterConfig, renderAks, unpinned } from "../helpers/aks";

type Obj = Record<string, any>;
const ROOT = path.resolve(__dirname, "../..");

/** The config with a second pool, `batch` (overrides can only change the file's pools). */
function withBatch(config: ReturnType<typeof clusterConfig>, batch: Obj = {}): ReturnType<typeof clusterConfig> {
    return { ...config, nodePools: { ...config.nodePools, batch: { ...config.nodePools.general, size: "large", min: 0, max: 4, ...batch } } };
}

function plan(config: ReturnType<typeof clusterConfig>): AksPlan {
    const r = resolveAksPlan(config);
    if (!r.ok) throw new Error(r.problems.map(formatPathProblem).join("\n"));
    return r.plan;
}

describe("AKS versions and upgrade channels", () => {
    it("follows rapid in dev and stable (minor upgrades included) in staging and prod when no version is pinned", () => {
        expect(upgradeChannelFor("dev", undefined)).toBe("rapid");
        expect(upgradeChannelFor("staging", undefined)).toBe("stable");
        expect(upgradeChannelFor("prod", undefined)).toBe("stable");
        for (const env of ["dev", "staging", "prod"] as const) {
            const p = plan(unpinned(clusterConfig(env)));
            expect(p.kubernetesVersion).toBeUndefined();
            expect(p.upgradeChannel).toBe(env === "dev" ? "rapid" : "stable");
            expect(p.nodeOSUpgradeChannel).toBe("NodeImage");
        }
    });

    it("keeps a pinned minor on the patch channel, so the minor it sends never goes stale", () => {
        for (const env of ["dev", "staging", "prod"] as const) expect(upgradeChannelFor(env, "1.33")).toBe("patch");
        expect(plan(clusterConfig("prod", { cluster: { version: "1.34" } }))).toMatchObject({ version: "1.34", upgradeChannel: "patch" });
    });

    it("sends a pinned minor on the cluster, the system pool and every AgentPool alike, and ignores no version", async () => {
        const r = await renderAks(withBatch(clusterConfig("staging", { cluster: { version: "1.34" } })));
        const mc = r.one(MC) as { inputs: Obj; options: Obj };
        expect(mc.inputs.kubernetesVersion).toBe("1.34");
        expect(mc.inputs.autoUpgradeProfile.upgradeChannel).toBe("patch");
        expect(mc.inputs.agentPoolProfiles[0].orchestratorVersion).toBe("1.34");
        expect(r.ofType(POOL).map((p) => p.inputs.orchestratorVersion)).toEqual(["1.34", "1.34"]);
        for (const x of [mc, ...r.ofType(POOL)]) expect((x.options.ignoreChanges ?? []).filter((p: string) => /version/i.test(p))).toEqual([]);
    });

    it("sends no version at all without a pin, on any pool", async () => {
        const r = await renderAks(unpinned(withBatch(clusterConfig("prod"))));
        const mc = r.one(MC).inputs as Obj;
        expect(Object.keys(mc)).not.toContain("kubernetesVersion");
        expect(Object.keys(mc.agentPoolProfiles[0])).not.toContain("orchestratorVersion");
        for (const p of r.ofType(POOL)) expect(Object.keys(p.inputs)).not.toContain("orchestratorVersion");
    });
});

describe("AKS planned maintenance", () => {
    const window = (day: string, startTime: string, durationHours: number) => ({
        schedule: { weekly: { dayOfWeek: day, intervalWeeks: 1 } }, durationHours, startTime, utcOffset: "+00:00",
    });

    it("schedules cluster upgrades and node OS upgrades in the default window, Sunday 02:00 UTC for 4 hours", async () => {
        const r = await renderAks(unpinned(clusterConfig("dev")));
        const configs = r.ofType(MAINTENANCE);
        expect(configs.map((c) => c.inputs.configName).sort()).toEqual(["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]);
        for (const c of configs) {
            expect(c.inputs.maintenanceWindow).toEqual(window("Sunday", "02:00", 4));
            expect(c.inputs.resourceName).toBe(r.one(MC).outputs.name);
            expect(c.inputs.resourceGroupName).toBe(r.one(MC).inputs.resourceGroupName);
            expect(c.outputs.name).toBe(c.inputs.configName);
        }
    });

    it("takes each stack's own window", async () => {
        const r = await renderAks(clusterConfig("prod", { cluster: { maintenance: { day: "wednesday", start: "22:30", hours: 6 } } }));
        const configs = r.ofType(MAINTENANCE);
        expect(configs).toHaveLength(2);
        for (const c of configs) expect(c.inputs.maintenanceWindow).toEqual(window("Wednesday", "22:30", 6));
    });
});

describe("AKS node pools and OS disks", () => {
    const poolName = (overrides: Obj) => plan(clusterConfig("dev", { cluster: { nodePools: { general: overrides } } })).userPools[0].agentPoolName;
    const base = poolName({});

    it("gives each size class a Ddsv5 size with an Ephemeral OS disk on its temp disk", () => {
        const expected = { small: "Standard_D2ds_v5", medium: "Standard_D4ds_v5", large: "Standard_D8ds_v5", xlarge: "Standard_D16ds_v5" };
        for (const [size, vmSize] of Object.entries(expected)) {
            const [pool] = plan(clusterConfig("dev", { cluster: { nodePools: { general: { size } } } })).userPools;
            expect(pool).toMatchObject({ vmSize, osDiskType: "Ephemeral", osDiskSizeGB: 50 });
            expect(pool.osDiskSizeGB).toBeLessThanOrEqual(LOCAL_DISK_GIB.get(vmSize)!);
        }
    });

    it("gives an explicit size without a known local disk a Managed OS disk", () => {
        const [pool] = plan(clusterConfig("dev", { cluster: { nodePools: { general: { machineType: { azure: "Standard_D4s_v5" }, diskGiB: 256 } } } })).userPools;
        expect(pool).toMatchObject({ vmSize: "Standard_D4s_v5", osDiskType: "Managed", osDiskSizeGB: 256 });
        expect(osDiskFor("Standard_D8ds_v5", 300)).toEqual({ type: "Ephemeral", sizeGB: 300 });
    });

    it("reports an OS disk larger than the temp disk at cluster.nodePools.<name>.diskGiB, in the loader's one pass", () => {
        expect(() => clusterConfig("dev", { cluster: { nodePools: { general: { diskGiB: 200 } } } }))
            .toThrow(/cluster\.nodePools\.general\.diskGiB: must be at most 150 on Standard_D4ds_v5/);
        const config = clusterConfig("dev");
        const res = resolveAksPlan({ ...config, nodePools: { general: { ...config.nodePools.general, diskGiB: 200 } } });
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "cluster.nodePools.general.diskGiB: must be at most 150 on Standard_D4ds_v5, whose 150 GiB temp disk holds the Ephemeral OS disk, got 200; lower diskGiB or choose a larger size",
          ]
        `);
    });

    it("changes the pool name when a field that forces replacement changes", () => {
        const changes: Obj[] = [
            { size: "large" }, { machineType: { azure: "Standard_E4ds_v5" } }, { spot: true }, { zones: ["1", "2"] }, { diskGiB: 64 },
        ];
        const names = changes.map(poolName);
        for (const n of names) expect(n).not.toBe(base);
        expect(new Set(names).size).toBe(names.length);
        // A different subnet is a different pool too.
        const subnet = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";
        expect(plan(clusterConfig("dev", { cluster: { azure: { vnetSubnetId: subnet } } })).userPools[0].agentPoolName).not.toBe(base);
    });

    it("keeps the pool name when only in-place fields change: bounds, initial count, labels, taints, surge, zone order", () => {
        fc.assert(fc.property(
            fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }),
            fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 }),
            fc.integer({ min: 1, max: 10 }), fc.boolean(),
            (min, extra, labels, maxSurge, withTaint) => poolName({
                min, max: min + extra, desired: min, labels, maxSurge, zones: ["3", "1", "2"],
                taints: withTaint ? [{ key: "dedicated", value: "web", effect: "NoSchedule" }] : [],
            }) === base,
        ), { numRuns: 50 });
    });

    it("labels every pool kubeship.io/pool=<key>, which survives a replacement", () => {
        const p = plan(withBatch(clusterConfig("dev"), { spot: true }));
        expect(p.userPools.map((x) => x.key)).toEqual(["general", "batch"]);
        for (const pool of p.userPools) expect(pool.labels[POOL_LABEL]).toBe(pool.key);
        const replaced = plan(clusterConfig("dev", { cluster: { nodePools: { general: { size: "large" } } } })).userPools[0];
        expect(replaced.agentPoolName).not.toBe(base);
        expect(replaced.labels[POOL_LABEL]).toBe("general");
    });

    it("sizes the system pool at the documented minimum: 4 vCPU, 2 nodes, 3 in prod, its OS disk on the temp disk", () => {
        for (const env of ["dev", "staging", "prod"] as const) {
            const { system } = plan(clusterConfig(env));
            expect(system.vmSize).toBe("Standard_D4ds_v5");
            expect(system.min).toBe(env === "prod" ? 3 : 2);
            expect(system.count).toBe(system.min);
            expect(system.osDiskSizeGB).toBeLessThanOrEqual(LOCAL_DISK_GIB.get(system.vmSize)!);
        }
    });

    it("replaces a pool whose machine type and spot setting change new-first, in `kubeship diff`", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-aks-pool-"));
        fs.cpSync(path.join(ROOT, "stacks"), path.join(tmp, "stacks"), { recursive: true });
        fs.mkdirSync(path.join(tmp, "examples"));
        const original = fs.readFileSync(path.join(ROOT, "examples/guestbook.yaml"), "utf8");
        fs.writeFileSync(path.join(tmp, "examples/guestbook.yaml"), original);
        const before = await renderStack({ stack: "dev-azure" }, tmp);
        const changed = original.replace(/size: medium(.*)\n/, "size: large$1\n      spot: true\n");
        expect(changed).not.toBe(original);
        fs.writeFileSync(path.join(tmp, "examples/guestbook.yaml"), changed);
        const after = await renderStack({ stack: "dev-azure" }, tmp);

        const diff = diffRenders(before.resources, after.resources);
        const pools = diff.changed.filter((c) => c.type === POOL);
        expect(pools).toHaveLength(1);
        expect(pools[0].action).toBe("replace");
        // No deleteBeforeReplace: Pulumi creates the replacement (a new agentPoolName) before deleting the old pool.
        expect(pools[0].deleteBeforeReplace).toBeUndefined();
        expect(pools[0].replaceReasons.map((r) => r.path)).toEqual(expect.arrayContaining(["agentPoolName", "vmSize", "scaleSetPriority"]));
        const name = pools[0].changes.find((c) => c.path === "agentPoolName");
        expect(name?.old).not.toBe(name?.new);
        // Placement follows the pool: its label does not change.
        expect(pools[0].changes.filter((c) => c.path.startsWith(`nodeLabels.${POOL_LABEL}`))).toEqual([]);
        // Nothing else on the Azure side changes.
        expect(diff.changed.filter((c) => c.type.startsWith("azure-native:") && c.type !== POOL)).toEqual([]);
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
    });
});

describe("AKS zone-redundant storage", () => {
    it("creates a ZRS StorageClass (Standard SSD outside prod) that stateful tiers use and wait for", async () => {
        const r = await renderAks(unpinned(clusterConfig("dev")));
        const [sc, twin] = ["gb-zrs", "gb-zrs-retain"].map((n) => r.ofType(STORAGE_CLASS).find((c) => c.name === n)) as { inputs: Obj; dependencies: string[] }[];
        expect(sc.inputs).toMatchObject({
            metadata: { name: "kubeship-zrs" }, provisioner: "disk.csi.azure.com",
            parameters: { skuName: "StandardSSD_ZRS" }, volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true, reclaimPolicy: "Delete",
        });
        // Not made the default: AKS's own default class stays.
        expect(sc.inputs.metadata.annotations).toBeUndefined();
        expect(r.cluster.facts.storageClass).toBe("kubeship-zrs");
        expect(r.cluster.storageReadyResources).toHaveLength(2);
        expect(sc.dependencies).toEqual(expect.arrayContaining([r.one(MC).urn, r.one("azure-native:authorization:RoleAssignment", "deployer").urn]));
        // Its Retain twin for storage.onDestroy: retain.
        expect(twin.inputs).toEqual({ ...sc.inputs, metadata: { name: "kubeship-zrs-retain" }, reclaimPolicy: "Retain" });
        expect(twin.dependencies).toEqual(sc.dependencies);
        expect(r.cluster.facts.storageClasses).toEqual({ delete: "kubeship-zrs", retain: "kubeship-zrs-retain" });
    });

    it("uses Premium ZRS in prod", async () => {
        const r = await renderAks(unpinned(clusterConfig("prod")));
        for (const sc of r.ofType(STORAGE_CLASS)) expect((sc.inputs as Obj).parameters.skuName).toBe("Premium_ZRS");
    });
});
