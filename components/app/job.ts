/**
 * A job's Kubernetes objects, as plain specs: its Job (one-off or runBefore)
 * or CronJob (schedule), and its NetworkPolicy. Pure, no Pulumi.
 *
 * The pod is a tier's pod (workload.ts `toPodTemplate`: security, resources,
 * env, secrets, placement) that restarts Never: each retry is a new pod, so a
 * failed pod stays, and with it the logs `kubectl logs job/<name>` reads.
 *
 * A Job's spec.template is immutable, so a one-off Job is named
 * `<job>-<hash of its spec>`: a new image (or any change of the spec) is a new
 * Job, which Pulumi creates, waits for, and then deletes the old one.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { backingEgressRules } from "../backing/network";
import type { WorkloadIdentity } from "../backing/cloud";
import type { PodSecretRefs } from "./workload";
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig } from "../config/schema";
import { JOB_DEFAULTS, type JobConfig } from "../config/job-schema";
import { JOB_HASH_LENGTH } from "../config/rules/jobs";
import { DNS_RULE, toEgressRules } from "./egress";
import { secretName } from "./env";
import { jobsOf, namespaceOf, portsOf, selectorLabels, tierNamed } from "./names";
import type { PolicyContext, NamedPolicy } from "./network-policy";
import type { Placement } from "./placement";
import { effectiveTalksTo } from "./talks-to";
import { toPodTemplate } from "./workload";

export type { JobConfig } from "../config/job-schema";

/**
 * Seconds `pulumi up` waits for a Job beyond its activeDeadlineSeconds, so that
 * Kubernetes' own verdict (DeadlineExceeded) arrives first and is the one shown.
 * pulumi-kubernetes waits 10 minutes for a Job unless told otherwise
 * (DefaultJobTimeoutMins, provider/pkg/await/job.go), and reads the
 * `pulumi.com/timeoutSeconds` annotation when the resource has no customTimeouts
 * (metadata.TimeoutDuration, provider/pkg/metadata/overrides.go), both at
 * pulumi/pulumi-kubernetes@94977969d64112b04e19945818a7d5d5f38f631d.
 */
export const JOB_TIMEOUT_MARGIN_SECONDS = 60;

/** Whether a job runs on a schedule (a CronJob). */
export function isScheduled(job: JobConfig): boolean {
    return job.schedule !== undefined;
}

/** The app's one-off jobs that must complete before `tierName` rolls out (their runBefore names it). */
export function jobsBefore(app: AppConfig, tierName: string): string[] {
    return Object.entries(jobsOf(app)).filter(([, j]) => !isScheduled(j) && j.runBefore.includes(tierName)).map(([n]) => n);
}

/** Seconds a run may take, retries included. @default 1800 one-off, 3600 scheduled */
export function deadlineOf(job: JobConfig): number {
    return job.activeDeadlineSeconds ?? (isScheduled(job) ? JOB_DEFAULTS.scheduledDeadlineSeconds : JOB_DEFAULTS.activeDeadlineSeconds);
}

/**
 * The Job spec: a one-off Job's, or the jobTemplate's of a CronJob. No
 * selector (the Job controller makes one), no ttlSecondsAfterFinished on a
 * Job Pulumi manages: a Job the TTL controller deleted would read as gone on
 * the next refresh, and Pulumi would create it, and so run it, again.
 */
export function toJobSpec(jobName: string, job: JobConfig, app: AppConfig, secretRef?: pulumi.Input<string>, placement?: Placement, refs?: PodSecretRefs): k8s.batch.v1.JobSpec {
    const template = toPodTemplate(jobName, job, app, secretRef, placement, refs);
    return {
        backoffLimit: job.backoffLimit ?? JOB_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: deadlineOf(job),
        ...(isScheduled(job) && job.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: job.ttlSecondsAfterFinished } : {}),
        template: { ...template, spec: { ...template.spec!, restartPolicy: "Never" } } as k8s.core.v1.PodTemplateSpec,
    };
}

/**
 * A one-off Job's object name, `<job>-<hash>`: the hash covers the whole Job
 * spec (pod template, retries, deadline, placement), with the job's Secrets by
 * their logical names, and what its identity adds to the pod (labels, variable
 * names). So a new image names a new Job, and an unchanged job keeps
 * its name, and Pulumi leaves the completed Job alone. The rules keep the name
 * to 63 characters (the pods' batch.kubernetes.io/job-name label value).
 */
