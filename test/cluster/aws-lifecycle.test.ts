/**
 * EKS day 2: every minor kubeship accepts builds a matching cluster-autoscaler
 * and add-ons; an upgrade updates in place; a pool change that replaces node
 * groups creates the new ones before the old ones go.
 */
import { describe, expect, it } from "vitest";
import { datedCatalog, eksBuild, supportOn, type EksAddonVersions, type EksBuild } from "../../components/cluster/versions";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { clusterSchema } from "../../components/config/schema";
import { diffRenders, toMarkdown } from "../../components/diff";
import { toResourceEntries } from "../../components/render/manifests";
import { evaluateWithMocks } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";

function cluster(input: Record<string, unknown>): ResolvedClusterConfig {
    return { ...clusterSchema.parse({ cloud: "aws", region: "eu-west-1", nodePools: { system: { min: 2, max: 4 } }, ...input }), name: "shop" };
}

function renderEks(config: ResolvedClusterConfig) {
    return evaluateWithMocks(async () => { new EksCluster("shop", { plan: eksPlan(config) }); }, { cloud: "aws", region: "eu-west-1", stack: "lifecycle" });
}

/** Every minor the dated catalog can build, and whether it needs extended support today (2026-12-01, vitest.config.mts). */
const BUILDABLE = datedCatalog("aws").minors.filter((m) => eksBuild(m.minor) && supportOn(m, "2026-12-01") !== "ended")
    .map((m) => ({ minor: m.minor, extendedSupport: supportOn(m, "2026-12-01") === "extended" }));
const build = (minor: string): EksBuild => eksBuild(minor)!;
type EksAddonName = keyof EksAddonVersions;

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

