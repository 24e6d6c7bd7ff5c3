/**
 * Names on AWS: what kubeship names itself carries the stack, so dev, staging and
 * prod share an account; the rest is auto-named; and every physical name stays
 * within the limit of the API that takes it, for the longest names the schema allows.
 */
import { describe, expect, it } from "vitest";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { autoNamedWithin, AWS_NAME_LIMITS } from "../../components/cluster/aws/names";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { clusterSchema } from "../../components/config/schema";
import { evaluate, type MockResourceArgs, type RecordedResource } from "../../components/render/engine";
import { createMocks } from "../../components/render/mocks";
import { evaluateWithMocks, query } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";

function config(name: string, stack: string, input: Record<string, unknown> = {}): ResolvedClusterConfig {
    return { ...clusterSchema.parse({ cloud: "aws", region: "us-east-1", nodePools: { general: { min: 2, max: 6 } }, ...input }), name, stack };
}

function renderEks(c: ResolvedClusterConfig) {
    return evaluateWithMocks(async () => { new EksCluster(c.name, { plan: eksPlan(c) }); }, { cloud: "aws", region: "us-east-1", stack: c.stack });
}

const CLUSTER = "aws:eks/cluster:Cluster";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALIAS = "aws:kms/alias:Alias";

/** The names kubeship writes itself, by type: each must differ between two stacks of one account. */
function explicitNames(resources: RecordedResource[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of resources) {
        if (!r.type.startsWith("aws:") || typeof r.inputs.name !== "string") continue;
        (out[r.type] ??= []).push(r.inputs.name);
    }
    return out;
}

describe("names unique per stack", () => {
    it("gives dev, staging and prod in one account their own cluster, log group and key alias", async () => {
        const stacks = ["dev-aws", "staging-aws", "prod-aws"];
        const renders = [];
        // One at a time: Pulumi's runtime state is global.
        for (const s of stacks) renders.push(await renderEks(config("guestbook", s, { environment: s.split("-")[0], endpoint: { allowedCidrs: ["198.18.0.0/15"] }, aws: { deployFrom: ["198.18.0.0/15"] } })));
        const names = renders.map((r) => explicitNames(r.resources));
        expect(names[0]).toEqual({
            [CLUSTER]: ["guestbook-dev-aws"],
            [LOG_GROUP]: ["/aws/eks/guestbook-dev-aws/cluster"],
            [ALIAS]: ["alias/kubeship/guestbook-dev-aws"],
        });
        for (const type of [CLUSTER, LOG_GROUP, ALIAS]) {
            expect(new Set(names.map((n) => n[type][0])).size).toBe(3);
        }
        // The VPC's and subnets' Name tags carry the stack too.
        expect(renders[2].one("aws:ec2/vpc:Vpc").inputs.tags).toMatchObject({ Name: "guestbook-prod-aws-vpc" });
        expect(renders[2].one("aws:ec2/subnet:Subnet", "private-0").inputs.tags).toMatchObject({
            Name: "guestbook-prod-aws-private-0", "kubernetes.io/cluster/guestbook-prod-aws": "shared",
        });
    });

    it("names the log group after the cluster's real name, and discovers node groups by it", async () => {
        const r = await renderEks(config("shop", "qa-aws"));
        const cluster = r.one(CLUSTER).inputs.name;
        expect(cluster).toBe("shop-qa-aws");
        expect(r.one(LOG_GROUP).inputs.name).toBe(`/aws/eks/${cluster}/cluster`);
        for (const ng of r.ofType("aws:eks/nodeGroup:NodeGroup")) expect(ng.inputs.tags).toMatchObject({ [`k8s.io/cluster-autoscaler/${cluster}`]: "owned" });
        const values = r.one("kubernetes:helm.sh/v3:Release").rawInputs.values as { autoDiscovery: { clusterName: string } };
        expect(values.autoDiscovery.clusterName).toBe(cluster);
    });

    it("keeps a name without a stack as it was (a TypeScript program with one cluster)", async () => {
        const r = await renderEks({ ...config("gb", ""), stack: undefined });
        expect(r.one(CLUSTER).inputs.name).toBe("gb");
    });

    it("auto-names every IAM role, under the /kubeship/ path the deploy role is limited to", async () => {
        const r = await renderEks(config("guestbook", "dev-aws"));
        const roles = r.ofType("aws:iam/role:Role");
        expect(roles.length).toBeGreaterThanOrEqual(5);
        for (const role of roles) {
            expect(role.inputs.name).toBeUndefined();
            expect(role.inputs.path).toBe("/kubeship/");
        }
        expect(r.one("aws:iam/policy:Policy").inputs.path).toBe("/kubeship/");
    });
});

