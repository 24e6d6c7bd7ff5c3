import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { evaluateWithMocks } from "../helpers/evaluate";
import { loadPlatform } from "../../components/config/load";
import { POOL_LABEL, type ClusterFacts, type ResolvedClusterConfig } from "../../components/cluster/types";
import { GkeCluster } from "../../components/cluster/gcp/gke-cluster";
import { MAX_NETWORK_PREFIX, planGkeNetwork } from "../../components/cluster/gcp/cidr";
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from "../../components/cluster/cidr";
import {
    autoscalingFor, defaultZone, initialNodesPerZone, resolveGke,
} from "../../components/cluster/gcp/resolve";
import { nodeServiceAccountId } from "../../components/cluster/gcp/names";
import { gkeKubeconfig } from "../../components/cluster/gcp/kubeconfig";
import { gkePlan } from "../helpers/plan";
import { formatPathProblem, type PathProblem } from "../../components/config/errors";
import { monitoringComponents } from "../../components/cluster/gcp/cluster-spec";
import { diskTypeFor, storageFor } from "../../components/cluster/gcp/disk-type";
import {
    GKE_MIN_WEEKLY_HOURS, gkeRecurringWindow, resolveGkeMaintenance, type GkeRecurringWindow,
} from "../../components/cluster/gcp/maintenance-window";
import { GKE_POOL_KEY_MAX } from "../../components/cluster/gcp/pool-identity";
import { covers, diffRenders, diffValues, valueAt } from "../../components/diff/diff";
import { replaceRulesFor } from "../../components/diff/replace-fields";
import { render as renderStack } from "../../components/render/render";

const ROOT = path.resolve(__dirname, "../..");

type Env = "dev" | "staging" | "prod";

function gcpConfig(environment: Env = "dev", overrides: Record<string, unknown> = {}): ResolvedClusterConfig {
    const platform = loadPlatform({
        configFile: "examples/guestbook.yaml", cloud: "gcp", region: "europe-west4", environment,
        overrides: { cluster: { gcp: { project: "kubeship-dev" }, ...(environment === "prod" ? { endpoint: { public: false } } : {}), ...overrides } },
    });
    return { ...platform.cluster, name: "gb" };
}

async function render(config: ResolvedClusterConfig, extra?: (c: GkeCluster) => void) {
    let kubeconfig: pulumi.Output<string> | undefined;
    const r = await evaluateWithMocks(async () => {
        const cluster = new GkeCluster("gb", { plan: gkePlan(config) });
        kubeconfig = cluster.kubeconfig;
        extra?.(cluster);
        return { kubeconfig: cluster.kubeconfig, facts: cluster.facts, pools: cluster.nodePools };
    }, { cloud: "gcp" });
    return { ...r, kubeconfig: kubeconfig! };
}