describe("EKS on every minor kubeship accepts", () => {
    it("keeps one row per minor whose image is of that minor", () => {
        expect(BUILDABLE.map((b) => b.minor)).toEqual(["1.32", "1.33", "1.34", "1.35", "1.36"]);
        for (const { minor } of BUILDABLE) expect(build(minor).autoscaler.imageTag).toMatch(new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d+$`));
    });

    for (const { minor, extendedSupport } of BUILDABLE) {
        it(`builds ${minor}: control plane, node groups, add-ons and cluster-autoscaler all on ${minor}`, async () => {
            const r = await renderEks(cluster({ version: minor, extendedSupport, nodePools: { system: { min: 2, max: 4 }, spot: { size: "large", spot: true, min: 0, max: 6 } } }));
            expect(r.one("aws:eks/cluster:Cluster").inputs.version).toBe(minor);
            const groups = r.ofType(NODE_GROUP);
            expect(groups).toHaveLength(6);
            for (const g of groups) expect([g.name, g.inputs.version]).toEqual([g.name, minor]);

            const addons = r.ofType("aws:eks/addon:Addon");
            expect(addons.map((a) => a.inputs.addonName).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "metrics-server", "vpc-cni"]);
            for (const a of addons) {
                const name = a.inputs.addonName as EksAddonName;
                expect([name, a.inputs.addonVersion]).toEqual([name, build(minor).addons[name]]);
            }

            const release = r.one("kubernetes:helm.sh/v3:Release");
            expect(release.inputs.version).toBe(build(minor).autoscaler.chartVersion);
            expect((release.inputs.values as { image: unknown }).image).toEqual({
                repository: "registry.k8s.io/autoscaling/cluster-autoscaler",
                tag: build(minor).autoscaler.imageTag,
            });
            expect((release.inputs.values as { extraArgs: Record<string, unknown> }).extraArgs).toMatchObject({ "balance-similar-node-groups": true });
        });
    }

    it("rehearses an upgrade 1.35 -> 1.36: the control plane, every node group and add-on and the autoscaler update in place", async () => {
        const pools = { system: { min: 2, max: 4 }, batch: { size: "large", spot: true, min: 0, max: 6, zones: ["eu-west-1a", "eu-west-1b"] } };
        const before = await renderEks(cluster({ version: "1.35", nodePools: pools }));
        const after = await renderEks(cluster({ version: "1.36", nodePools: pools }));
        const diff = diffRenders(toResourceEntries(before.resources), toResourceEntries(after.resources));
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
        expect(diff.changed.filter((c) => c.action === "replace")).toEqual([]);

        const changedOf = (type: string) => diff.changed.filter((c) => c.type === type && c.action === "update").map((c) => c.name).sort();
        expect(changedOf("aws:eks/cluster:Cluster")).toEqual(["shop-cluster"]);
        expect(changedOf(NODE_GROUP)).toEqual(after.ofType(NODE_GROUP).map((g) => g.name).sort());
        // Every add-on whose version for 1.36 differs (in the catalog: kube-proxy).
        const moved = after.ofType("aws:eks/addon:Addon").filter((a) => {
            const name = a.inputs.addonName as EksAddonName;
            return build("1.35").addons[name] !== build("1.36").addons[name];
        });
        expect(moved.map((a) => a.inputs.addonName).sort()).toEqual(["kube-proxy"]);
        expect(changedOf("aws:eks/addon:Addon")).toEqual(moved.map((a) => a.name).sort());
        expect(changedOf("kubernetes:helm.sh/v3:Release")).toEqual(["shop-autoscaler"]);
        for (const c of diff.changed.filter((x) => x.type === NODE_GROUP)) {
            expect(c.changes.map((f) => [f.path, f.old, f.new])).toEqual([["version", "1.35", "1.36"]]);
        }
    });
});

describe("EKS node group replacement", () => {
    it("never deletes first: no deleteBeforeReplace, no fixed name on node groups or launch templates", async () => {
        const r = await renderEks(cluster({ nodePools: { system: { min: 2, max: 4 }, batch: { spot: true, max: 6, zones: ["eu-west-1b"] } } }));
        const groups = r.ofType(NODE_GROUP);
        expect(groups.map((g) => g.name)).toEqual(["shop-system-0", "shop-system-1", "shop-system-2", "shop-batch-b"]);
        for (const g of groups) {
            expect(g.options.deleteBeforeReplace).toBeUndefined();
            // A name the auto-namer did not pick makes the bridge delete first (nameRequiresDeleteBeforeReplace).
            expect(g.inputs.nodeGroupName).toBeUndefined();
            expect(g.inputs.nodeGroupNamePrefix).toBeUndefined();
            expect(String(g.outputs.nodeGroupName).length).toBeLessThanOrEqual(63);
            expect(g.inputs.labels).toMatchObject({ "kubeship.io/pool": g.name.split("-")[1] });
        }
        for (const lt of r.ofType(LAUNCH_TEMPLATE)) {
            expect(lt.options.deleteBeforeReplace).toBeUndefined();
            expect(lt.inputs.name).toBeUndefined();
            expect(lt.inputs.namePrefix).toBeUndefined();
        }
    });

    it("shows a spot toggle and a machine-type change as replacements that create the new group first", async () => {
        const before = await renderEks(cluster({ nodePools: { system: { min: 2, max: 4 } } }));
        const after = await renderEks(cluster({ nodePools: { system: { min: 2, max: 4, size: "large", spot: true } } }));
        const diff = diffRenders(toResourceEntries(before.resources), toResourceEntries(after.resources));
        const groups = diff.changed.filter((c) => c.type === NODE_GROUP);
        expect(groups.map((g) => g.name)).toEqual(["shop-system-0", "shop-system-1", "shop-system-2"]);
        for (const g of groups) {
            expect(g.action).toBe("replace");
            expect(g.replaceReasons.map((x) => [x.path, x.certain])).toEqual([["capacityType", true], ["instanceTypes", true]]);
            expect(g.deleteBeforeReplace).toBeUndefined();
        }
        // The launch template is only updated (a new version the groups roll to); it is not replaced.
        expect(diff.changed.filter((c) => c.type === LAUNCH_TEMPLATE)).toEqual([]);
        const md = toMarkdown(diff, { title: "lifecycle" });
        expect(md).toContain("`aws:eks/nodeGroup:NodeGroup` shop-system-0 **replace**");
        expect(md).not.toContain("deleted before the new one is created");

        // Labels, taints and bounds update in place: the same groups stay.
        const relabeled = await renderEks(cluster({ nodePools: { system: { min: 2, max: 5, labels: { team: "core" } } } }));
        const inPlace = diffRenders(toResourceEntries(before.resources), toResourceEntries(relabeled.resources));
        expect(inPlace.changed.filter((c) => c.type === NODE_GROUP).map((c) => c.action)).toEqual(["update", "update", "update"]);
    });
});