export function jobObjectName(jobName: string, job: JobConfig, app: AppConfig, placement?: Placement, identity?: Pick<WorkloadIdentity, "podLabels" | "env">): string {
    // What the program adds to the pod counts too, as far as it is known before a deploy: the pull
    // secret by its logical name (as the env Secret), the identity's pod labels and the names of its
    // variables (their values, bucket names, are fixed for a stack). Left out, adding an identity,
    // a bucket or a pull secret changed the template under the same name, which pulumi-kubernetes
    // can only replace delete-first (diff.go: .spec.template forces a replacement, and a named object
    // is deleted before it is replaced; pulumi/pulumi-kubernetes@94977969d provider/pkg/provider/diff.go,
    // provider.go Diff). A job with neither hashes as before.
    const refs: PodSecretRefs = job.imagePullSecret !== undefined ? { pullSecretRef: `${jobName}-pull-secret` } : {};
    const spec = toJobSpec(jobName, job, app, secretName(jobName), placement, refs);
    const pod = identity ? { identity: { podLabels: identity.podLabels, env: identity.env.map((e) => e.name) } } : {};
    const hash = createHash("sha256").update(JSON.stringify({ namespace: namespaceOf(app), spec, ...pod })).digest("hex").slice(0, JOB_HASH_LENGTH);
    return `${jobName}-${hash}`;
}

/** A CronJob's spec: the schedule and its limits, with the kubeship defaults (JOB_DEFAULTS). */
export function toCronJobSpec(jobName: string, job: JobConfig, app: AppConfig, secretRef?: pulumi.Input<string>, placement?: Placement, refs?: PodSecretRefs): k8s.batch.v1.CronJobSpec {
    if (!job.schedule) throw new Error(`app.jobs.${jobName}: a CronJob needs a schedule`);
    return {
        schedule: job.schedule,
        ...(job.timeZone ? { timeZone: job.timeZone } : {}),
        concurrencyPolicy: job.concurrencyPolicy ?? JOB_DEFAULTS.concurrencyPolicy,
        successfulJobsHistoryLimit: job.successfulJobsHistoryLimit ?? JOB_DEFAULTS.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: job.failedJobsHistoryLimit ?? JOB_DEFAULTS.failedJobsHistoryLimit,
        ...(job.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: job.startingDeadlineSeconds } : {}),
        suspend: job.suspend ?? false,
        jobTemplate: { metadata: { labels: selectorLabels(jobName, app.name) }, spec: toJobSpec(jobName, job, app, secretRef, placement, refs) },
    };
}

/**
 * Annotations of a one-off Job for pulumi-kubernetes (both read at
 * pulumi/pulumi-kubernetes@94977969d64112b04e19945818a7d5d5f38f631d):
 * - `pulumi.com/timeoutSeconds`: how long `up` waits for the Job to complete,
 *   its deadline plus a margin (the provider's own default is 10 minutes);
 * - `pulumi.com/replaceUnready`: a Job that failed is replaced (run again) on
 *   the next `up`, instead of being waited for again (provider.go Diff, which
 *   checks a Job's readiness when the annotation is "true").
 */
export function jobAnnotations(job: JobConfig): Record<string, string> {
    return {
        "pulumi.com/timeoutSeconds": String(deadlineOf(job) + JOB_TIMEOUT_MARGIN_SECONDS),
        "pulumi.com/replaceUnready": "true",
    };
}

/** What `up` prints with a one-off Job: what it waits for, and how to read why it failed. */
export function jobFailureHint(jobName: string, job: JobConfig, app: AppConfig, objectName: string): string {
    const ns = namespaceOf(app);
    const before = job.runBefore.length ? ` before ${job.runBefore.join(", ")} roll${job.runBefore.length === 1 ? "s" : ""} out` : "";
    return `job ${jobName} runs as Job ${ns}/${objectName}${before}; if it fails, read its logs: kubectl logs -n ${ns} job/${objectName} (and kubectl describe job -n ${ns} ${objectName}); the next pulumi up runs it again`;
}

/**
 * A job's NetworkPolicy, named after the job: no ingress at all (a job serves
 * nothing), egress to DNS, to the ports of the tiers it talks to (talksTo and
 * env references: a migration reaches its database) and to its `egress`. The
 * target tiers' policies admit the job's pods (talks-to.ts counts jobs as talkers).
 */
export function toJobNetworkPolicy(jobName: string, app: AppConfig, context: PolicyContext = {}): NamedPolicy {
    const jobs = jobsOf(app);
    if (!Object.hasOwn(jobs, jobName)) throw new Error(`app.jobs has no job "${jobName}"`);
    const job = jobs[jobName];
    const egress: k8s.networking.v1.NetworkPolicyEgressRule[] = [
        DNS_RULE,
        ...effectiveTalksTo(jobName, app).flatMap((target) => {
            const to = tierNamed(app, target);
            return to && portsOf(to).length
                ? [{ to: [{ podSelector: { matchLabels: selectorLabels(target, app.name) } }], ports: portsOf(to).map((p) => ({ port: p.targetPort, protocol: p.protocol })) }]
                : [];
        }),
        ...toEgressRules(job, context.internalCidrs ?? []),
        ...backingEgressRules(context.cloud ?? "existing", job.identity !== undefined || Object.keys(job.uses).length > 0, Object.keys(job.uses).length > 0, context.internalCidrs ?? []),
    ];
    return { name: jobName, spec: { podSelector: { matchLabels: selectorLabels(jobName, app.name) }, policyTypes: ["Ingress", "Egress"], ingress: [], egress } };
}