describe("GkeCluster under mocks (dev)", async () => {
    const r = await render(gcpConfig("dev"));
    const cluster = r.one("gcp:container/cluster:Cluster");
    const pool = r.one("gcp:container/nodePool:NodePool", "general");
    const inputs = cluster.inputs as Record<string, any>;

    it("runs every GCP child through one explicit provider with project and region", () => {
        const provider = r.one("pulumi:providers:gcp");
        expect(provider.inputs).toMatchObject({ project: "kubeship-dev", region: "europe-west4" });
        const gcpChildren = r.resources.filter((x) => x.type.startsWith("gcp:"));
        expect(gcpChildren.length).toBeGreaterThanOrEqual(10);
        for (const c of gcpChildren) {
            expect(c.provider, c.urn).toMatch(new RegExp(`^${escape(provider.urn)}::`));
            expect(c.parent, c.urn).toBe(r.one("kubeship:cluster:GkeCluster").urn);
        }
    });

    it("removes the default pool and keeps the cluster from being replaced by it", () => {
        expect(inputs.removeDefaultNodePool).toBe(true);
        expect(inputs.initialNodeCount).toBe(1);
        expect(cluster.options.ignoreChanges).toEqual(expect.arrayContaining(["nodeConfig", "initialNodeCount"]));
        expect(inputs.nodeConfig.serviceAccount).toBe("gb-nodes@kubeship-dev.iam.gserviceaccount.com");
    });

    it("sets the secure defaults on the cluster", () => {
        expect(inputs.name).toBe("gb");
        expect(inputs.location).toBe("europe-west4");
        expect(inputs.releaseChannel).toEqual({ channel: "REGULAR" });
        // The REGULAR channel's default minor in the dated catalog (today pinned to 2026-12-01).
        expect(inputs.minMasterVersion).toBe("1.35");
        expect(inputs.workloadIdentityConfig).toEqual({ workloadPool: "kubeship-dev.svc.id.goog" });
        expect(inputs.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: false });
        expect(inputs.enableShieldedNodes).toBe(true);
        expect(inputs.datapathProvider).toBe("ADVANCED_DATAPATH");
        expect(inputs.networkPolicy).toBeUndefined();
        expect(inputs.networkingMode).toBe("VPC_NATIVE");
        expect(inputs.ipAllocationPolicy).toMatchObject({ clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
        expect(inputs.deletionProtection).toBe(false);
        expect(cluster.options.protect).toBeUndefined();
        // dev default endpoint is open to 0.0.0.0/0: no authorized-networks block at all
        expect(inputs.masterAuthorizedNetworksConfig).toBeUndefined();
    });

    it("autoscales each pool with total bounds equal to the config's min and max", () => {
        const p = pool.inputs as Record<string, any>;
        expect(p.name).toMatch(/^general-[0-9a-f]{6}$/);
        expect(p.autoscaling).toEqual({ totalMinNodeCount: 2, totalMaxNodeCount: 6, locationPolicy: "BALANCED" });
        expect(p.autoscaling.minNodeCount).toBeUndefined();
        expect(p.nodeCount).toBeUndefined();
        // min 2 over 3 default zones: 1 node per zone at creation
        expect(p.initialNodeCount).toBe(1);
        expect(pool.options.ignoreChanges).toEqual(expect.arrayContaining(["initialNodeCount", "nodeCount"]));
        // the hashed name lets a replacement be created beside the old pool
        expect(pool.options.deleteBeforeReplace).toBeUndefined();
        expect(r.outputs.pools).toEqual([{ name: "general", machineType: "e2-standard-4", min: 2, max: 6, spot: false }]);
    });

    it("hardens and rolls the nodes", () => {
        const p = pool.inputs as Record<string, any>;
        expect(p.management).toEqual({ autoRepair: true, autoUpgrade: true });
        expect(p.upgradeSettings).toMatchObject({ maxSurge: 1, maxUnavailable: 0 });
        expect(p.nodeConfig).toMatchObject({
            machineType: "e2-standard-4",
            spot: false,
            diskSizeGb: 50,
            serviceAccount: "gb-nodes@kubeship-dev.iam.gserviceaccount.com",
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        });
    });

    it("gives the nodes a dedicated least-privilege service account", () => {
        const sa = r.one("gcp:serviceaccount/account:Account");
        expect(sa.inputs).toMatchObject({ accountId: "gb-nodes", project: "kubeship-dev" });
        const roles = r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs as Record<string, any>);
        // GKE's predefined node role instead of the legacy list; image pulls are not in it
        expect(roles.map((m) => m.role).sort()).toEqual([
            "roles/artifactregistry.reader",
            "roles/container.defaultNodeServiceAccount",
        ]);
        for (const m of roles) expect(m.member).toBe("serviceAccount:gb-nodes@kubeship-dev.iam.gserviceaccount.com");
        // nodes boot only after their roles exist
        for (const m of r.ofType("gcp:projects/iAMMember:IAMMember")) expect(r.dependsOn(pool, m)).toBe(true);
    });

    it("builds a VPC-native subnetwork with pods and services ranges, and NAT for private nodes", () => {
        const net = r.one("gcp:compute/network:Network");
        expect(net.inputs.autoCreateSubnetworks).toBe(false);
        const subnet = r.one("gcp:compute/subnetwork:Subnetwork");
        expect(subnet.inputs).toMatchObject({
            ipCidrRange: "10.0.0.0/20",
            privateIpGoogleAccess: true,
            region: "europe-west4",
            secondaryIpRanges: [{ rangeName: "pods", ipCidrRange: "10.0.128.0/17" }, { rangeName: "services", ipCidrRange: "10.0.16.0/20" }],
        });
        expect(subnet.inputs.network).toBe("projects/kubeship-dev/global/networks/" + net.outputs.name);
        expect(inputs.subnetwork).toMatch(/^projects\/kubeship-dev\/regions\/europe-west4\/subnetworks\//);
        const nat = r.one("gcp:compute/routerNat:RouterNat");
        expect(nat.inputs).toMatchObject({ sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS", natIpAllocateOption: "AUTO_ONLY" });
        expect(r.dependsOn(nat, r.one("gcp:compute/router:Router"))).toBe(true);
        expect(r.dependsOn(pool, nat)).toBe(true);
        expect(net.options.protect).toBeUndefined();
    });

    it("emits a secret kubeconfig for the DNS endpoint that authenticates with gke-gcloud-auth-plugin and ADC", async () => {
        expect(r.outputs.kubeconfig).toBe("[secret]");
        expect(await pulumi.isSecret(r.kubeconfig)).toBe(true);
        const text = await unwrap(r.kubeconfig);
        const kc = JSON.parse(text);
        expect(kc.users[0].user.exec).toMatchObject({
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            args: ["--use_application_default_credentials"],
            provideClusterInfo: true,
        });
        expect(kc.users[0].user.exec.installHint).toContain("gke-gcloud-auth-plugin");
        const dns = (cluster.outputs.controlPlaneEndpointsConfig as any).dnsEndpointConfig.endpoint;
        expect(dns).toMatch(/\.europe-west4\.gke\.goog$/);
        expect(kc.clusters[0].cluster).toEqual({ server: `https://${dns}` });
        expect(kc["current-context"]).toBe("gke_kubeship-dev_europe-west4_gb");
        expect(text).not.toMatch(/token|password|client-key/i);
        const provider = r.one("pulumi:providers:kubernetes");
        expect(provider.inputs.kubeconfig).toBe("[secret]");
        expect(provider.inputs.enableServerSideApply).toBe("true");
    });

    it("keeps the kubeconfig identical across evaluations", async () => {
        const again = await render(gcpConfig("dev"));
        expect(await unwrap(again.kubeconfig)).toBe(await unwrap(r.kubeconfig));
    });

    it("reports GKE's load balancer and storage facts", () => {
        expect(r.outputs.facts).toEqual({
            cloud: "gcp",
            environment: "dev",
            publicLoadBalancerAnnotations: { "cloud.google.com/l4-rbs": "enabled" },
            internalLoadBalancerAnnotations: { "networking.gke.io/load-balancer-type": "Internal" },
            storageClass: "standard-rwo",
            storageClasses: { delete: "standard-rwo", retain: "kubeship-pd-balanced-retain" },
            loadBalancerAddress: "ip",
            internalCidrs: ["10.0.0.0/20", "10.0.128.0/17", "10.0.16.0/20"],
            poolTaints: { general: [] },
        });
    });
});

describe("readyResources", () => {
    it("makes an app object depend on the cluster, first pool, NAT and network", async () => {
        const r = await evaluateWithMocks(async () => {
            const cluster = new GkeCluster("gb", { plan: gkePlan(gcpConfig("dev")) });
            new Service("svc", { spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }, { provider: cluster.provider, dependsOn: cluster.readyResources });
        }, { cloud: "gcp" });
        const svc = r.one("kubernetes:core/v1:Service");
        for (const type of [
            "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:compute/network:Network",
            "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat",
        ]) {
            expect(r.dependsOn(svc, r.one(type)), type).toBe(true);
            // directly, not only through the cluster: the Service must be deleted before each of them
            expect(svc.dependencies, type).toContain(r.one(type).urn);
        }
    });
});

describe("GkeCluster in prod", async () => {
    const r = await render(gcpConfig("prod"));
    const cluster = r.one("gcp:container/cluster:Cluster");

    it("protects the cluster and the network and turns on deletion protection", () => {
        expect(cluster.inputs.deletionProtection).toBe(true);
        expect(cluster.options.protect).toBe(true);
        expect(r.one("gcp:compute/network:Network").options.protect).toBe(true);
        expect(r.one("gcp:compute/subnetwork:Subnetwork").options.protect).toBe(true);
        expect(r.one("gcp:container/nodePool:NodePool").options.protect).toBeUndefined();
    });

    it("uses the STABLE channel and keeps the IP endpoints private (the stacks' prod: endpoint.public false)", () => {
        expect(cluster.inputs.releaseChannel).toEqual({ channel: "STABLE" });
        expect(cluster.inputs.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true });
        expect(cluster.inputs.masterAuthorizedNetworksConfig).toEqual({ cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
        expect(cluster.inputs.controlPlaneEndpointsConfig).toEqual({ dnsEndpointConfig: { allowExternalTraffic: true } });
    });
});

describe("GkeCluster options", () => {
    it("makes the endpoint private when endpoint.public is false", async () => {
        const r = await render(gcpConfig("dev", { endpoint: { public: false, allowedCidrs: ["10.8.0.0/16"] } }));
        const c = r.one("gcp:container/cluster:Cluster");
        expect(c.inputs.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true });
        expect((c.inputs.masterAuthorizedNetworksConfig as any).cidrBlocks).toEqual([{ cidrBlock: "10.8.0.0/16", displayName: "kubeship 10.8.0.0/16" }]);
        // still reachable: the kubeconfig goes through the DNS endpoint, never the private IP
        expect(JSON.parse(await unwrap(r.kubeconfig)).clusters[0].cluster.server).toMatch(/^https:\/\/gke-[0-9a-f]+-\d+\.europe-west4\.gke\.goog$/);
    });

    it("is zonal when gcp.regional is false, with pools in explicit zones, spot and taints", async () => {
        const r = await render(gcpConfig("dev", {
            gcp: { project: "kubeship-dev", regional: false },
            nodePools: { general: { spot: true, zones: ["europe-west4-b", "europe-west4-c"], min: 1, max: 4, taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }], labels: { tier: "web" } } },
        }));
        const c = r.one("gcp:container/cluster:Cluster");
        expect(c.inputs.location).toBe("europe-west4-b");
        const p = r.one("gcp:container/nodePool:NodePool").inputs as Record<string, any>;
        expect(p.nodeLocations).toEqual(["europe-west4-b", "europe-west4-c"]);
        expect(p.autoscaling).toEqual({ totalMinNodeCount: 1, totalMaxNodeCount: 4, locationPolicy: "ANY" });
        expect(p.nodeConfig.spot).toBe(true);
        expect(p.nodeConfig.taints).toEqual([{ key: "dedicated", value: "web", effect: "NO_SCHEDULE" }]);
        expect(p.nodeConfig.labels).toEqual({ tier: "web", "kubeship.io/pool": "general" });
        expect(p.initialNodeCount).toBe(1);
    });

    it("uses an existing network and subnetwork without creating any", async () => {
        const r = await render(gcpConfig("dev", { gcp: { project: "kubeship-dev", network: "shared-vpc", subnetwork: "projects/kubeship-dev/regions/europe-west4/subnetworks/gke" } }));
        for (const t of ["gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat"]) {
            expect(r.ofType(t)).toHaveLength(0);
        }
        const c = r.one("gcp:container/cluster:Cluster");
        expect(c.inputs).toMatchObject({ network: "shared-vpc", subnetwork: "projects/kubeship-dev/regions/europe-west4/subnetworks/gke" });
    });

    it("reports every config problem at once, naming the option", () => {
        const res = resolveGke({
            ...gcpConfig("dev"),
            network: { cidr: "10.0.0.0/24" },
            gcp: { project: "kubeship-dev", subnetwork: "gke", regional: true },
        });
        expect(res.ok).toBe(false);
        expect(!res.ok && res.problems.map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "cluster.gcp.network: is required when cluster.gcp.subnetwork is set, got none; set the subnetwork's VPC (name or self link)",
          ]
        `);
        const small = resolveGke({ ...gcpConfig("dev"), network: { cidr: "10.0.0.0/24" } });
        expect(!small.ok && small.problems.map(formatPathProblem)).toEqual([`cluster.network.cidr: must be /20 or larger on gcp (nodes, services and pods ranges are carved from it), got "10.0.0.0/24"; use e.g. 10.0.0.0/16`]);
        const base = gcpConfig("dev");
        expect(resolveGke({ ...base, network: { cidr: "10.0.0.0/20" } }).ok).toBe(true);
        const crowded = resolveGke({ ...base, network: { cidr: "10.0.0.0/20" }, nodePools: { general: { ...base.nodePools.general, max: 9 } } });
        expect(!crowded.ok && crowded.problems.map(formatPathProblem)).toEqual([
            "cluster.network.cidr: its pods range (10.0.8.0/21) holds 8 nodes, but the pools' max add up to 9; use a larger cidr, e.g. 10.0.0.0/14, or lower max",
        ]);
    });

    it("refuses to plan an invalid config (the component never sees it)", () => {
        expect(() => gkePlan({ ...gcpConfig("dev"), gcp: { project: "kubeship-dev", subnetwork: "x", regional: true } }))
            .toThrow(/cluster\.gcp\.network: is required/);
    });
});

// ---------------------------------------------------------------- lifecycle (issue 10)

describe("maintenance window", () => {
    const policyOf = async (config: ResolvedClusterConfig) =>
        (await render(config)).one("gcp:container/cluster:Cluster").inputs.maintenancePolicy as { recurringWindow: GkeRecurringWindow };

    it("defaults to Sunday 02:00 UTC for 12 hours, the shortest weekly window GKE accepts", async () => {
        expect(await policyOf(gcpConfig("dev"))).toEqual({
            recurringWindow: { startTime: "2024-01-07T02:00:00Z", endTime: "2024-01-07T14:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SU" },
        });
    });

    it("takes the stack's window, across midnight too", async () => {
        const policy = await policyOf(gcpConfig("prod", { maintenance: { day: "wednesday", start: "22:30", hours: 12 } }));
        expect(policy.recurringWindow).toEqual({ startTime: "2024-01-03T22:30:00Z", endTime: "2024-01-04T10:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=WE" });
    });

    it("reports a window GKE would refuse, at cluster.maintenance.hours", () => {
        // a window the stack sets at 4 hours (the least AKS takes)
        const res = resolveGke({ ...gcpConfig("dev"), maintenance: { day: "saturday", start: "02:00", hours: 4 } });
        expect(!res.ok && res.problems.map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "cluster.maintenance.hours: must be at least 12 on gcp, got 4: GKE needs 48 hours of maintenance availability in every 32 days, and a weekly window recurs only 4 times in some of them; set cluster.maintenance.hours: 12",
          ]
        `);
        // and the loader positions it, before anything is registered
        expect(() => gcpConfig("dev", { maintenance: { day: "saturday", hours: 6 } })).toThrow(/:\d+:\d+ cluster\.maintenance\.hours: must be at least 12 on gcp/);
        // a stack that sets only the day gets GKE's own default length, 12 hours
        const dayOnly = resolveGke(gcpConfig("dev", { maintenance: { day: "saturday" } }));
        const w = dayOnly.ok ? dayOnly.value.maintenance : undefined;
        expect(w?.recurrence).toBe("FREQ=WEEKLY;BYDAY=SA");
        expect((Date.parse(w!.endTime) - Date.parse(w!.startTime)) / 3_600_000).toBe(12);
    });

    it("every window it accepts gives GKE 48 hours in every 32 days, and 12 hours is the least that does", () => {
        const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
        const window = fc.record({
            day: fc.constantFrom(...days),
            start: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
            hours: fc.integer({ min: 4, max: 24 }),
        });
        fc.assert(fc.property(window, (w) => {
            const problems: PathProblem[] = [];
            resolveGkeMaintenance({ maintenance: w }, problems);
            const g = gkeRecurringWindow(w);
            // The first occurrence falls on the RRULE's day.
            expect("SU MO TU WE TH FR SA".split(" ")[new Date(g.startTime).getUTCDay()]).toBe(g.recurrence.slice(-2));
            return (problems.length === 0) === (minHoursIn32Days(g) >= 48);
        }));
        expect(GKE_MIN_WEEKLY_HOURS).toBe(12);
    });
});

