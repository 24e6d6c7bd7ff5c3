/**
 * Issue 13, done when: examples/webapp.yaml (a web tier behind HTTPS with a bucket, a
 * config file, a secret file and a log-shipper sidecar; a worker with an identity of
 * its own; Postgres and Redis; a migration before web and worker; a nightly cleanup;
 * app.defaults and YAML anchors) renders on aws, gcp and azure. Every object it
 * creates is enumerated and its key fields pinned; every Kubernetes object passes
 * kubernetes-models and the policy pack; the identity and bucket resources are pinned
 * per cloud with literal values (trust policy, principal:// members, federated
 * credentials, least-privilege actions), not with the functions that build them.
 * On an existing cluster the file is refused, positioned, before anything is created.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { ConfigError } from "../../components/config/errors";
import { resourceRules, stackRules, violationsOf } from "../../policy/rules";
import type { StackResource } from "../../policy/types";
import { validateManifest } from "../helpers/k8s-models";

const ROOT = path.resolve(__dirname, "../..");
const CLOUDS = ["aws", "gcp", "azure"] as const;
type Cloud = (typeof CLOUDS)[number];

/** A project folder with a copy of examples/ (the file reads config/ beside it); on gcp the file names a project, as a stack's overrides would. */
function project(cloud: Cloud | "existing"): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `kubeship-webapp-${cloud}-`));
    fs.cpSync(path.join(ROOT, "examples"), path.join(root, "examples"), { recursive: true });
    if (cloud === "gcp") {
        const file = path.join(root, "examples/webapp.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^cluster:\n/m, "cluster:\n  gcp: { project: kubeship-dev }\n"));
    }
    return root;
}

// One at a time: Pulumi's runtime state is global.
const renders = {} as Record<Cloud, Awaited<ReturnType<typeof render>>>;
for (const cloud of CLOUDS) renders[cloud] = await render({ configFile: "examples/webapp.yaml", cloud }, project(cloud));

type Manifest = Record<string, any>;
/** The very objects written to manifests.yaml, parsed once per cloud. */
const parsed = new Map<Cloud, Manifest[]>();
const manifestsOf = (cloud: Cloud): Manifest[] => {
    if (!parsed.has(cloud)) parsed.set(cloud, parseAllDocuments(renders[cloud].files["manifests.yaml"]).map((d) => d.toJS() as Manifest));
    return parsed.get(cloud)!;
};
const find = (cloud: Cloud, kind: string, name: string): Manifest => {
    const m = manifestsOf(cloud).find((x) => x.kind === kind && x.metadata.name === name);
    if (!m) throw new Error(`${cloud}: no ${kind} ${name}`);
    return m;
};
const resource = (cloud: Cloud, type: string, name: string) => {
    const r = renders[cloud].recorded.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`${cloud}: no ${type} ${name}`);
    return r;
};
/** The resources of one type that the app's bucket and identities make (not the cluster's own). */
const ofType = (cloud: Cloud, type: string) => renders[cloud].recorded.filter((x) => x.type === type && x.urn.includes("kubeship:app:Backing$"));
const pod = (cloud: Cloud, kind: string, name: string) => {
    const m = find(cloud, kind, name);
    return kind === "CronJob" ? m.spec.jobTemplate.spec.template : m.spec.template;
};
const envOf = (c: Manifest) => Object.fromEntries((c.env ?? []).map((e: Manifest) => [e.name, e.value ?? e.valueFrom]));

