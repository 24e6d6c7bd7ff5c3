/**
 * An app's buckets and workload identities on GKE.
 *
 * - A bucket is a Cloud Storage bucket in the cluster's region: uniform
 *   bucket-level access (IAM only, no object ACLs), public access prevention
 *   enforced, encrypted at rest with a Google-managed key (Cloud Storage always
 *   encrypts), object versioning when asked. Protected in prod.
 * - A workload's identity is its Kubernetes service account, as an IAM principal
 *   of the cluster's Workload Identity pool (Workload Identity Federation for GKE,
 *   direct resource access): no Google service account, no key, no annotation.
 *   It gets its project roles (identity.gcp.roles) and one role on each bucket it
 *   uses, on that bucket alone (GCS_BUCKET_ROLES).
 *   https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 * - The pod asks the GKE metadata server (169.254.169.254:80, backing/network.ts)
 *   for a token, which that server gets for the pod's Kubernetes service account
 *   itself: the pod needs no mounted service account token, so kubeship's
 *   `automountServiceAccountToken: false` stays (as in Google's own module,
 *   terraform-google-modules/terraform-google-kubernetes-engine modules/workload-identity,
 *   whose automount_service_account_token defaults to false).
 */
import * as pulumi from "@pulumi/pulumi";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import type { Service } from "@pulumi/gcp/projects/service";
import { Bucket, type BucketArgs } from "@pulumi/gcp/storage/bucket";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember";
import type { BucketAddress } from "../../backing/bucket";
import type { AppCloud, BucketHandle, WorkloadIdentity } from "../../backing/cloud";
import type { PlannedBucket } from "../../backing/plan";
import type { Cluster } from "../types";
import { BUCKET_APIS, enableProjectApi } from "./apis";
import type { GcpBackingPlan, GcpPlannedWorkload } from "./app-cloud-plan";

/** Cloud Storage's endpoint for the JSON and XML APIs (https://cloud.google.com/storage/docs/request-endpoints). */
export const GCS_ENDPOINT = "https://storage.googleapis.com";

/**
 * The IAM member of a Kubernetes service account in the cluster's Workload Identity
 * pool. It names the project by *number*. Cloud Storage and most services accept it;
 * the few that do not accept Workload Identity Federation principals are listed at
 * https://cloud.google.com/iam/docs/federated-identity-supported-services (README).
 */
export function workloadPrincipal(projectNumber: string, workloadPool: string, namespace: string, serviceAccount: string): string {
    return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${workloadPool}/subject/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Whether `pulumi destroy` may delete a bucket that still holds objects:
 * dev and staging yes (their data is the stack's own and goes with it), prod never
 * (there the bucket is also protected, so destroy refuses before it gets that far).
 */
export function gcsForceDestroy(plan: Pick<GcpBackingPlan, "protect">): boolean {
    return !plan.protect;
}

/** The bucket's settings, exactly as Cloud Storage gets them. */
export function gcsBucketArgs(plan: GcpBackingPlan, bucket: PlannedBucket): BucketArgs {
    return {
        name: bucket.physicalName,
        project: plan.project,
        // The cluster's region: a regional bucket, next to the pods that use it.
        location: plan.region,
        storageClass: "STANDARD",
        // IAM alone decides access; object ACLs are off (https://cloud.google.com/storage/docs/uniform-bucket-level-access).
        uniformBucketLevelAccess: true,
        // Nothing in it can be made public, whatever an IAM grant says (https://cloud.google.com/storage/docs/public-access-prevention).
        publicAccessPrevention: "enforced",
        versioning: { enabled: bucket.config.versioning },
        forceDestroy: gcsForceDestroy(plan),
        // No softDeletePolicy: Cloud Storage's default keeps deleted objects 7 days (README).
        labels: { "managed-by": "kubeship", "kubeship-app": plan.appName, "kubeship-bucket": bucket.name },
    };
}

/** What a bucket's users are told (bucket.ts `bucketEnv`). */
export function gcsBucketAddress(name: string, region: string): BucketAddress {
    return { provider: "gcs", name, region, endpoint: GCS_ENDPOINT, url: `gs://${name}` };
}

export function gcpAppCloud(name: string, plan: GcpBackingPlan, cluster: Cluster): AppCloud {
    // Made with the first resource that needs it, under that resource's parent (the app's Backing).
    let provider: GcpProvider | undefined;
    let storageApi: Service | undefined;
    let projectNumber: pulumi.Output<string> | undefined;
    const providerFor = (parent: pulumi.Resource) => provider ??= new GcpProvider(`${name}-gcp`, { project: plan.project }, { parent });
    const storageApiFor = (parent: pulumi.Resource) =>
        storageApi ??= enableProjectApi(name, plan.project, BUCKET_APIS[0], { parent, provider: providerFor(parent) });
    const projectNumberFor = (parent: pulumi.Resource) =>
        projectNumber ??= getProjectOutput({ projectId: plan.project }, { parent, provider: providerFor(parent) }).number;
    const workloadNamed = (workload: string): GcpPlannedWorkload | undefined => plan.workloads.find((w) => w.workload === workload);

    return {
        plan,
        bucket(key, parent): BucketHandle {
            const planned = plan.buckets.find((b) => b.name === key);
            if (!planned) throw new pulumi.ResourceError(`kubeship bug: no planned bucket "${key}"`, parent);
            const bucket = new Bucket(`${name}-bucket-${key}`, gcsBucketArgs(plan, planned), {
                parent,
                provider: providerFor(parent),
                dependsOn: [storageApiFor(parent)],
                protect: plan.protect,
            });
            return {
                name: key,
                address: bucket.name.apply((n) => gcsBucketAddress(n, plan.region)),
                resources: [bucket],
                ref: bucket.name,
            };
        },
        identity(access, buckets, parent): WorkloadIdentity {
            const w = workloadNamed(access.workload);
            if (!w) throw new pulumi.ResourceError(`kubeship bug: no planned workload "${access.workload}"`, parent);
            // The pool exists once the cluster does; IAM refuses a principal of a pool that does not.
            const opts = { parent, provider: providerFor(parent), dependsOn: cluster.readyResources };
            const member = projectNumberFor(parent).apply((n) => workloadPrincipal(n, plan.workloadPool, plan.namespace, w.serviceAccount));
            const prefix = `${name}-${w.kind}-${w.workload}`;
            const projectGrants = w.projectRoles.map((role) => new ProjectIAMMember(`${prefix}/${role}`, { project: plan.project, role, member }, opts));
            const bucketGrants = w.bucketGrants.map((g) => {
                const handle = buckets.get(g.bucket);
                if (!handle) throw new pulumi.ResourceError(`kubeship bug: ${w.workload} uses "${g.bucket}", which was not made`, parent);
                return new BucketIAMMember(`${prefix}/buckets/${g.bucket}`, { bucket: handle.ref, role: g.role, member }, { ...opts, dependsOn: [...cluster.readyResources, ...handle.resources] });
            });
            return {
                serviceAccount: { annotations: {}, labels: {} },
                podLabels: {},
                env: [],
                dependsOn: [...projectGrants, ...bucketGrants],
            };
        },
    };
}
