/**
 * The EKS control plane with the secure defaults of the most used modules:
 * API (access entry) authentication, KMS envelope encryption of Secrets with
 * key rotation, api/audit/authenticator logs, a private endpoint (public only
 * if configured, and then CIDR-limited), and an OIDC provider for IRSA.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as vpc from "@pulumi/aws/vpc";
import { serviceRole, type IamContext } from "./iam";
import { AWS_NAME_LIMITS, autoNamedWithin } from "./names";
import type { Network } from "./network";
import { clusterEncryptionPolicy } from "./policies";
import { CLUSTER_LOG_TYPES, type ResolvedEks } from "./resolve";

/** The EKS access policy that grants cluster-admin. */
export const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

/**
 * A stable resource-name suffix per admin principal: the role or user name, or,
 * where two principals share a name (paths and other accounts are allowed:
 * https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html),
 * the account and full path, so the two never collide on one URN.
 */
export function accessEntryKeys(principalArns: string[]): Map<string, string> {
    const shortName = (arn: string) => arn.split("/").pop() ?? arn;
    const counts = new Map<string, number>();
    for (const arn of principalArns) counts.set(shortName(arn), (counts.get(shortName(arn)) ?? 0) + 1);
    return new Map(principalArns.map((arn) => {
        if (counts.get(shortName(arn)) === 1) return [arn, shortName(arn)];
        const [, , , , account = "", resource = arn] = arn.split(":");
        return [arn, `${account}-${resource.replace(/\//g, "-")}`];
    }));
}

export interface ControlPlane {
    cluster: eks.Cluster;
    oidcProvider: iam.OpenIdConnectProvider;
    /** https://oidc.eks.<region>.amazonaws.com/id/<ID> */
    issuerUrl: pulumi.Output<string>;
    kmsKey: kms.Key;
    /**
     * Cluster-admin for each listed role, and the security group rules that let self-hosted
     * deploys reach the private endpoint. The Kubernetes provider waits for these, so the
     * deployer's first Kubernetes call gets through (and, on destroy, every Kubernetes object
     * is deleted while it still does).
     */
    apiAccess: pulumi.Resource[];
}

