/**
 * The cloud side of an app: its backing resources and its workloads' cloud
 * identities. Each cloud's module (components/cluster/<cloud>/app-cloud.ts)
 * is loaded only for its own stack, as the cluster modules are, so a GCP
 * stack never loads the AWS SDK.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../cluster/types";
import type { BucketAddress } from "./bucket";
import type { BackingPlan, WorkloadAccess } from "./plan";
import { loadCloudModule } from "../cluster/cloud-sdk";

/** A bucket the cloud module made. */
export interface BucketHandle {
    /** Its config key. */
    name: string;
    /** What its users are told (bucket.ts `bucketEnv`). */
    address: pulumi.Output<BucketAddress>;
    /** What a grant or a workload waits for. */
    resources: pulumi.Resource[];
    /** The cloud's own reference, for the cloud module's grants (an ARN, a bucket name, a container id). */
    ref: pulumi.Output<string>;
}

/** What a workload's pods and service account carry to use their identity. */
export interface WorkloadIdentity {
    /** On the Kubernetes ServiceAccount. */
    serviceAccount: { annotations: Record<string, pulumi.Input<string>>; labels: Record<string, string> };
    /** On the pod template. */
    podLabels: Record<string, string>;
    /** Environment variables of the workload's containers (besides the ones the buckets give). */
    env: { name: string; value: pulumi.Input<string> }[];
    /** What the workload must be created after: the role, its grants, the association or federated credential. */
    dependsOn: pulumi.Resource[];
}

export interface AppCloud {
    readonly plan: BackingPlan;
    /** Makes one bucket of `plan.buckets`. */
    bucket(name: string, parent: pulumi.Resource): BucketHandle;
    /**
     * Makes a workload's identity, its own permissions and its grants on the
     * backing resources it uses (least privilege: the access it asked for, on
     * those resources alone).
     */
    identity(access: WorkloadAccess, buckets: ReadonlyMap<string, BucketHandle>, parent: pulumi.Resource): WorkloadIdentity;
}

export async function createAppCloud(name: string, plan: BackingPlan, cluster: Cluster): Promise<AppCloud> {
    switch (plan.cloud) {
        case "aws": {
            const { awsAppCloud } = await loadCloudModule("aws", () => import("../cluster/aws/app-cloud"));
            return awsAppCloud(name, plan, cluster);
        }
        case "gcp": {
            const { gcpAppCloud } = await loadCloudModule("gcp", () => import("../cluster/gcp/app-cloud"));
            return gcpAppCloud(name, plan, cluster);
        }
        case "azure": {
            const { azureAppCloud } = await loadCloudModule("azure", () => import("../cluster/azure/app-cloud"));
            return azureAppCloud(name, plan, cluster);
        }
    }
}
