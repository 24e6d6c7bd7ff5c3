/** Issue 13 §4: the pure builders of a job: its Job or CronJob, hashed name, await annotations, policy and order. */
import { describe, expect, it } from "vitest";
import { appSchema, type AppConfig } from "../../components/config/schema";
import { jobAnnotations, jobFailureHint, jobObjectName, jobsBefore, toCronJobSpec, toJobNetworkPolicy, toJobSpec } from "../../components/app/job";
import { toTierNetworkPolicy } from "../../components/app/network-policy";
import { namespaceSecurityLabels } from "../../components/app/security";
import { workloadOrder } from "../../components/app/validate";
import { validateManifest } from "../helpers/k8s-models";

const shop = (jobs: Record<string, unknown>, tiers: Record<string, unknown> = {}): AppConfig => appSchema.parse({
    name: "shop",
    tiers: {
        web: { image: "ghcr.io/x/web:1.0.0", ports: { http: 8080 }, waitFor: ["db"] },
        db: { image: "postgres:16.4", ports: { pg: 5432 }, singleton: true, storage: { size: "10Gi", path: "/data" }, security: { runAsUser: 70 } },
        ...tiers,
    },
    jobs,
});
const migrate = { image: "ghcr.io/x/web:1.0.0", command: ["/app/migrate"], env: { DB: "${db.host}:${db.port}" }, waitFor: ["db"], runBefore: ["web"] };
const job = (app: AppConfig, name: string) => app.jobs![name];

describe("a one-off Job", () => {
    const app = shop({ migrate });
    const spec = toJobSpec("migrate", job(app, "migrate"), app);

    it("runs the tier's secure pod once, restarting Never, with the default retries and deadline", () => {
        expect(spec.backoffLimit).toBe(4);
        expect(spec.activeDeadlineSeconds).toBe(1800);
        expect(spec.ttlSecondsAfterFinished).toBeUndefined();
        const pod = (spec.template as any).spec;
        expect(pod.restartPolicy).toBe("Never");
        expect(pod.serviceAccountName).toBe("migrate");
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(pod.containers[0].env).toEqual([{ name: "DB", value: "db.shop.svc.cluster.local:5432" }]);
        expect(pod.containers[0].ports).toBeUndefined();
        expect(pod.containers[0].readinessProbe).toBeUndefined();
        expect(pod.containers[0].livenessProbe).toBeUndefined();
    });

    it("validates against the Kubernetes schema, and the validator refuses a broken one", () => {
        const manifest = { apiVersion: "batch/v1", kind: "Job", metadata: { name: jobObjectName("migrate", job(app, "migrate"), app), namespace: "shop" }, spec };
        expect(() => validateManifest(manifest)).not.toThrow();
        expect(() => validateManifest({ ...manifest, spec: { ...spec, backoffLimit: "four" } })).toThrow();
    });

    it("is named <job>-<hash of its spec>: a new image is a new Job; other changes to the app are not", () => {
        const name = jobObjectName("migrate", job(app, "migrate"), app);
        expect(name).toMatch(/^migrate-[0-9a-f]{8}$/);
        const newImage = shop({ migrate: { ...migrate, image: "ghcr.io/x/web:1.0.1" } });
        expect(jobObjectName("migrate", job(newImage, "migrate"), newImage)).not.toBe(name);
        const newRetries = shop({ migrate: { ...migrate, backoffLimit: 1 } });
        expect(jobObjectName("migrate", job(newRetries, "migrate"), newRetries)).not.toBe(name);
        // Another tier, another job, or the tier the job runs before changing leaves the Job alone.
        const other = shop({ migrate, seed: { image: "ghcr.io/x/seed:1.0.0" } }, { web: { image: "ghcr.io/x/web:2.0.0", ports: { http: 8080 }, replicas: 5 } });
        expect(jobObjectName("migrate", job(other, "migrate"), other)).toBe(name);
        // The pool the pods run on is part of the pod spec.
        expect(jobObjectName("migrate", job(app, "migrate"), app, { nodeSelector: { "kubeship.io/pool": "batch" } })).not.toBe(name);
    });

    it("a pull secret, an identity or a bucket added to the pod is a new Job too (found rendering examples/webapp.yaml)", () => {
        // pulumi-kubernetes replaces a Job whose spec.template changed, and deletes a named one before it creates the new
        // (pulumi/pulumi-kubernetes@94977969d provider/pkg/provider/diff.go, provider.go): a new name keeps create-first.
        const name = jobObjectName("migrate", job(app, "migrate"), app);
        const pulled = shop({ migrate: { ...migrate, imagePullSecret: "ghcrPull" } });
        expect(jobObjectName("migrate", job(pulled, "migrate"), pulled)).not.toBe(name);
        const azure = { podLabels: { "azure.workload.identity/use": "true" }, env: [] };
        expect(jobObjectName("migrate", job(app, "migrate"), app, undefined, azure)).not.toBe(name);
        const bucket = { podLabels: {}, env: [{ name: "BUCKET_UPLOADS_NAME", value: "b-1" }] };
        const withBucket = jobObjectName("migrate", job(app, "migrate"), app, undefined, bucket);
        expect(withBucket).not.toBe(name);
        // The variables' values (bucket names, Outputs at deploy time) do not count: they are fixed for a stack.
        expect(jobObjectName("migrate", job(app, "migrate"), app, undefined, { podLabels: {}, env: [{ name: "BUCKET_UPLOADS_NAME", value: "b-2" }] })).toBe(withBucket);
        // Without any of them the name is what it was before this was fixed (test/render/jobs.test.ts pins it).
        expect(jobObjectName("migrate", job(app, "migrate"), app, undefined, undefined)).toBe(name);
    });

    it("tells pulumi-kubernetes to wait its deadline plus a minute, and to run a failed Job again", () => {
        expect(jobAnnotations(job(app, "migrate"))).toEqual({ "pulumi.com/timeoutSeconds": "1860", "pulumi.com/replaceUnready": "true" });
        const slow = shop({ migrate: { ...migrate, activeDeadlineSeconds: 7200 } });
        expect(jobAnnotations(job(slow, "migrate"))["pulumi.com/timeoutSeconds"]).toBe("7260");
    });

    it("says how to read a failed Job's logs", () => {
        expect(jobFailureHint("migrate", job(app, "migrate"), app, "migrate-1a2b3c4d")).toBe(
            "job migrate runs as Job shop/migrate-1a2b3c4d before web rolls out; if it fails, read its logs: kubectl logs -n shop job/migrate-1a2b3c4d (and kubectl describe job -n shop migrate-1a2b3c4d); the next pulumi up runs it again");
    });
});

