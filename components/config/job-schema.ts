/**
 * A job (`app.jobs.<name>`): a one-off, a migration that runs before some
 * tiers roll out (`runBefore`), or a schedule (`schedule`: a CronJob).
 *
 * A job is a tier's pod without what serves traffic: it is built from the
 * tier's fields by leaving those out (JOB_OMITTED), so a field added to tiers
 * (files, identity, containers, …) is a job field too. `schema.ts` calls
 * `jobSchemaFrom(tierFields)`: this file imports the tier's type only, so the
 * two modules do not load each other. Cross-field checks (runBefore against
 * schedule, names against tiers, cycles) are in rules/jobs.ts.
 */
import { z } from "zod";
import type { tierFields } from "./schema";
import { cronProblem, timeZoneProblem } from "./cron";
import { showValue } from "./errors";

/** Tier fields a job does not have: it serves no traffic (no Service), runs one pod at a time and keeps no volume. */
export const JOB_OMITTED = {
    ports: true, replicas: true, autoscale: true, singleton: true, expose: true, http: true,
    storage: true, probes: true, allowFrom: true, service: true,
} as const;
export type JobOmittedKey = keyof typeof JOB_OMITTED;

/** How a scheduled run treats one still running. @default "Forbid" */
export const CONCURRENCY_POLICIES = ["Forbid", "Allow", "Replace"] as const;

/** The defaults a job's builder applies (job.ts); listed here so the schema, README and builder agree. */
export const JOB_DEFAULTS = {
    /** Pods retried after a failure before the Job fails (Kubernetes' own default is 6). @default 4 */
    backoffLimit: 4,
    /** Seconds a one-off or runBefore Job may run, retries included: `pulumi up` waits this long at most. @default 1800 */
    activeDeadlineSeconds: 1800,
    /** Seconds each scheduled run may take. @default 3600 */
    scheduledDeadlineSeconds: 3600,
    /** @default "Forbid" */
    concurrencyPolicy: "Forbid" as const,
    /** Finished runs a CronJob keeps (as Kubernetes). @default 3 */
    successfulJobsHistoryLimit: 3,
    /** Failed runs a CronJob keeps, with their pods and logs (as Kubernetes). @default 1 */
    failedJobsHistoryLimit: 1,
} as const;

/** `got` joins the problem and the value: "in" where the problem names a part of the value, "got" otherwise. */
const refineWith = (problem: (value: string) => string | undefined, got: "in" | "got", fix: string) => (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: value, message: `${message}${got === "in" ? " in" : ", got"} ${showValue(value)}; ${fix}` });
};

const seconds = (min: number) => z.number().int().min(min).max(2147483647);

/** The job schema from the tier's fields (schema.ts passes its `tierFields`). */
export function jobSchemaFrom(fields: typeof tierFields) {
    return fields.omit(JOB_OMITTED).extend({
        /** A cron schedule: the job is a CronJob. @default none: the Job runs once per change of its spec */
        schedule: z.string().min(1).superRefine(refineWith(cronProblem, "in", "e.g. \"0 3 * * *\" (03:00 every day) or @daily"))
            .optional().describe("Cron schedule (minute hour day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly): makes the job a CronJob. Without it the job runs once each time its spec changes."),
        /** @default "UTC" on managed clusters (kube-controller-manager's zone) */
        timeZone: z.string().min(1).superRefine(refineWith(timeZoneProblem, "got", "use a tz database name, e.g. Europe/Berlin or UTC"))
            .optional().describe("IANA time zone the schedule is read in (CronJob spec.timeZone, Kubernetes 1.27+); kube-controller-manager's zone (UTC on managed clusters) by default. Only with schedule."),
        /** @default [] */
        runBefore: z.array(z.string()).default([])
            .describe("Tiers that roll out only after this job has completed (a migration): their workloads wait for the Job, and a failed Job fails pulumi up. Not with schedule."),
        /** @default "Forbid" */
        concurrencyPolicy: z.enum(CONCURRENCY_POLICIES).optional()
            .describe("With schedule: Forbid skips a run while the last one still runs (the default), Allow runs both, Replace stops the old one."),
        /** @default 3 */
        successfulJobsHistoryLimit: z.number().int().min(0).max(100).optional().describe("With schedule: finished runs kept; 3 by default."),
        /** @default 1 */
        failedJobsHistoryLimit: z.number().int().min(0).max(100).optional().describe("With schedule: failed runs kept, with their pods and logs; 1 by default."),
        /** @default none: a late run starts whenever it can */
        startingDeadlineSeconds: seconds(10).optional()
            .describe("With schedule: seconds after its time a missed run may still start (at least 10: the controller checks every 10 s); no deadline by default."),
        /** @default false */
        suspend: z.boolean().optional().describe("With schedule: stop starting new runs (running ones finish); false by default."),
        /** @default 4 */
        backoffLimit: z.number().int().min(0).max(100).optional()
            .describe("Retries (new pods) after a failed pod before the Job fails; 4 by default (10, 20, 40 and 80 s apart, time for a database to come up)."),
        /** @default 1800 (one-off and runBefore), 3600 (each scheduled run) */
        activeDeadlineSeconds: seconds(1).optional()
            .describe("Seconds a run may take, retries included, before it is stopped and fails; 1800 for a one-off or runBefore job (pulumi up waits this long at most), 3600 for each scheduled run."),
        /** @default none: a CronJob's history limits clean up */
        ttlSecondsAfterFinished: seconds(0).optional()
            .describe("With schedule: seconds a finished run is kept before it is deleted; none by default (the history limits apply). Not for other jobs, which Pulumi manages: a deleted Job would run again."),
    }).describe("A job: a tier's pod that runs to completion, once (runBefore tiers, or on its own) or on a schedule.");
}

export type JobSchema = ReturnType<typeof jobSchemaFrom>;
export type JobConfig = z.output<JobSchema>;
/** A job as written (defaults not yet applied). */
export type JobInput = z.input<JobSchema>;
