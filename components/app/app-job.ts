/**
 * `AppJob`: the Kubernetes objects of one job (`app.jobs.<name>`), built from
 * the pure specs of job.ts: a ServiceAccount, a Secret when it reads secrets,
 * a NetworkPolicy, and a Job (one-off, runBefore) or a CronJob (schedule).
 *
 * pulumi-kubernetes waits for a Job to complete and fails the update when it
 * fails (BackoffLimitExceeded, DeadlineExceeded), so the tiers of its
 * runBefore, created after it (MultiTierApp), roll out only after it succeeded.
 */
import * as pulumi from "@pulumi/pulumi";
import { Secret, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { CronJob, Job } from "@pulumi/kubernetes/batch/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { AppConfig } from "../config/schema";
import type { Cluster } from "../cluster/types";
import { hasSecrets } from "./env";
import type { WorkloadIdentity } from "../backing/cloud";
import { withIdentity } from "./identity";
import { createFileObjects, createPullSecret } from "./file-objects";
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
        const accountAnnotations = job.serviceAccount?.annotations ?? {};
        const account = new ServiceAccount(`${name}-sa`, {
            metadata: {
                ...meta(jobName),
                ...(identity ? { labels: { ...labels, ...identity.serviceAccount.labels } } : {}),
                ...(Object.keys(accountAnnotations).length || identity ? { annotations: { ...accountAnnotations, ...identity?.serviceAccount.annotations } } : {}),
            },
            automountServiceAccountToken: false,
        }, child);
        const secret = hasSecrets(job)
            ? new Secret(`${name}-secret`, {
                metadata: { namespace: args.namespace, labels },
                type: "Opaque",
                stringData: Object.fromEntries(Object.entries(job.secrets).map(([env, key]) => [env, pulumi.secret(secretValue(key))])),
            }, child)
            : undefined;
        // Config files, as a tier's (file-objects.ts).
        const { configMap, secret: filesSecret } = createFileObjects(name, { owner: jobName, files: job.files, namespace: args.namespace, labels, secretValue }, child);
        const pullSecret = createPullSecret(name, job.imagePullSecret, { namespace: args.namespace, labels, secretValue }, child);
        const refs = { filesSecretRef: filesSecret?.metadata.name, pullSecretRef: pullSecret?.metadata.name };
        // The policy first: a Job's pod that starts before it would find DNS and its database shut off.
        const policy = toJobNetworkPolicy(jobName, app, cluster.facts);
        const netpol = new NetworkPolicy(`${name}-netpol`, { metadata: meta(policy.name), spec: policy.spec }, child);

        const placement = toPlacement(job, cluster.facts.poolTaints, cluster.facts.cloud);
        const workloadOpts = { ...child, dependsOn: [...cluster.readyResources, account, netpol, ...(secret ? [secret] : []), ...(configMap ? [configMap] : []), ...(filesSecret ? [filesSecret] : []), ...(pullSecret ? [pullSecret] : []), ...(args.waitFor ?? []), ...(identity?.dependsOn ?? [])] };
        if (isScheduled(job)) {
            const spec = toCronJobSpec(jobName, job, app, secret?.metadata.name, placement, refs);
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
                spec: withIdentity({ spec: toJobSpec(jobName, job, app, secret?.metadata.name, placement, refs) }, identity).spec,
            }, workloadOpts);
            // Shown with the Job in pulumi up's output, and so beside the provider's error when it fails.
            if (pulumi.runtime.hasEngine()) void pulumi.log.info(jobFailureHint(jobName, job, app, objectName), this.workload);
        }
        this.registerOutputs({ workload: this.workload.metadata.name });
    }
}
