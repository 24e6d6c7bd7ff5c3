/**
 * Deployer access on EKS that does not depend on who ran the first `up`: no
 * implicit creator access, an access entry per listed role, the Kubernetes
 * provider after them, and a deploy by an unlisted identity refused before
 * anything is created, at the line that lists the roles.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { deployerProblems, principalOfArn, principalOfCaller, askCallerArn } from "../../components/cluster/aws/deployer";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { askDeployContext } from "../../components/cluster/deploy-context";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { ConfigError, formatPathProblem } from "../../components/config/errors";
import { loadPlan, type StackSettings } from "../../components/config/load";
import { clusterSchema } from "../../components/config/schema";
import { readStackConfig, stackFilePath } from "../../components/render/stack-file";
import { evaluateWithMocks } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";

const ROOT = path.resolve(__dirname, "../..");
const CI = "arn:aws:iam::123456789012:role/kubeship-deployer";
const SSO = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0123456789abcdef";

/** A stack's settings as `pulumi up` reads them from its stack file. */
function settingsOf(stack: string): StackSettings {
    const s = readStackConfig(stack, ROOT);
    const get = (k: string) => s.config[`kubeship:${k}`];
    return {
        stack, configFile: get("config") ?? "", cloud: get("cloud"), region: get("region"), environment: get("environment"),
        overrides: JSON.parse(get("overrides") ?? "{}"), stackFile: stackFilePath(stack),
    };
}

function errorsOf(run: () => unknown): string[] {
    try {
        run();
        return [];
    } catch (e) {
        if (!ConfigError.is(e)) throw e;
        return e.message.split("\n");
    }
}

describe("which principal deploys", () => {
    it("maps an assumed-role session to its role, and keeps users; root and federated users have no entry", () => {
        expect(principalOfCaller("arn:aws:sts::123456789012:assumed-role/kubeship-deployer/kubeship-deploy-991")).toEqual({ partition: "aws", account: "123456789012", kind: "role", name: "kubeship-deployer" });
        expect(principalOfCaller("arn:aws-us-gov:iam::123456789012:user/ops/alice")).toEqual({ partition: "aws-us-gov", account: "123456789012", kind: "user", name: "alice" });
        expect(principalOfCaller("arn:aws:iam::123456789012:root")).toBeUndefined();
        expect(principalOfCaller("arn:aws:sts::123456789012:federated-user/bob")).toBeUndefined();
        // A role's path is not part of its session ARN, and names are unique in an account whatever the path.
        expect(principalOfArn(SSO)).toEqual({ partition: "aws", account: "123456789012", kind: "role", name: "AWSReservedSSO_PlatformAdmin_0123456789abcdef" });
    });

    it("accepts a listed role's session, also when the listed ARN has a path", () => {
        expect(deployerProblems([CI, SSO], "arn:aws:sts::123456789012:assumed-role/kubeship-deployer/run-1")).toEqual([]);
        expect(deployerProblems([CI, SSO], "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_0123456789abcdef/alice@example.com")).toEqual([]);
    });

    it("refuses the same role name in another account or partition, and says what to add", () => {
        expect(deployerProblems([CI], "arn:aws:sts::210987654321:assumed-role/kubeship-deployer/run-1").map(formatPathProblem)).toEqual([
            "cluster.aws.adminRoleArns: does not list the identity running this deploy, arn:aws:sts::210987654321:assumed-role/kubeship-deployer/run-1 (IAM role kubeship-deployer in account 210987654321); the cluster gives its creator no implicit access, so this deploy could create it and then be refused by its Kubernetes API: add \"arn:aws:iam::210987654321:role/kubeship-deployer\" (with the role's path, if it has one), or deploy as a listed role",
        ]);
        expect(deployerProblems([], "arn:aws:iam::123456789012:root")[0].message).toMatch(/deploy with an IAM role \(or user\) that is listed here$/);
    });
});

describe("the deploy-time check, through the loader", () => {
    it("answers with the offline mock's role, which every AWS stack lists", async () => {
        let asked: { identity?: string; runner?: string } = {};
        await evaluateWithMocks(async () => {
            asked = await askDeployContext({ cloud: "aws", region: "us-east-1" }, {});
        }, { cloud: "aws" });
        expect(asked).toEqual({ identity: "arn:aws:sts::123456789012:assumed-role/kubeship-deployer/session", runner: undefined });
        for (const stack of ["dev-aws", "staging-aws", "prod-aws"]) {
            expect(errorsOf(() => loadPlan(settingsOf(stack), { root: ROOT, deploy: { identity: asked.identity } })), stack).toEqual([]);
        }
    });

    it("asks STS through the AWS SDK (an invoke, nothing registered)", async () => {
        const r = await evaluateWithMocks(async () => ({ arn: await askCallerArn() }), { cloud: "aws" });
        expect(r.outputs.arn).toBe("arn:aws:sts::123456789012:assumed-role/kubeship-deployer/session");
        expect(r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });

    it("refuses an unlisted deployer at the stack's adminRoleArns line, before anything is planned", () => {
        const identity = "arn:aws:sts::123456789012:assumed-role/someone-else/laptop";
        expect(errorsOf(() => loadPlan(settingsOf("prod-aws"), { root: ROOT, deploy: { identity } }))).toEqual([
            `stacks/Pulumi.prod-aws.yaml:15:11 cluster.aws.adminRoleArns: does not list the identity running this deploy, ${identity} (IAM role someone-else in account 123456789012); the cluster gives its creator no implicit access, so this deploy could create it and then be refused by its Kubernetes API: add "arn:aws:iam::123456789012:role/someone-else" (with the role's path, if it has one), or deploy as a listed role`,
        ]);
    });

    it("checks nothing offline, where no identity is known", () => {
        expect(errorsOf(() => loadPlan(settingsOf("prod-aws"), { root: ROOT }))).toEqual([]);
    });
});

describe("access entries", () => {
    function config(adminRoleArns: string[]): ResolvedClusterConfig {
        return { ...clusterSchema.parse({ cloud: "aws", region: "us-east-1", nodePools: { general: {} }, aws: { adminRoleArns } }), name: "gb", stack: "dev-aws" };
    }

    it("gives the creator no implicit access, and each listed role cluster-admin before any Kubernetes object", async () => {
        const r = await evaluateWithMocks(async () => { new EksCluster("gb", { plan: eksPlan(config([CI, SSO])) }); }, { cloud: "aws", stack: "dev-aws" });
        expect(r.one("aws:eks/cluster:Cluster").inputs.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        const associations = r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        expect(associations.map((a) => a.inputs.principalArn).sort()).toEqual([CI, SSO].sort());
        for (const a of associations) {
            expect(a.inputs).toMatchObject({ policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } });
        }
        // The Kubernetes provider, and so every object created through it, waits for every deployer's access.
        const provider = r.one("pulumi:providers:kubernetes");
        for (const a of associations) expect(r.dependsOn(provider, a)).toBe(true);
        const k8sObjects = r.resources.filter((x) => x.type.startsWith("kubernetes:"));
        expect(k8sObjects.length).toBeGreaterThan(0);
        for (const o of k8sObjects) expect(o.provider?.startsWith(provider.urn)).toBe(true);
    });
});
