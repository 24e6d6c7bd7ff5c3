/**
 * bootstrap/aws.ts renders offline under the repo's mocks: GitHub's OIDC
 * provider, a deploy role trusted only for the repository's environments (and
 * pull requests), and permissions that cover what a kubeship EKS stack creates.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
    bootstrapArgProblems, bootstrapAws, defaultWorkloadPolicyArns, deployPermissions, githubTrustPolicy, kubeshipBucketArns, PASS_ROLE_TO, type AwsBootstrapArgs,
} from "../../bootstrap/aws";
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
        expect(statement("PassKubeshipRolesToEksEc2AndPods").Condition).toEqual({ StringEquals: { "iam:PassedToService": ["eks.amazonaws.com", "ec2.amazonaws.com", "pods.eks.amazonaws.com"] } });
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

describe("the deploy role may deploy the app's identities and buckets", () => {
    const ACCOUNT = "123456789012";
    const policy = deployPermissions("aws", ACCOUNT);
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    /** The statements that allow `action` on `resource` (IAM's wildcard matching; conditions are returned, not evaluated). */
    const allowing = (doc: typeof policy, action: string, resource: string) => doc.Statement.filter((s) =>
        s.Effect === "Allow" && list(s.Action).some((a) => glob(a).test(action)) && list(s.Resource).some((r) => glob(r).test(resource)));
    const allowed = (action: string, resource: string) => allowing(policy, action, resource).length > 0;

    const PLATFORM = `cluster:
  nodePools:
    general: { size: medium, min: 2, max: 4 }
  aws:
    adminRoleArns: [arn:aws:iam::123456789012:role/kubeship-deployer]
app:
  name: files
  buckets:
    uploads: { versioning: true }
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      replicas: 2
      uses: { uploads: readwrite }
      identity:
        aws: { policyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", "arn:aws:iam::123456789012:policy/team/orders-read"] }
`;
    // Rendered when the first test here runs, not while the others do: Pulumi's runtime state is global.
    let once: ReturnType<typeof render> | undefined;
    const rendered = () => once ??= (() => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-boot-aws-"));
        fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);
        return render({ configFile: "files.yaml", cloud: "aws" }, root);
    })();

    it("S3: every call the bucket and its settings take, on buckets whose names carry the account id", async () => {
        const r = await rendered();
        const buckets = r.recorded.filter((x) => x.type === "aws:s3/bucket:Bucket");
        expect(buckets).toHaveLength(1);
        const arn = `arn:aws:s3:::${buckets[0].rawInputs.bucket}`;
        expect(arn).toBe("arn:aws:s3:::files-uploads-files-aws-123456789012-us-east-1-an");
        // Create, configure, read back and delete: the actions behind each resource kubeship makes
        // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
        for (const action of [
            "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketLocation", "s3:PutBucketTagging", "s3:GetBucketTagging",
            "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls",
            "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration", "s3:PutBucketVersioning", "s3:GetBucketVersioning",
            "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite",
            "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
            "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:ListBucketVersions",
        ]) expect(allowed(action, arn), action).toBe(true);
        // forceDestroy empties a dev bucket, every version of every object.
        for (const action of ["s3:DeleteObject", "s3:DeleteObjectVersion"]) expect(allowed(action, `${arn}/some/key`), action).toBe(true);
        // Not someone else's bucket, not another account's, and no object reads or writes at all.
        expect(allowed("s3:DeleteBucket", "arn:aws:s3:::company-backups")).toBe(false);
        expect(allowed("s3:DeleteBucket", "arn:aws:s3:::files-uploads-files-aws-210987654321-us-east-1-an")).toBe(false);
        for (const action of ["s3:GetObject", "s3:PutObject", "s3:PutBucketAcl", "s3:PutObjectAcl"]) expect(allowed(action, `${arn}/k`), action).toBe(false);
        for (const action of ["s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:DeleteObject"]) expect(allowed(action, "arn:aws:s3:::company-backups/k"), action).toBe(false);
        expect(kubeshipBucketArns("aws-cn", ACCOUNT)).toEqual({ buckets: "arn:aws-cn:s3:::*-123456789012-*", objects: "arn:aws-cn:s3:::*-123456789012-*/*" });
    });

    it("IAM: the workload's role, its inline bucket grant and its managed policies, under /kubeship/ only", async () => {
        const r = await rendered();
        const role = r.recorded.find((x) => x.type === "aws:iam/role:Role" && x.name === "files-cloud-tier-web-role")!;
        const roleArn = `arn:aws:iam::${ACCOUNT}:role${role.rawInputs.path}${role.rawInputs.name}`;
        for (const action of ["iam:CreateRole", "iam:TagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DeleteRole", "iam:AttachRolePolicy", "iam:DetachRolePolicy"]) {
            expect(allowed(action, roleArn), action).toBe(true);
        }
        const attach = allowing(policy, "iam:AttachRolePolicy", roleArn).flatMap((s) => list(s.Condition?.ArnLike?.["iam:PolicyARN"])).map(glob);
        const attached = r.recorded.filter((x) => x.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && x.name.startsWith("files-cloud-tier-web-"));
        expect(attached.map((a) => a.rawInputs.policyArn).sort()).toEqual(["arn:aws:iam::123456789012:policy/team/orders-read", "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
        for (const a of attached) expect(attach.some((g) => g.test(String(a.rawInputs.policyArn))), String(a.rawInputs.policyArn)).toBe(true);
        expect(allowed("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/admin`)).toBe(false);
    });

    it("EKS Pod Identity: the association, and passing the role to pods.eks.amazonaws.com", async () => {
        const r = await rendered();
        expect(r.recorded.filter((x) => x.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")).toHaveLength(1);
        for (const action of ["eks:CreatePodIdentityAssociation", "eks:DescribePodIdentityAssociation", "eks:UpdatePodIdentityAssociation", "eks:DeletePodIdentityAssociation", "eks:ListPodIdentityAssociations", "eks:CreateAddon"]) {
            expect(allowed(action, "arn:aws:eks:us-east-1:123456789012:cluster/files-aws"), action).toBe(true);
        }
        const pass = allowing(policy, "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/kubeship/files-files-aws-files-web`);
        expect(pass.map((s) => s.Condition)).toEqual([{ StringEquals: { "iam:PassedToService": ["eks.amazonaws.com", "ec2.amazonaws.com", "pods.eks.amazonaws.com"] } }]);
        expect(PASS_ROLE_TO).toContain("pods.eks.amazonaws.com");
        expect(allowing(policy, "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/admin`)).toEqual([]);
    });

    it("workloadPolicyArns narrows the managed policies workloads may get; by default any AWS or account managed policy", async () => {
        expect(defaultWorkloadPolicyArns("aws", ACCOUNT)).toEqual(["arn:aws:iam::aws:policy/*", "arn:aws:iam::123456789012:policy/*"]);
        const narrow = deployPermissions("aws", ACCOUNT, ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
        const conditions = narrow.Statement.filter((s) => s.Sid === "AttachWorkloadPolicies").map((s) => s.Condition);
        expect(conditions).toEqual([{ ArnLike: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] } }]);
        // The EKS policies kubeship's own roles take stay allowed by their own statement.
        expect(narrow.Statement.find((s) => s.Sid === "AttachOnlyEksAndKubeshipPolicies")).toEqual(policy.Statement.find((s) => s.Sid === "AttachOnlyEksAndKubeshipPolicies"));
        const r = await evaluateWithMocks(async () => {
            const out = bootstrapAws({ ...ARGS, workloadPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] });
            return { arn: out.deployRoleArn };
        }, { cloud: "aws", region: ARGS.region, stack: "bootstrap" });
        const inline = JSON.parse(String(r.one("aws:iam/rolePolicy:RolePolicy").rawInputs.policy));
        expect(inline.Statement.find((s: { Sid: string }) => s.Sid === "AttachWorkloadPolicies").Condition.ArnLike["iam:PolicyARN"]).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
        expect(bootstrapArgProblems({ ...ARGS, workloadPolicyArns: ["AmazonSQSReadOnlyAccess", "arn:aws:iam::aws:policy/ok"] })).toEqual([
            'workloadPolicyArns[0]: must be an IAM policy ARN such as arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess or arn:aws:iam::123456789012:policy/*, got "AmazonSQSReadOnlyAccess"',
        ]);
    });
});
