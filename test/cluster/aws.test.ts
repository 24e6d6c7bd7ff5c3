import { beforeAll, describe, expect, it } from "vitest";
import { Service } from "@pulumi/kubernetes/core/v1";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { loadPlatform } from "../../components/config/load";
import { nodePoolSchema } from "../../components/config/schema";
import type { RecordedResource } from "../../components/render/engine";
import { evaluateWithMocks } from "../helpers/evaluate";
import { eksPlan } from "../helpers/plan";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admins";

/** Guestbook on AWS plus a spot pool with taints and zones, and an admin role. */
function platformFor(environment: "dev" | "prod") {
    const platform = loadPlatform({
        configFile: "examples/guestbook.yaml", cloud: "aws", region: "us-east-1", environment,
        overrides: { cluster: { endpoint: { allowedCidrs: ["198.18.0.0/15"] }, aws: { deployFrom: ["10.20.0.0/24", "198.18.0.0/15"] } } },
    });
    platform.cluster.aws = { ...platform.cluster.aws!, adminRoleArns: [ADMIN] };
    platform.cluster.nodePools.batch = nodePoolSchema.parse({
        size: "large", min: 0, max: 10, spot: true, maxSurge: 2, diskGiB: 100,
        labels: { workload: "batch" },
        taints: [{ key: "batch", value: "true", effect: "NoSchedule" }],
        zones: ["us-east-1a", "us-east-1b"],
    });
    return platform;
}

async function render(environment: "dev" | "prod") {
    const platform = platformFor(environment);
    return evaluateWithMocks(async () => {
        const cluster = new EksCluster("gb", { plan: eksPlan({ ...platform.cluster, name: "gb" }) });
        new Service("web", {
            metadata: { annotations: cluster.facts.publicLoadBalancerAnnotations },
            spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
        }, { provider: cluster.provider, dependsOn: cluster.readyResources });
        return { kubeconfig: cluster.kubeconfig, privateSubnetIds: cluster.privateSubnetIds, clusterName: cluster.clusterName, pools: cluster.nodePools, facts: cluster.facts };
    }, { cloud: "aws", region: "us-east-1", stack: `${environment}-aws` });
}

type Rendered = Awaited<ReturnType<typeof render>>;
const json = (r: RecordedResource, key: string) => JSON.parse(String(r.rawInputs[key]));