export function createControlPlane(name: string, ctx: IamContext, eks_: ResolvedEks, network: Network): ControlPlane {
    const opts: pulumi.CustomResourceOptions = { parent: ctx.parent, provider: ctx.provider };

    const kmsKey = new kms.Key(`${name}-secrets-key`, {
        description: `kubeship: envelope encryption of Kubernetes Secrets in EKS cluster ${eks_.clusterName}`,
        enableKeyRotation: true,
        deletionWindowInDays: eks_.prod ? 30 : 7,
    }, { ...opts, protect: eks_.prod });

    new kms.Alias(`${name}-secrets-key-alias`, { name: eks_.keyAlias, targetKeyId: kmsKey.keyId }, opts);

    const clusterRole = serviceRole(`${name}-cluster-role`, ctx, "eks.amazonaws.com",
        { "cluster-policy": "AmazonEKSClusterPolicy" }, ["sts:AssumeRole", "sts:TagSession"]);
    const encryptionPolicy = new iam.RolePolicy(autoNamedWithin(`${name}-cluster-kms`, AWS_NAME_LIMITS.iamPolicy), {
        role: clusterRole.role.name,
        policy: kmsKey.arn.apply((arn) => JSON.stringify(clusterEncryptionPolicy(arn))),
    }, opts);

    // EKS would create this group itself, without retention and outside Pulumi's control.
    // EKS's service-linked role writes (and so re-creates) it while the cluster is being
    // deleted, even with logs:CreateLogGroup denied to the cluster role
    // (terraform-aws-modules/terraform-aws-eks#2446, #2763), so a group Pulumi deleted would
    // be back before the next `up` and fail it with ResourceAlreadyExistsException. It is
    // kept on destroy instead (the audit logs outlive the cluster), and a re-created stack
    // imports it (`cluster.aws.adoptLogGroup`; once imported, the import id is a no-op).
    const logGroup = new cloudwatch.LogGroup(`${name}-cluster-logs`, {
        name: eks_.logGroup.name,
        retentionInDays: eks_.logRetentionDays,
    }, { ...opts, retainOnDelete: true, ...(eks_.logGroup.adopt ? { import: eks_.logGroup.name } : {}) });

    const cluster = new eks.Cluster(`${name}-cluster`, {
        name: eks_.clusterName,
        version: eks_.version,
        // Explicit: without it EKS defaults to EXTENDED and bills extended support once the
        // version leaves standard support. STANDARD upgrades the cluster at that date instead.
        upgradePolicy: { supportType: eks_.supportType },
        roleArn: clusterRole.role.arn,
        accessConfig: {
            authenticationMode: "API",
            // No implicit admin for whoever ran the first `up`: with it, the creator holds an
            // access entry Pulumi does not manage, listing the creator again fails
            // (ResourceInUseException), and a later deployer (CI after a person, or the
            // reverse) is Unauthorized. Every deployer is an explicit access entry below,
            // and the loader checks the deploying identity is among them (deployer.ts).
            // Changing this replaces the cluster (ForceNew in terraform-provider-aws eks/cluster.go).
            bootstrapClusterCreatorAdminPermissions: false,
        },
        // kubeship installs vpc-cni, kube-proxy and coredns as managed add-ons (addons.ts).
        bootstrapSelfManagedAddons: false,
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: kmsKey.arn } },
        enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
        vpcConfig: {
            subnetIds: network.privateSubnetIds,
            endpointPrivateAccess: eks_.endpoint.privateAccess,
            endpointPublicAccess: eks_.endpoint.publicAccess,
            ...(eks_.endpoint.publicAccess ? { publicAccessCidrs: eks_.endpoint.publicAccessCidrs } : {}),
        },
        deletionProtection: eks_.prod,
        tags: { Name: eks_.clusterName },
    }, { ...opts, protect: eks_.prod, dependsOn: [...clusterRole.attachments, encryptionPolicy, logGroup] });

    const keys = accessEntryKeys(eks_.adminRoleArns);
    const adminAccess = eks_.adminRoleArns.map((principalArn) => {
        // Keyed by the role's name, so reordering the list replaces nothing.
        const key = `${name}-admin-${keys.get(principalArn)}`;
        const entry = new eks.AccessEntry(key, {
            clusterName: cluster.name,
            principalArn,
            type: "STANDARD",
        }, opts);
        return new eks.AccessPolicyAssociation(`${key}-policy`, {
            clusterName: cluster.name,
            principalArn: entry.principalArn,
            policyArn: pulumi.interpolate`arn:${ctx.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
            accessScope: { type: "cluster" },
        }, opts);
    });

    // A self-hosted deploy inside the VPC or a connected network reaches the private endpoint
    // through the cluster security group (EKS creates it for the control plane and nodes), which
    // must admit it on 443 (awsdocs/amazon-eks-user-guide cluster-endpoint.adoc at 0ce90ef1).
    const deployerNetworks = eks_.privateEndpointSources.map((cidr) => new vpc.SecurityGroupIngressRule(`${name}-api-from-${cidr.replace(/[./]/g, "-")}`, {
        securityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
        cidrIpv4: cidr,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: `kubeship: deploys from ${cidr} reach the Kubernetes API (cluster.aws.deployFrom)`,
    }, opts));

    const issuerUrl = cluster.identities.apply((ids) => {
        const issuer = ids?.[0]?.oidcs?.[0]?.issuer;
        if (!issuer) throw new Error(`EKS cluster ${eks_.clusterName} reports no OIDC issuer`);
        return issuer;
    });
    const oidcProvider = new iam.OpenIdConnectProvider(`${name}-oidc`, {
        url: issuerUrl,
        clientIdLists: ["sts.amazonaws.com"],
        // No thumbprint: IAM trusts EKS's issuer through its own root CA library.
    }, opts);

    return { cluster, oidcProvider, issuerUrl, kmsKey, apiAccess: [...adminAccess, ...deployerNetworks] };
}