describe("the control-plane log group survives destroy and re-create", () => {
    /** Renders with mocks that also record the import id each resource was registered with. */
    async function renderRecordingImports(c: ResolvedClusterConfig) {
        const imports = new Map<string, string | undefined>();
        const mocks = createMocks({ cloud: "aws", region: "us-east-1", stack: c.stack ?? "" });
        const result = await evaluate(async () => { new EksCluster(c.name, { plan: eksPlan(c) }); }, {
            project: "kubeship", stack: c.stack ?? "", config: {},
            mocks: {
                newResource(args: MockResourceArgs) {
                    imports.set(`${args.type}::${args.name}`, args.id || undefined);
                    return mocks.newResource(args);
                },
                call: (args) => mocks.call(args),
            },
        });
        return { ...query(result.resources), imports };
    }

    it("is kept on destroy and created, not imported, by default", async () => {
        const r = await renderRecordingImports(config("guestbook", "prod-aws", { environment: "prod", endpoint: { public: false }, aws: { deployFrom: ["10.0.0.0/16"] } }));
        const logs = r.one(LOG_GROUP);
        expect(logs.options).toEqual({ retainOnDelete: true });
        expect(logs.inputs).toEqual({ name: "/aws/eks/guestbook-prod-aws/cluster", retentionInDays: 365 });
        expect(r.imports.get(`${LOG_GROUP}::${logs.name}`)).toBeUndefined();
        // The cluster waits for its log group, so EKS never creates one first.
        expect(r.dependsOn(r.one(CLUSTER), logs)).toBe(true);
    });

    it("is imported by its name with adoptLogGroup, after a destroy left it behind", async () => {
        const r = await renderRecordingImports(config("guestbook", "prod-aws", { environment: "prod", endpoint: { public: false }, aws: { deployFrom: ["10.0.0.0/16"], adoptLogGroup: true } }));
        const logs = r.one(LOG_GROUP);
        expect(r.imports.get(`${LOG_GROUP}::${logs.name}`)).toBe("/aws/eks/guestbook-prod-aws/cluster");
        expect(logs.options).toEqual({ retainOnDelete: true });
        // Nothing else is imported.
        expect([...r.imports.entries()].filter(([, id]) => id !== undefined).map(([k]) => k)).toEqual([`${LOG_GROUP}::${logs.name}`]);
    });
});

/**
 * Each AWS type kubeship creates that has a name: the field, whether kubeship sets it
 * (else Pulumi auto-names it `<logical name>-<7 hex>`), the API's limit and alphabet.
 * Sources in components/cluster/aws/names.ts.
 */
