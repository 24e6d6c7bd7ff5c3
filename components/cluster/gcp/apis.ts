/**
 * The Google APIs a GKE stack calls, switched on in its project. A fresh
 * project has Compute Engine, Kubernetes Engine, IAM and Cloud Resource Manager
 * off, and the first `up` would fail on the first resource that needs one.
 *
 * Each API is a `gcp.projects.Service` that never switches it off again
 * (`disableOnDestroy: false`, nor anything that depends on it:
 * `disableDependentServices: false`): other stacks and other tools in the
 * project use the same APIs, and destroying one stack must not break them.
 * https://www.pulumi.com/registry/packages/gcp/api-docs/projects/service/
 */
import type * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/gcp/projects/service";
import type { ResolvedGke } from "./resolve";

/**
 * compute: the VPC, subnetwork, router, NAT and the nodes; container: the cluster;
 * iam: the node service account; cloudresourcemanager: its project role bindings.
 */
export const GKE_APIS = [
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "cloudresourcemanager.googleapis.com",
] as const;

/** One Service per API in GKE_APIS; everything kubeship creates in the project waits for them. */
export function enableGkeApis(name: string, r: ResolvedGke, opts: pulumi.CustomResourceOptions): Service[] {
    return GKE_APIS.map((api) => new Service(`${name}-api-${api.split(".")[0]}`, {
        project: r.project,
        service: api,
        disableOnDestroy: false,
        disableDependentServices: false,
    }, opts));
}

/**
 * What an app's buckets need besides GKE_APIS: the Cloud Storage JSON API (buckets and
 * their IAM policies). A project's bucket grants to Workload Identity principals need
 * nothing more: the pool is the cluster's, and IAM is already on.
 */
export const BUCKET_APIS = ["storage.googleapis.com"] as const;

/** One API switched on as GKE_APIS are (never off again on destroy), named `${name}-api-<service>`. */
export function enableProjectApi(name: string, project: string, api: string, opts: pulumi.CustomResourceOptions): Service {
    return new Service(`${name}-api-${api.split(".")[0]}`, {
        project,
        service: api,
        disableOnDestroy: false,
        disableDependentServices: false,
    }, opts);
}