/** Oracle: the fewest hours of window in any 32-day span (GKE's rule), by brute force over the span's breakpoints. */
function minHoursIn32Days(w: GkeRecurringWindow): number {
    expect(w.recurrence).toMatch(/^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/);
    const hour = 3_600_000, week = 168 * hour, span = 32 * 24 * hour;
    const first = Date.parse(w.startTime), length = Date.parse(w.endTime) - first;
    const starts = Array.from({ length: 12 }, (_, k) => first + k * week);
    const inSpan = (t: number) => starts.reduce((sum, s) => sum + Math.max(0, Math.min(s + length, t + span) - Math.max(s, t)), 0);
    const candidates = starts.flatMap((s) => [s, s + length, s - span, s + length - span])
        .filter((t) => t >= first + week && t + span <= starts[11]);
    return Math.min(...candidates.map(inSpan)) / hour;
}

describe("what an environment changes on the cluster", async () => {
    // one at a time: Pulumi's runtime state is global
    const dev = await render(gcpConfig("dev"));
    const staging = await render(gcpConfig("staging"));
    const prod = await render(gcpConfig("prod"));
    const type = "gcp:container/cluster:Cluster";

    it("gives the cluster the same description in every environment", () => {
        const descriptions = [dev, staging, prod].map((r) => r.one(type).inputs.description);
        expect(descriptions).toEqual(["kubeship cluster gb", "kubeship cluster gb", "kubeship cluster gb"]);
        // clusters created with the old, per-environment text keep it rather than being replaced
        expect(prod.one(type).options.ignoreChanges).toContain("description");
    });

    it("changes no field that forces a new cluster or a new pool (staging to prod, dev to prod)", () => {
        for (const [from, to] of [[staging, prod], [dev, prod]]) {
            for (const t of [type, "gcp:container/nodePool:NodePool"]) {
                const changed = diffValues("inputs", from.one(t).inputs, to.one(t).inputs).map((c) => c.path);
                const forcing = replaceRulesFor(t).filter((rule) => changed.some((p) => covers(rule.path, p) || covers(p, rule.path)));
                expect(forcing.map((r) => r.path), t).toEqual([]);
            }
        }
        // what does differ is updated in place
        const changed = diffValues("inputs", staging.one(type).inputs, prod.one(type).inputs).map((c) => c.path.split(/[.[]/)[0]);
        // (prod keeps its IP endpoints private: enablePrivateEndpoint is updated in place too)
        expect([...new Set(changed)].sort()).toEqual(["deletionProtection", "loggingConfig", "masterAuthorizedNetworksConfig", "privateClusterConfig", "releaseChannel"]);
    });
});

describe("monitoring", () => {
    it("keeps GKE's default metric packages: system, kube state and cAdvisor/Kubelet", async () => {
        const r = await render(gcpConfig("dev"));
        expect(r.one("gcp:container/cluster:Cluster").inputs.monitoringConfig).toEqual({
            enableComponents: ["SYSTEM_COMPONENTS", "STORAGE", "POD", "DEPLOYMENT", "STATEFULSET", "DAEMONSET", "HPA", "JOBSET", "CADVISOR", "KUBELET"],
            managedPrometheus: { enabled: true },
        });
        // JOBSET exists from 1.32.1-gke.1357001 only
        expect(monitoringComponents("1.31")).not.toContain("JOBSET");
        expect(monitoringComponents("1.35")).toContain("JOBSET");
    });
});

describe("node pools that roll without an outage", () => {
    const base = gcpConfig("dev");
    const general = base.nodePools.general;
    const poolsOf = (config: ResolvedClusterConfig) => {
        const res = resolveGke(config);
        if (!res.ok) throw new Error(res.problems.map(formatPathProblem).join("\n"));
        return res.value.pools;
    };
    const nameWith = (pool: Partial<typeof general>, config: Partial<ResolvedClusterConfig> = {}) =>
        poolsOf({ ...base, ...config, nodePools: { general: { ...general, ...pool } } })[0].physicalName;

    it("names each pool <key>-<hash>, within GKE's 40 characters", () => {
        expect(nameWith({})).toMatch(/^general-[0-9a-f]{6}$/);
        const longest = "p".repeat(GKE_POOL_KEY_MAX);
        expect(poolsOf({ ...base, nodePools: { [longest]: general } })[0].physicalName).toHaveLength(40);
        const tooLong = resolveGke({ ...base, nodePools: { [`${longest}x`]: general } });
        expect(!tooLong.ok && tooLong.problems.map(formatPathProblem)).toEqual([
            `cluster.nodePools.${longest}x: a GKE node pool name must be at most 33 characters (GKE's 40, less the "-<hash>" kubeship appends so a replacement pool can be created beside the old one), got "${longest}x" (34); rename the pool`,
        ]);
    });

    it("changes the name exactly when a field that forces a new pool changes", () => {
        const mutable = fc.record({
            min: fc.integer({ min: 0, max: 3 }), max: fc.integer({ min: 3, max: 9 }), maxSurge: fc.integer({ min: 1, max: 3 }),
            diskGiB: fc.integer({ min: 20, max: 500 }), size: fc.constantFrom("small", "medium", "large" as const),
            labels: fc.dictionary(fc.constantFrom("tier", "team"), fc.constantFrom("a", "b")),
            zones: fc.option(fc.constantFrom<string[]>(["europe-west4-a"], ["europe-west4-b", "europe-west4-c"]), { nil: undefined }),
        });
        fc.assert(fc.property(mutable, mutable, fc.boolean(), fc.boolean(), (a, b, spotA, spotB) =>
            (nameWith({ ...a, spot: spotA }) === nameWith({ ...b, spot: spotB })) === (spotA === spotB)));
        // the node service account (it follows the cluster's name, which replaces the cluster anyway)
        expect(nameWith({}, { name: "other" })).not.toBe(nameWith({}));
        // machine type and disk change in place (UpdateNodePool), so they keep the name
        expect(nameWith({ machineType: "n4-standard-4" })).toBe(nameWith({}));
    });

    it("hashes every field kubeship sets that forces a new pool", async () => {
        const pool = (await render(base)).one("gcp:container/nodePool:NodePool").inputs as Record<string, any>;
        const forcing = replaceRulesFor("gcp:container/nodePool:NodePool").map((r) => r.path)
            .filter((p) => p.startsWith("nodeConfig.") && valueAt(pool, p) !== undefined).map((p) => p.split(".")[1]);
        const [resolved] = poolsOf(base);
        expect(forcing.sort()).toEqual(Object.keys(resolved.immutable).sort());
        // what the name hashes is what the pool gets
        for (const [k, v] of Object.entries(resolved.immutable)) expect(pool.nodeConfig[k], k).toEqual(v);
        // the other pool-level ForceNew fields kubeship sets: the name itself, and initialNodeCount (ignored after creation)
        const topLevel = replaceRulesFor("gcp:container/nodePool:NodePool").map((r) => r.path)
            .filter((p) => !p.startsWith("nodeConfig.") && !["cluster", "location", "project"].includes(p) && valueAt(pool, p) !== undefined);
        expect(topLevel.sort()).toEqual(["initialNodeCount", "name"]);
    });

    it("keeps placement on kubeship.io/pool, which kubeship sets and the config cannot", async () => {
        const p = (await render(base)).one("gcp:container/nodePool:NodePool").inputs as Record<string, any>;
        expect(p.nodeConfig.labels).toEqual({ [POOL_LABEL]: "general" });
        const res = resolveGke({ ...base, nodePools: { general: { ...general, labels: { [POOL_LABEL]: "web" } } } });
        expect(!res.ok && res.problems.map(formatPathProblem)).toEqual([
            `cluster.nodePools.general.labels["kubeship.io/pool"]: is set by kubeship to the pool's name ("general") and cannot be configured, got "web"; remove it, or use another label key`,
        ]);
    });

    it("drains the old pool within PodDisruptionBudgets when it is deleted", async () => {
        const pool = (await render(base)).one("gcp:container/nodePool:NodePool");
        expect(pool.inputs.nodeDrainConfigs).toEqual([{ respectPdbDuringNodePoolDeletion: true }]);
        expect(pool.options.deleteBeforeReplace).toBeUndefined();
    });

    it("in kubeship diff: spot creates a new pool first; a machine type is changed in place", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-gke-pool-"));
        fs.cpSync(path.join(ROOT, "stacks"), path.join(tmp, "stacks"), { recursive: true });
        fs.mkdirSync(path.join(tmp, "examples"));
        const original = fs.readFileSync(path.join(ROOT, "examples/guestbook.yaml"), "utf8");
        const renderWith = async (text: string) => {
            fs.writeFileSync(path.join(tmp, "examples/guestbook.yaml"), text);
            return (await renderStack({ stack: "dev-gcp" }, tmp)).resources;
        };
        const before = await renderWith(original);
        const spot = diffRenders(before, await renderWith(original.replace("size: medium", "size: medium\n      spot: true")));
        expect(spot.changed.map((c) => [c.type, c.action])).toEqual([["gcp:container/nodePool:NodePool", "replace"]]);
        expect(spot.changed[0].replaceReasons.map((r) => r.path).sort()).toEqual(["name", "nodeConfig.spot"]);
        expect(spot.changed[0].deleteBeforeReplace).toBeUndefined();
        const machine = diffRenders(before, await renderWith(original.replace("size: medium", "size: large")));
        expect(machine.changed.map((c) => [c.type, c.action])).toEqual([["gcp:container/nodePool:NodePool", "update"]]);
        expect(machine.changed[0].changes.map((c) => [c.path, c.old, c.new])).toEqual([["nodeConfig.machineType", "e2-standard-4", "e2-standard-8"]]);
    });
});