/** Every Kubernetes object, as `Kind name`, the provider-named Secrets without their suffix. */
const K8S_OBJECTS = (storageClasses: string[]) => [
    "Namespace webapp", ...storageClasses.map((s) => `StorageClass ${s}`),
    ...["cleanup", "migrate", "postgres", "redis", "web", "worker"].map((n) => `ServiceAccount ${n}`),
    // Env secrets of each workload that has some, image pull secrets of those that did not decline the default, web's secret file.
    ...["cleanup", "migrate", "postgres", "redis", "web", "worker"].map((n) => `Secret webapp-${n}-secret-*`),
    ...["cleanup", "migrate", "web", "worker"].map((n) => `Secret webapp-${n}-pull-secret-*`),
    "Secret webapp-web-files-secret-*",
    "ConfigMap cleanup-files-*", "ConfigMap web-files-*", "ConfigMap worker-files-*",
    ...["cleanup", "default-deny", "kubeship-acme-solver", "migrate", "postgres", "redis", "web", "worker"].map((n) => `NetworkPolicy ${n}`),
    ...["postgres", "postgres-headless", "redis", "redis-headless", "web", "worker"].map((n) => `Service ${n}`),
    "StatefulSet postgres", "StatefulSet redis", "Deployment web", "Deployment worker",
    "HorizontalPodAutoscaler web",
    ...["postgres", "redis", "web", "worker"].map((n) => `PodDisruptionBudget ${n}`),
    "Job migrate-*", "CronJob cleanup",
    "GatewayClass kubeship", "Gateway kubeship", "HTTPRoute kubeship-https-redirect", "HTTPRoute web",
    "Issuer kubeship-acme", "Certificate tls-app-example-com",
].sort();
const STORAGE_CLASSES: Record<Cloud, { delete: string; retain: string; created: string[] }> = {
    aws: { delete: "gp3", retain: "gp3-retain", created: ["gp3", "gp3-retain"] },
    gcp: { delete: "standard-rwo", retain: "kubeship-pd-balanced-retain", created: ["kubeship-pd-balanced-retain"] },
    azure: { delete: "kubeship-zrs", retain: "kubeship-zrs-retain", created: ["kubeship-zrs", "kubeship-zrs-retain"] },
};

/** The cloud resources the app's bucket and identities make (components of kubeship:app:Backing), by type. */
const BACKING: Record<Cloud, Record<string, number>> = {
    aws: {
        "aws:s3/bucket:Bucket": 1, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1, "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1, "aws:s3/bucketVersioning:BucketVersioning": 1,
        "aws:s3/bucketPolicy:BucketPolicy": 1,
        "aws:iam/role:Role": 3, "aws:iam/rolePolicy:RolePolicy": 3, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": 3,
        "pulumi:providers:aws": 1,
    },
    gcp: {
        "gcp:projects/service:Service": 1, "gcp:storage/bucket:Bucket": 1, "gcp:storage/bucketIAMMember:BucketIAMMember": 3,
        "gcp:projects/iAMMember:IAMMember": 1, "pulumi:providers:gcp": 1,
    },
    azure: {
        "azure-native:storage:StorageAccount": 1, "azure-native:storage:BlobServiceProperties": 1, "azure-native:storage:BlobContainer": 1,
        "azure-native:managedidentity:UserAssignedIdentity": 3, "azure-native:managedidentity:FederatedIdentityCredential": 3,
        "azure-native:authorization:RoleDefinition": 2, "azure-native:authorization:RoleAssignment": 4,
        "pulumi:providers:azure-native": 1,
    },
};

