/**
 * Issue 13 §1 and §2 on aws: each workload's IAM role under EKS Pod Identity and
 * each bucket as an S3 bucket, pinned as AWS receives them. The pure documents
 * and names first, then renders of a small platform in dev and in prod.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { BackingBase } from "../../components/backing/plan";
import { bucketActions, bucketGrantPolicy, denyInsecureTransportPolicy, podIdentityTrustPolicy } from "../../components/cluster/aws/app-cloud-policies";
import { ACCOUNT_PLACEHOLDER, planAwsBacking, podRoleName, s3BucketName, s3NamePrefix, type AwsBackingPlan } from "../../components/cluster/aws/app-cloud-plan";
import { s3Address } from "../../components/cluster/aws/app-cloud";
import type { ResolvedEks } from "../../components/cluster/aws/resolve";
import { eksBuild } from "../../components/cluster/versions";
import { render } from "../../components/render/render";
import { nameCollisions, physicalNames } from "../../components/render/physical-names";
import type { RecordedResource } from "../../components/render/engine";
import { validateManifest } from "../helpers/k8s-models";

/** S3's naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), without dots (kubeship never writes one). */
const S3_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ACCOUNT = "123456789012";

describe("the trust policy of a workload's role", () => {
    it("lets EKS Pod Identity assume it and tag the session, for one service account of one cluster", () => {
        expect(podIdentityTrustPolicy("shop-prod-aws", "shop", "web")).toEqual({
            Version: "2012-10-17",
            Statement: [{
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-name": "shop-prod-aws",
                        "aws:RequestTag/kubernetes-namespace": "shop",
                        "aws:RequestTag/kubernetes-service-account": "web",
                    },
                },
            }],
        });
    });
});

