import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessEntryKeys } from "../../components/cluster/aws/control-plane";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { resolveEks } from "../../components/cluster/aws/resolve";
import { amiTypeFor, instanceTypesFor, nodeGroupResourceName, placementsFor, resolveNodePool, splitEvenly, zoneGroups } from "../../components/cluster/aws/node-pools";
import { datedCatalog, eksBuild, supportOn } from "../../components/cluster/versions";
import { clusterSchema, nodePoolSchema } from "../../components/config/schema";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { evaluateWithMocks } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";
import { formatPathProblem } from "../../components/config/errors";

function cluster(input: Record<string, unknown>): ResolvedClusterConfig {
    return { ...clusterSchema.parse({ cloud: "aws", region: "eu-west-1", nodePools: { system: { min: 2, max: 4 } }, ...input }), name: "shop" };
}

describe("resolveEks", () => {
    it("reports every problem at once, naming the property and the value", () => {
        // The schema refuses host bits too; the resolver must not depend on that.
        const res = resolveEks({ ...cluster({ region: undefined, endpoint: { public: true, allowedCidrs: [] } }), network: { cidr: "10.0.0.1/16" } });
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(res.problems.map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "cluster.region: is required on aws; set kubeship:region, e.g. us-east-1",
            "cluster.network.cidr: has host bits set, got "10.0.0.1/16"; did you mean "10.0.0.0/16"?",
            "cluster.endpoint.allowedCidrs: a public endpoint needs at least one CIDR, got []; list your networks or set endpoint.public: false",
          ]
        `);
    });

    it("rejects pool zones outside the region and an existing network with one subnet", () => {
        const res = resolveEks(cluster({
            nodePools: { system: { min: 2, max: 4, zones: ["us-east-1a"] } },
            aws: { privateSubnetIds: ["subnet-0abc"] },
        }));
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toEqual([
            'cluster.aws.privateSubnetIds: an existing network needs at least 2 private subnets in different zones (EKS requires two), got ["subnet-0abc"]',
            'cluster.nodePools.system.zones[0]: "us-east-1a" is not an availability zone of eu-west-1; use names such as eu-west-1a',
        ]);
    });

    it("rejects admin ARNs that are not IAM roles or users, suggesting the role for an STS session", () => {
        const res = resolveEks(cluster({
            aws: { adminRoleArns: [
                "arn:aws:iam::123456789012:role/ops/admins",
                "arn:aws:sts::123456789012:assumed-role/admins/alice",
                "arn:aws:iam::123456789012:group/devs",
            ] },
        }));
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toEqual([
            'cluster.aws.adminRoleArns[1]: must be the ARN of an IAM role or user, got "arn:aws:sts::123456789012:assumed-role/admins/alice"; did you mean "arn:aws:iam::123456789012:role/admins"?',
            'cluster.aws.adminRoleArns[2]: must be the ARN of an IAM role or user, got "arn:aws:iam::123456789012:group/devs"; use arn:aws:iam::<account>:role/<name>',
        ]);
    });

    it("shares one NAT outside prod and uses one per zone in prod", () => {
        const nat = (environment: string) => {
            const res = resolveEks(cluster({ environment }));
            return res.ok && res.value.network.kind === "new" ? res.value.network.natPerZone : undefined;
        };
        expect([nat("dev"), nat("staging"), nat("prod")]).toEqual([false, false, true]);
    });

    it("omits public CIDRs for a private-only endpoint", () => {
        const res = resolveEks(cluster({ endpoint: { public: false }, aws: { deployFrom: ["10.0.0.0/16"] } }));
        expect(res.ok && res.value.endpoint).toEqual({ privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
    });
});

const THREE_ZONES = placementsFor(undefined, { kind: "new", zoneCount: 3 });

describe("resolveNodePool", () => {
    it("keeps desired within [min, max] and never starts the first pool empty", () => {
        const pool = fc.record({ min: fc.integer({ min: 0, max: 50 }), extra: fc.integer({ min: 0, max: 50 }), first: fc.boolean() });
        fc.assert(fc.property(pool, ({ min, extra, first }) => {
            const max = Math.max(1, min + extra);
            const p = resolveNodePool("p", nodePoolSchema.parse({ min, max }), first, THREE_ZONES);
            expect(p.desired).toBeGreaterThanOrEqual(p.min);
            expect(p.desired).toBeLessThanOrEqual(p.max);
            if (first) expect(p.desired).toBeGreaterThanOrEqual(1);
        }));
    });

    it("maps taint effects to the EKS enum", () => {
        const p = resolveNodePool("p", nodePoolSchema.parse({
            taints: [{ key: "a", effect: "NoSchedule" }, { key: "b", value: "x", effect: "PreferNoSchedule" }, { key: "c", effect: "NoExecute" }],
        }), false, THREE_ZONES);
        expect(p.taints).toEqual([
            { key: "a", effect: "NO_SCHEDULE" }, { key: "b", value: "x", effect: "PREFER_NO_SCHEDULE" }, { key: "c", effect: "NO_EXECUTE" },
        ]);
    });

    it("picks the AMI for the instance's architecture", () => {
        expect(amiTypeFor("m6i.xlarge")).toBe("AL2023_x86_64_STANDARD");
        expect(amiTypeFor("m7g.large")).toBe("AL2023_ARM_64_STANDARD");
        expect(amiTypeFor("c6gn.xlarge")).toBe("AL2023_ARM_64_STANDARD");
        expect(amiTypeFor("g5.xlarge")).toBe("AL2023_x86_64_NVIDIA");
        // A mismatched AMI type fails node group creation (API_Nodegroup.html lists these values).
        expect(amiTypeFor("g5g.xlarge")).toBe("AL2023_ARM_64_NVIDIA"); // Graviton + NVIDIA T4G
        expect(amiTypeFor("a1.large")).toBe("AL2023_ARM_64_STANDARD"); // first-generation Graviton
        expect(amiTypeFor("gr6.4xlarge")).toBe("AL2023_x86_64_NVIDIA");
        expect(amiTypeFor("inf2.xlarge")).toBe("AL2023_x86_64_NEURON");
        expect(amiTypeFor("trn1.2xlarge")).toBe("AL2023_x86_64_NEURON");
        // g4ad carries an AMD Radeon Pro V520: no EKS accelerated AMI drives it, and the
        // NVIDIA AMI is wrong for it; it runs the standard x86_64 AMI.
        expect(amiTypeFor("g4ad.xlarge")).toBe("AL2023_x86_64_STANDARD");
        expect(amiTypeFor("g4dn.xlarge")).toBe("AL2023_x86_64_NVIDIA");
        // NVIDIA Grace (ARM) with Blackwell GPUs.
        expect(amiTypeFor("p6e-gb200.36xlarge")).toBe("AL2023_ARM_64_NVIDIA");
    });

    it("gives every instance type the EKS docs list its accelerated AMI for", () => {
        // https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html (table of AL2023 variants)
        const documented: Record<string, string[]> = {
            AL2023_x86_64_NVIDIA: ["p6-b300", "p6-b200", "p5", "p5e", "p5en", "p4d", "p4de", "p3", "p3dn", "g7e", "gr6", "g6", "g6e", "g6f", "gr6f", "g5", "g4dn"],
            AL2023_ARM_64_NVIDIA: ["p6e-gb200", "p6e-gb300", "g5g"],
            AL2023_x86_64_NEURON: ["inf1", "inf2", "trn1", "trn2"],
        };
        for (const [ami, families] of Object.entries(documented)) {
            for (const family of families) expect([family, amiTypeFor(`${family}.xlarge`)]).toEqual([family, ami]);
        }
    });

    it("gives spot pools same-size siblings, and keeps on-demand and underivable types single", () => {
        expect(instanceTypesFor("m6i.large", true)).toEqual(["m6i.large", "m6a.large", "m7i.large", "m5.large"]);
        expect(instanceTypesFor("m5.4xlarge", true)).toEqual(["m5.4xlarge", "m6i.4xlarge", "m6a.4xlarge", "m7i.4xlarge"]);
        expect(instanceTypesFor("c6i.xlarge", true)).toEqual(["c6i.xlarge", "c6a.xlarge", "c7i.xlarge", "c5.xlarge"]);
        expect(instanceTypesFor("r7i.2xlarge", true)).toEqual(["r7i.2xlarge", "r6i.2xlarge", "r6a.2xlarge", "r5.2xlarge"]);
        expect(instanceTypesFor("m6i.xlarge", false)).toEqual(["m6i.xlarge"]);
        // Sizes where the families differ (c5 has no 8xlarge), other families, Graviton, GPUs: single.
        for (const t of ["c6i.8xlarge", "m6id.large", "m7g.large", "g5.xlarge", "t3.large", "m6i"]) expect(instanceTypesFor(t, true)).toEqual([t]);
        // Every portable size of a spot pool gets four types, all on one AMI.
        for (const size of ["small", "medium", "large", "xlarge"] as const) {
            const p = resolveNodePool("s", nodePoolSchema.parse({ size, spot: true }), false, THREE_ZONES);
            expect(p.instanceTypes).toHaveLength(4);
            expect(new Set(p.instanceTypes.map(amiTypeFor))).toEqual(new Set([p.amiType]));
        }
    });
});

describe("zone groups", () => {
    it("splits a pool's bounds across its zones, remainders on the first zones", () => {
        expect(splitEvenly(5, 3)).toEqual([2, 2, 1]);
        expect(zoneGroups(THREE_ZONES, 2, 6, 2).map((g) => [g.key, g.min, g.max, g.desired])).toEqual([["0", 1, 2, 1], ["1", 1, 2, 1], ["2", 0, 2, 0]]);
        // A max below the zone count uses that many zones, each holding one node at most.
        expect(zoneGroups(THREE_ZONES, 1, 2, 1).map((g) => [g.key, g.min, g.max, g.desired])).toEqual([["0", 1, 1, 1], ["1", 0, 1, 0]]);
        expect(placementsFor(["eu-west-1b", "eu-west-1c"], { kind: "new", zoneCount: 3 }).map((p) => p)).toEqual([{ kind: "zone", zone: "eu-west-1b" }, { kind: "zone", zone: "eu-west-1c" }]);
        expect(zoneGroups(placementsFor(undefined, { kind: "existing", privateSubnetIds: ["subnet-0a", "subnet-0b"] }), 0, 4, 0).map((g) => g.key)).toEqual(["0a", "0b"]);
    });

    it("keeps the pool's totals: mins sum to min, maxes to max, desired to desired, each group within its bounds", () => {
        const pool = fc.record({ min: fc.integer({ min: 0, max: 60 }), extra: fc.integer({ min: 0, max: 60 }), zones: fc.integer({ min: 1, max: 6 }), first: fc.boolean() });
        fc.assert(fc.property(pool, ({ min, extra, zones, first }) => {
            const max = Math.max(1, min + extra);
            const p = resolveNodePool("p", nodePoolSchema.parse({ min, max }), first, placementsFor(undefined, { kind: "new", zoneCount: zones }));
            const sum = (k: "min" | "max" | "desired") => p.groups.reduce((a, g) => a + g[k], 0);
            expect([sum("min"), sum("max"), sum("desired")]).toEqual([p.min, p.max, p.desired]);
            expect(p.groups).toHaveLength(Math.min(zones, max));
            for (const g of p.groups) {
                expect(g.max).toBeGreaterThanOrEqual(1); // EKS: maxSize >= 1
                expect(g.min).toBeLessThanOrEqual(g.desired);
                expect(g.desired).toBeLessThanOrEqual(g.max);
            }
            expect(new Set(p.groups.map((g) => g.key)).size).toBe(p.groups.length);
        }));
    });

    it("names each zone group so that its auto-name fits EKS's 63 characters", () => {
        expect(nodeGroupResourceName("gb", "general", "0")).toBe("gb-general-0");
        const long = nodeGroupResourceName("a".repeat(63), "b".repeat(63), "a");
        expect(long.length).toBeLessThanOrEqual(55);
        expect(long).not.toBe(nodeGroupResourceName("a".repeat(63), "b".repeat(63), "b"));
    });
});

describe("resolveEks: versions and pool labels", () => {
    it("accepts every minor the catalog can build while EKS supports it (extended support opted in where needed)", () => {
        const today = "2026-12-01"; // vitest.config.mts pins KUBESHIP_TODAY
        for (const m of datedCatalog("aws").minors) {
            const state = supportOn(m, today);
            const ok = resolveEks(cluster({ version: m.minor, extendedSupport: state === "extended" })).ok;
            expect([m.minor, ok]).toEqual([m.minor, Boolean(eksBuild(m.minor)) && state !== "ended"]);
        }
        const res = resolveEks(cluster({ version: "1.31" }));
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toEqual([expect.stringMatching(/^cluster\.version: reached the end of all support on EKS on 2026-11-26, got "1\.31"/)]);
    });

    it("refuses a pool label that would hide the pool's own, and a zone listed twice", () => {
        const res = resolveEks(cluster({
            nodePools: { system: { min: 2, max: 4, labels: { "kubeship.io/pool": "other" }, zones: ["eu-west-1a", "eu-west-1a"] } },
        }));
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toEqual([
            'cluster.nodePools.system.labels["kubeship.io/pool"]: is set by kubeship to the pool\'s name ("system"), got "other"; remove it',
            'cluster.nodePools.system.zones[1]: lists "eu-west-1a" twice; each zone gets one node group, so name it once',
        ]);
    });
});

describe("EksCluster on an existing network", () => {
    it("creates no VPC, runs in the given subnets, and looks up zones for zoned pools", async () => {
        const config = cluster({
            nodePools: { system: { min: 2, max: 4 }, edge: { min: 0, max: 2, zones: ["eu-west-1a"] } },
            aws: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"], publicSubnetIds: ["subnet-0c"] },
        });
        const r = await evaluateWithMocks(async () => {
            new EksCluster("shop", { plan: eksPlan(config) });
        }, { cloud: "aws", region: "eu-west-1" });
        expect(r.ofType("aws:ec2/vpc:Vpc")).toEqual([]);
        expect(r.ofType("aws:ec2/subnet:Subnet")).toEqual([]);
        expect(r.ofType("aws:ec2/natGateway:NatGateway")).toEqual([]);
        expect(r.one("aws:eks/cluster:Cluster").inputs.vpcConfig).toMatchObject({ subnetIds: ["subnet-0a", "subnet-0b"] });
        // One group per given subnet (each subnet lies in one zone); a zoned pool looks its zone's subnets up.
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "shop-system-0a").inputs.subnetIds).toEqual(["subnet-0a"]);
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "shop-system-0b").inputs.subnetIds).toEqual(["subnet-0b"]);
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "shop-edge-a").inputs.subnetIds).toEqual(["subnet-0a", "subnet-0b"]); // the mock keeps every subnet
    });

    it("gives same-named admin roles (other paths or accounts) their own access entries", async () => {
        const arns = ["arn:aws:iam::123456789012:role/team-a/admin", "arn:aws:iam::210987654321:role/admin", "arn:aws:iam::123456789012:role/ops"];
        expect([...accessEntryKeys(arns).values()]).toEqual(["123456789012-role-team-a-admin", "210987654321-role-admin", "ops"]);
        const config = cluster({ aws: { adminRoleArns: arns } });
        const r = await evaluateWithMocks(async () => {
            new EksCluster("shop", { plan: eksPlan(config) });
        }, { cloud: "aws", region: "eu-west-1" });
        expect(r.ofType("aws:eks/accessEntry:AccessEntry").map((e) => e.inputs.principalArn).sort()).toEqual([...arns].sort());
        expect(r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")).toHaveLength(3);
    });

    it("refuses to plan an invalid config, listing the problems (the component never sees it)", () => {
        const config = cluster({ network: { cidr: "10.0.0.0/8" } });
        expect(() => eksPlan(config)).toThrow(/cluster\.network\.cidr: must be \/16 or smaller/);
    });
});
