/**
 * The app's buckets and workload identities on AWS.
 *
 * - A bucket is an S3 general purpose bucket in the account's own namespace
 *   (app-cloud-plan.ts), with every public access block on, object ownership
 *   enforced (ACLs off), SSE-S3 encryption set explicitly, versioning when asked,
 *   and a policy that refuses plain HTTP. Prod buckets are protected and never
 *   emptied; elsewhere `pulumi destroy` deletes them with their objects.
 * - A workload's identity is an IAM role that only EKS Pod Identity may assume,
 *   for that one service account of that one cluster, with the managed policies
 *   listed in identity.aws, an inline policy on the buckets it uses, and a
 *   PodIdentityAssociation. The service account needs no annotation: EKS's pod
 *   identity webhook finds the association and injects AWS_CONTAINER_CREDENTIALS_FULL_URI
 *   (http://169.254.170.23/v1/credentials) and a projected token of its own, whatever
 *   automountServiceAccountToken says (aws/amazon-eks-pod-identity-webhook
 *   pkg/handler/handler.go at 3bf80a348116483b2162190e43232e4d243f76c4 adds the volume
 *   without reading it), so kubeship's service accounts keep automount off.
 *
 * Its own AWS provider (the cluster's is internal to EksCluster): same region,
 * same default tags, made under the app's backing component on first use.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import { PodIdentityAssociation } from "@pulumi/aws/eks/podIdentityAssociation";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import type { BucketAddress } from "../../backing/bucket";
import type { AppCloud, BucketHandle, WorkloadIdentity } from "../../backing/cloud";
import type { Cluster } from "../types";
import type { AwsBackingPlan, AwsPlannedBucket } from "./app-cloud-plan";
import { s3BucketName } from "./app-cloud-plan";
import { bucketGrantPolicy, denyInsecureTransportPolicy, podIdentityTrustPolicy } from "./app-cloud-policies";
import type { EksCluster } from "./eks-cluster";
import { KUBESHIP_IAM_PATH } from "./names";

interface AwsContext {
    opts: { parent: pulumi.Resource; provider: AwsProvider };
    accountId: pulumi.Output<string>;
    /** amazonaws.com, or amazonaws.com.cn in China. */
    dnsSuffix: pulumi.Output<string>;
}

/** What a user of the bucket is told (bucket.ts): the regional S3 endpoint, https://docs.aws.amazon.com/general/latest/gr/s3.html. */
export function s3Address(bucketName: string, region: string, dnsSuffix: string): BucketAddress {
    return { provider: "s3", name: bucketName, region, endpoint: `https://s3.${region}.${dnsSuffix}`, url: `s3://${bucketName}` };
}

/** A short, stable key for a policy ARN: reordering the list replaces no attachment. */
const arnKey = (arn: string) => createHash("sha256").update(arn).digest("hex").slice(0, 8);

