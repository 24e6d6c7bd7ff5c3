import { describe, expect, it } from "vitest";
import type { MockCallArgs, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { evaluate } from "../../components/render/engine";
import { createMocks } from "../../components/render/mocks";
import { clusterSchema } from "../../components/config/schema";
import { query } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";

/**
 * An account whose us-east-1a is use1-az3, a zone EKS refuses
 * (UnsupportedAvailabilityZoneException; docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).
 * Zone names map to zones per account, so this is a real account's layout. The
 * call honours `excludeZoneIds`, as DescribeAvailabilityZones does.
 */
const ZONES = [["us-east-1a", "use1-az3"], ["us-east-1b", "use1-az1"], ["us-east-1c", "use1-az2"], ["us-east-1d", "use1-az4"], ["us-east-1e", "use1-az6"], ["us-east-1f", "use1-az5"]];

function accountMocks(): Mocks {
    const base = createMocks({ cloud: "aws", region: "us-east-1", stack: "zones" });
    return {
        newResource: (args) => base.newResource(args),
        call: (args: MockCallArgs) => {
            if (args.token !== "aws:index/getAvailabilityZones:getAvailabilityZones") return base.call(args);
            const excluded: string[] = args.inputs?.excludeZoneIds ?? [];
            const kept = ZONES.filter(([, id]) => !excluded.includes(id));
            return { id: "us-east-1", names: kept.map(([n]) => n), zoneIds: kept.map(([, id]) => id), groupNames: ["us-east-1"] };
        },
    };
}

describe("EKS network zones", () => {
    it("never places subnets in an Availability Zone EKS does not support", async () => {
        const config = { ...clusterSchema.parse({ cloud: "aws", region: "us-east-1", nodePools: { system: { min: 2, max: 4 } } }), name: "zones" };
        const result = await evaluate(async () => { new EksCluster("zones", { plan: eksPlan(config) }); }, {
            project: "kubeship", stack: "zones", config: {}, mocks: accountMocks(),
        });
        const subnets = query(result.resources).ofType("aws:ec2/subnet:Subnet");
        expect(subnets).toHaveLength(6);
        expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(["us-east-1b", "us-east-1c", "us-east-1d"]));
    });
});
