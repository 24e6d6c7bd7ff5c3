/**
 * Issue 13 §1-2 on GKE: buckets are Cloud Storage buckets, identities are
 * Workload Identity principals with least-privilege grants. The planner is
 * pure; the resources are pinned from a render of a small platform file (the
 * offline engine `kubeship render` uses), on two dev stacks and a prod one.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { bucketEnvNames } from "../../components/backing/bucket";
import { backingEgressRules } from "../../components/backing/network";
import type { BackingBase } from "../../components/backing/plan";
import {
    GCS_BUCKET_NAME_MAX, GCS_BUCKET_ROLES, gcsBucketName, gcsBucketNameProblem, planGcpBacking, type GcpBackingPlan,
} from "../../components/cluster/gcp/app-cloud-plan";
import { GCS_ENDPOINT, gcsForceDestroy, workloadPrincipal } from "../../components/cluster/gcp/app-cloud";
import type { ResolvedGke } from "../../components/cluster/gcp/resolve";
import { ConfigError } from "../../components/config/errors";
import { render } from "../../components/render/render";
import { validateManifest } from "../helpers/k8s-models";
import { query } from "../helpers/evaluate";
import { levelFor } from "../../policy/enforcement";
import { resourceRules, stackRules, violationsOf } from "../../policy/rules";

const gke = { project: "kubeship-dev", region: "europe-west4", workloadPool: "kubeship-dev.svc.id.goog" } as ResolvedGke;

function base(over: Partial<BackingBase> = {}): BackingBase {
    return {
        appName: "files", namespace: "files", environment: "dev", protect: false, stack: "dev-gcp",
        buckets: [{ name: "uploads", config: { versioning: true } }],
        workloads: [{ workload: "web", kind: "tier", serviceAccount: "web", identity: {}, uses: [{ kind: "buckets", name: "uploads", access: "readwrite" }] }],
        ...over,
    };
}

function planned(over: Partial<BackingBase> = {}): GcpBackingPlan {
    const r = planGcpBacking(base(over), gke);
    if (!r.ok || !r.plan || r.plan.cloud !== "gcp") throw new Error(`expected a gcp plan, got ${JSON.stringify(r)}`);
    return r.plan;
}

describe("the gcp planner", () => {
    it("names a bucket <app>-<bucket>-<stack>-<hash of the project>: per stack, per project, never the project id itself", () => {
        const name = planned().buckets[0].physicalName;
        expect(name).toMatch(/^files-uploads-dev-gcp-[0-9a-f]{8}$/);
        expect(name).not.toContain("kubeship-dev");
        expect(planned({ stack: "staging-gcp" }).buckets[0].physicalName).not.toBe(name);
        expect(planGcpBacking(base(), { ...gke, project: "other-project" } as ResolvedGke)).toMatchObject({ ok: true });
        expect(gcsBucketName("other-project", "files", "uploads", "dev-gcp")).not.toBe(name);
    });

    it("keeps every name within Cloud Storage's 3-63 of [a-z0-9-], a letter or digit at each end, however long the parts", () => {
        for (const [app, bucket, stack] of [["a".repeat(63), "b".repeat(40), "c".repeat(80)], ["x", "y", undefined], ["Shop", "files", "Prod.Eu_1"]] as const) {
            const n = gcsBucketName("my-project-with-a-thirty-chars", app, bucket, stack);
            expect(n.length, n).toBeLessThanOrEqual(GCS_BUCKET_NAME_MAX);
            expect(n, n).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
        }
        // Two long names that differ only past the cut stay apart.
        const long = "a".repeat(60);
        expect(gcsBucketName("p", long, "one", "dev")).not.toBe(gcsBucketName("p", long, "two", "dev"));
    });

    it("refuses, at the bucket, a name that begins with goog or contains google or a close misspelling", () => {
        expect(gcsBucketNameProblem("googly-files-x")).toBe('begins with "goog"');
        expect(gcsBucketNameProblem("my-g00gle-sync-1")).toBe('contains "g00gle"');
        expect(gcsBucketNameProblem("files-uploads-dev-1234abcd")).toBeUndefined();
        const r = planGcpBacking(base({ buckets: [{ name: "google-exports", config: { versioning: false } }], workloads: [] }), gke);
        expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ path: ["app", "buckets", "google-exports"], key: true })] });
        expect(!r.ok && r.problems[0].message).toMatch(/^gives the Cloud Storage bucket name "files-google-exports-dev-gcp-[0-9a-f]{8}", which contains "google"; .*rename the bucket, or the app$/);
    });

    it("grants read as Storage Object Viewer and readwrite as Storage Object User, never an admin role", () => {
        expect(GCS_BUCKET_ROLES).toEqual({ read: "roles/storage.objectViewer", readwrite: "roles/storage.objectUser" });
        const p = planned({
            workloads: [
                { workload: "web", kind: "tier", serviceAccount: "web", identity: {}, uses: [{ kind: "buckets", name: "uploads", access: "readwrite" }] },
                { workload: "report", kind: "tier", serviceAccount: "report", identity: {}, uses: [{ kind: "buckets", name: "uploads", access: "read" }] },
            ],
        });
        expect(p.workloads.map((w) => [w.workload, w.bucketGrants])).toEqual([
            ["web", [{ bucket: "uploads", access: "readwrite", role: "roles/storage.objectUser" }]],
            ["report", [{ bucket: "uploads", access: "read", role: "roles/storage.objectViewer" }]],
        ]);
    });

    it("takes identity.gcp.roles once each, and ignores the other clouds' permissions", () => {
        const p = planned({
            workloads: [{
                workload: "constructor", kind: "tier", serviceAccount: "constructor", uses: [],
                identity: { gcp: { roles: ["roles/pubsub.subscriber", "projects/kubeship-dev/roles/reader", "roles/pubsub.subscriber"] }, aws: { policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
            }],
        });
        expect(p.workloads[0]).toMatchObject({ workload: "constructor", identityName: "constructor", projectRoles: ["roles/pubsub.subscriber", "projects/kubeship-dev/roles/reader"], bucketGrants: [] });
    });

    it("refuses another project's custom role at its index: a project's custom roles are granted only in that project", () => {
        const r = planGcpBacking(base({
            workloads: [{ workload: "api", kind: "tier", serviceAccount: "api", uses: [], identity: { gcp: { roles: ["roles/pubsub.subscriber", "projects/other-proj/roles/reader"] } } }],
        }), gke);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.problems).toEqual([{
            path: ["app", "tiers", "api", "identity", "gcp", "roles", 1],
            message: expect.stringMatching(/^is a custom role of project "other-proj", got "projects\/other-proj\/roles\/reader"; .* deploys into "kubeship-dev" .*use a predefined role/),
        }]);
    });

    it("names the Kubernetes service account as a principal:// member of the cluster's pool, by project number", () => {
        expect(workloadPrincipal("123456789012", "kubeship-dev.svc.id.goog", "files", "web"))
            .toBe("principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/kubeship-dev.svc.id.goog/subject/ns/files/sa/web");
    });

    it("lets destroy empty a bucket in dev and staging, never in prod", () => {
        expect(gcsForceDestroy(planned())).toBe(true);
        expect(gcsForceDestroy(planned({ environment: "staging" }))).toBe(true);
        expect(gcsForceDestroy(planned({ environment: "prod", protect: true }))).toBe(false);
    });

    it("opens the GKE metadata server on port 80 for an identity, and the internet on 443 only with a bucket", () => {
        expect(backingEgressRules("gcp", true, false, [])).toEqual([{ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] }]);
        const withBucket = backingEgressRules("gcp", true, true, []);
        expect(withBucket).toHaveLength(2);
        expect(withBucket[1].ports).toEqual([{ port: 443, protocol: "TCP" }]);
    });
});

// A small platform: a tier that uses two buckets, one with identity roles only, one with neither.
const PLATFORM = `cluster:
  gcp: { project: kubeship-dev }
  nodePools:
    general: { size: medium, min: 2, max: 4 }
app:
  name: files
  buckets:
    uploads: { versioning: true }
    reports: {}
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      uses: { uploads: readwrite, reports: read }
    worker:
      image: ghcr.io/example/worker:1.0.0
      ports: { metrics: 9100 }
      identity:
        gcp: { roles: [roles/pubsub.subscriber] }
        aws: { policyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] }
    plain:
      image: ghcr.io/example/plain:1.0.0
      ports: { http: 8080 }
`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-gcp-backing-"));
fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);
fs.writeFileSync(path.join(root, "files-two.yaml"), PLATFORM);
// Prod refuses an API endpoint open to all; the rest is the same file.
fs.writeFileSync(path.join(root, "files-prod.yaml"), PLATFORM.replace("  nodePools:", "  endpoint: { allowedCidrs: [198.51.101.0/24] }\n  nodePools:"));
// One at a time: Pulumi's runtime state is global.
const dev = await render({ configFile: "files.yaml", cloud: "gcp" }, root);
const other = await render({ configFile: "files-two.yaml", cloud: "gcp" }, root);
const prod = await render({ configFile: "files-prod.yaml", cloud: "gcp", environment: "prod" }, root);

const q = (r: typeof dev) => query(r.recorded);
const bucket = (r: typeof dev, key: string) => q(r).one("gcp:storage/bucket:Bucket", `bucket-${key}`);
const manifest = (r: typeof dev, kind: string, name: string) => r.manifests.find((m: any) => m.kind === kind && m.metadata.name === name) as any;
const PROJECT_NUMBER = /^principal:\/\/iam\.googleapis\.com\/projects\/\d{12}\/locations\/global\/workloadIdentityPools\/kubeship-dev\.svc\.id\.goog\/subject\/ns\/files\/sa\//;

describe("a render on gcp with buckets and identities", () => {
    it("makes each bucket private: uniform access, public access prevention, versioning as asked, in the cluster's region", () => {
        expect(bucket(dev, "uploads").inputs).toEqual({
            name: expect.stringMatching(/^files-uploads-files-gcp-[0-9a-f]{8}$/),
            project: "kubeship-dev",
            location: "europe-west4",
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: true },
            forceDestroy: true,
            labels: { "managed-by": "kubeship", "kubeship-app": "files", "kubeship-bucket": "uploads" },
        });
        expect(bucket(dev, "reports").inputs).toMatchObject({ versioning: { enabled: false }, publicAccessPrevention: "enforced", uniformBucketLevelAccess: true });
    });

    it("switches on the Cloud Storage API, never off again, before the buckets", () => {
        const api = q(dev).ofType("gcp:projects/service:Service").find((s) => s.inputs.service === "storage.googleapis.com")!;
        expect(api.inputs).toEqual({ project: "kubeship-dev", service: "storage.googleapis.com", disableOnDestroy: false, disableDependentServices: false });
        expect(q(dev).dependsOn(bucket(dev, "uploads"), api)).toBe(true);
    });

    it("grants each user of a bucket its role on that bucket alone, to its own Kubernetes service account", () => {
        const grants = q(dev).ofType("gcp:storage/bucketIAMMember:BucketIAMMember").map((g) => g.inputs);
        expect(grants).toHaveLength(2);
        expect(grants).toEqual(expect.arrayContaining([
            { bucket: bucket(dev, "uploads").inputs.name, role: "roles/storage.objectUser", member: expect.stringMatching(new RegExp(`${PROJECT_NUMBER.source}web$`)) },
            { bucket: bucket(dev, "reports").inputs.name, role: "roles/storage.objectViewer", member: expect.stringMatching(new RegExp(`${PROJECT_NUMBER.source}web$`)) },
        ]));
        // No grant anywhere else: no project-wide storage role, nothing for the other tiers.
        const projectRoles = q(dev).ofType("gcp:projects/iAMMember:IAMMember").filter((m) => String(m.inputs.member).startsWith("principal://"));
        expect(projectRoles.map((m) => m.inputs)).toEqual([
            { project: "kubeship-dev", role: "roles/pubsub.subscriber", member: expect.stringMatching(new RegExp(`${PROJECT_NUMBER.source}worker$`)) },
        ]);
    });

    it("makes no Google service account, key or annotation for a workload", () => {
        const accounts = q(dev).ofType("gcp:serviceaccount/account:Account");
        expect(accounts.map((a) => a.name)).toEqual([expect.stringMatching(/nodes$/)]);
        expect(q(dev).ofType("gcp:serviceaccount/key:Key")).toEqual([]);
        for (const t of ["web", "worker"]) {
            const sa = manifest(dev, "ServiceAccount", t);
            expect(sa.metadata.annotations ?? {}).toEqual({});
            expect(sa.automountServiceAccountToken).toBe(false);
        }
    });

    it("creates the workload after its grants, and the grants after the cluster", () => {
        const web = q(dev).one("kubernetes:apps/v1:Deployment", "web");
        const cluster = q(dev).one("gcp:container/cluster:Cluster");
        for (const g of q(dev).ofType("gcp:storage/bucketIAMMember:BucketIAMMember")) {
            expect(q(dev).dependsOn(web, g)).toBe(true);
            expect(q(dev).dependsOn(g, cluster)).toBe(true);
        }
        const worker = q(dev).one("kubernetes:apps/v1:Deployment", "worker");
        expect(q(dev).dependsOn(worker, q(dev).one("gcp:projects/iAMMember:IAMMember", "worker"))).toBe(true);
    });

    it("tells the bucket's users where it is, in the portable form", () => {
        const env = manifest(dev, "Deployment", "web").spec.template.spec.containers[0].env;
        const name = bucket(dev, "uploads").inputs.name;
        expect(env.filter((e: any) => bucketEnvNames("uploads").includes(e.name))).toEqual([
            { name: "BUCKET_UPLOADS_PROVIDER", value: "gcs" },
            { name: "BUCKET_UPLOADS_NAME", value: name },
            { name: "BUCKET_UPLOADS_REGION", value: "europe-west4" },
            { name: "BUCKET_UPLOADS_ENDPOINT", value: GCS_ENDPOINT },
            { name: "BUCKET_UPLOADS_URL", value: `gs://${name}` },
        ]);
        expect(env.map((e: any) => e.name)).toEqual(expect.arrayContaining(bucketEnvNames("reports")));
        expect(manifest(dev, "Deployment", "worker").spec.template.spec.containers[0].env ?? []).toEqual([]);
    });

    it("opens the metadata server to workloads with an identity, 443 to bucket users only, and nothing to the rest", () => {
        const egress = (t: string) => manifest(dev, "NetworkPolicy", t).spec.egress as any[];
        const metadata = { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] };
        expect(egress("web")).toContainEqual(metadata);
        expect(egress("web").some((r) => r.ports?.[0]?.port === 443)).toBe(true);
        expect(egress("worker")).toContainEqual(metadata);
        expect(egress("worker").some((r) => r.ports?.[0]?.port === 443)).toBe(false);
        expect(egress("plain")).not.toContainEqual(metadata);
    });

    it("gives two stacks of one project different bucket names", () => {
        const names = (r: typeof dev) => q(r).ofType("gcp:storage/bucket:Bucket").map((b) => b.inputs.name).sort();
        expect(names(other)).toHaveLength(2);
        for (const n of names(other)) expect(names(dev)).not.toContain(n);
    });

    it("protects buckets in prod, and never empties them on destroy", () => {
        for (const key of ["uploads", "reports"]) {
            expect(bucket(prod, key).inputs.forceDestroy).toBe(false);
            expect(bucket(prod, key).options.protect, key).toBe(true);
            expect(bucket(dev, key).options.protect, key).toBeFalsy();
        }
    });

    it("passes the policy pack in prod; the one advisory is the bucket user's internet 443", () => {
        const resources = prod.resources.map((e) => ({ type: e.type, name: e.name, urn: e.urn, props: e.inputs as Record<string, any> }));
        const at = (level: string) => <T extends { scope?: Parameters<typeof levelFor>[0] }>(rules: readonly T[]) => rules.filter((x) => levelFor(x.scope ?? "environment", "prod") === level);
        const findings = (level: string) => resources.flatMap((r) => Object.keys(violationsOf(r.type, r.props, at(level)(resourceRules))).map((rule) => `${r.name} ${rule}`));
        expect(findings("mandatory")).toEqual([]);
        expect(at("mandatory")(stackRules).flatMap((rule) => rule.check(resources).map((v) => `${rule.name}: ${v.message}`))).toEqual([]);
        // NetworkPolicies cannot name Cloud Storage's host; its addresses are Google's public
        // ranges, so a bucket user reaches the internet on 443, which prod points out for review.
        expect(findings("advisory")).toEqual(["files-web-netpol k8s-egress-internet"]);
    });

    it("renders objects that validate against the Kubernetes schema", () => {
        for (const m of dev.manifests) expect(() => validateManifest(m as any), `${(m as any).kind}`).not.toThrow();
    });

    it("refuses a bucket name Cloud Storage would refuse before registering anything, at its line", async () => {
        fs.writeFileSync(path.join(root, "bad.yaml"), PLATFORM.replace("reports: {}", "google-drive: {}").replace("reports: read", "google-drive: read"));
        const err = await render({ configFile: "bad.yaml", cloud: "gcp" }, root).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).problems).toEqual([expect.objectContaining({ path: "app.buckets.google-drive", line: 9, message: expect.stringContaining('contains "google"') })]);
    });
});
