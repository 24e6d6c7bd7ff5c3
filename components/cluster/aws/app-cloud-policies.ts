/**
 * The IAM documents of an app's workload identities and buckets on AWS, as
 * plain data (policies.ts's shape). Pure: the planner sizes them, the
 * component fills in ARNs, tests read them back.
 */
import type { Access } from "../../backing/schema";
import type { PolicyDocument } from "./policies";

/**
 * The trust policy of a workload's role under EKS Pod Identity: the EKS Auth service
 * assumes it (sts:AssumeRole) and tags the session (sts:TagSession)
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). The conditions
 * on the session tags EKS Pod Identity adds (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html,
 * "List of session tags") bind the role to one service account of one cluster: an
 * association made for any other service account in the account cannot use it.
 */
export function podIdentityTrustPolicy(clusterName: string, namespace: string, serviceAccount: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "EksPodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:RequestTag/eks-cluster-name": clusterName,
                    "aws:RequestTag/kubernetes-namespace": namespace,
                    "aws:RequestTag/kubernetes-service-account": serviceAccount,
                },
            },
        }],
    };
}

export function s3BucketArn(partition: string, bucket: string): string {
    return `arn:${partition}:s3:::${bucket}`;
}

/**
 * What each access level may do, on objects (`<bucket>/*`) and on the bucket.
 * - read: list the keys, read objects (and their older versions when versioned).
 * - readwrite: also write and delete objects (a delete on a versioned bucket adds a
 *   delete marker; old versions are never deleted), and abort a multipart upload it
 *   started (multipart uploads themselves need s3:PutObject only).
 * Nothing on the bucket's configuration, policy, ACLs or tags, and no
 * s3:DeleteObjectVersion. Actions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
export function bucketActions(access: Access, versioning: boolean): { bucket: string[]; objects: string[] } {
    const read = ["s3:GetObject", ...(versioning ? ["s3:GetObjectVersion"] : [])];
    const write = access === "readwrite" ? ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] : [];
    return { bucket: ["s3:ListBucket"], objects: [...read, ...write] };
}

export interface BucketGrant {
    /** The bucket's ARN. */
    arn: string;
    access: Access;
    versioning: boolean;
}

/** A workload's inline role policy: two statements per bucket, each on that bucket alone. */
export function bucketGrantPolicy(grants: readonly BucketGrant[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: grants.flatMap((g, i) => {
            const actions = bucketActions(g.access, g.versioning);
            return [
                { Sid: `ListBucket${i}`, Effect: "Allow" as const, Action: actions.bucket, Resource: g.arn },
                { Sid: `Objects${i}`, Effect: "Allow" as const, Action: actions.objects, Resource: `${g.arn}/*` },
            ];
        }),
    };
}

/** Every request that is not HTTPS is refused, whoever makes it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html, "Enforce encryption of data in transit"). */
export function denyInsecureTransportPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    };
}

/**
 * The aggregate size of a role's inline policies: 10,240 characters, white space not
 * counted (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM and STS character limits").
 */
export const INLINE_ROLE_POLICY_LIMIT = 10_240;

/** A document's size as IAM counts it: its JSON without white space. */
export function policySize(doc: PolicyDocument): number {
    return JSON.stringify(doc).length;
}