describe.each(CLOUDS)("examples/webapp.yaml on %s", (cloud) => {
    const r = renders[cloud];

    it("creates exactly these Kubernetes objects, and each validates against its schema", () => {
        const manifests = manifestsOf(cloud);
        const names = manifests.map((m) => `${m.kind} ${m.metadata.name}`.replace(/-[0-9a-f]{8,10}$/, "-*")).sort();
        expect(names).toEqual(K8S_OBJECTS(STORAGE_CLASSES[cloud].created));
        for (const m of manifests) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
    });

    it("creates exactly these cloud resources for the bucket and the identities", () => {
        const backing = r.recorded.filter((x) => x.urn.includes("kubeship:app:Backing$") && x.type !== "kubeship:app:Backing");
        const counts: Record<string, number> = {};
        for (const x of backing) counts[x.type] = (counts[x.type] ?? 0) + 1;
        expect(counts).toEqual(BACKING[cloud]);
    });

    it("passes the policy pack (dev: every rule but the prod-only ones), on every resource", () => {
        const all: StackResource[] = r.resources.map((x) => ({ type: x.type, name: x.name, urn: x.urn, props: x.inputs as Record<string, any> }));
        const rules = resourceRules.filter((rule) => rule.scope !== "prod-only" && rule.scope !== "prod-advisory");
        const findings: Record<string, string[]> = {};
        for (const res of all) {
            for (const [rule, msgs] of Object.entries(violationsOf(res.type, res.props, rules))) findings[`${res.name} ${rule}`] = msgs;
        }
        for (const rule of stackRules.filter((s) => s.scope !== "prod-only" && s.scope !== "prod-advisory")) {
            const msgs = rule.check(all).map((v) => v.message);
            if (msgs.length) findings[rule.name] = msgs;
        }
        // The one finding, advisory outside prod: the example leaves the API endpoint to the stack
        // (cluster.endpoint.allowedCidrs); the app's objects and its cloud resources break no rule.
        expect(findings).toEqual(cloud === "aws" ? { "webapp-cluster eks-endpoint-restricted": [expect.stringMatching(/^vpcConfig.publicAccessCidrs: must restrict/)] } : {});
    });

    it("web: defaults merged under its own values, files mounted read-only, the secret file 0440, the log shipper a native sidecar", () => {
        const template = pod(cloud, "Deployment", "web");
        const spec = template.spec;
        const [main] = spec.containers;
        expect(find(cloud, "Deployment", "web").spec.replicas).toBeUndefined();   // the HPA owns it
        expect(main.image).toBe("ghcr.io/example-webapp/web:2.4.0");
        // cpu from app.defaults, memory web's own (and the limit follows it).
        expect(main.resources).toEqual({ requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } });
        expect(spec.securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
        expect(template.metadata.labels).toMatchObject({ team: "webapp", "app.kubernetes.io/name": "web" });
        expect(template.metadata.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "9090", "prometheus.io/path": "/metrics" });
        expect(spec.imagePullSecrets).toEqual([{ name: expect.stringMatching(/^webapp-web-pull-secret-[0-9a-f]{8}$/) }]);
        expect(main.readinessProbe.httpGet).toEqual({ path: "/healthz", port: 9090 });
        expect(main.livenessProbe.httpGet).toEqual({ path: "/livez", port: 9090 });

        const configMap = spec.volumes.find((v: Manifest) => v.name === "files").configMap;
        expect(configMap).toEqual({ name: expect.stringMatching(/^web-files-[0-9a-f]{10}$/), defaultMode: 0o444 });
        const secretFiles = spec.volumes.find((v: Manifest) => v.name === "secret-files").secret;
        expect(secretFiles).toEqual({ secretName: expect.stringMatching(/^webapp-web-files-secret-[0-9a-f]{8}$/), defaultMode: 0o440 });
        expect(main.volumeMounts.filter((m: Manifest) => m.name !== "tmp")).toEqual([
            { name: "files", mountPath: "/etc/webapp/settings.yaml", subPath: "etc_webapp_settings.yaml", readOnly: true },
            { name: "secret-files", mountPath: "/etc/webapp/session-key.pem", subPath: "etc_webapp_session-key.pem", readOnly: true },
        ]);
        const data = find(cloud, "ConfigMap", configMap.name);
        expect(data.immutable).toBe(true);
        expect(Object.keys(data.data).sort()).toEqual(["etc_webapp_settings.yaml", "fluent-bit_etc_fluent-bit.conf"]);
        expect(data.data["etc_webapp_settings.yaml"]).toBe(fs.readFileSync(path.join(ROOT, "examples/config/settings.yaml"), "utf8"));

        // The sidecar: an init container that keeps running, with its own /tmp, its config file, and no main-container files.
        expect(spec.initContainers).toHaveLength(1);
        const shipper = spec.initContainers[0];
        expect(shipper).toMatchObject({
            name: "log-shipper", image: "fluent/fluent-bit:3.2.2", restartPolicy: "Always",
            ports: [{ name: "shipper-http", containerPort: 2020, protocol: "TCP" }],
            readinessProbe: { httpGet: { path: "/api/v1/health", port: 2020 } },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "64Mi" } },
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        });
        expect(shipper.volumeMounts).toEqual([
            { name: "tmp-log-shipper", mountPath: "/tmp" },
            { name: "files", mountPath: "/fluent-bit/etc/fluent-bit.conf", subPath: "fluent-bit_etc_fluent-bit.conf", readOnly: true },
        ]);
    });

    it("worker: the YAML merge key keeps web's database env and adds its own; the anchored settings file is the cleanup job's too", () => {
        const [main] = pod(cloud, "Deployment", "worker").spec.containers;
        const env = envOf(main);
        expect(env).toMatchObject({
            DB_HOST: "postgres.webapp.svc.cluster.local", DB_PORT: "5432", DB_NAME: "webapp", DB_USER: "webapp",
            REDIS_ADDR: "redis.webapp.svc.cluster.local:6379", QUEUE: "webapp:jobs",
        });
        expect(env.DB_PASSWORD).toEqual({ secretKeyRef: { name: expect.stringMatching(/^webapp-worker-secret-/), key: "DB_PASSWORD" } });
        expect(main.resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } });
        expect(find(cloud, "Deployment", "worker").spec.replicas).toBe(2);
        const cm = (kind: string, name: string) => pod(cloud, kind, name).spec.volumes.find((v: Manifest) => v.name === "files").configMap.name;
        expect(cm("Deployment", "worker").replace("worker-", "")).toBe(cm("CronJob", "cleanup").replace("cleanup-", ""));
    });

    it("postgres and redis: public images without the default pull secret, their own users, volumes kept or deleted as asked", () => {
        const classes = STORAGE_CLASSES[cloud];
        for (const [name, user, whenDeleted, storageClass, size] of [
            ["postgres", 70, "Retain", classes.retain, "20Gi"], ["redis", 999, "Delete", classes.delete, "5Gi"],
        ] as const) {
            const set = find(cloud, "StatefulSet", name);
            expect(set.spec.replicas).toBe(1);
            expect(set.spec.template.spec.imagePullSecrets).toBeUndefined();
            expect(set.spec.template.spec.securityContext.runAsUser).toBe(user);
            expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted, whenScaled: "Retain" });
            expect(set.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: storageClass, resources: { requests: { storage: size } } });
        }
    });

    it("Services, the autoscaler and the disruption budgets", () => {
        const svc = (n: string) => find(cloud, "Service", n).spec;
        // web is routed through the app's gateway: its Service stays inside the cluster.
        expect(svc("web")).toMatchObject({ type: "ClusterIP", ports: [{ name: "http", port: 8080, targetPort: 8080 }, { name: "metrics", port: 9090, targetPort: 9090 }] });
        expect(svc("worker").type).toBe("ClusterIP");
        expect(svc("postgres-headless").clusterIP).toBe("None");
        expect(find(cloud, "HorizontalPodAutoscaler", "web").spec).toMatchObject({
            minReplicas: 2, maxReplicas: 8, scaleTargetRef: { kind: "Deployment", name: "web" },
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 65 } } }],
        });
        expect(find(cloud, "HTTPRoute", "web").spec).toMatchObject({ hostnames: ["app.example.com"], rules: [{ backendRefs: [{ name: "web", port: 8080 }] }] });
        expect(r.outputs.endpoints).toMatchObject({ web: "https://app.example.com" });
    });

    it("the migration runs after postgres and before web and worker; the cleanup runs nightly on the spot pool", () => {
        const job = resource(cloud, "kubernetes:batch/v1:Job", "webapp-migrate-job");
        for (const tier of ["web", "worker"]) expect(resource(cloud, "kubernetes:apps/v1:Deployment", `webapp-${tier}-deployment`).dependencies).toContain(job.urn);
        expect(job.dependencies).toContain(resource(cloud, "kubernetes:apps/v1:StatefulSet", "webapp-postgres-statefulset").urn);
        const manifest = manifestsOf(cloud).find((m) => m.kind === "Job")!;
        expect(manifest.metadata.name).toMatch(/^migrate-[0-9a-f]{8}$/);
        expect(manifest.spec.template.spec.containers[0].command).toEqual(["/app/bin/migrate", "up"]);
        expect(manifest.spec.template.spec.restartPolicy).toBe("Never");

        const cron = find(cloud, "CronJob", "cleanup").spec;
        expect(cron).toMatchObject({ schedule: "30 3 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid" });
        const cleanup = cron.jobTemplate.spec.template.spec;
        expect(cleanup.nodeSelector).toEqual({ "kubeship.io/pool": "spot" });
        expect(cleanup.tolerations).toContainEqual({ key: "kubeship.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" });
        // Jobs take app.defaults too.
        expect(cleanup.securityContext.runAsUser).toBe(10001);
        expect(cleanup.imagePullSecrets).toEqual([{ name: expect.stringMatching(/^webapp-cleanup-pull-secret-/) }]);
    });

    it("network: postgres admits the tiers and both jobs; the gateway and Prometheus reach web on their ports only", () => {
        const policy = (n: string) => find(cloud, "NetworkPolicy", n).spec;
        const from = policy("postgres").ingress[0].from.map((f: Manifest) => f.podSelector.matchLabels["app.kubernetes.io/name"]);
        expect(from).toEqual(["web", "worker", "migrate", "cleanup"]);
        expect(policy("migrate").egress).toContainEqual({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/part-of": "webapp" } } }], ports: [{ port: 5432, protocol: "TCP" }] });
        expect(policy("migrate").ingress).toEqual([]);
        const web = policy("web").ingress;
        expect(web).toHaveLength(2);
        expect(web).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }], ports: [{ port: 9090, protocol: "TCP" }] });
        expect(web.find((rule: Manifest) => rule.from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"] === "envoy-gateway-system").ports).toEqual([{ port: 8080, protocol: "TCP" }]);
    });

    it("network: bucket users reach public addresses on 443 and their identity endpoint, the others neither", () => {
        const egress = (n: string) => find(cloud, "NetworkPolicy", n).spec.egress as Manifest[];
        const internet443 = { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"] } }], ports: [{ port: 443, protocol: "TCP" }] };
        // EKS Pod Identity Agent; GKE metadata server; on AKS Entra ID is on the internet (443).
        const endpoint = { aws: { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ port: 80, protocol: "TCP" }] }, gcp: { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] }, azure: undefined }[cloud];
        for (const n of ["web", "worker", "cleanup"]) {
            expect(egress(n), n).toContainEqual(internet443);
            if (endpoint) expect(egress(n), n).toContainEqual(endpoint);
        }
        for (const n of ["migrate", "postgres", "redis"]) {
            expect(egress(n), n).not.toContainEqual(internet443);
            expect(egress(n).filter((rule) => rule.ports?.some((p: Manifest) => p.port === 80)), n).toEqual([]);
        }
    });
});

