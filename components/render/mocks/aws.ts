/**
 * Mock aws provider outputs for the resources and calls kubeship uses: ids
 * and ARNs shaped like the real ones (account 123456789012), an EKS endpoint,
 * CA and OIDC issuer, three availability zones. Deterministic: every value is
 * derived from ctx.hash, never from randomness or the clock.
 */
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { datedCatalog, eksBuild, eksClusterVersionsAnswer, supportOn } from "../../cluster/versions";
import { type CloudMocks, type MockContext, fakeCaData } from "./context";

type Obj = Record<string, any>;

export const MOCK_ACCOUNT_ID = "123456789012";

function partitionOf(region: string): { partition: string; dnsSuffix: string } {
    if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

function arn(ctx: MockContext, service: string, resource: string, regional = true): string {
    return `arn:${partitionOf(ctx.region).partition}:${service}:${regional ? ctx.region : ""}:${MOCK_ACCOUNT_ID}:${resource}`;
}

/** The name the provider auto-generates when none is given: <logical name>-<7 hex>. */
function physicalName(args: MockResourceArgs, ctx: MockContext, key = "name"): string {
    const given = args.inputs?.[key];
    return typeof given === "string" && given !== "" ? given : `${args.name}-${ctx.hash(7, args.type, args.name)}`;
}

/** `prefix-` + 17 hex digits, the shape of EC2 ids. */
function ec2Id(ctx: MockContext, prefix: string, args: MockResourceArgs): string {
    return `${prefix}-${ctx.hash(17, "ec2", args.type, args.name)}`;
}

function uuid(ctx: MockContext, ...parts: string[]): string {
    const h = ctx.hash(32, "uuid", ...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type ResourceMock = (args: MockResourceArgs, ctx: MockContext) => { id: string; state: Obj };

const ec2Simple = (prefix: string, arnType?: string): ResourceMock => (args, ctx) => {
    const id = ec2Id(ctx, prefix, args);
    return { id, state: { ...(arnType ? { arn: arn(ctx, "ec2", `${arnType}/${id}`) } : {}), ownerId: MOCK_ACCOUNT_ID } };
};

const RESOURCES: Record<string, ResourceMock> = {
    "aws:ec2/vpc:Vpc": (args, ctx) => {
        const id = ec2Id(ctx, "vpc", args);
        return {
            id,
            state: {
                arn: arn(ctx, "ec2", `vpc/${id}`), ownerId: MOCK_ACCOUNT_ID,
                defaultRouteTableId: `rtb-${ctx.hash(17, "default-rtb", args.name)}`,
                defaultSecurityGroupId: `sg-${ctx.hash(17, "default-sg", args.name)}`,
                mainRouteTableId: `rtb-${ctx.hash(17, "default-rtb", args.name)}`,
            },
        };
    },
    "aws:ec2/subnet:Subnet": (args, ctx) => {
        const id = ec2Id(ctx, "subnet", args);
        return { id, state: { arn: arn(ctx, "ec2", `subnet/${id}`), ownerId: MOCK_ACCOUNT_ID, availabilityZoneId: `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${(Number.parseInt(ctx.hash(2, args.name), 16) % 3) + 1}` } };
    },
    "aws:ec2/internetGateway:InternetGateway": ec2Simple("igw", "internet-gateway"),
    "aws:ec2/routeTable:RouteTable": ec2Simple("rtb", "route-table"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2Simple("rtbassoc"),
    "aws:ec2/eip:Eip": (args, ctx) => {
        const n = Number.parseInt(ctx.hash(6, "eip", args.name), 16);
        return { id: ec2Id(ctx, "eipalloc", args), state: { allocationId: ec2Id(ctx, "eipalloc", args), publicIp: `198.51.100.${(n % 250) + 2}`, domain: "vpc" } };
    },
    "aws:ec2/natGateway:NatGateway": (args, ctx) => {
        const n = Number.parseInt(ctx.hash(6, "nat", args.name), 16);
        return { id: ec2Id(ctx, "nat", args), state: { networkInterfaceId: ec2Id(ctx, "eni", args), privateIp: `10.0.${(n >> 8) & 255}.${(n & 253) + 2}`, publicIp: `198.51.100.${(n % 250) + 2}` } };
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (args, ctx) => {
        const id = ec2Id(ctx, "lt", args);
        return { id, state: { arn: arn(ctx, "ec2", `launch-template/${id}`), name: physicalName(args, ctx), latestVersion: 1, defaultVersion: 1 } };
    },
    "aws:kms/key:Key": (args, ctx) => {
        const keyId = uuid(ctx, "kms", args.name);
        return { id: keyId, state: { keyId, arn: arn(ctx, "kms", `key/${keyId}`), keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT" } };
    },
    "aws:iam/role:Role": (args, ctx) => {
        const name = physicalName(args, ctx);
        return { id: name, state: { name, arn: arn(ctx, "iam", `role/${name}`, false), uniqueId: `AROA${ctx.hash(17, "role", args.name).toUpperCase()}` } };
    },
    "aws:iam/policy:Policy": (args, ctx) => {
        const name = physicalName(args, ctx);
        const policyArn = arn(ctx, "iam", `policy/${name}`, false);
        return { id: policyArn, state: { name, arn: policyArn, policyId: `ANPA${ctx.hash(17, "policy", args.name).toUpperCase()}` } };
    },
    "aws:iam/rolePolicy:RolePolicy": (args, ctx) => {
        const name = physicalName(args, ctx);
        return { id: `${args.inputs?.role ?? "role"}:${name}`, state: { name } };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (args, ctx) => ({ id: `${args.inputs?.role ?? "role"}-${ctx.hash(20, "rpa", args.name)}`, state: {} }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args, ctx) => {
        const url = String(args.inputs?.url ?? "").replace(/^https:\/\//, "");
        const providerArn = arn(ctx, "iam", `oidc-provider/${url}`, false);
        return { id: providerArn, state: { arn: providerArn, url } };
    },
    "aws:cloudwatch/logGroup:LogGroup": (args, ctx) => {
        const name = physicalName(args, ctx);
        return { id: name, state: { name, arn: arn(ctx, "logs", `log-group:${name}`) } };
    },
    "aws:eks/cluster:Cluster": (args, ctx) => {
        const name = physicalName(args, ctx);
        const oidcId = ctx.hash(32, "eks", name).toUpperCase();
        const inputs: Obj = args.inputs ?? {};
        return {
            id: name,
            state: {
                name,
                arn: arn(ctx, "eks", `cluster/${name}`),
                endpoint: `https://${oidcId}.gr7.${ctx.region}.eks.amazonaws.com`,
                certificateAuthority: { data: fakeCaData(ctx, name) },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${oidcId}` }] }],
                status: "ACTIVE",
                platformVersion: "eks.1",
                version: inputs.version ?? newestStandardMinor(),
                clusterId: uuid(ctx, "cluster", name),
                vpcConfig: {
                    ...(inputs.vpcConfig ?? {}),
                    clusterSecurityGroupId: `sg-${ctx.hash(17, "cluster-sg", name)}`,
                    vpcId: `vpc-${ctx.hash(17, "cluster-vpc", name)}`,
                },
                kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
            },
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (args, ctx) => {
        const cluster = String(args.inputs?.clusterName ?? "cluster");
        const nodeGroupName = typeof args.inputs?.nodeGroupName === "string" ? args.inputs.nodeGroupName : `${args.name}-${ctx.hash(7, args.type, args.name)}`;
        const ngId = uuid(ctx, "ng", args.name);
        // A node group without a version gets its cluster's (the mock knows the catalog's default).
        const version = String(args.inputs?.version ?? newestStandardMinor());
        return {
            id: `${cluster}:${nodeGroupName}`,
            state: {
                nodeGroupName,
                arn: arn(ctx, "eks", `nodegroup/${cluster}/${nodeGroupName}/${ngId}`),
                status: "ACTIVE",
                version,
                releaseVersion: `${version}.0-${datedCatalog("aws").takenOn.replace(/-/g, "")}`,
                resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${ngId}` }], remoteAccessSecurityGroupId: "" }],
            },
        };
    },
    "aws:eks/addon:Addon": (args, ctx) => {
        const cluster = String(args.inputs?.clusterName ?? "cluster");
        const addonName = String(args.inputs?.addonName ?? args.name);
        return {
            id: `${cluster}:${addonName}`,
            state: { arn: arn(ctx, "eks", `addon/${cluster}/${addonName}/${uuid(ctx, "addon", args.name)}`), addonVersion: args.inputs?.addonVersion ?? "v1.0.0-eksbuild.1" },
        };
    },
    "aws:eks/accessEntry:AccessEntry": (args, ctx) => {
        const cluster = String(args.inputs?.clusterName ?? "cluster");
        const principal = String(args.inputs?.principalArn ?? "");
        return { id: `${cluster}:${principal}`, state: { accessEntryArn: arn(ctx, "eks", `access-entry/${cluster}/role/${MOCK_ACCOUNT_ID}/${principal.split("/").pop()}/${uuid(ctx, "ae", args.name)}`), type: args.inputs?.type ?? "STANDARD" } };
    },
    // S3: the ARN has no region or account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html).
    "aws:s3/bucket:Bucket": (args, ctx) => {
        const bucket = physicalName(args, ctx, "bucket");
        const p = partitionOf(ctx.region);
        return {
            id: bucket,
            state: {
                bucket, arn: `arn:${p.partition}:s3:::${bucket}`, region: ctx.region, bucketRegion: ctx.region,
                bucketNamespace: args.inputs?.bucketNamespace ?? "global",
                bucketDomainName: `${bucket}.s3.${p.dnsSuffix}`, bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.${p.dnsSuffix}`,
                hostedZoneId: `Z${ctx.hash(13, "s3-zone", ctx.region).toUpperCase()}`,
            },
        };
    },
    // CreatePodIdentityAssociation: ids are "a-" and 17 lower-case alphanumerics.
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (args, ctx) => {
        const cluster = String(args.inputs?.clusterName ?? "cluster");
        const associationId = `a-${ctx.hash(17, "pia", args.name)}`;
        return { id: associationId, state: { associationId, associationArn: arn(ctx, "eks", `podidentityassociation/${cluster}/${associationId}`), externalId: uuid(ctx, "pia", args.name), disableSessionTags: false } };
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (args) => {
        const i: Obj = args.inputs ?? {};
        return { id: `${i.clusterName}#${i.principalArn}#${i.policyArn}`, state: {} };
    },
};

type CallMock = (args: MockCallArgs, ctx: MockContext) => Obj;

const CALLS: Record<string, CallMock> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_args, ctx) => {
        const short = ctx.region.split("-").map((p, i) => (i === 2 ? p : p.slice(0, i === 0 ? 3 : 1))).join("");
        const letters = ["a", "b", "c"];
        return {
            id: ctx.region,
            region: ctx.region,
            names: letters.map((l) => `${ctx.region}${l}`),
            zoneIds: letters.map((_, i) => `${short}-az${i + 1}`),
            groupNames: [ctx.region],
        };
    },
    // From the dated catalog, in EKS's format: the same versions and dates `kubeship validate` uses.
    "aws:eks/getClusterVersions:getClusterVersions": (_args, ctx) => eksClusterVersionsAnswer(ctx.region),
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, ctx) => ({
        id: MOCK_ACCOUNT_ID,
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:${partitionOf(ctx.region).partition}:sts::${MOCK_ACCOUNT_ID}:assumed-role/kubeship-deployer/session`,
        userId: `AROA${ctx.hash(17, "caller").toUpperCase()}:session`,
    }),
    "aws:index/getPartition:getPartition": (_args, ctx) => {
        const p = partitionOf(ctx.region);
        return { id: p.partition, partition: p.partition, dnsSuffix: p.dnsSuffix, reverseDnsPrefix: p.dnsSuffix.split(".").reverse().join(".") };
    },
    "aws:index/getRegion:getRegion": (_args, ctx) => ({ id: ctx.region, name: ctx.region, region: ctx.region, endpoint: `ec2.${ctx.region}.amazonaws.com`, description: ctx.region }),
    "aws:iam/getPolicyDocument:getPolicyDocument": (args) => {
        const json = JSON.stringify(policyDocument(args.inputs ?? {}), null, 2);
        return { id: String(json.length), json, minifiedJson: JSON.stringify(JSON.parse(json)) };
    },
    // DescribeAddonVersions, answered from the dated version catalog (components/cluster/versions/eks.ts).
    // EKS answers an unknown add-on or version with an error; so does the mock.
    "aws:eks/getAddonVersion:getAddonVersion": (args, ctx) => {
        const addonName = String(args.inputs?.addonName ?? "");
        const kubernetesVersion = String(args.inputs?.kubernetesVersion ?? "");
        const addons = eksBuild(kubernetesVersion)?.addons ?? {};
        const version = Object.hasOwn(addons, addonName) ? addons[addonName as keyof typeof addons] : undefined;
        if (version === undefined) throw new Error(`no ${addonName} add-on version for Kubernetes ${kubernetesVersion} in the EKS version catalog (components/cluster/versions/eks.ts)`);
        return { id: `${addonName}-${kubernetesVersion}`, addonName, kubernetesVersion, mostRecent: args.inputs?.mostRecent ?? false, region: ctx.region, version };
    },
    // A public hosted zone found by name (external-dns's zone): Route 53 ids are "Z" and 13-32 upper-case characters.
    "aws:route53/getZone:getZone": (args, ctx) => {
        const name = String(args.inputs?.name ?? "");
        const zoneId = `Z${ctx.hash(20, "zone", name).toUpperCase()}`;
        return { id: zoneId, zoneId, name, privateZone: false, arn: `arn:aws:route53:::hostedzone/${zoneId}`, resourceRecordSetCount: 2, nameServers: [`ns-1.awsdns-01.org`], tags: {} };
    },
    // The mock cannot know which zone an existing subnet is in; it keeps them all.
    "aws:ec2/getSubnets:getSubnets": (args, ctx) => {
        const filters: Obj[] = args.inputs?.filters ?? [];
        const ids: string[] = filters.find((f) => f.name === "subnet-id")?.values ?? [`subnet-${ctx.hash(17, "subnets")}`];
        return { id: ctx.region, ids, region: ctx.region, tags: {} };
    },
};

/** The version EKS gives a cluster created without one: the newest in standard support on the catalog's date. */
function newestStandardMinor(): string {
    const catalog = datedCatalog("aws");
    return catalog.minors.filter((m) => supportOn(m, catalog.takenOn) === "standard").at(-1)?.minor ?? catalog.minors.at(-1)!.minor;
}

/** The JSON IAM builds from aws.iam.getPolicyDocument's statements. */
function policyDocument(inputs: Obj): Obj {
    const one = (v: string[]) => (v.length === 1 ? v[0] : v);
    const statements = (inputs.statements ?? []).map((s: Obj) => {
        const out: Obj = {};
        if (s.sid) out.Sid = s.sid;
        out.Effect = s.effect ?? "Allow";
        if (s.actions) out.Action = one(s.actions);
        if (s.notActions) out.NotAction = one(s.notActions);
        if (s.resources) out.Resource = one(s.resources);
        if (s.principals) out.Principal = Object.fromEntries(s.principals.map((p: Obj) => [p.type, one(p.identifiers)]));
        if (s.conditions) {
            out.Condition = {};
            for (const c of s.conditions) (out.Condition[c.test] ??= {})[c.variable] = one(c.values);
        }
        return out;
    });
    return { Version: inputs.version ?? "2012-10-17", Statement: statements };
}

export const awsMocks: CloudMocks = {
    resource(args, ctx) {
        const mock = RESOURCES[args.type];
        return mock ? mock(args, ctx) : undefined;
    },
    call(args, ctx) {
        const mock = CALLS[args.token];
        return mock ? mock(args, ctx) : undefined;
    },
};
