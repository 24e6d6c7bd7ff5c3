/**
 * The cloud-neutral part of identities and buckets: the rules, the plan, the
 * egress a workload's identity opens, its pod template, and the report.
 */
import { describe, expect, it } from "vitest";
import { errorsIn, loadText } from "../config/load-text";
import { planPlatform } from "../../components/plan";
import { needsBacking, workloadAccess } from "../../components/backing/plan";
import { backingEgressRules } from "../../components/backing/network";
import { bucketEnv, bucketEnvNames } from "../../components/backing/bucket";
import { withIdentityTemplate } from "../../components/app/identity";
import { backingSummary } from "../../components/backing/report";
import { toTierNetworkPolicy } from "../../components/app/network-policy";
import { nameCollisions, physicalNames } from "../../components/render/physical-names";
import type { RecordedResource } from "../../components/render/engine";

const platform = (tiers: string, extra = "", cloud = "aws") => `cluster:
  cloud: ${cloud}
  region: ${cloud === "aws" ? "us-east-1" : cloud === "gcp" ? "europe-west4" : cloud === "azure" ? "westeurope" : "x"}
${cloud === "gcp" ? "  gcp: {project: shop-project-1}\n" : ""}  nodePools:
    general: {}
app:
  name: shop
${extra}  tiers:
${tiers}`;

const WEB = `    web:
      image: nginx:1.27.3
      ports: {http: 8080}
`;

describe("rules", () => {
    it("refuses a use of an undeclared bucket, at its key, with the closest name", () => {
        const lines = errorsIn(platform(`${WEB}      uses: {uplods: readwrite}\n`, "  buckets:\n    uploads: {}\n"), { cloud: "aws" });
        expect(lines.join("\n")).toMatch(/platform\.yaml:14:\d+ app\.tiers\.web\.uses\.uplods: names no backing resource, got "uplods"; did you mean "uploads"\?/);
    });

    it("refuses an access level a bucket does not offer", () => {
        const lines = errorsIn(platform(`${WEB}      uses: {uploads: write}\n`, "  buckets:\n    uploads: {}\n"), { cloud: "aws" });
        expect(lines.join("\n")).toMatch(/app\.tiers\.web\.uses\.uploads: .*read.*readwrite/);
    });

    it("refuses identity and buckets on an existing cluster, each at its line", () => {
        const text = platform(`${WEB}      identity: {aws: {policyArns: []}}\n`, "  buckets:\n    uploads: {}\n", "existing");
        const lines = errorsIn(text.replace("  region: x\n", ""), { cloud: "existing" });
        expect(lines.some((l) => /:7:\d+ app\.buckets: an existing cluster has no cloud to create buckets in/.test(l))).toBe(true);
        expect(lines.some((l) => /app\.tiers\.web\.identity: an existing cluster has no cloud identity/.test(l))).toBe(true);
    });

    it("refuses an env variable the bucket sets", () => {
        const lines = errorsIn(platform(`${WEB}      env: {BUCKET_UPLOADS_NAME: mine}\n      uses: {uploads: read}\n`, "  buckets:\n    uploads: {}\n"), { cloud: "aws" });
        expect(lines.join("\n")).toMatch(/app\.tiers\.web\.env\.BUCKET_UPLOADS_NAME: is set by kubeship for bucket "uploads"/);
    });

    it("refuses a policy ARN, a GCP role and an Azure scope the clouds would refuse", () => {
        const lines = errorsIn(platform(`${WEB}      identity:
        aws: {policyArns: ["arn:aws:iam::12345:policy/x"]}
        gcp: {roles: [storage.admin]}
        azure: {roles: [{role: Reader, scope: /resourceGroups/x}]}
`), { cloud: "aws" }).join("\n");
        expect(lines).toMatch(/identity\.aws\.policyArns\[0\]: must be an IAM managed policy ARN/);
        expect(lines).toMatch(/identity\.gcp\.roles\[0\]: must be an IAM role such as roles\//);
        expect(lines).toMatch(/identity\.azure\.roles\[0\]\.scope: must be an Azure resource id/);
    });

    it("accepts a platform whose tiers use a bucket, and plans it", () => {
        const config = loadText(platform(`${WEB}      uses: {uploads: readwrite}\n    worker:\n      image: busybox:1.37.0\n      probes: {readiness: {exec: [ls]}, liveness: {exec: [ls]}}\n      identity: {aws: {policyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]}}\n      uses: {uploads: read}\n    cache:\n      image: redis:7.2.4\n      ports: {redis: 6379}\n`, "  buckets:\n    uploads: {versioning: true}\n"), { cloud: "aws" });
        expect(needsBacking(config.app)).toBe(true);
        expect(workloadAccess(config.app).map((w) => [w.workload, w.uses.map((u) => u.access)])).toEqual([["web", ["readwrite"]], ["worker", ["read"]]]);
        const planned = planPlatform(config, undefined, "dev-aws");
        if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
        expect(planned.plan.backing?.buckets.map((b) => b.name)).toEqual(["uploads"]);
        expect(planned.plan.backing?.workloads.map((w) => w.workload)).toEqual(["web", "worker"]);
        expect(planned.plan.backing?.protect).toBe(false);
    });

    it("plans nothing for an app without identities or buckets", () => {
        const config = loadText(platform(WEB), { cloud: "aws" });
        expect(needsBacking(config.app)).toBe(false);
        const planned = planPlatform(config, undefined, "dev-aws");
        expect(planned.ok && planned.plan.backing).toBeUndefined();
    });
});

describe("egress of a workload with an identity", () => {
    it("opens the identity endpoint alone for an identity without buckets, on aws and gcp", () => {
        expect(backingEgressRules("aws", true, false, [])).toEqual([{ to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ port: 80, protocol: "TCP" }] }]);
        expect(backingEgressRules("gcp", true, false, [])[0].to).toEqual([{ ipBlock: { cidr: "169.254.169.254/32" } }]);
    });

    it("opens public addresses on 443 only for a bucket user, never a private range or the metadata address", () => {
        const rules = backingEgressRules("aws", true, true, ["10.0.0.0/16"]);
        const internet = rules.find((r) => (r.ports as { port: number }[])[0].port === 443);
        expect(internet?.ports).toEqual([{ port: 443, protocol: "TCP" }]);
        const block = (internet?.to as { ipBlock: { cidr: string; except: string[] } }[])[0].ipBlock;
        expect(block.cidr).toBe("0.0.0.0/0");
        expect(block.except).toEqual(expect.arrayContaining(["10.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"]));
    });

    it("opens nothing for a workload without an identity, or on an existing cluster", () => {
        expect(backingEgressRules("aws", false, false, [])).toEqual([]);
        expect(backingEgressRules("existing", true, true, [])).toEqual([]);
    });

    it("adds the rules to the tier's policy on its cloud, and only there", () => {
        const config = loadText(platform(`${WEB}      uses: {uploads: read}\n`, "  buckets:\n    uploads: {}\n"), { cloud: "aws" });
        const aws = toTierNetworkPolicy("web", config.app, { cloud: "aws", internalCidrs: [] }).spec.egress as unknown[];
        const none = toTierNetworkPolicy("web", config.app, { internalCidrs: [] }).spec.egress as unknown[];
        expect(aws.length - none.length).toBe(2);
    });
});