describe("on aws: EKS Pod Identity roles and the S3 bucket", () => {
    const bucket = "webapp-uploads-webapp-aws-123456789012-us-east-1-an";
    const role = (w: string) => ofType("aws", "aws:iam/role:Role").find((x) => x.inputs.name === `webapp-webapp-aws-webapp-${w}`)!;

    it("each workload's role trusts EKS Pod Identity for its own service account alone", () => {
        for (const w of ["web", "worker", "cleanup"]) {
            expect(role(w).inputs.path).toBe("/kubeship/");
            expect(JSON.parse(String(role(w).inputs.assumeRolePolicy))).toEqual({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "EksPodIdentity", Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: { StringEquals: { "aws:RequestTag/eks-cluster-name": "webapp-webapp-aws", "aws:RequestTag/kubernetes-namespace": "webapp", "aws:RequestTag/kubernetes-service-account": w } },
                }],
            });
        }
        const associations = ofType("aws", "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => a.inputs);
        expect(associations.map((a) => [a.serviceAccount, a.roleArn]).sort()).toEqual(["cleanup", "web", "worker"].map((w) => [w, `arn:aws:iam::123456789012:role/webapp-webapp-aws-webapp-${w}`]));
        expect(associations.every((a) => a.clusterName === "webapp-webapp-aws" && a.namespace === "webapp")).toBe(true);
    });

    it("least privilege: read lists and gets (versions too: the bucket is versioned); readwrite also puts and deletes, never versions", () => {
        const grants = (w: string) => JSON.parse(ofType("aws", "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === `webapp-webapp-aws-webapp-${w}`)!.inputs.policy as string).Statement.map((s: Manifest) => [s.Effect, s.Action, s.Resource]);
        const readwrite = [["Allow", ["s3:ListBucket"], `arn:aws:s3:::${bucket}`], ["Allow", ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], `arn:aws:s3:::${bucket}/*`]];
        expect(grants("web")).toEqual(readwrite);
        expect(grants("cleanup")).toEqual(readwrite);
        expect(grants("worker")).toEqual([["Allow", ["s3:ListBucket"], `arn:aws:s3:::${bucket}`], ["Allow", ["s3:GetObject", "s3:GetObjectVersion"], `arn:aws:s3:::${bucket}/*`]]);
        expect(ofType("aws", "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === "webapp-webapp-aws-webapp-worker").map((a) => a.inputs.policyArn))
            .toEqual(["arn:aws:iam::123456789012:policy/webapp-mail-key-read"]);
    });

    it("the bucket: private, owner-enforced, encrypted, versioned, HTTPS only, deleted with a dev stack", () => {
        expect(resource("aws", "aws:s3/bucket:Bucket", "webapp-cloud-bucket-uploads").inputs).toMatchObject({ bucket, bucketNamespace: "account-regional", forceDestroy: true });
        expect(resource("aws", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "webapp-cloud-bucket-uploads-public-access").inputs)
            .toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(resource("aws", "aws:s3/bucketVersioning:BucketVersioning", "webapp-cloud-bucket-uploads-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
        const policy = JSON.parse(resource("aws", "aws:s3/bucketPolicy:BucketPolicy", "webapp-cloud-bucket-uploads-policy").inputs.policy as string);
        expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    });

    it("the containers get the bucket's address; no annotation on the service accounts", () => {
        expect(envOf(pod("aws", "Deployment", "web").spec.containers[0])).toMatchObject({
            BUCKET_UPLOADS_PROVIDER: "s3", BUCKET_UPLOADS_NAME: bucket, BUCKET_UPLOADS_REGION: "us-east-1",
            BUCKET_UPLOADS_ENDPOINT: "https://s3.us-east-1.amazonaws.com", BUCKET_UPLOADS_URL: `s3://${bucket}`,
        });
        expect(find("aws", "ServiceAccount", "worker").metadata.annotations ?? {}).toEqual({});
        expect(find("aws", "ServiceAccount", "worker").automountServiceAccountToken).toBe(false);
    });
});

describe("on gcp: Workload Identity Federation principals and the Cloud Storage bucket", () => {
    const principal = (sa: string) => `principal://iam.googleapis.com/projects/152142294641/locations/global/workloadIdentityPools/kubeship-dev.svc.id.goog/subject/ns/webapp/sa/${sa}`;
    const bucket = "webapp-uploads-webapp-gcp-484331f1";

    it("the bindings name each service account as a principal, on the bucket alone, with the narrowest object role", () => {
        const bindings = ofType("gcp", "gcp:storage/bucketIAMMember:BucketIAMMember").map((b) => [b.inputs.member, b.inputs.role, b.inputs.bucket]).sort();
        expect(bindings).toEqual([
            [principal("cleanup"), "roles/storage.objectUser", bucket],
            [principal("web"), "roles/storage.objectUser", bucket],
            [principal("worker"), "roles/storage.objectViewer", bucket],
        ]);
        expect(ofType("gcp", "gcp:projects/iAMMember:IAMMember").map((m) => m.inputs)).toEqual([
            { project: "kubeship-dev", role: "roles/secretmanager.secretAccessor", member: principal("worker") },
        ]);
    });

    it("the bucket: uniform access, public access prevented, versioned, in the cluster's region; no Google service account anywhere", () => {
        expect(resource("gcp", "gcp:storage/bucket:Bucket", "webapp-cloud-bucket-uploads").inputs).toMatchObject({
            name: bucket, location: "europe-west4", uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", versioning: { enabled: true }, forceDestroy: true,
        });
        expect(renders.gcp.recorded.filter((x) => x.type === "gcp:serviceaccount/account:Account" && x.urn.includes("kubeship:app:"))).toEqual([]);
        expect(find("gcp", "ServiceAccount", "web").metadata.annotations ?? {}).toEqual({});
        expect(envOf(pod("gcp", "CronJob", "cleanup").spec.containers[0])).toMatchObject({
            BUCKET_UPLOADS_PROVIDER: "gcs", BUCKET_UPLOADS_NAME: bucket, BUCKET_UPLOADS_ENDPOINT: "https://storage.googleapis.com", BUCKET_UPLOADS_URL: `gs://${bucket}`,
        });
    });
});

describe("on azure: workload identities and the blob container", () => {
    const identity = (w: string) => resource("azure", "azure-native:managedidentity:UserAssignedIdentity", `webapp-cloud-${w}-identity`);

    it("each workload's identity trusts its own service account through the cluster's OIDC issuer", () => {
        for (const w of ["web", "worker", "cleanup"]) {
            expect(identity(w).inputs.resourceName).toBe(`webapp-wi-webapp-${w}-webapp-azure`);
            const credential = resource("azure", "azure-native:managedidentity:FederatedIdentityCredential", `webapp-cloud-${w}-federated`).inputs;
            expect(credential).toMatchObject({
                resourceName: `webapp-wi-webapp-${w}-webapp-azure`, federatedIdentityCredentialResourceName: `webapp-${w}`,
                subject: `system:serviceaccount:webapp:${w}`, audiences: ["api://AzureADTokenExchange"],
            });
            expect(credential.issuer).toMatch(/^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
            expect(Object.keys(find("azure", "ServiceAccount", w).metadata.annotations).sort()).toEqual(["azure.workload.identity/client-id", "azure.workload.identity/tenant-id"]);
        }
        for (const [kind, n] of [["Deployment", "web"], ["Deployment", "worker"], ["CronJob", "cleanup"]]) expect(pod("azure", kind, n).metadata.labels["azure.workload.identity/use"], n).toBe("true");
        for (const [kind, n] of [["StatefulSet", "postgres"], ["Job", manifestsOf("azure").find((m) => m.kind === "Job")!.metadata.name]]) {
            expect(pod("azure", kind, n).metadata.labels["azure.workload.identity/use"], n).toBeUndefined();
        }
    });

    it("least privilege: custom blob roles (no SAS, no container changes), assigned on the container alone; Key Vault Secrets User for the worker", () => {
        const definitions = Object.fromEntries(ofType("azure", "azure-native:authorization:RoleDefinition").map((d) => [d.name.replace("webapp-cloud-blob-", ""), d.inputs]));
        const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
        expect(definitions.read.permissions).toEqual([{ actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], dataActions: [`${blobs}/read`], notActions: [], notDataActions: [] }]);
        expect(definitions.readwrite.permissions).toEqual([{ actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], dataActions: [`${blobs}/read`, `${blobs}/write`, `${blobs}/delete`], notActions: [], notDataActions: [] }]);
        const account = resource("azure", "azure-native:storage:StorageAccount", "webapp-cloud-uploads-account").inputs;
        const container = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/webapp-rg-webapp-azure/providers/Microsoft.Storage/storageAccounts/${account.accountName}/blobServices/default/containers/uploads`;
        const assignments = ofType("azure", "azure-native:authorization:RoleAssignment").map((a) => [a.name, a.inputs.scope, String(a.inputs.roleDefinitionId).split("/").pop(), a.inputs.principalType]).sort();
        expect(assignments).toEqual([
            ["webapp-cloud-cleanup-uploads-readwrite", container, definitions.readwrite.roleDefinitionId, "ServicePrincipal"],
            ["webapp-cloud-web-uploads-readwrite", container, definitions.readwrite.roleDefinitionId, "ServicePrincipal"],
            ["webapp-cloud-worker-role-4633458b-0be61e", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/webapp-shared/providers/Microsoft.KeyVault/vaults/webapp-secrets", "4633458b-17de-408a-b874-0445c86b69e6", "ServicePrincipal"],
            ["webapp-cloud-worker-uploads-read", container, definitions.read.roleDefinitionId, "ServicePrincipal"],
        ]);
    });

    it("the storage account: Entra ID only, private, HTTPS and TLS 1.2; the container holds the bucket, versioned", () => {
        const account = resource("azure", "azure-native:storage:StorageAccount", "webapp-cloud-uploads-account").inputs;
        expect(account.accountName).toMatch(/^[a-z0-9]{24}$/);
        expect(account).toMatchObject({ kind: "StorageV2", allowSharedKeyAccess: false, allowBlobPublicAccess: false, enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", sku: { name: "Standard_LRS" } });
        expect(resource("azure", "azure-native:storage:BlobContainer", "webapp-cloud-uploads-container").inputs).toMatchObject({ containerName: "uploads", publicAccess: "None" });
        expect(resource("azure", "azure-native:storage:BlobServiceProperties", "webapp-cloud-uploads-blob-service").inputs.isVersioningEnabled).toBe(true);
        expect(envOf(pod("azure", "Deployment", "worker").spec.containers[0])).toMatchObject({
            BUCKET_UPLOADS_PROVIDER: "azure-blob", BUCKET_UPLOADS_NAME: "uploads", BUCKET_UPLOADS_URL: `https://${account.accountName}.blob.core.windows.net/uploads`,
        });
    });
});

describe("on an existing cluster", () => {
    it("is refused before anything is created, at the lines of the bucket and the identity", async () => {
        const error = await render({ configFile: "examples/webapp.yaml", cloud: "existing" }, project("existing")).then(() => undefined, (e: unknown) => e);
        expect(ConfigError.is(error)).toBe(true);
        expect((error as ConfigError).message.split("\n")).toEqual([
            "examples/webapp.yaml:47:3 app.buckets: an existing cluster has no cloud to create buckets in; remove app.buckets, or deploy this stack to aws, gcp or azure",
            "examples/webapp.yaml:101:7 app.tiers.worker.identity: an existing cluster has no cloud identity kubeship can make; remove identity, or deploy this stack to aws, gcp or azure",
        ]);
    });
});
