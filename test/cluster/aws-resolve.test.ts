import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessEntryKeys } from "../../components/cluster/aws/control-plane";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { amiTypeFor, resolveEks, resolveNodePool } from "../../components/cluster/aws/resolve";
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
        const res = resolveEks(cluster({ endpoint: { public: false } }));
        expect(res.ok && res.value.endpoint).toEqual({ privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
    });
});

describe("resolveNodePool", () => {
    it("keeps desired within [min, max] and never starts the first pool empty", () => {
        const pool = fc.record({ min: fc.integer({ min: 0, max: 50 }), extra: fc.integer({ min: 0, max: 50 }), first: fc.boolean() });
        fc.assert(fc.property(pool, ({ min, extra, first }) => {
            const max = Math.max(1, min + extra);
            const p = resolveNodePool("p", nodePoolSchema.parse({ min, max }), first);
            expect(p.desired).toBeGreaterThanOrEqual(p.min);
            expect(p.desired).toBeLessThanOrEqual(p.max);
            if (first) expect(p.desired).toBeGreaterThanOrEqual(1);
        }));
    });

    it("maps taint effects to the EKS enum", () => {
        const p = resolveNodePool("p", nodePoolSchema.parse({
            taints: [{ key: "a", effect: "NoSchedule" }, { key: "b", value: "x", effect: "PreferNoSchedule" }, { key: "c", effect: "NoExecute" }],
        }), false);
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
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "system").inputs.subnetIds).toEqual(["subnet-0a", "subnet-0b"]);
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "edge").inputs.subnetIds).toEqual(["subnet-0a", "subnet-0b"]); // the mock keeps every subnet
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
