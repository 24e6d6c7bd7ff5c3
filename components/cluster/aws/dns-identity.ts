/**
 * external-dns on EKS: an IRSA role that only the external-dns service account
 * can assume, allowed to change records in the app's hosted zone alone (looked
 * up by name when `pulumi up` runs) and to list zones. No static keys.
 * Policy: the external-dns AWS tutorial (docs/tutorials/aws.md, chart 1.21.1),
 * narrowed from every hosted zone to the one zone.
 *
 * Its own AWS provider (the cluster's is internal to EksCluster): same region,
 * same default tags.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { getZoneOutput } from "@pulumi/aws/route53/getZone";
import type { DnsIdentity, DnsIdentityArgs } from "../../gateway/dns-identity";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT } from "../../gateway/names";
import type { DnsPlan } from "../../gateway/plan";
import type { EksCluster } from "./eks-cluster";
import { irsaRole, type IamContext } from "./iam";
import type { PolicyDocument } from "./policies";

/** What external-dns may do in Route 53: records of one hosted zone, and listing zones to find it. */
export function externalDnsPolicy(partition: string, zoneId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: [`arn:${partition}:route53:::hostedzone/${zoneId}`],
            },
            { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
        ],
    };
}

export function awsDnsIdentity(name: string, args: DnsIdentityArgs & { plan: Extract<DnsPlan, { cloud: "aws" }> }): DnsIdentity {
    const { plan, parent } = args;
    const eks = args.cluster as Partial<EksCluster>;
    if (!eks.oidcProviderArn || !eks.oidcIssuerUrl) throw new pulumi.ResourceError("kubeship bug: an aws DNS plan for a cluster that is not an EksCluster", parent);
    const provider = new AwsProvider(`${name}-aws`, {
        region: plan.region,
        defaultTags: { tags: { "kubeship:cluster": plan.clusterName, "kubeship:environment": args.cluster.facts.environment } },
    }, { parent });
    const ctx: IamContext = { parent, provider, partition: getPartitionOutput({}, { parent, provider }).partition };
    const zone = getZoneOutput({ name: plan.zone, privateZone: false }, { parent, provider });
    const policy = new iam.Policy(`${name}-policy`, {
        name: plan.identityName,
        description: `kubeship: external-dns writes records in Route 53 zone ${plan.zone}`,
        policy: pulumi.all([ctx.partition, zone.zoneId]).apply(([partition, zoneId]) => JSON.stringify(externalDnsPolicy(partition, zoneId))),
    }, { parent, provider });
    const { role, attachments } = irsaRole(`${name}-role`, ctx, {
        oidcProviderArn: eks.oidcProviderArn,
        issuerUrl: eks.oidcIssuerUrl,
        namespace: EXTERNAL_DNS_NAMESPACE,
        serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
        policies: { "external-dns": policy.arn },
    });
    return {
        values: {
            provider: { name: "aws" },
            serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role.arn } },
            env: [{ name: "AWS_DEFAULT_REGION", value: plan.region }],
            extraArgs: { "aws-zone-type": "public", "zone-id-filter": zone.zoneId },
        },
        dependsOn: [role, ...attachments],
    };
}