describe("the portable bucket variables", () => {
    it("names every variable after the bucket, hyphens as underscores", () => {
        expect(bucketEnvNames("user-files")).toEqual(["BUCKET_USER_FILES_PROVIDER", "BUCKET_USER_FILES_NAME", "BUCKET_USER_FILES_REGION", "BUCKET_USER_FILES_ENDPOINT", "BUCKET_USER_FILES_URL"]);
        expect(bucketEnv("uploads", { provider: "gcs", name: "b", region: "europe-west4", endpoint: "https://storage.googleapis.com", url: "gs://b" }))
            .toEqual([
                { name: "BUCKET_UPLOADS_PROVIDER", value: "gcs" }, { name: "BUCKET_UPLOADS_NAME", value: "b" }, { name: "BUCKET_UPLOADS_REGION", value: "europe-west4" },
                { name: "BUCKET_UPLOADS_ENDPOINT", value: "https://storage.googleapis.com" }, { name: "BUCKET_UPLOADS_URL", value: "gs://b" },
            ]);
    });
});

describe("the identity on the pod template", () => {
    it("adds pod labels and the variables to every container, and keeps the rest", () => {
        const template = {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "web", image: "x:1", env: [{ name: "A", value: "1" }] }], initContainers: [{ name: "proxy", image: "y:1" }] },
        };
        const out = withIdentityTemplate(template, {
            serviceAccount: { annotations: {}, labels: {} }, podLabels: { "azure.workload.identity/use": "true" },
            env: [{ name: "BUCKET_UPLOADS_NAME", value: "b" }], dependsOn: [],
        });
        expect((out.metadata as any)?.labels).toEqual({ app: "web", "azure.workload.identity/use": "true" });
        expect((out.spec as any).containers[0].env).toEqual([{ name: "A", value: "1" }, { name: "BUCKET_UPLOADS_NAME", value: "b" }]);
        expect((out.spec as any).initContainers[0].env).toEqual([{ name: "BUCKET_UPLOADS_NAME", value: "b" }]);
        expect(template.metadata.labels).toEqual({ app: "web" });
    });
});

describe("the report", () => {
    it("lists each bucket with its users, and each identity with its grants", () => {
        const config = loadText(platform(`${WEB}      uses: {uploads: readwrite}\n`, "  buckets:\n    uploads: {versioning: true}\n"), { cloud: "aws", environment: "dev" });
        const planned = planPlatform(config, undefined, "dev-aws");
        if (!planned.ok || !planned.plan.backing) throw new Error("no plan");
        const lines = backingSummary(planned.plan.backing);
        expect(lines[0]).toBe("buckets:");
        expect(lines[1]).toMatch(/^ {2}uploads: S3 bucket \S+ \(versioned\); used by web \(readwrite\)$/);
        expect(lines[3]).toMatch(/^ {2}tier web: \S+: readwrite uploads$/);
    });
});

describe("the cross-stack name check knows the global names of buckets", () => {
    const rec = (type: string, outputs: Record<string, unknown>) =>
        ({ urn: `urn:${type}`, type, name: "x", custom: true, inputs: {}, rawInputs: {}, outputs, dependencies: [], options: {} }) as unknown as RecordedResource;
    it("finds a Cloud Storage bucket, an Azure storage account and a custom role name taken by two stacks", () => {
        const a = physicalNames([rec("gcp:storage/bucket:Bucket", { name: "shop-uploads" }), rec("azure-native:storage:StorageAccount", { accountName: "shopuploads1" }), rec("azure-native:authorization:RoleDefinition", { roleName: "kubeship blob read" })], { stack: "dev-x", cloud: "gcp" });
        const b = physicalNames([rec("gcp:storage/bucket:Bucket", { name: "shop-uploads" }), rec("azure-native:storage:StorageAccount", { accountName: "shopuploads1" }), rec("azure-native:authorization:RoleDefinition", { roleName: "kubeship blob read" })], { stack: "prod-x", cloud: "gcp" });
        expect(nameCollisions([...a, ...b]).map((c) => c.type).sort()).toEqual(["azure-native:authorization:RoleDefinition", "azure-native:storage:StorageAccount", "gcp:storage/bucket:Bucket"]);
    });
});
