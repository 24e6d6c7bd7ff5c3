/**
 * `AppJob`: the Kubernetes objects of one job (`app.jobs.<name>`), built from
 * the pure specs of job.ts: its ServiceAccount and Secrets (pod-objects.ts),
 * a NetworkPolicy, and a Job (one-off, runBefore) or a CronJob (schedule).
 *
 * pulumi-kubernetes waits for a Job to complete and fails the update when it
 * fails (BackoffLimitExceeded, DeadlineExceeded), so the tiers of its
 * runBefore, created after it (MultiTierApp), roll out only after it succeeded.
 */
import * as pulumi from "@pulumi/pulumi";
import { CronJob, Job } from "@pulumi/kubernetes/batch/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { AppConfig } from "../config/schema";
import type { Cluster } from "../cluster/types";
import type { WorkloadIdentity } from "../backing/cloud";
import { withIdentity } from "./identity";
import { createPodObjects } from "./pod-objects";
import { isScheduled, jobAnnotations, jobFailureHint, jobObjectName, toCronJobSpec, toJobNetworkPolicy, toJobSpec } from "./job";
import { jobNamed, tierLabels } from "./names";
import { toPlacement } from "./placement";

export interface AppJobArgs {
    cluster: Cluster;
    app: AppConfig;
    /** The job's key in `app.jobs`; its objects are named after it. */
    jobName: string;
    /** The app's namespace, as the Namespace resource reports it. */
    namespace: pulumi.Input<string>;
    /** Values of the secret config keys the job names. */
    secrets: Record<string, pulumi.Input<string>>;
    /** Workloads the Job is created after (its `waitFor`). @default [] */
    waitFor?: pulumi.Resource[];
    /** The job's cloud identity (`identity`, `uses`), made by the app's `AppBacking`. @default none */
    identity?: WorkloadIdentity;
}

export class AppJob extends pulumi.ComponentResource {
    /** The Job (one-off or runBefore) or CronJob (schedule). */
    readonly workload: Job | CronJob;

    constructor(name: string, args: AppJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:Job", name, {}, opts);
        const { cluster, app, jobName } = args;
        const job = jobNamed(app, jobName);
        if (!job) throw new pulumi.ResourceError(`app.jobs has no job "${jobName}"`, this);
        const labels = tierLabels(jobName, app.name);
        const meta = (objectName: string) => ({ name: objectName, namespace: args.namespace, labels });
        const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider, dependsOn: cluster.readyResources };
        const secretValue = (key: string): pulumi.Input<string> => {
            if (!Object.hasOwn(args.secrets, key)) throw new pulumi.ResourceError(`app.jobs.${jobName}: no value was given for secret config "${key}"`, this);
            return args.secrets[key];
        };

        const identity = args.identity;
        // Its ServiceAccount, Secrets and files' ConfigMap, as a tier's (pod-objects.ts).
        const pod = createPodObjects(name, { owner: jobName, config: job, namespace: args.namespace, labels, secretValue, identity }, child);
        const refs = pod.refs;
        // The policy first: a Job's pod that starts before it would find DNS and its database shut off.
        const policy = toJobNetworkPolicy(jobName, app, cluster.facts);
        const netpol = new NetworkPolicy(`${name}-netpol`, { metadata: meta(policy.name), spec: policy.spec }, child);

        const placement = toPlacement(job, cluster.facts.poolTaints, cluster.facts.cloud);
        const workloadOpts = { ...child, dependsOn: [...cluster.readyResources, ...pod.resources, netpol, ...(args.waitFor ?? []), ...(identity?.dependsOn ?? [])] };
        if (isScheduled(job)) {
            const spec = toCronJobSpec(jobName, job, app, pod.secretRef, placement, refs);
            // The builders make plain specs (never Inputs): the casts only narrow the SDK's Input types.
            const jobTemplate = spec.jobTemplate as { metadata?: object; spec: ReturnType<typeof toJobSpec> };
            this.workload = new CronJob(`${name}-cronjob`, {
                metadata: meta(jobName),
                spec: { ...spec, jobTemplate: { ...jobTemplate, spec: withIdentity({ spec: jobTemplate.spec }, identity).spec } },
            }, workloadOpts);
        } else {
            const objectName = jobObjectName(jobName, job, app, placement, identity);
            this.workload = new Job(`${name}-job`, {
                metadata: { ...meta(objectName), annotations: jobAnnotations(job) },
                spec: withIdentity({ spec: toJobSpec(jobName, job, app, pod.secretRef, placement, refs) }, identity).spec,
            }, workloadOpts);
            // Shown with the Job in pulumi up's output, and so beside the provider's error when it fails.
            if (pulumi.runtime.hasEngine()) void pulumi.log.info(jobFailureHint(jobName, job, app, objectName), this.workload);
        }
        this.registerOutputs({ workload: this.workload.metadata.name });
    }
}