describe("EksCluster (dev)", () => {
    let r: Rendered;
    beforeAll(async () => { r = await render("dev"); });

    it("sizes every pool's zone groups from the pool, and ignores desiredSize on each node group itself", () => {
        const groups = (pool: string) => r.ofType("aws:eks/nodeGroup:NodeGroup").filter((g) => g.name.startsWith(`gb-${pool}-`));
        // general: min 2, max 6 over three zones; batch: min 0, max 10 over its two zones.
        expect(groups("general").map((g) => [g.name, g.inputs.scalingConfig])).toEqual([
            ["gb-general-0", { minSize: 1, maxSize: 2, desiredSize: 1 }],
            ["gb-general-1", { minSize: 1, maxSize: 2, desiredSize: 1 }],
            ["gb-general-2", { minSize: 0, maxSize: 2, desiredSize: 0 }],
        ]);
        expect(groups("batch").map((g) => [g.name, g.inputs.scalingConfig])).toEqual([
            ["gb-batch-a", { minSize: 0, maxSize: 5, desiredSize: 0 }],
            ["gb-batch-b", { minSize: 0, maxSize: 5, desiredSize: 0 }],
        ]);
        for (const g of groups("general")) {
            expect(g.inputs.instanceTypes).toEqual(["m6i.xlarge"]);
            expect(g.inputs.capacityType).toBe("ON_DEMAND");
            expect(g.inputs.labels).toEqual({ "kubeship.io/pool": "general" });
            expect(g.inputs.updateConfig).toEqual({ maxUnavailable: 1 });
        }
        for (const g of groups("batch")) {
            // A spot pool draws on four same-size families.
            expect(g.inputs.instanceTypes).toEqual(["m6i.2xlarge", "m6a.2xlarge", "m7i.2xlarge", "m5.2xlarge"]);
            expect(g.inputs.capacityType).toBe("SPOT");
            expect(g.inputs.taints).toEqual([{ key: "batch", value: "true", effect: "NO_SCHEDULE" }]);
            expect(g.inputs.labels).toEqual({ workload: "batch", "kubeship.io/pool": "batch" });
            expect(g.inputs.updateConfig).toEqual({ maxUnavailable: 2 });
            expect(g.inputs.diskSize).toBeUndefined();
        }
        for (const ng of r.ofType("aws:eks/nodeGroup:NodeGroup")) {
            expect(ng.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
            expect(ng.inputs.version).toBe(r.one("aws:eks/cluster:Cluster").inputs.version);
            expect(ng.inputs.tags).toMatchObject({ "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/gb": "owned" });
        }
    });

    it("places each zone group in its own zone's private subnet", () => {
        const ids = r.outputs.privateSubnetIds as string[];
        expect(ids).toHaveLength(3);
        [0, 1, 2].forEach((i) => expect(r.one("aws:eks/nodeGroup:NodeGroup", `gb-general-${i}`).inputs.subnetIds).toEqual([ids[i]]));
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "gb-batch-a").inputs.subnetIds).toEqual([ids[0]]);
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "gb-batch-b").inputs.subnetIds).toEqual([ids[1]]);
        const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
        zones.forEach((zone, i) => expect(r.one("aws:ec2/subnet:Subnet", `gb-private-${i}`).inputs.availabilityZone).toBe(zone));
    });

    it("requires IMDSv2 with hop limit 1 and sets the disk through one launch template per pool", () => {
        const lts = r.ofType("aws:ec2/launchTemplate:LaunchTemplate");
        expect(lts).toHaveLength(2);
        for (const lt of lts) {
            expect(lt.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
            const ebs = (lt.inputs.blockDeviceMappings as { ebs: Record<string, unknown> }[])[0].ebs;
            expect(ebs).toMatchObject({ encrypted: "true", volumeType: "gp3" });
        }
        const batchLt = r.one("aws:ec2/launchTemplate:LaunchTemplate", "gb-batch");
        expect((batchLt.inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0].ebs.volumeSize).toBe(100);
        const ltIds = new Set<unknown>();
        for (const key of ["a", "b"]) {
            const ng = r.one("aws:eks/nodeGroup:NodeGroup", `gb-batch-${key}`);
            expect(ng.inputs.launchTemplate).toEqual({ id: expect.stringMatching(/^lt-[0-9a-f]{17}$/), version: "1" });
            ltIds.add((ng.inputs.launchTemplate as { id: string }).id);
            expect(ng.dependencies).toContain(batchLt.urn);
            expect(ng.dependencies).not.toContain(r.one("aws:ec2/launchTemplate:LaunchTemplate", "gb-general").urn);
        }
        // The pool's zone groups share its template, so they stay "similar" for the autoscaler.
        expect(ltIds.size).toBe(1);
    });

    it("builds a 3-zone VPC whose subnets carry the load balancer and cluster tags", () => {
        const subnets = r.ofType("aws:ec2/subnet:Subnet");
        expect(subnets).toHaveLength(6);
        for (const s of subnets) {
            const isPublic = s.name.includes("public");
            expect(s.inputs.tags).toMatchObject({
                "kubernetes.io/cluster/gb": "shared",
                [isPublic ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1",
            });
            expect(s.inputs.tags).not.toHaveProperty(isPublic ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb");
        }
        expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(["us-east-1a", "us-east-1b", "us-east-1c"]));
        expect(r.one("aws:ec2/vpc:Vpc").inputs).toMatchObject({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true });
    });

    it("shares one NAT gateway in dev and protects nothing", () => {
        expect(r.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(1);
        const nat = r.one("aws:ec2/natGateway:NatGateway");
        const privateTables = r.ofType("aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("private"));
        expect(privateTables).toHaveLength(3);
        const natIds = new Set(privateTables.map((rt) => (rt.inputs.routes as { natGatewayId: string }[])[0].natGatewayId));
        expect(natIds.size).toBe(1);
        for (const rt of privateTables) {
            expect(rt.inputs.routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: expect.stringMatching(/^nat-/) }]);
            expect(rt.dependencies).toContain(nat.urn);
        }
        expect(r.resources.filter((x) => x.options.protect)).toEqual([]);
    });

    it("encrypts Secrets with a rotating KMS key and logs api, audit and authenticator", () => {
        const key = r.one("aws:kms/key:Key");
        expect(key.inputs.enableKeyRotation).toBe(true);
        const cluster = r.one("aws:eks/cluster:Cluster");
        expect(cluster.inputs.encryptionConfig).toEqual({ resources: ["secrets"], provider: { keyArn: key.outputs.arn } });
        expect(cluster.inputs.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator"]);
        // Today is pinned to 2026-12-01 (vitest.config.mts): the newest EKS minor in standard support, with no extended-support surcharge.
        expect(cluster.inputs.version).toBe("1.36");
        expect(cluster.inputs.upgradePolicy).toEqual({ supportType: "STANDARD" });
    });

    it("uses API authentication with an access entry and cluster-admin for each admin role", () => {
        const cluster = r.one("aws:eks/cluster:Cluster");
        expect(cluster.inputs.accessConfig).toMatchObject({ authenticationMode: "API" });
        expect(r.one("aws:eks/accessEntry:AccessEntry").inputs).toMatchObject({ principalArn: ADMIN, clusterName: "gb" });
        expect(r.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").inputs).toMatchObject({
            principalArn: ADMIN,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
        });
    });

    it("keeps the endpoint private, and public only for the allowed CIDRs", () => {
        expect(r.one("aws:eks/cluster:Cluster").inputs.vpcConfig).toMatchObject({
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["198.18.0.0/15"],
        });
        expect((r.one("aws:eks/cluster:Cluster").inputs.vpcConfig as { subnetIds: string[] }).subnetIds).toEqual(r.outputs.privateSubnetIds);
    });

    it("installs cluster-autoscaler with an IRSA role limited to its service account and tagged groups", () => {
        const release = r.one("kubernetes:helm.sh/v3:Release");
        const role = r.one("aws:iam/role:Role", "autoscaler");
        expect(release.inputs).toMatchObject({
            chart: "cluster-autoscaler", namespace: "kube-system",
            repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" },
            values: {
                awsRegion: "us-east-1",
                autoDiscovery: { clusterName: "gb" },
                rbac: { serviceAccount: { name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": role.outputs.arn } } },
            },
        });
        // The chart and the image follow the cluster's minor (components/cluster/versions/eks.ts).
        expect(release.inputs.version).toBe("9.59.0");
        expect(release.inputs.values).toMatchObject({ image: { tag: "v1.36.1" } });

        const issuer = String(r.one("aws:eks/cluster:Cluster").outputs.identities && (r.one("aws:eks/cluster:Cluster").outputs.identities as { oidcs: { issuer: string }[] }[])[0].oidcs[0].issuer).replace("https://", "");
        const trust = json(role, "assumeRolePolicy").Statement[0];
        expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
        expect(trust.Principal.Federated).toBe(r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider").outputs.arn);
        expect(trust.Condition.StringEquals).toEqual({
            [`${issuer}:sub`]: "system:serviceaccount:kube-system:cluster-autoscaler",
            [`${issuer}:aud`]: "sts.amazonaws.com",
        });

        const policy = json(r.one("aws:iam/policy:Policy", "autoscaler"), "policy");
        const scale = policy.Statement.find((s: { Action: string[] }) => s.Action.includes("autoscaling:SetDesiredCapacity"));
        expect(scale.Action.sort()).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
        expect(scale.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/gb": "owned" } });
        const unconditioned = policy.Statement.filter((s: { Condition?: unknown }) => !s.Condition).flatMap((s: { Action: string[] }) => s.Action);
        expect(unconditioned.every((a: string) => /^(autoscaling|ec2|eks):(Describe|Get)/.test(a))).toBe(true);
        expect(r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "autoscaler").inputs.role).toBe(role.outputs.name);
    });

    it("installs metrics-server, coredns, kube-proxy, EBS CSI, the pod identity agent and vpc-cni with network policy", () => {
        const addons: Record<string, RecordedResource> = Object.fromEntries(r.ofType("aws:eks/addon:Addon").map((a) => [String(a.inputs.addonName), a]));
        expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "metrics-server", "vpc-cni"]);
        expect(JSON.parse(String(addons["vpc-cni"].inputs.configurationValues))).toEqual({ enableNetworkPolicy: "true" });
        const firstPool = r.ofType("aws:eks/nodeGroup:NodeGroup").filter((g) => g.name.startsWith("gb-general-"));
        expect(firstPool).toHaveLength(3);
        for (const name of ["coredns", "metrics-server", "aws-ebs-csi-driver", "eks-pod-identity-agent"]) {
            expect(addons[name].dependencies).toEqual(expect.arrayContaining(firstPool.map((g) => g.urn)));
            for (const other of ["coredns", "metrics-server", "aws-ebs-csi-driver"].filter((o) => o !== name)) {
                expect(addons[name].dependencies).not.toContain(addons[other].urn);
            }
        }
        // Nodes need a CNI and kube-proxy before they can become Ready.
        for (const g of firstPool) expect(g.dependencies).toEqual(expect.arrayContaining([addons["vpc-cni"].urn, addons["kube-proxy"].urn]));
        const ebsRole = r.byUrn(addons["aws-ebs-csi-driver"].dependencies.find((d) => d.includes("ebs-csi-role")) ?? "");
        expect(ebsRole).toBeDefined();
        expect(addons["aws-ebs-csi-driver"].inputs.serviceAccountRoleArn).toBe(r.one("aws:iam/role:Role", "ebs-csi-role").outputs.arn);
        expect(r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ebs-csi-role").inputs.policyArn)
            .toBe("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    });

    it("makes an encrypted gp3 StorageClass the default, and a Retain twin beside it", () => {
        const classes = r.ofType("kubernetes:storage.k8s.io/v1:StorageClass");
        expect(classes.map((c) => c.name).sort()).toEqual(["gb-gp3", "gb-gp3-retain"]);
        const sc = classes.find((c) => c.name === "gb-gp3")!;
        expect(sc.inputs).toMatchObject({
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true" },
            volumeBindingMode: "WaitForFirstConsumer",
            reclaimPolicy: "Delete",
        });
        // storage.onDestroy: retain; the same disks, kept when their claim goes, and not the default.
        const twin = classes.find((c) => c.name === "gb-gp3-retain")!;
        expect(twin.inputs).toEqual({ ...sc.inputs, metadata: { name: "gp3-retain" }, reclaimPolicy: "Retain" });
        expect(twin.dependencies).toEqual(sc.dependencies);
    });

    it("gives a secret, deterministic kubeconfig that uses aws eks get-token without a profile", async () => {
        expect(r.outputs.kubeconfig).toBe("[secret]");
        expect(r.one("pulumi:pulumi:Stack").outputs.kubeconfig).toBe("[secret]");
        const provider = r.one("pulumi:providers:kubernetes");
        expect(provider.inputs.kubeconfig).toBe("[secret]");
        expect(provider.inputs.enableServerSideApply).toBe("true");
        const text = String(provider.rawInputs.kubeconfig);
        expect(text).not.toMatch(/profile/i);
        const kc = JSON.parse(text);
        expect(kc.users[0].user.exec).toMatchObject({
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", "gb", "--region", "us-east-1", "--output", "json"],
        });
        expect(kc.users[0].user.exec.env).toBeUndefined();
        expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
        const again = await render("dev");
        expect(again.one("pulumi:providers:kubernetes").rawInputs.kubeconfig).toBe(text);
    });

    it("puts every AWS child on an explicit provider for the configured region", () => {
        const aws = r.one("pulumi:providers:aws");
        expect(aws.inputs.region).toBe("us-east-1");
        const awsChildren = r.resources.filter((x) => x.type.startsWith("aws:"));
        expect(awsChildren.length).toBeGreaterThan(30);
        for (const x of awsChildren) expect(x.provider?.startsWith(`${aws.urn}::`), x.urn).toBe(true);
    });

    it("makes a Service that depends on readyResources wait for the cluster, nodes, VPC and NAT", () => {
        const svc = r.one("kubernetes:core/v1:Service");
        expect(r.dependsOn(svc, r.one("aws:eks/cluster:Cluster"))).toBe(true);
        for (const i of [0, 1, 2]) expect(r.dependsOn(svc, r.one("aws:eks/nodeGroup:NodeGroup", `gb-general-${i}`))).toBe(true);
        expect(r.dependsOn(svc, r.one("aws:ec2/vpc:Vpc"))).toBe(true);
        expect(r.dependsOn(svc, r.one("aws:ec2/natGateway:NatGateway"))).toBe(true);
        for (const rt of r.ofType("aws:ec2/routeTable:RouteTable")) expect(r.dependsOn(svc, rt)).toBe(true);
    });

    it("reports AWS facts: in-tree NLB annotations, gp3, hostname, and the pools", () => {
        expect(r.outputs.facts).toEqual({
            cloud: "aws", environment: "dev",
            publicLoadBalancerAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            internalLoadBalancerAnnotations: {
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
            },
            storageClass: "gp3",
            storageClasses: { delete: "gp3", retain: "gp3-retain" },
            loadBalancerAddress: "hostname",
            // The VPC (nodes and pods, VPC CNI) and both Service ranges EKS may pick.
            internalCidrs: ["10.0.0.0/16", "10.100.0.0/16", "172.20.0.0/16"],
            poolTaints: { general: [], batch: [{ key: "batch", value: "true", effect: "NoSchedule" }] },
        });
        expect(r.outputs.pools).toEqual([
            { name: "general", machineType: "m6i.xlarge", min: 2, max: 6, spot: false },
            { name: "batch", machineType: "m6i.2xlarge", min: 0, max: 10, spot: true },
        ]);
        expect(r.outputs.clusterName).toBe("gb");
    });
});

describe("EksCluster (prod)", () => {
    let r: Rendered;
    beforeAll(async () => { r = await render("prod"); });

    it("runs one NAT gateway per zone, each private route table on its own zone's NAT", () => {
        const nats = r.ofType("aws:ec2/natGateway:NatGateway");
        expect(nats).toHaveLength(3);
        const natOf = (i: number) => r.one("aws:ec2/natGateway:NatGateway", `gb-nat-${i}`);
        const natUrns = [0, 1, 2].map((i) => natOf(i).urn);
        for (const i of [0, 1, 2]) {
            expect(natOf(i).dependencies).toContain(r.one("aws:ec2/subnet:Subnet", `gb-public-${i}`).urn);
            const rt = r.one("aws:ec2/routeTable:RouteTable", `gb-private-rt-${i}`);
            expect(rt.dependencies.filter((d) => natUrns.includes(d))).toEqual([natUrns[i]]);
        }
        const natIds = [0, 1, 2].map((i) => (r.one("aws:ec2/routeTable:RouteTable", `gb-private-rt-${i}`).inputs.routes as { natGatewayId: string }[])[0].natGatewayId);
        expect(new Set(natIds).size).toBe(3);
    });

    it("protects the cluster, the VPC and the KMS key, and turns on deletion protection", () => {
        const protectedTypes = r.resources.filter((x) => x.options.protect).map((x) => x.type).sort();
        expect(protectedTypes).toEqual(["aws:ec2/vpc:Vpc", "aws:eks/cluster:Cluster", "aws:kms/key:Key"]);
        expect(r.one("aws:eks/cluster:Cluster").inputs.deletionProtection).toBe(true);
    });
});
