/**
 * IAM roles for the cluster: one a service assumes (the control plane, the
 * nodes) and one a Kubernetes service account assumes through IRSA. Every role
 * is auto-named (unique per stack) within IAM's 64 characters, and lives under
 * the path /kubeship/, to which the deploy role's IAM rights are limited.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import type { Provider as AwsProvider } from "@pulumi/aws/provider";
import { AWS_NAME_LIMITS, autoNamedWithin, KUBESHIP_IAM_PATH } from "./names";
import { irsaTrustPolicy, serviceTrustPolicy } from "./policies";

export interface IamContext {
    parent: pulumi.Resource;
    provider: AwsProvider;
    /** "aws", "aws-cn" or "aws-us-gov", for AWS-managed policy ARNs. */
    partition: pulumi.Output<string>;
}

export interface RoleWithPolicies {
    role: iam.Role;
    /** The attachments; a resource that needs the permissions waits for these. */
    attachments: iam.RolePolicyAttachment[];
}

/** `arn:<partition>:iam::aws:policy/<path>`, an AWS-managed policy. */
export function managedPolicyArn(ctx: IamContext, path: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${path}`;
}

function attach(name: string, ctx: IamContext, role: iam.Role, policies: Record<string, pulumi.Input<string>>): iam.RolePolicyAttachment[] {
    return Object.entries(policies).map(([key, policyArn]) => new iam.RolePolicyAttachment(`${name}-${key}`, {
        role: role.name,
        policyArn,
    }, { parent: ctx.parent, provider: ctx.provider }));
}

/** A role an AWS service assumes, with AWS-managed policies attached (keyed by a short role name). */
export function serviceRole(
    name: string, ctx: IamContext, service: string, managedPolicies: Record<string, string>, actions?: string[],
): RoleWithPolicies {
    const role = new iam.Role(autoNamedWithin(name, AWS_NAME_LIMITS.iamRole), {
        path: KUBESHIP_IAM_PATH,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy(service, actions)),
        description: `kubeship: assumed by ${service}`,
    }, { parent: ctx.parent, provider: ctx.provider });
    const policies = Object.fromEntries(Object.entries(managedPolicies).map(([k, path]) => [k, managedPolicyArn(ctx, path)]));
    return { role, attachments: attach(name, ctx, role, policies) };
}

export interface IrsaArgs {
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (https://oidc.eks...). */
    issuerUrl: pulumi.Input<string>;
    namespace: string;
    serviceAccount: string;
    /** Policies to attach, by short name: ARNs of customer or AWS-managed policies. */
    policies: Record<string, pulumi.Input<string>>;
}

/** A role only one Kubernetes service account can assume (IAM Roles for Service Accounts). */
export function irsaRole(name: string, ctx: IamContext, args: IrsaArgs): RoleWithPolicies {
    const role = new iam.Role(autoNamedWithin(name, AWS_NAME_LIMITS.iamRole), {
        path: KUBESHIP_IAM_PATH,
        assumeRolePolicy: pulumi.all([args.oidcProviderArn, args.issuerUrl]).apply(([arn, issuer]) =>
            JSON.stringify(irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccount))),
        description: `kubeship: IRSA for ${args.namespace}/${args.serviceAccount}`,
    }, { parent: ctx.parent, provider: ctx.provider });
    return { role, attachments: attach(name, ctx, role, args.policies) };
}