describe("disks follow the machine family", () => {
    it.each([
        ["e2-standard-4", "pd-balanced"], ["n2-standard-8", "pd-balanced"], ["n2d-standard-4", "pd-balanced"],
        ["c3-standard-4", "pd-balanced"], ["t2a-standard-4", "pd-balanced"], ["c2-standard-8", "pd-balanced"],
        ["n4-standard-4", "hyperdisk-balanced"], ["n4-custom-4-8192", "hyperdisk-balanced"], ["n4a-standard-4", "hyperdisk-balanced"],
        ["n4d-highmem-8", "hyperdisk-balanced"], ["c4-standard-8", "hyperdisk-balanced"], ["c4a-highcpu-16", "hyperdisk-balanced"],
        ["c4d-standard-8", "hyperdisk-balanced"], ["h4d-highmem-192", "hyperdisk-balanced"], ["x4-megamem-960-metal", "hyperdisk-balanced"],
        ["N4-Standard-2", "hyperdisk-balanced"], ["z9-future-4", "pd-balanced"],
    ])("%s: %s", (machineType, diskType) => {
        expect(diskTypeFor(machineType)).toBe(diskType);
    });

    it("gives the node boot disk and the stateful tiers' StorageClass the family's disk", async () => {
        const e2 = await render(gcpConfig("dev"));
        expect(e2.one("gcp:container/nodePool:NodePool").inputs.nodeConfig).toMatchObject({ machineType: "e2-standard-4", diskType: "pd-balanced" });
        // GKE's own standard-rwo, and kubeship's Retain twin of it (pd-balanced, as standard-rwo is).
        expect(e2.ofType("kubernetes:storage.k8s.io/v1:StorageClass").map((c) => c.inputs)).toEqual([{
            apiVersion: "storage.k8s.io/v1", kind: "StorageClass",
            metadata: { name: "kubeship-pd-balanced-retain" }, provisioner: "pd.csi.storage.gke.io", parameters: { type: "pd-balanced" },
            volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true, reclaimPolicy: "Retain",
        }]);
        expect((e2.outputs.facts as ClusterFacts).storageClass).toBe("standard-rwo");

        let storageReady: unknown[] = [];
        const n4 = await render(gcpConfig("dev", { nodePools: { general: { machineType: "n4-standard-4" } } }), (c) => { storageReady = c.storageReadyResources; });
        expect(n4.one("gcp:container/nodePool:NodePool").inputs.nodeConfig).toMatchObject({ machineType: "n4-standard-4", diskType: "hyperdisk-balanced" });
        const storageClass = n4.one("kubernetes:storage.k8s.io/v1:StorageClass", "hyperdisk");
        expect(n4.one("kubernetes:storage.k8s.io/v1:StorageClass", "retain").inputs).toMatchObject({
            metadata: { name: "kubeship-hyperdisk-balanced-retain" }, parameters: { type: "hyperdisk-balanced" }, reclaimPolicy: "Retain",
        });
        expect(storageClass.inputs).toMatchObject({
            metadata: { name: "kubeship-hyperdisk-balanced" }, provisioner: "pd.csi.storage.gke.io",
            parameters: { type: "hyperdisk-balanced" }, volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true,
        });
        expect((n4.outputs.facts as ClusterFacts).storageClass).toBe("kubeship-hyperdisk-balanced");
        // stateful tiers wait for it
        expect(storageReady).toHaveLength(2);
        // one PD-capable pool is enough for standard-rwo (mixed families: README, Known limits)
        expect(storageFor(["n4-standard-4", "e2-standard-4"]).storageClass).toBe("standard-rwo");
    });
});

