/**
 * The AWS side of an app's backing resources and workload identities, as
 * data: S3 bucket names, IAM role names, each workload's grants, and the
 * problems AWS would answer at `pulumi up`, found before anything is
 * registered. Pure; the policy documents live in app-cloud-policies.ts.
 */
import type { PathProblem } from "../../config/errors";
import type { BackingBase, BackingCommon, BackingPlanResult, PlannedBucket, PlannedWorkload } from "../../backing/plan";
import { stackScopedName } from "../names";
import { AWS_NAME_LIMITS } from "./names";
import { bucketGrantPolicy, INLINE_ROLE_POLICY_LIMIT, policySize, s3BucketArn } from "./app-cloud-policies";
import type { ResolvedEks } from "./resolve";

/**
 * Where an S3 bucket's name must be unique.
 * - `account-regional`: the account's own namespace, `<prefix>-<account id>-<region>-an`,
 *   which no other account can take (launched 2026-03-12; every region of the aws
 *   partition but Middle East (Bahrain) and (UAE)):
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
 * - `global`: the partition's shared namespace, elsewhere; the name still carries the
 *   account id and region, so only a deliberate squatter could take it first.
 */
export type S3Namespace = "account-regional" | "global";

export interface AwsPlannedBucket extends PlannedBucket {
    /** What kubeship chooses; AWS appends nothing: the name is `<namePrefix>-<account id>-<region>[-an]`. */
    namePrefix: string;
    namespace: S3Namespace;
}

export interface AwsPlannedWorkload extends PlannedWorkload {
    /** identity.aws.policyArns, each once. */
    policyArns: string[];
}

export type AwsBackingPlan = Omit<BackingCommon, "buckets" | "workloads"> & {
    cloud: "aws";
    region: string;
    /** aws, aws-cn, aws-us-gov or aws-eusc: the ARNs' partition. */
    partition: string;
    clusterName: string;
    buckets: AwsPlannedBucket[];
    workloads: AwsPlannedWorkload[];
};

/** Where account-regional bucket names are refused (the namespace page above, "Restrictions and considerations"). */
const NO_ACCOUNT_REGIONAL = new Set(["me-south-1", "me-central-1"]);

/** The partition of a region's ARNs (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("eusc-")) return "aws-eusc";
    return "aws";
}

export function s3Namespace(region: string): S3Namespace {
    return partitionOf(region) === "aws" && !NO_ACCOUNT_REGIONAL.has(region) ? "account-regional" : "global";
}

/** An account id is 12 digits: what the suffix takes is known before the account is. */
const ACCOUNT_ID_LENGTH = 12;
/** What stands for the account id in a name shown before `pulumi up` knows it. */
export const ACCOUNT_PLACEHOLDER = "<account-id>";

/**
 * The bucket's full name. S3 names are 3-63 lower-case letters, digits, '-' and '.', start
 * and end with a letter or digit (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export function s3BucketName(prefix: string, accountId: string, region: string, namespace: S3Namespace): string {
    return `${prefix}-${accountId}-${region}${namespace === "account-regional" ? "-an" : ""}`;
}

/** Prefixes S3 reserves (the naming rules above); a prefix that starts with one gets "k-" first. */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];

/**
 * `<app>-<bucket>-<stack>`, cut (with a hash, stackScopedName) so that the whole name fits
 * 63: the suffix takes 1 + 12 + 1 + the region + 3 ("-an"). Bucket names are global, so
 * the stack keeps two stacks of one account apart and the account id keeps accounts apart.
 */
export function s3NamePrefix(appName: string, bucket: string, stack: string | undefined, region: string, namespace: S3Namespace): string {
    const suffix = s3BucketName("", "0".repeat(ACCOUNT_ID_LENGTH), region, namespace).length;
    const prefix = stackScopedName(`${appName}-${bucket}`, stack, 63 - suffix);
    return RESERVED_PREFIXES.some((r) => prefix.startsWith(r)) ? stackScopedName(`k-${prefix}`, undefined, 63 - suffix) : prefix;
}

/**
 * The workload's IAM role: IAM names are per account, so `<cluster>-<namespace>-<workload>`
 * carries the stack, within IAM's 64 characters (AWS_NAME_LIMITS). The cluster's name
 * carries it already unless cluster.name pins it; it is not written twice.
 */
export function podRoleName(clusterName: string, namespace: string, workload: string, stack: string | undefined): string {
    const carried = stack !== undefined && clusterName.endsWith(`-${stackScopedName(stack, undefined, AWS_NAME_LIMITS.eksCluster)}`);
    return stackScopedName(`${clusterName}-${namespace}-${workload}`, carried ? undefined : stack, AWS_NAME_LIMITS.iamRole);
}

/**
 * A role takes 10 managed policies by default, 20 at most with a quota increase
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "Managed policies attached to an IAM role").
 */
export const MAX_ROLE_POLICIES = 20;

export function planAwsBacking(base: BackingBase, eks: ResolvedEks): BackingPlanResult {
    const region = eks.region;
    const partition = partitionOf(region);
    const namespace = s3Namespace(region);
    const problems: PathProblem[] = [];
    const buckets: AwsPlannedBucket[] = base.buckets.map((b) => {
        const namePrefix = s3NamePrefix(base.appName, b.name, base.stack, region, namespace);
        return { ...b, namePrefix, namespace, physicalName: s3BucketName(namePrefix, ACCOUNT_PLACEHOLDER, region, namespace) };
    });
    const byName = new Map(buckets.map((b) => [b.name, b]));
    const workloads: AwsPlannedWorkload[] = base.workloads.map((w) => {
        const at = [w.kind === "tier" ? "tiers" : "jobs", w.workload];
        const policyArns = [...new Set(w.identity.aws?.policyArns ?? [])];
        policyArns.forEach((arn) => {
            const of = arn.split(":")[1];
            if (of !== partition) {
                const i = w.identity.aws!.policyArns.indexOf(arn);
                problems.push({ path: ["app", ...at, "identity", "aws", "policyArns", i], message: `is in partition "${of}", but the cluster's region ${region} is in "${partition}", got "${arn}"; use arn:${partition}:iam::…` });
            }
        });
        if (policyArns.length > MAX_ROLE_POLICIES) {
            problems.push({ path: ["app", ...at, "identity", "aws", "policyArns"], message: `lists ${policyArns.length} policies, but an IAM role takes at most ${MAX_ROLE_POLICIES} (10 without a quota increase); combine them into fewer customer managed policies` });
        }
        // The inline grant on the buckets, at its real size (ARN lengths are known now).
        const grants = w.uses.flatMap((u) => {
            const b = byName.get(u.name);
            return b ? [{ arn: s3BucketArn(partition, s3BucketName(b.namePrefix, "0".repeat(ACCOUNT_ID_LENGTH), region, namespace)), access: u.access, versioning: b.config.versioning }] : [];
        });
        const size = grants.length ? policySize(bucketGrantPolicy(grants)) : 0;
        if (size > INLINE_ROLE_POLICY_LIMIT) {
            problems.push({ path: ["app", ...at, "uses"], message: `grants ${grants.length} buckets in one IAM policy of ${size} characters, over IAM's ${INLINE_ROLE_POLICY_LIMIT} for a role's inline policies; use fewer buckets in this workload` });
        }
        return { ...w, identityName: podRoleName(eks.clusterName, base.namespace, w.workload, base.stack), policyArns };
    });
    if (problems.length) return { ok: false, problems };
    return { ok: true, plan: { ...base, cloud: "aws", region, partition, clusterName: eks.clusterName, buckets, workloads } };
}