export function awsAppCloud(name: string, plan: AwsBackingPlan, cluster: Cluster): AppCloud {
    const eks = cluster as Partial<EksCluster>;
    let context: AwsContext | undefined;
    const contextFor = (parent: pulumi.Resource): AwsContext => {
        if (context) return context;
        const provider = new AwsProvider(`${name}-aws`, {
            region: plan.region,
            defaultTags: { tags: { "kubeship:cluster": plan.clusterName, "kubeship:environment": plan.environment, "kubeship:app": plan.appName } },
        }, { parent });
        const opts = { parent, provider };
        context = { opts, accountId: getCallerIdentityOutput({}, opts).accountId, dnsSuffix: getPartitionOutput({}, opts).dnsSuffix };
        return context;
    };
    const planned = (bucket: string, parent: pulumi.Resource): AwsPlannedBucket => {
        const b = plan.buckets.find((x) => x.name === bucket);
        if (!b) throw new pulumi.ResourceError(`kubeship bug: no planned bucket "${bucket}"`, parent);
        return b;
    };

    return {
        plan,
        bucket(bucketName, parent): BucketHandle {
            const b = planned(bucketName, parent);
            const ctx = contextFor(parent);
            const opts = ctx.opts;
            // In prod the bucket's access settings are protected with it: a destroy or a refactor
            // never strips the public access block or the HTTPS-only policy off a bucket that stays.
            const guarded = { ...opts, protect: plan.protect };
            const id = `${name}-bucket-${b.name}`;
            const physical = ctx.accountId.apply((account) => s3BucketName(b.namePrefix, account, plan.region, b.namespace));
            // The name is ForceNew (terraform-provider-aws internal/service/s3/bucket.go at
            // 0070bcd12c952f14c5434a6f351ef7b6fa791226): renaming the app or the bucket makes a new,
            // empty bucket; in prod `protect` stops the old one's deletion.
            const bucket = new s3.Bucket(id, {
                bucket: physical,
                ...(b.namespace === "account-regional" ? { bucketNamespace: "account-regional" } : {}),
                // Dev and staging: destroy deletes the bucket with its objects (and their versions).
                forceDestroy: !plan.protect,
                tags: { "kubeship:bucket": b.name },
            }, guarded);
            const publicAccess = new s3.BucketPublicAccessBlock(`${id}-public-access`, {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }, guarded);
            const ownership = new s3.BucketOwnershipControls(`${id}-ownership`, {
                bucket: bucket.id,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }, guarded);
            // SSE-S3: S3 has encrypted new objects so since 2023-01-05 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html);
            // set anyway, so that a change shows as drift.
            // No KMS key: its grants would be one more thing each workload needs.
            const encryption = new s3.BucketServerSideEncryptionConfiguration(`${id}-encryption`, {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            }, guarded);
            // Only when asked: deleting this resource later suspends versioning (the SDK's doc of BucketVersioning).
            const versioning = b.config.versioning
                ? new s3.BucketVersioning(`${id}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts)
                : undefined;
            // After the public access block: S3 refuses concurrent changes to one bucket's access settings.
            const policy = new s3.BucketPolicy(`${id}-policy`, {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) => JSON.stringify(denyInsecureTransportPolicy(arn))),
            }, { ...guarded, dependsOn: [publicAccess, ownership] });
            return {
                name: b.name,
                address: pulumi.all([bucket.bucket, ctx.dnsSuffix]).apply(([n, dns]) => s3Address(n, plan.region, dns)),
                resources: [bucket, publicAccess, ownership, encryption, ...(versioning ? [versioning] : []), policy],
                ref: bucket.arn,
            };
        },
        identity(access, buckets, parent): WorkloadIdentity {
            const w = plan.workloads.find((x) => x.workload === access.workload);
            if (!w) throw new pulumi.ResourceError(`kubeship bug: no planned identity for "${access.workload}"`, parent);
            const opts = contextFor(parent).opts;
            const id = `${name}-${w.kind}-${w.workload}`;
            const role = new iam.Role(`${id}-role`, {
                name: w.identityName,
                path: KUBESHIP_IAM_PATH,
                assumeRolePolicy: JSON.stringify(podIdentityTrustPolicy(plan.clusterName, plan.namespace, w.serviceAccount)),
                description: `kubeship: EKS Pod Identity for ${plan.namespace}/${w.serviceAccount} in ${plan.clusterName}`,
            }, opts);
            const attachments = w.policyArns.map((policyArn) => new iam.RolePolicyAttachment(`${id}-policy-${arnKey(policyArn)}`, { role: role.name, policyArn }, opts));
            const grants = w.uses.map((u) => {
                const handle = buckets.get(u.name);
                if (!handle) throw new pulumi.ResourceError(`kubeship bug: ${w.workload} uses "${u.name}", which has no bucket`, parent);
                const b = planned(u.name, parent);
                return handle.ref.apply((arn) => ({ arn, access: u.access, versioning: b.config.versioning }));
            });
            // Inline: the grant lives and dies with the role, and names buckets no other role needs.
            const bucketPolicy = grants.length
                ? new iam.RolePolicy(`${id}-buckets`, {
                    role: role.name,
                    name: "kubeship-buckets",
                    policy: pulumi.all(grants).apply((g) => JSON.stringify(bucketGrantPolicy(g))),
                }, opts)
                : undefined;
            // clusterName, namespace and serviceAccount replace the association; roleArn updates it in
            // place (terraform-provider-aws internal/service/eks/pod_identity_association.go at
            // 00a35305dc1b297a6fcdecdfbba33f1e63c3da39). A renamed role is a new role, then an update here.
            const association = new PodIdentityAssociation(`${id}-pod-identity`, {
                // The cluster's own output: the association waits for the cluster.
                clusterName: eks.clusterName ?? plan.clusterName,
                namespace: plan.namespace,
                serviceAccount: w.serviceAccount,
                roleArn: role.arn,
            }, opts);
            return {
                serviceAccount: { annotations: {}, labels: {} },
                podLabels: {},
                env: [],
                // The association before the pods (the webhook injects credentials only at admission),
                // the grants before the first call, and the agent that answers it.
                dependsOn: [role, ...attachments, ...(bucketPolicy ? [bucketPolicy] : []), association, ...(eks.podIdentityAgent ? [eks.podIdentityAgent] : [])],
            };
        },
    };
}
