/**
 * The EKS network: a new VPC across three zones (private subnets for nodes,
 * public subnets for load balancers and NAT), or an existing VPC's subnets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import type { Provider as AwsProvider } from "@pulumi/aws/provider";
import { subnetTags, ZONE_COUNT, type ResolvedEks, type ResolvedNetwork } from "./resolve";

/**
 * Availability Zone IDs an EKS cluster cannot use: CreateCluster fails with
 * UnsupportedAvailabilityZoneException when a subnet is in one of them
 * (use1-az3 also lacks the Nitro instance families, such as m6i, that nodes use).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html (Subnet requirements: disallowed AZ IDs)
 * @see https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html ("There are Availability Zones that a cluster can't reside in")
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"] as const;

export interface Network {
    /** The VPC kubeship created; undefined for an existing network. */
    vpc?: ec2.Vpc;
    privateSubnetIds: pulumi.Output<string[]>;
    /** Private subnets in the given zones (all private subnets when `zones` is undefined). */
    privateSubnetIdsIn(zones: string[] | undefined): pulumi.Output<string[]>;
    /** What app load balancers need and must be deleted before: NAT gateways and the route tables. */
    readyResources: pulumi.Resource[];
}

interface NetworkContext {
    name: string;
    parent: pulumi.Resource;
    provider: AwsProvider;
    eks: ResolvedEks;
}

export function createNetwork(ctx: NetworkContext): Network {
    const net = ctx.eks.network;
    return net.kind === "new" ? createVpc(ctx, net) : useExistingNetwork(ctx, net);
}

function createVpc(ctx: NetworkContext, net: Extract<ResolvedNetwork, { kind: "new" }>): Network {
    const { name, parent, provider, eks } = ctx;
    const opts: pulumi.CustomResourceOptions = { parent, provider };
    const tag = (role: string, extra: Record<string, string> = {}) => ({ Name: `${eks.clusterName}-${role}`, ...extra });

    // Regular zones only: Local and Wavelength Zones cannot host EKS nodes. No
    // `state` filter, so a briefly impaired zone does not shift (and replace) the subnets.
    // Zones EKS refuses are excluded by ID: names map to zones per account, so
    // us-east-1a may be use1-az3 in one account and not in another.
    const zones = getAvailabilityZonesOutput({
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
    }, { parent, provider });
    const zoneName = (i: number) => zones.names.apply((names) => {
        if (names.length < ZONE_COUNT) {
            throw new Error(`region ${eks.region} has ${names.length} availability zones; kubeship's EKS network needs ${ZONE_COUNT}`);
        }
        return names[i];
    });

    const vpc = new ec2.Vpc(`${name}-vpc`, {
        cidrBlock: net.cidr,
        enableDnsHostnames: true, // required for the private API endpoint
        enableDnsSupport: true,
        tags: tag("vpc"),
    }, { ...opts, protect: eks.prod });

    const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tag("igw") }, opts);

    const zoneIndexes = [...Array(ZONE_COUNT).keys()];
    const publicSubnets = zoneIndexes.map((i) => new ec2.Subnet(`${name}-public-${i}`, {
        vpcId: vpc.id,
        cidrBlock: net.layout.public[i],
        availabilityZone: zoneName(i),
        mapPublicIpOnLaunch: false,
        tags: tag(`public-${i}`, subnetTags(eks.clusterName, "public")),
    }, opts));
    const privateSubnets = zoneIndexes.map((i) => new ec2.Subnet(`${name}-private-${i}`, {
        vpcId: vpc.id,
        cidrBlock: net.layout.private[i],
        availabilityZone: zoneName(i),
        tags: tag(`private-${i}`, subnetTags(eks.clusterName, "private")),
    }, opts));

    const publicRoutes = new ec2.RouteTable(`${name}-public-rt`, {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: tag("public"),
    }, opts);
    const publicAssociations = publicSubnets.map((s, i) => new ec2.RouteTableAssociation(`${name}-public-rta-${i}`, {
        subnetId: s.id, routeTableId: publicRoutes.id,
    }, opts));

    // One NAT per zone in prod (a zone outage keeps the others online); one shared NAT otherwise.
    const natCount = net.natPerZone ? ZONE_COUNT : 1;
    const nats = [...Array(natCount).keys()].map((i) => {
        const eip = new ec2.Eip(`${name}-nat-eip-${i}`, { domain: "vpc", tags: tag(`nat-${i}`) }, { ...opts, dependsOn: [igw] });
        return new ec2.NatGateway(`${name}-nat-${i}`, {
            allocationId: eip.allocationId,
            subnetId: publicSubnets[i].id,
            connectivityType: "public",
            tags: tag(`nat-${i}`),
        }, { ...opts, dependsOn: [igw, publicAssociations[i]] });
    });

    const privateRouteTables = privateSubnets.map((s, i) => {
        const rt = new ec2.RouteTable(`${name}-private-rt-${i}`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[net.natPerZone ? i : 0].id }],
            tags: tag(`private-${i}`),
        }, opts);
        new ec2.RouteTableAssociation(`${name}-private-rta-${i}`, { subnetId: s.id, routeTableId: rt.id }, opts);
        return rt;
    });

    const privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
    const privateZones = pulumi.all(privateSubnets.map((s) => s.availabilityZone));
    return {
        vpc,
        privateSubnetIds,
        privateSubnetIdsIn: (wanted) => {
            if (!wanted) return privateSubnetIds;
            return pulumi.all([privateSubnetIds, privateZones]).apply(([ids, azs]) => {
                const picked = ids.filter((_, i) => wanted.includes(azs[i]));
                if (picked.length === 0) {
                    throw new Error(`none of the zones ${JSON.stringify(wanted)} has a kubeship subnet; the network spans ${JSON.stringify(azs)}`);
                }
                return picked;
            });
        },
        readyResources: [vpc, igw, publicRoutes, ...publicAssociations, ...nats, ...privateRouteTables],
    };
}

function useExistingNetwork(ctx: NetworkContext, net: Extract<ResolvedNetwork, { kind: "existing" }>): Network {
    const privateSubnetIds = pulumi.output(net.privateSubnetIds);
    return {
        privateSubnetIds,
        privateSubnetIdsIn: (zones) => {
            if (!zones) return privateSubnetIds;
            return ec2.getSubnetsOutput({
                filters: [
                    { name: "subnet-id", values: net.privateSubnetIds },
                    { name: "availability-zone", values: zones },
                ],
            }, { parent: ctx.parent, provider: ctx.provider }).ids;
        },
        readyResources: [],
    };
}