const NAMED: Record<string, { field: string; max: number; pattern: RegExp }> = {
    [CLUSTER]: { field: "name", max: AWS_NAME_LIMITS.eksCluster, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/ },
    "aws:iam/role:Role": { field: "name", max: AWS_NAME_LIMITS.iamRole, pattern: /^[\w+=,.@-]+$/ },
    "aws:iam/policy:Policy": { field: "name", max: AWS_NAME_LIMITS.iamPolicy, pattern: /^[\w+=,.@-]+$/ },
    "aws:iam/rolePolicy:RolePolicy": { field: "name", max: AWS_NAME_LIMITS.iamPolicy, pattern: /^[\w+=,.@-]+$/ },
    "aws:ec2/launchTemplate:LaunchTemplate": { field: "name", max: AWS_NAME_LIMITS.launchTemplate, pattern: /^[a-zA-Z0-9().\-/_]+$/ },
    "aws:eks/nodeGroup:NodeGroup": { field: "nodeGroupName", max: AWS_NAME_LIMITS.nodeGroup, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/ },
    [LOG_GROUP]: { field: "name", max: AWS_NAME_LIMITS.logGroup, pattern: /^[.\-_/#A-Za-z0-9]+$/ },
    [ALIAS]: { field: "name", max: AWS_NAME_LIMITS.kmsAlias, pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/ },
};

/** The physical name a resource gets: its own, or the provider's auto-name (7 hex digits stand for the random part). */
function physicalName(r: RecordedResource, field: string): string {
    const given = r.inputs[field];
    return typeof given === "string" ? given : `${r.name}-abcdef0`;
}

/** Every tag map on a resource: tags, launch template tag specifications, a provider's default tags. */
function tagMaps(r: RecordedResource): Record<string, string>[] {
    const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
    const maps: unknown[] = [r.inputs.tags];
    for (const spec of (r.inputs.tagSpecifications as { tags?: unknown }[] | undefined) ?? []) maps.push(spec.tags);
    if (r.type === "pulumi:providers:aws") maps.push(parse(r.inputs.defaultTags)?.tags);
    return maps.filter((m): m is Record<string, string> => typeof m === "object" && m !== null);
}

describe("the longest names the schema allows", () => {
    const app = `l${"o".repeat(61)}g`; // 63 characters, a DNS label
    const pool = (c: string) => `${c}${"p".repeat(62)}`;
    const stack = `prod-${"s".repeat(55)}`; // 60 characters

    it("keeps every physical name and tag within its AWS limit", async () => {
        expect([app.length, pool("a").length, stack.length]).toEqual([63, 63, 60]);
        const r = await renderEks(config(app, stack, {
            environment: "prod",
            endpoint: { allowedCidrs: ["198.18.0.0/15"] },
            aws: { adminRoleArns: [`arn:aws:iam::123456789012:role/${"r".repeat(64)}`], deployFrom: ["198.18.0.0/15", "10.0.0.0/16"] },
            nodePools: { [pool("a")]: { min: 2, max: 6 }, [pool("b")]: { min: 0, max: 3, spot: true, zones: ["us-east-1a"] } },
        }));
        const problems: string[] = [];
        const seen = new Set<string>();
        for (const res of r.resources) {
            const rule = NAMED[res.type];
            if (rule) {
                seen.add(res.type);
                const name = physicalName(res, rule.field);
                if (name.length > rule.max) problems.push(`${res.type} ${name}: ${name.length} > ${rule.max}`);
                if (!rule.pattern.test(name)) problems.push(`${res.type} ${name}: not ${rule.pattern}`);
            }
            for (const tags of tagMaps(res)) {
                for (const [k, v] of Object.entries(tags)) {
                    if (k.length > AWS_NAME_LIMITS.tagKey) problems.push(`${res.type} ${res.name} tag key ${k}: ${k.length} > 128`);
                    if (String(v).length > AWS_NAME_LIMITS.tagValue) problems.push(`${res.type} ${res.name} tag ${k}: ${String(v).length} > 256`);
                }
            }
        }
        expect(problems).toEqual([]);
        expect([...seen].sort()).toEqual(Object.keys(NAMED).sort());
        // The cluster's name is cut to EKS's 100 characters and still ends in a hash of the whole.
        const clusterName = String(r.one(CLUSTER).inputs.name);
        expect(clusterName).toHaveLength(100);
        expect(clusterName.startsWith(`${app}-prod-`)).toBe(true);
        expect(r.one(LOG_GROUP).inputs.name).toBe(`/aws/eks/${clusterName}/cluster`);
    });

    it("shortens a long logical name so its auto-name fits, keeping two long names apart", () => {
        expect(autoNamedWithin("guestbook-cluster-role", 64)).toBe("guestbook-cluster-role");
        const a = autoNamedWithin(`${app}-cluster-role`, 64);
        const b = autoNamedWithin(`${app}-node-role`, 64);
        expect(a.length + 8).toBe(64);
        expect(a).not.toBe(b);
    });
});