describe("a scheduled job", () => {
    const app = shop({ report: { image: "ghcr.io/x/report:2.1.0", schedule: "0 3 * * *", timeZone: "Europe/Berlin", ttlSecondsAfterFinished: 600 } });
    const spec = toCronJobSpec("report", job(app, "report"), app);

    it("is a CronJob with Forbid, the history limits of Kubernetes and an hour per run", () => {
        expect({ ...spec, jobTemplate: undefined }).toEqual({
            schedule: "0 3 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid",
            successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false, jobTemplate: undefined,
        });
        expect((spec.jobTemplate as any).spec).toMatchObject({ backoffLimit: 4, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600 });
        expect((spec.jobTemplate as any).spec.template.spec.restartPolicy).toBe("Never");
    });

    it("takes every CronJob setting, and validates", () => {
        const custom = shop({ report: { image: "ghcr.io/x/report:2.1.0", schedule: "@hourly", concurrencyPolicy: "Replace", successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5, startingDeadlineSeconds: 120, suspend: true } });
        const s = toCronJobSpec("report", job(custom, "report"), custom);
        expect(s).toMatchObject({ schedule: "@hourly", concurrencyPolicy: "Replace", successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5, startingDeadlineSeconds: 120, suspend: true });
        expect(s.timeZone).toBeUndefined();
        expect(() => validateManifest({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "report", namespace: "shop" }, spec })).not.toThrow();
        expect(() => validateManifest({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "report" }, spec: { ...spec, schedule: undefined } })).toThrow();
    });
});

describe("jobs in the app", () => {
    it("are created after the tiers they wait for and before the tiers they run before", () => {
        const app = shop({ migrate, report: { image: "ghcr.io/x/report:2.1.0", schedule: "@daily" } });
        const order = workloadOrder(app).map((w) => `${w.kind}:${w.name}`);
        expect(order).toEqual(["tier:db", "job:migrate", "tier:web", "job:report"]);
        expect(jobsBefore(app, "web")).toEqual(["migrate"]);
        expect(jobsBefore(app, "db")).toEqual([]);
    });

    it("reach the tiers they talk to: an egress-only policy, and the target's ingress admits the job's pods", () => {
        const app = shop({ migrate: { ...migrate, egress: [{ cidr: "internet", ports: [443] }] } });
        const policy = toJobNetworkPolicy("migrate", app);
        expect(policy.name).toBe("migrate");
        expect(policy.spec.ingress).toEqual([]);
        expect(policy.spec.egress).toHaveLength(3); // DNS, db, internet:443
        expect((policy.spec.egress as any)[1]).toEqual({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "db", "app.kubernetes.io/part-of": "shop" } } }], ports: [{ port: 5432, protocol: "TCP" }] });
        const db = toTierNetworkPolicy("db", app);
        const sources = (db.spec.ingress as any[]).flatMap((r) => r.from.map((f: any) => f.podSelector.matchLabels["app.kubernetes.io/name"]));
        expect(sources).toEqual(["migrate"]); // web only waits for db; migrate reaches it through its env
    });

    it("a job that runs as root relaxes the namespace to baseline, as a tier would", () => {
        expect(namespaceSecurityLabels(shop({ migrate }))["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        const root = shop({ migrate: { ...migrate, security: { runAsNonRoot: false } } });
        expect(namespaceSecurityLabels(root)["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    });
});
