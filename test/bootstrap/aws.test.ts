/**
 * bootstrap/aws.ts renders offline under the repo's mocks: GitHub's OIDC
 * provider, a deploy role trusted only for the repository's environments (and
 * pull requests), and permissions that cover what a kubeship EKS stack creates.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { bootstrapArgProblems, bootstrapAws, deployPermissions, githubTrustPolicy, type AwsBootstrapArgs } from "../../bootstrap/aws";
import { render } from "../../components/render/render";
import { evaluateWithMocks } from "../helpers/evaluate";

const ROOT = path.resolve(__dirname, "../..");
const ARGS: AwsBootstrapArgs = { repository: "acme/kubeship", environments: ["dev", "staging", "production"], region: "eu-west-1" };

function renderBootstrap(args: AwsBootstrapArgs) {
    return evaluateWithMocks(async () => {
        const out = bootstrapAws(args);
        return { deployRoleArn: out.deployRoleArn, region: out.region, oidcProviderArn: out.oidcProviderArn, variables: out.repositoryVariables };
    }, { cloud: "aws", region: args.region, stack: "bootstrap" });
}

describe("bootstrap/aws.ts", () => {
    it("creates GitHub's OIDC provider for STS, without a thumbprint", async () => {
        const r = await renderBootstrap(ARGS);
        expect(r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs).toEqual({
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
            tags: { "kubeship:purpose": "GitHub Actions OIDC" },
        });
    });

    it("trusts exactly the repository's environments and its pull requests, for tokens minted for STS", async () => {
        const r = await renderBootstrap(ARGS);
        const role = r.one("aws:iam/role:Role");
        expect(role.inputs).toMatchObject({ name: "kubeship-deployer", maxSessionDuration: 7200 });
        expect(JSON.parse(String(role.rawInputs.assumeRolePolicy))).toEqual({
            Version: "2012-10-17",
            Statement: [{
                Sid: "GitHubActionsOfThisRepository",
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": [
                            "repo:acme/kubeship:environment:dev",
                            "repo:acme/kubeship:environment:staging",
                            "repo:acme/kubeship:environment:production",
                            "repo:acme/kubeship:pull_request",
                        ],
                    },
                },
            }],
        });
    });

    it("outputs the repository's variables: the role ARN (also what the stacks list) and the region", async () => {
        const r = await renderBootstrap(ARGS);
        expect(r.outputs).toEqual({
            deployRoleArn: "arn:aws:iam::123456789012:role/kubeship-deployer",
            region: "eu-west-1",
            oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
            variables: { AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/kubeship-deployer", AWS_REGION: "eu-west-1" },
        });
    });

    it("reuses the account's OIDC provider for a second role (prod's own, without pull requests)", async () => {
        const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        const r = await renderBootstrap({ ...ARGS, environments: ["production"], pullRequests: false, roleName: "kubeship-deployer-prod", oidcProviderArn: existing });
        expect(r.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toEqual([]);
        const trust = JSON.parse(String(r.one("aws:iam/role:Role").rawInputs.assumeRolePolicy));
        expect(trust.Statement[0].Principal).toEqual({ Federated: existing });
        expect(trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual(["repo:acme/kubeship:environment:production"]);
    });

    it("refuses bad arguments before creating anything, one line each", async () => {
        expect(bootstrapArgProblems({ repository: "acme", environments: ["prod:x"], region: "Europe", roleName: "a b", maxSessionSeconds: 60 })).toEqual([
            'repository: must be the GitHub repository as owner/name, got "acme"',
            'environments[0]: must be a GitHub environment name (no \':\', \'*\' or \'?\'), got "prod:x"',
            'region: must be an AWS region such as us-east-1, got "Europe"',
            'roleName: must be an IAM role name (at most 64 of [A-Za-z0-9+=,.@_-]), got "a b"',
            "maxSessionSeconds: must be 3600..43200 (IAM's range), got 60",
        ]);
        await expect(renderBootstrap({ ...ARGS, environments: [] })).rejects.toThrow(/environments: must list at least one GitHub environment/);
    });

    it("never trusts a wildcard subject", () => {
        const subjects = githubTrustPolicy("arn:aws:iam::1:oidc-provider/x", ["repo:a/b:pull_request"]).Statement[0].Condition!.StringEquals;
        expect(Object.keys(subjects)).toEqual(["token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub"]);
    });
});

describe("the deploy role's permissions", () => {
    const policy = deployPermissions("aws", "123456789012");
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid)!;
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

    it("touches IAM only under /kubeship/, EKS's OIDC providers and EKS's service-linked roles", () => {
        for (const s of policy.Statement.filter((x) => list(x.Action).some((a) => a.startsWith("iam:")))) {
            const resources = list(s.Resource);
            const scoped = resources.every((r) => /:role\/kubeship\/\*$|:policy\/kubeship\/\*$|:oidc-provider\/oidc\.eks\.\*$|^arn:aws:iam::aws:policy\/\*$|:role\/aws-service-role\/\*$/.test(r));
            expect(scoped || (s.Sid === "EksServiceLinkedRoles" && s.Condition !== undefined), s.Sid).toBe(true);
        }
        expect(statement("PassKubeshipRolesToEksAndEc2").Condition).toEqual({ StringEquals: { "iam:PassedToService": ["eks.amazonaws.com", "ec2.amazonaws.com"] } });
        expect(policy.Statement.flatMap((s) => list(s.Action))).not.toContain("logs:DeleteLogGroup");
    });

    it("covers the roles, policies, managed policy attachments and key alias a kubeship EKS stack creates", async () => {
        const r = await render({ stack: "prod-aws" }, ROOT);
        expect(statement("KubeshipRoles").Resource).toBe("arn:aws:iam::123456789012:role/kubeship/*");
        const roles = r.recorded.filter((x) => x.type === "aws:iam/role:Role");
        expect(roles.length).toBeGreaterThanOrEqual(5);
        for (const role of roles) expect(role.rawInputs.path, role.name).toBe("/kubeship/");
        for (const p of r.recorded.filter((x) => x.type === "aws:iam/policy:Policy")) expect(p.rawInputs.path).toBe("/kubeship/");
        const allowed = list(statement("AttachOnlyEksAndKubeshipPolicies").Condition!.ArnLike["iam:PolicyARN"]).map(glob);
        const attachments = r.recorded.filter((x) => x.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        expect(attachments.length).toBeGreaterThan(0);
        for (const a of attachments) {
            const arn = String(a.rawInputs.policyArn);
            // An AWS-managed policy must match the allowed list; the account's own are kubeship's (their path is checked above).
            if (arn.startsWith("arn:aws:iam::aws:")) expect(allowed.some((g) => g.test(arn)), arn).toBe(true);
            else expect(arn).toMatch(/^arn:aws:iam::123456789012:policy\//);
        }
        const alias = r.recorded.find((x) => x.type === "aws:kms/alias:Alias")!;
        expect(`arn:aws:kms:us-east-1:123456789012:${alias.rawInputs.name}`).toMatch(glob(list(statement("KmsKubeshipAliases").Resource)[0]));
        const logGroup = r.recorded.find((x) => x.type === "aws:cloudwatch/logGroup:LogGroup")!;
        expect(`arn:aws:logs:us-east-1:123456789012:log-group:${logGroup.rawInputs.name}`).toMatch(glob(String(statement("EksControlPlaneLogs").Resource)));
    });
});
