/**
 * `AppBacking`: an app's backing resources and its workloads' cloud
 * identities, built by the stack's cloud module (`AppCloud`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppCloud, BucketHandle, WorkloadIdentity } from "./cloud";
import { bucketEnv, bucketEnvNames } from "./bucket";

export class AppBacking extends pulumi.ComponentResource {
    /** Every bucket, by config key. */
    readonly buckets: ReadonlyMap<string, BucketHandle>;
    /** Each workload's identity, by its tier's or job's key. */
    readonly identities: ReadonlyMap<string, WorkloadIdentity>;

    constructor(name: string, args: { cloud: AppCloud }, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:Backing", name, {}, opts);
        const { plan } = args.cloud;
        const buckets = new Map<string, BucketHandle>();
        for (const b of plan.buckets) buckets.set(b.name, args.cloud.bucket(b.name, this));
        this.buckets = buckets;
        const identities = new Map<string, WorkloadIdentity>();
        for (const w of plan.workloads) {
            const made = args.cloud.identity(w, buckets, this);
            // Every bucket it uses, in the portable form (bucket.ts).
            const env = w.uses.flatMap((u) => {
                const handle = buckets.get(u.name);
                if (!handle) throw new pulumi.ResourceError(`kubeship bug: ${w.workload} uses "${u.name}", which the plan has no bucket for`, this);
                return bucketEnvNames(u.name).map((name, i) => ({ name, value: handle.address.apply((a) => bucketEnv(u.name, a)[i].value) }));
            });
            identities.set(w.workload, { ...made, env: [...made.env, ...env], dependsOn: [...made.dependsOn, ...w.uses.flatMap((u) => buckets.get(u.name)?.resources ?? [])] });
        }
        this.identities = identities;
        this.registerOutputs({ buckets: Object.fromEntries([...buckets].map(([k, b]) => [k, b.address])) });
    }
}