// ---------------------------------------------------------------- pure functions

const cidrArb = fc.record({ a: fc.integer({ min: 0, max: 255 }), b: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 1, max: MAX_NETWORK_PREFIX }) })
    .map(({ a, b, prefix }) => {
        const raw = ((a << 24) | (b << 16)) >>> 0;
        const base = (raw & ~(2 ** (32 - prefix) - 1)) >>> 0;
        return formatCidr({ base, prefix });
    });

describe("planGkeNetwork", () => {
    it("rejects tiny spaces with a hint", () => {
        expect(planGkeNetwork("10.0.0.0/21")).toMatch(/must be \/20 or larger/);
        expect(planGkeNetwork("10.0.0.0/16")).toEqual({ nodes: "10.0.0.0/20", services: "10.0.16.0/20", pods: "10.0.128.0/17", maxNodes: 128 });
    });

    it("splits any space into disjoint, aligned ranges inside it", () => {
        fc.assert(fc.property(cidrArb, (c) => {
            const space = parseCidr(c) as Cidr;
            const plan = planGkeNetwork(c);
            if (typeof plan === "string") return false;
            const ranges = [plan.nodes, plan.services, plan.pods].map((x) => parseCidr(x));
            for (const x of ranges) {
                if (typeof x === "string") return false; // aligned: parseCidr refuses host bits
                if (!contains(space, x)) return false;
            }
            const [nodes, services, pods] = ranges as Cidr[];
            return !overlaps(nodes, services) && !overlaps(nodes, pods) && !overlaps(services, pods)
                && pods.prefix === space.prefix + 1 && nodes.prefix === space.prefix + 4
                && plan.maxNodes === 2 ** (24 - pods.prefix);
        }));
    });

    it("refuses every space smaller than /20", () => {
        fc.assert(fc.property(fc.integer({ min: MAX_NETWORK_PREFIX + 1, max: 32 }), (prefix) => typeof planGkeNetwork(`10.0.0.0/${prefix}`) === "string"));
    });
});

