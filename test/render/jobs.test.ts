/**
 * Issue 13 §4 rendered: a migration ordered between the database it waits for and the
 * tier it runs before, a scheduled report, on a managed cloud and an existing cluster.
 */
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { validateManifest } from "../helpers/k8s-models";
import { kubernetesRules } from "../../policy/kubernetes";
import { violationsOf } from "../../policy/rules";

const JOB = "kubernetes:batch/v1:Job";

describe.each(["existing", "aws"] as const)("jobs on %s", async (cloud) => {
    const r = await render({ configFile: "test/fixtures/valid/jobs.yaml", cloud });
    const byName = (type: string, name: string) => r.resources.find((x) => x.type === type && x.name === name)!;
    const job = byName(JOB, "jobshop-migrate-job");
    const web = byName("kubernetes:apps/v1:Deployment", "jobshop-web-deployment");
    const db = byName("kubernetes:apps/v1:StatefulSet", "jobshop-db-statefulset");

    it("web rolls out only after the migration, which runs only after the database", () => {
        expect(web.dependencies).toContain(job.urn);
        expect(job.dependencies).toContain(db.urn);
        expect(db.dependencies).not.toContain(job.urn);
        // The job's own policy, account and secret exist before its pod starts.
        for (const child of ["jobshop-migrate-netpol", "jobshop-migrate-sa", "jobshop-migrate-secret"]) {
            expect(job.dependencies.some((d) => d.endsWith(`::${child}`))).toBe(true);
        }
    });

    it("the Job carries its hashed name and the await annotations; the CronJob its schedule", () => {
        const manifest = r.manifests.find((m: any) => m.kind === "Job") as any;
        expect(manifest.metadata.name).toMatch(/^migrate-[0-9a-f]{8}$/);
        expect(manifest.metadata.annotations).toEqual({ "pulumi.com/timeoutSeconds": "1860", "pulumi.com/replaceUnready": "true" });
        const cron = r.manifests.find((m: any) => m.kind === "CronJob") as any;
        expect(cron.metadata.name).toBe("report");
        expect(cron.spec).toMatchObject({ schedule: "0 3 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid" });
        // The hash does not depend on the target: the same file names the same Job everywhere.
        expect(manifest.metadata.name).toBe("migrate-f9977cb6");
    });

    it("Job and CronJob validate against the Kubernetes schema and break no policy", () => {
        for (const kind of ["Job", "CronJob"]) {
            const m = r.manifests.find((x: any) => x.kind === kind)!;
            expect(() => validateManifest(JSON.parse(JSON.stringify(m)))).not.toThrow();
        }
        for (const type of [JOB, "kubernetes:batch/v1:CronJob"]) {
            const res = r.resources.find((x) => x.type === type)!;
            expect(violationsOf(type, res.inputs as Record<string, any>, kubernetesRules)).toEqual({});
        }
    });

    it("the database admits the jobs that talk to it; the summary and diagram show them", () => {
        const policy = r.manifests.find((m: any) => m.kind === "NetworkPolicy" && m.metadata.name === "db") as any;
        const from = policy.spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels["app.kubernetes.io/name"]);
        expect(from).toEqual(["web", "migrate", "report"]);
        expect(r.summary).toContain("  migrate: Job migrate-f9977cb6, before web; pulumi up waits up to 1860 s; after db; -> db");
        expect(r.summary).toContain("  report: CronJob \"0 3 * * *\" Europe/Berlin, Forbid; each run up to 3600 s; -> db; egress internet 443/TCP");
        expect(r.files["diagram.mmd"]).toContain("job_migrate -.->|\"runs before\"| tier_web");
    });
});
