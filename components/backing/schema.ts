/**
 * The config of backing resources (`app.buckets`, later databases and queues),
 * of a workload's cloud identity (`identity`) and of what it uses (`uses`).
 * Each kind of backing resource is one module in this folder, listed in
 * `registry.ts`; the schema here only gathers them.
 */
import { z } from "zod";

/** How a workload uses a backing resource. */
export const ACCESS_LEVELS = ["read", "readwrite"] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** A managed IAM policy: `arn:<partition>:iam::<account or aws>:policy/<path/name>`. */
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/;
/** A predefined role (roles/…) or a custom one of a project or organization (IAM's role name forms). */
const GCP_ROLE = /^(roles\/[A-Za-z0-9_.]{1,100}|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]{3,64}|organizations\/\d{1,19}\/roles\/[A-Za-z0-9_.]{3,64})$/;
/** An ARM resource id scope: a subscription, a resource group or a resource in one. */
const ARM_SCOPE = /^\/subscriptions\/[0-9a-fA-F-]{36}(\/resourceGroups\/[-\w._()]{1,90}(\/providers\/.+)?)?$/;

export const identitySchema = z.strictObject({
    aws: z.strictObject({
        policyArns: z.array(z.string().regex(POLICY_ARN, { message: "must be an IAM managed policy ARN such as arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess or arn:aws:iam::123456789012:policy/my-policy" }))
            .default([]).describe("IAM managed policies attached to the workload's role."),
    }).optional().describe("EKS: the workload's IAM role (EKS Pod Identity)."),
    gcp: z.strictObject({
        roles: z.array(z.string().regex(GCP_ROLE, { message: "must be an IAM role such as roles/pubsub.subscriber, projects/PROJECT/roles/NAME or organizations/ORG/roles/NAME" }))
            .default([]).describe("IAM roles granted on the cluster's project to the workload's Kubernetes service account (Workload Identity Federation)."),
    }).optional().describe("GKE: the workload's project roles."),
    azure: z.strictObject({
        roles: z.array(z.strictObject({
            role: z.string().min(1).describe("A built-in role's name (e.g. \"Key Vault Secrets User\") or a role definition's GUID."),
            scope: z.string().regex(ARM_SCOPE, { message: "must be an Azure resource id: /subscriptions/<id>[/resourceGroups/<name>[/providers/…]]" })
                .describe("Where the role applies: a subscription, resource group or resource id."),
        })).default([]).describe("Role assignments of the workload's managed identity."),
    }).optional().describe("AKS: the workload's user-assigned identity's roles."),
}).describe("A cloud identity of its own for the workload, without static keys: EKS Pod Identity, GKE Workload Identity Federation, AKS workload identity. Permissions per cloud; only the stack's cloud is used.");

export const usesSchema = z.record(z.string(), z.enum(ACCESS_LEVELS).describe("read, or readwrite."))
    .default({}).describe("Backing resources (app.buckets) the workload uses, with its access: read or readwrite. Granted through the workload's cloud identity.");

export type IdentityConfig = z.output<typeof identitySchema>;
