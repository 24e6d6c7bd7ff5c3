/**
 * The GCP side of an app's backing plan: Cloud Storage bucket names, each
 * workload's Workload Identity principal and the roles it gets, and the
 * values Google would refuse, positioned. Pure.
 *
 * No Google service account is made: a workload's Kubernetes service account
 * is itself the IAM principal (Workload Identity Federation for GKE, direct
 * resource access), so nothing needs to be named per workload but the
 * Kubernetes service account.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
import { createHash } from "node:crypto";
import type { PathProblem } from "../../config/errors";
import { showValue } from "../../config/errors";
import type { Access } from "../../backing/schema";
import type { BackingBase, BackingCommon, BackingPlanResult, PlannedWorkload, WorkloadAccess } from "../../backing/plan";
import { stackScopedName } from "../names";
import type { ResolvedGke } from "./resolve";

/**
 * Cloud Storage bucket names: 3 to 63 of lower-case letters, digits, '-', '_'
 * (and '.', which needs domain verification: kubeship never uses it), a letter
 * or digit at each end; not beginning with "goog"; not containing "google" or a
 * close misspelling of it. https://cloud.google.com/storage/docs/buckets#naming
 */
export const GCS_BUCKET_NAME_MAX = 63;
/** Hex digits of the project's hash that ends every bucket name. */
const PROJECT_TAG_LENGTH = 8;
/** "google" and the close misspellings Cloud Storage refuses ("g00gle", "goog1e"). */
const GOOGLE_LIKE = /g[o0][o0]g[l1]e/;

/**
 * The predefined role a bucket grant gives, on that bucket alone
 * (https://cloud.google.com/storage/docs/access-control/iam-roles):
 * - read: Storage Object Viewer, storage.objects.get and .list (and the folder and
 *   managed-folder get/list that go with them);
 * - readwrite: Storage Object User, the viewer's permissions plus storage.objects.create,
 *   .update, .delete and .restore and storage.multipartUploads.*; unlike Storage Object
 *   Admin it holds no storage.objects.getIamPolicy/setIamPolicy, and neither holds any
 *   storage.buckets.* permission (no bucket settings, no bucket IAM policy).
 * The two roles' project-level permissions (resourcemanager.projects.get/list) do not
 * apply to a grant on a bucket.
 */
export const GCS_BUCKET_ROLES: Record<Access, string> = {
    read: "roles/storage.objectViewer",
    readwrite: "roles/storage.objectUser",
};

/** One grant on one bucket. */
export interface GcpBucketGrant {
    bucket: string;
    access: Access;
    role: string;
}

/** A workload on GKE and every grant its Kubernetes service account gets. */
export type GcpPlannedWorkload = PlannedWorkload & {
    /** Project roles (identity.gcp.roles), without repeats, in config order. */
    projectRoles: string[];
    /** One per bucket it uses, on that bucket alone. */
    bucketGrants: GcpBucketGrant[];
};

export type GcpBackingPlan = Omit<BackingCommon, "workloads"> & {
    cloud: "gcp";
    project: string;
    region: string;
    /** `<project>.svc.id.goog`, the cluster's Workload Identity pool. */
    workloadPool: string;
    workloads: GcpPlannedWorkload[];
};

/**
 * The bucket's Cloud Storage name: `<app>-<bucket>-<stack>-<project tag>`. The
 * stack keeps two stacks of one project apart. Bucket names share one namespace
 * across all of Cloud Storage and are public, and Google's naming guide says not to
 * put project names or ids in them; so the project appears only as a hash, which
 * keeps two projects' buckets of the same app, bucket and stack apart.
 */
export function gcsBucketName(project: string, appName: string, bucket: string, stack: string | undefined): string {
    const tag = createHash("sha256").update(project).digest("hex").slice(0, PROJECT_TAG_LENGTH);
    return `${stackScopedName(`${appName}-${bucket}`, stack, GCS_BUCKET_NAME_MAX - PROJECT_TAG_LENGTH - 1)}-${tag}`;
}

/** Why Cloud Storage would refuse `name`, or undefined. */
export function gcsBucketNameProblem(name: string): string | undefined {
    if (name.startsWith("goog")) return `begins with "goog"`;
    const google = GOOGLE_LIKE.exec(name);
    if (google) return `contains "${google[0]}"`;
    return undefined;
}

/** `projects/P/roles/R` when P is not `project`: a custom role may be granted only in the project that defines it. */
function foreignCustomRole(role: string, project: string): string | undefined {
    const owner = /^projects\/([^/]+)\/roles\//.exec(role)?.[1];
    return owner !== undefined && owner !== project ? owner : undefined;
}

function section(w: WorkloadAccess): string {
    return w.kind === "tier" ? "tiers" : "jobs";
}

export function planGcpBacking(base: BackingBase, gke: ResolvedGke): BackingPlanResult {
    const problems: PathProblem[] = [];
    const buckets = base.buckets.map((b) => {
        const physicalName = gcsBucketName(gke.project, base.appName, b.name, base.stack);
        const refused = gcsBucketNameProblem(physicalName);
        if (refused) {
            problems.push({
                path: ["app", "buckets", b.name], key: true,
                message: `gives the Cloud Storage bucket name ${showValue(physicalName)}, which ${refused}; Cloud Storage refuses names that begin with "goog" or contain "google" (https://cloud.google.com/storage/docs/buckets#naming): rename the bucket, or the app${base.stack !== undefined && GOOGLE_LIKE.test(base.stack.toLowerCase()) ? `, or the stack (${showValue(base.stack)})` : ""}`,
            });
        }
        return { ...b, physicalName };
    });
    const workloads = base.workloads.map((w): GcpPlannedWorkload => {
        const roles = w.identity.gcp?.roles ?? [];
        roles.forEach((role, i) => {
            const owner = foreignCustomRole(role, gke.project);
            if (owner !== undefined) {
                problems.push({
                    path: ["app", section(w), w.workload, "identity", "gcp", "roles", i],
                    message: `is a custom role of project ${showValue(owner)}, got ${showValue(role)}; a project's custom role can be granted only in that project, and this stack deploys into ${showValue(gke.project)} (https://cloud.google.com/iam/docs/understanding-custom-roles): use a predefined role, or a custom role of ${gke.project} or of the organization`,
                });
            }
        });
        return {
            ...w,
            // No Google service account: the Kubernetes service account is the principal.
            identityName: w.serviceAccount,
            projectRoles: [...new Set(roles)],
            bucketGrants: w.uses.map((u) => ({ bucket: u.name, access: u.access, role: GCS_BUCKET_ROLES[u.access] })),
        };
    });
    if (problems.length) return { ok: false, problems };
    return {
        ok: true,
        plan: {
            ...base,
            cloud: "gcp",
            project: gke.project,
            region: gke.region,
            workloadPool: gke.workloadPool,
            buckets,
            workloads,
        },
    };
}
