/**
 * The backing plan: which backing resources the app declares, which
 * workloads get a cloud identity, and what each may reach, with the cloud's
 * physical names (each cloud's planner, components/cluster/<cloud>/app-cloud-plan.ts).
 * Pure: the loader runs it, so `validate`, `render` and `pulumi up` refuse
 * the same input before anything is registered.
 */
import type { PathProblem } from "../config/errors";
import type { AppConfig, Environment } from "../config/schema";
import type { ClusterPlan } from "../cluster/plan";
import { planAwsBacking, type AwsBackingPlan } from "../cluster/aws/app-cloud-plan";
import { planGcpBacking, type GcpBackingPlan } from "../cluster/gcp/app-cloud-plan";
import { planAzureBacking, type AzureBackingPlan } from "../cluster/azure/app-cloud-plan";
import { namespaceOf, podOwnersOf } from "../app/names";
import type { BucketConfig } from "./bucket";
import type { Access, IdentityConfig } from "./schema";

/** A workload (a tier, or a job) that gets a cloud identity: it has `identity`, or `uses` something. */
export interface WorkloadAccess {
    /** The tier's or job's key. */
    workload: string;
    kind: "tier" | "job";
    /** Its Kubernetes service account (named after the workload). */
    serviceAccount: string;
    /** The permissions listed for the stack's cloud; empty when only `uses` gives it an identity. */
    identity: IdentityConfig;
    /** The backing resources it uses. */
    uses: { kind: "buckets"; name: string; access: Access }[];
}

/** What every cloud's planner starts from. */
export interface BackingBase {
    appName: string;
    namespace: string;
    environment: Environment;
    /** Prod: buckets are protected (`pulumi destroy` refuses to delete them) and never emptied on delete. */
    protect: boolean;
    stack?: string;
    buckets: { name: string; config: BucketConfig }[];
    workloads: WorkloadAccess[];
}

/** A bucket with its physical name, which the cloud's planner chose. */
export interface PlannedBucket {
    name: string;
    config: BucketConfig;
    /** The cloud's name for it: the S3 or GCS bucket, or the Azure blob container. */
    physicalName: string;
}

/** A workload's identity with the cloud's name for it (an IAM role, a managed identity; none on GKE). */
export interface PlannedWorkload extends WorkloadAccess {
    identityName: string;
}

/** What every cloud's plan holds: the base, named. */
export type BackingCommon = Omit<BackingBase, "buckets" | "workloads"> & { buckets: PlannedBucket[]; workloads: PlannedWorkload[] };

export type BackingPlan = AwsBackingPlan | GcpBackingPlan | AzureBackingPlan;
export type BackingPlanResult = { ok: true; plan?: BackingPlan } | { ok: false; problems: PathProblem[] };

/** Owners of pods: the app's tiers, then its jobs. */
function podOwners(app: AppConfig): { name: string; kind: "tier" | "job"; identity?: IdentityConfig; uses: Record<string, Access> }[] {
    return podOwnersOf(app).map(({ section, name, owner }) => ({ name, kind: section === "tiers" ? "tier" as const : "job" as const, identity: owner.identity, uses: owner.uses }));
}

/** Whether the app needs the cloud side at all (an identity or a backing resource). */
export function needsBacking(app: AppConfig): boolean {
    return Object.keys(app.buckets).length > 0 || podOwners(app).some((o) => o.identity !== undefined || Object.keys(o.uses).length > 0);
}

/** The workloads that get an identity, in config order (tiers, then jobs). */
export function workloadAccess(app: AppConfig): WorkloadAccess[] {
    return podOwners(app)
        .filter((o) => o.identity !== undefined || Object.keys(o.uses).length > 0)
        .map((o) => ({
            workload: o.name,
            kind: o.kind,
            serviceAccount: o.name,
            identity: o.identity ?? {},
            uses: Object.entries(o.uses).map(([name, access]) => ({ kind: "buckets" as const, name, access })),
        }));
}

export function planBacking(app: AppConfig, cluster: ClusterPlan, environment: Environment, stack?: string): BackingPlanResult {
    if (!needsBacking(app)) return { ok: true };
    const base: BackingBase = {
        appName: app.name,
        namespace: namespaceOf(app),
        environment,
        protect: environment === "prod",
        stack,
        buckets: Object.entries(app.buckets).map(([name, config]) => ({ name, config })),
        workloads: workloadAccess(app),
    };
    switch (cluster.cloud) {
        case "aws": return planAwsBacking(base, cluster.eks);
        case "gcp": return planGcpBacking(base, cluster.gke);
        case "azure": return planAzureBacking(base, cluster.aks);
        // The rules refuse identity and buckets on an existing cluster, at their lines.
        case "existing": return { ok: false, problems: [{ path: ["app"], message: "an existing cluster has no cloud to create identities or buckets in" }] };
    }
}