describe("autoscaling bounds", () => {
    const poolArb = fc.record({ min: fc.integer({ min: 0, max: 100 }), extra: fc.integer({ min: 0, max: 100 }), spot: fc.boolean(), d: fc.double({ min: 0, max: 1, noNaN: true }) })
        .map(({ min, extra, spot, d }) => {
            const max = Math.max(1, min + extra);
            return { min, max, spot, desired: Math.round(min + d * (max - min)) };
        });

    it("total bounds are exactly the config's min and max", () => {
        fc.assert(fc.property(poolArb, (p) => {
            const a = autoscalingFor(p);
            return a.totalMinNodeCount === p.min && a.totalMaxNodeCount === p.max && a.locationPolicy === (p.spot ? "ANY" : "BALANCED");
        }));
    });

    it("the initial per-zone count reaches desired without passing max, except one node a zone for the first pool", () => {
        fc.assert(fc.property(poolArb, fc.integer({ min: 1, max: 4 }), fc.boolean(), (p, zones, first) => {
            const perZone = initialNodesPerZone(p, first, zones);
            const total = perZone * zones;
            const wanted = Math.max(p.desired, first ? 1 : 0);
            if (total > p.max) return first && perZone === 1;
            return total >= Math.min(wanted, zones * Math.floor(p.max / zones)) && (perZone - 1) * zones < Math.max(wanted, 1);
        }));
    });
});

describe("names", () => {
    it("node service account ids are valid and stable for any cluster name and stack", () => {
        const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/);
        const stack = fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{1,60}$/), { nil: undefined });
        fc.assert(fc.property(name, stack, (n, s) => {
            const id = nodeServiceAccountId(n, s);
            return /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(id) && id === nodeServiceAccountId(n, s);
        }));
    });

    it("zonal clusters pick a zone that exists", () => {
        expect(defaultZone("europe-west4")).toBe("europe-west4-a");
        expect(defaultZone("europe-west1")).toBe("europe-west1-b");
        expect(defaultZone("us-east1")).toBe("us-east1-b");
    });

    it("the kubeconfig is a pure function of the cluster", () => {
        const i = { project: "p-123456", location: "europe-west4", clusterName: "gb", dnsEndpoint: "gke-0123-456.europe-west4.gke.goog" };
        expect(gkeKubeconfig(i)).toBe(gkeKubeconfig({ ...i }));
        expect(gkeKubeconfig(i)).not.toBe(gkeKubeconfig({ ...i, dnsEndpoint: "gke-0124-456.europe-west4.gke.goog" }));
    });
});

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function unwrap<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}