describe("least privilege on a bucket", () => {
    it("read lists the bucket and reads objects; versioning adds reading old versions", () => {
        expect(bucketActions("read", false)).toEqual({ bucket: ["s3:ListBucket"], objects: ["s3:GetObject"] });
        expect(bucketActions("read", true)).toEqual({ bucket: ["s3:ListBucket"], objects: ["s3:GetObject", "s3:GetObjectVersion"] });
    });

    it("readwrite also puts and deletes objects and aborts its multipart uploads, and never deletes a version", () => {
        expect(bucketActions("readwrite", false).objects).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
        expect(bucketActions("readwrite", true).objects).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
        const all = [...bucketActions("readwrite", true).bucket, ...bucketActions("readwrite", true).objects];
        // Nothing on the bucket's own settings: no policy, ACL, tags, configuration, no version deletion, no wildcard.
        for (const a of all) expect(a).not.toMatch(/\*|Acl|Policy|Tagging|Configuration|DeleteObjectVersion|DeleteBucket|PutBucket/);
    });

    it("each grant is scoped to its bucket alone: the bucket ARN for listing, its objects for the rest", () => {
        const doc = bucketGrantPolicy([
            { arn: "arn:aws:s3:::a-1", access: "readwrite", versioning: false },
            { arn: "arn:aws:s3:::b-2", access: "read", versioning: true },
        ]);
        expect(doc.Statement.map((s) => [s.Action, s.Resource])).toEqual([
            [["s3:ListBucket"], "arn:aws:s3:::a-1"],
            [["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], "arn:aws:s3:::a-1/*"],
            [["s3:ListBucket"], "arn:aws:s3:::b-2"],
            [["s3:GetObject", "s3:GetObjectVersion"], "arn:aws:s3:::b-2/*"],
        ]);
        expect(doc.Statement.every((s) => s.Effect === "Allow")).toBe(true);
    });

    it("the bucket policy refuses every request that is not HTTPS, on the bucket and its objects", () => {
        expect(denyInsecureTransportPolicy("arn:aws:s3:::a-1").Statement).toEqual([{
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*",
            Resource: ["arn:aws:s3:::a-1", "arn:aws:s3:::a-1/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }]);
    });
});

function base(over: Partial<BackingBase> = {}): BackingBase {
    return {
        appName: "shop", namespace: "shop", environment: "dev", protect: false, stack: "dev-aws",
        buckets: [{ name: "uploads", config: { versioning: true } }],
        workloads: [{ workload: "web", kind: "tier", serviceAccount: "web", identity: {}, uses: [{ kind: "buckets", name: "uploads", access: "readwrite" }] }],
        ...over,
    };
}
const eks = (region = "us-east-1", clusterName = "shop-dev-aws") => ({ region, clusterName }) as ResolvedEks;
function planned(b: BackingBase, e = eks()): AwsBackingPlan {
    const r = planAwsBacking(b, e);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.plan as AwsBackingPlan;
}

describe("names on aws", () => {
    it("a bucket is <app>-<bucket>-<stack>-<account>-<region>-an, in the account-regional namespace", () => {
        const b = planned(base()).buckets[0];
        expect(b).toMatchObject({ namePrefix: "shop-uploads-dev-aws", namespace: "account-regional", physicalName: `shop-uploads-dev-aws-${ACCOUNT_PLACEHOLDER}-us-east-1-an` });
        expect(s3BucketName(b.namePrefix, ACCOUNT, "us-east-1", b.namespace)).toBe("shop-uploads-dev-aws-123456789012-us-east-1-an");
    });

    it("two stacks of one account get different bucket and role names", () => {
        const dev = planned(base());
        const prod = planned(base({ stack: "prod-aws" }), eks("us-east-1", "shop-prod-aws"));
        expect(dev.buckets[0].namePrefix).not.toBe(prod.buckets[0].namePrefix);
        expect(dev.workloads[0].identityName).toBe("shop-dev-aws-shop-web");
        expect(prod.workloads[0].identityName).toBe("shop-prod-aws-shop-web");
    });

    it("a cluster name pinned without the stack still gives roles that carry it", () => {
        expect(podRoleName("shared", "shop", "web", "dev-aws")).toBe("shared-shop-web-dev-aws");
        expect(podRoleName("shared-dev-aws", "shop", "web", "dev-aws")).toBe("shared-dev-aws-shop-web");
    });

    it("long names are cut with a hash to fit S3's 63 and IAM's 64, and stay apart", () => {
        const long = "a".repeat(40);
        const names = ["ap-southeast-1", "us-east-1"].flatMap((region) => [long, `${long}x`].map((bucket) =>
            s3BucketName(s3NamePrefix("storefront-backend", bucket, "production-eu-aws", region, "account-regional"), ACCOUNT, region, "account-regional")));
        for (const n of names) {
            expect(n.length).toBeLessThanOrEqual(63);
            expect(n).toMatch(S3_NAME);
            expect(n.endsWith("-an")).toBe(true);
        }
        expect(new Set(names).size).toBe(4);
        const roles = [podRoleName("c".repeat(60), "shop", "web", "dev"), podRoleName("c".repeat(60), "shop", "worker", "dev")];
        for (const r of roles) expect(r.length).toBeLessThanOrEqual(64);
        expect(roles[0]).not.toBe(roles[1]);
    });

    it("S3's reserved prefixes are avoided", () => {
        expect(s3NamePrefix("sthree-app", "b", "dev", "us-east-1", "account-regional")).toBe("k-sthree-app-b-dev");
    });

    it("outside the aws partition and in the two regions without it, the global namespace, with the account still in the name", () => {
        for (const [region, partition] of [["me-south-1", "aws"], ["me-central-1", "aws"], ["cn-north-1", "aws-cn"], ["us-gov-west-1", "aws-us-gov"]]) {
            const p = planned(base(), eks(region));
            expect(p.partition).toBe(partition);
            expect(p.buckets[0].namespace).toBe("global");
            expect(p.buckets[0].physicalName).toBe(`shop-uploads-dev-aws-${ACCOUNT_PLACEHOLDER}-${region}`);
        }
    });

    it("the address: the regional endpoint and an s3:// URL", () => {
        expect(s3Address("b-1", "eu-west-1", "amazonaws.com")).toEqual({ provider: "s3", name: "b-1", region: "eu-west-1", endpoint: "https://s3.eu-west-1.amazonaws.com", url: "s3://b-1" });
        expect(s3Address("b-1", "cn-north-1", "amazonaws.com.cn").endpoint).toBe("https://s3.cn-north-1.amazonaws.com.cn");
    });
});

describe("what AWS would refuse is found in the plan", () => {
    const withPolicies = (policyArns: string[]) => base({ workloads: [{ workload: "web", kind: "tier", serviceAccount: "web", identity: { aws: { policyArns } }, uses: [] }] });

    it("a managed policy of another partition", () => {
        const r = planAwsBacking(withPolicies(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]), eks("cn-north-1"));
        expect(r.ok ? [] : r.problems).toEqual([{
            path: ["app", "tiers", "web", "identity", "aws", "policyArns", 0],
            message: `is in partition "aws", but the cluster's region cn-north-1 is in "aws-cn", got "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"; use arn:aws-cn:iam::…`,
        }]);
    });

    it("more managed policies than a role takes; a policy listed twice is attached once", () => {
        const arns = Array.from({ length: 21 }, (_, i) => `arn:aws:iam::${ACCOUNT}:policy/p${i}`);
        const r = planAwsBacking(withPolicies(arns), eks());
        expect(r.ok ? [] : r.problems.map((p) => p.path.join("."))).toEqual(["app.tiers.web.identity.aws.policyArns"]);
        expect(planned(withPolicies([arns[0], arns[0]])).workloads[0].policyArns).toEqual([arns[0]]);
    });

    it("more bucket grants than fit IAM's 10,240 characters of inline policy", () => {
        const buckets = Array.from({ length: 40 }, (_, i) => ({ name: `bucket-${i}`, config: { versioning: true } }));
        const uses = buckets.map((b) => ({ kind: "buckets" as const, name: b.name, access: "readwrite" as const }));
        const r = planAwsBacking(base({ buckets, workloads: [{ workload: "web", kind: "tier", serviceAccount: "web", identity: {}, uses }] }), eks());
        expect(r.ok ? "" : r.problems[0].message).toMatch(/^grants 40 buckets in one IAM policy of \d+ characters, over IAM's 10240/);
        expect(r.ok ? [] : r.problems[0].path).toEqual(["app", "tiers", "web", "uses"]);
        // Ten fit.
        expect(planAwsBacking(base({ buckets: buckets.slice(0, 10), workloads: [{ workload: "web", kind: "tier", serviceAccount: "web", identity: {}, uses: uses.slice(0, 10) }] }), eks()).ok).toBe(true);
    });
});

describe("the pod identity agent", () => {
    it("has a version in the dated catalog for every minor kubeship builds", () => {
        for (const minor of ["1.32", "1.33", "1.34", "1.35", "1.36"]) expect(eksBuild(minor)?.addons["eks-pod-identity-agent"]).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    });
});

// ---- Renders: a bucket used by one tier, an identity alone on another, a tier with neither.

const PLATFORM = `cluster:
  nodePools:
    general: { size: medium, min: 2, max: 4 }
  endpoint: { public: false }
  aws:
    deployFrom: [10.0.0.0/16]
    adminRoleArns: [arn:aws:iam::123456789012:role/kubeship-deployer]
app:
  name: files
  buckets:
    uploads: { versioning: true }
    assets: {}
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      replicas: 2
      uses: { uploads: readwrite, assets: read }
    worker:
      image: ghcr.io/example/worker:1.0.0
      ports: { http: 8080 }
      replicas: 2
      identity:
        aws: { policyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] }
        gcp: { roles: [roles/pubsub.subscriber] }
    plain:
      image: ghcr.io/example/plain:1.0.0
      ports: { http: 8080 }
      replicas: 2
`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-aws-backing-"));
fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);
fs.writeFileSync(path.join(root, "other.yaml"), PLATFORM);
// One at a time: Pulumi's runtime state is global.
const dev = await render({ configFile: "files.yaml", cloud: "aws" }, root);
const prod = await render({ configFile: "files.yaml", cloud: "aws", environment: "prod" }, root);
const other = await render({ configFile: "other.yaml", cloud: "aws" }, root);

const all = (r: typeof dev, type: string) => r.recorded.filter((x) => x.type === type);
const one = (r: typeof dev, type: string, name: string): RecordedResource => {
    const found = r.recorded.find((x) => x.type === type && x.name === name);
    if (!found) throw new Error(`no ${type} ${name}`);
    return found;
};
const json = (s: unknown) => JSON.parse(String(s));
const manifest = (r: typeof dev, kind: string, name: string) => r.manifests.find((m: any) => m.kind === kind && m.metadata.name === name) as any;

describe("render on aws: buckets", () => {
    const bucket = one(dev, "aws:s3/bucket:Bucket", "files-cloud-bucket-uploads");
    const name = "files-uploads-files-aws-123456789012-us-east-1-an";

    it("each is an S3 bucket in the account-regional namespace, named per stack", () => {
        expect(bucket.inputs).toMatchObject({ bucket: name, bucketNamespace: "account-regional", tags: { "kubeship:bucket": "uploads" } });
        expect(all(dev, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket).sort()).toEqual(["files-assets-files-aws-123456789012-us-east-1-an", name]);
        expect(all(other, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).not.toContain(name);
    });

    it("public access blocked, ownership enforced, SSE-S3, versioning when asked, HTTPS only", () => {
        const on = (type: string, n: string) => one(dev, type, `files-cloud-bucket-${n}`).inputs;
        expect(on("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "uploads-public-access"))
            .toEqual({ bucket: name, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(on("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "uploads-ownership")).toEqual({ bucket: name, rule: { objectOwnership: "BucketOwnerEnforced" } });
        expect(on("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "uploads-encryption"))
            .toEqual({ bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        expect(on("aws:s3/bucketVersioning:BucketVersioning", "uploads-versioning")).toEqual({ bucket: name, versioningConfiguration: { status: "Enabled" } });
        expect(all(dev, "aws:s3/bucketVersioning:BucketVersioning")).toHaveLength(1);
        const policy = json(on("aws:s3/bucketPolicy:BucketPolicy", "uploads-policy").policy);
        expect(policy.Statement).toEqual(denyInsecureTransportPolicy(`arn:aws:s3:::${name}`).Statement);
    });

    it("the bucket policy waits for the public access block", () => {
        const policy = one(dev, "aws:s3/bucketPolicy:BucketPolicy", "files-cloud-bucket-uploads-policy");
        expect(policy.dependencies).toContain(one(dev, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "files-cloud-bucket-uploads-public-access").urn);
    });

    it("dev: destroy deletes a bucket with its objects; prod: protected and never emptied", () => {
        expect(bucket.inputs.forceDestroy).toBe(true);
        expect(bucket.options.protect).toBeUndefined();
        for (const b of all(prod, "aws:s3/bucket:Bucket")) {
            expect(b.inputs.forceDestroy).toBe(false);
            expect(b.options.protect).toBe(true);
        }
        // Its access settings too; versioning may still be turned off.
        for (const type of ["bucketPublicAccessBlock:BucketPublicAccessBlock", "bucketOwnershipControls:BucketOwnershipControls", "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bucketPolicy:BucketPolicy"]) {
            expect(all(prod, `aws:s3/${type}`).map((r) => r.options.protect)).toEqual([true, true]);
            expect(all(dev, `aws:s3/${type}`).map((r) => r.options.protect)).toEqual([undefined, undefined]);
        }
        expect(one(prod, "aws:s3/bucketVersioning:BucketVersioning", "files-cloud-bucket-uploads-versioning").options.protect).toBeUndefined();
    });

    it("the tier that uses them gets the portable variables", () => {
        const env = manifest(dev, "Deployment", "web").spec.template.spec.containers[0].env;
        expect(env).toEqual(expect.arrayContaining([
            { name: "BUCKET_UPLOADS_PROVIDER", value: "s3" },
            { name: "BUCKET_UPLOADS_NAME", value: name },
            { name: "BUCKET_UPLOADS_REGION", value: "us-east-1" },
            { name: "BUCKET_UPLOADS_ENDPOINT", value: "https://s3.us-east-1.amazonaws.com" },
            { name: "BUCKET_UPLOADS_URL", value: `s3://${name}` },
            { name: "BUCKET_ASSETS_NAME", value: "files-assets-files-aws-123456789012-us-east-1-an" },
        ]));
        expect(manifest(dev, "Deployment", "worker").spec.template.spec.containers[0].env ?? []).toEqual([]);
    });
});

describe("render on aws: identities", () => {
    const role = (r: typeof dev, t: string) => one(r, "aws:iam/role:Role", `files-cloud-tier-${t}-role`);

    it("a role per workload with an identity or a bucket, none for the others", () => {
        expect(all(dev, "aws:iam/role:Role").filter((r) => r.name.startsWith("files-cloud-")).map((r) => r.name).sort())
            .toEqual(["files-cloud-tier-web-role", "files-cloud-tier-worker-role"]);
        expect(role(dev, "web").inputs).toMatchObject({ name: "files-files-aws-files-web", path: "/kubeship/" });
        expect(json(role(dev, "web").inputs.assumeRolePolicy)).toEqual(podIdentityTrustPolicy("files-files-aws", "files", "web"));
    });

    it("web's inline policy grants exactly its access, on its two buckets alone", () => {
        const policies = all(dev, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith("files-cloud-"));
        expect(policies.map((p) => p.name)).toEqual(["files-cloud-tier-web-buckets"]);
        expect(policies[0].inputs.role).toBe("files-files-aws-files-web");
        expect(json(policies[0].inputs.policy)).toEqual(bucketGrantPolicy([
            { arn: "arn:aws:s3:::files-uploads-files-aws-123456789012-us-east-1-an", access: "readwrite", versioning: true },
            { arn: "arn:aws:s3:::files-assets-files-aws-123456789012-us-east-1-an", access: "read", versioning: false },
        ]));
    });

    it("worker gets its managed policy and nothing on buckets; the gcp roles are not used on aws", () => {
        const attached = all(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === "files-files-aws-files-worker");
        expect(attached.map((a) => a.inputs.policyArn)).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
    });

    it("a PodIdentityAssociation binds each role to its service account", () => {
        const assoc = all(dev, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => a.inputs);
        expect(assoc).toEqual(expect.arrayContaining([
            { clusterName: "files-files-aws", namespace: "files", serviceAccount: "web", roleArn: "arn:aws:iam::123456789012:role/files-files-aws-files-web" },
            { clusterName: "files-files-aws", namespace: "files", serviceAccount: "worker", roleArn: "arn:aws:iam::123456789012:role/files-files-aws-files-worker" },
        ]));
        expect(assoc).toHaveLength(2);
        // The service account keeps automount off and needs no annotation: the webhook finds the association.
        const sa = manifest(dev, "ServiceAccount", "web");
        expect(sa.automountServiceAccountToken).toBe(false);
        expect(sa.metadata.annotations ?? {}).toEqual({});
    });

    it("the workload waits for its role, grants, association and the pod identity agent", () => {
        const web = one(dev, "kubernetes:apps/v1:Deployment", "files-web-deployment");
        for (const [type, n] of [
            ["aws:iam/role:Role", "files-cloud-tier-web-role"],
            ["aws:iam/rolePolicy:RolePolicy", "files-cloud-tier-web-buckets"],
            ["aws:eks/podIdentityAssociation:PodIdentityAssociation", "files-cloud-tier-web-pod-identity"],
            ["aws:eks/addon:Addon", "files-pod-identity-agent"],
            ["aws:s3/bucket:Bucket", "files-cloud-bucket-uploads"],
        ]) expect(web.dependencies, n).toContain(one(dev, type, n).urn);
    });

    it("every EKS cluster has the pod identity agent add-on at the catalog's version", () => {
        expect(one(dev, "aws:eks/addon:Addon", "files-pod-identity-agent").inputs).toMatchObject({ addonName: "eks-pod-identity-agent", addonVersion: eksBuild(dev.kubernetes!.minor)!.addons["eks-pod-identity-agent"] });
    });

    it("network: the agent at 169.254.170.23:80 for both; the internet on 443 only for the tier with buckets", () => {
        const egress = (t: string) => manifest(dev, "NetworkPolicy", t).spec.egress as any[];
        const agent = { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ port: 80, protocol: "TCP" }] };
        const internet443 = (rules: any[]) => rules.filter((r) => r.ports?.[0]?.port === 443 && r.to?.[0]?.ipBlock?.cidr === "0.0.0.0/0");
        expect(egress("web")).toContainEqual(agent);
        expect(internet443(egress("web"))).toHaveLength(1);
        expect(egress("worker")).toContainEqual(agent);
        expect(internet443(egress("worker"))).toHaveLength(0);
        expect(egress("plain")).not.toContainEqual(agent);
    });

    it("every Kubernetes object still validates", () => {
        for (const m of dev.manifests) expect(() => validateManifest(m), `${(m as any).kind} ${(m as any).metadata?.name}`).not.toThrow();
    });
});

describe("physical names across stacks", () => {
    it("buckets and roles of two stacks never meet, and the check would see it if they did", () => {
        const names = [
            ...physicalNames(dev.recorded, { stack: "files-aws", cloud: "aws", region: "us-east-1" }),
            ...physicalNames(other.recorded, { stack: "other-aws", cloud: "aws", region: "us-east-1" }),
        ];
        expect(names.filter((n) => n.type === "aws:s3/bucket:Bucket")).toHaveLength(4);
        expect(nameCollisions(names)).toEqual([]);
        const twice = [...physicalNames(dev.recorded, { stack: "a", cloud: "aws", region: "us-east-1" }), ...physicalNames(dev.recorded, { stack: "b", cloud: "aws", region: "us-east-1" })];
        expect(nameCollisions(twice).map((c) => c.type)).toEqual(expect.arrayContaining(["aws:s3/bucket:Bucket", "aws:iam/role:Role"]));
    });
});
