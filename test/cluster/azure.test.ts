import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
    AKS_CIDR_RESERVED, POD_CIDR_CANDIDATES, SERVICE_CIDR_CANDIDATES, planNetworkLayout,
} from "../../components/cluster/azure/network-layout";
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from "../../components/cluster/cidr";
import { SYSTEM_POOL_NAME, resolveAksPlan } from "../../components/cluster/azure/resolve";
import { AGENT_POOL_NAME, agentPoolNameFor, type PoolIdentity } from "../../components/cluster/azure/pool-name";
import { kubeconfigFromCredentials } from "../../components/cluster/azure/kubeconfig";
import { ROLE } from "../../components/cluster/azure/roles";
import { POOL_LABEL } from "../../components/cluster/types";
import { aksPlan } from "../helpers/plan";
import { MC, POOL, PROD_ALLOWED_CIDR, clusterConfig, renderAks as render, unpinned } from "../helpers/aks";
import { formatPathProblem } from "../../components/config/errors";

type Obj = Record<string, any>;
const RG = "azure-native:resources:ResourceGroup";
const VNET = "azure-native:network:VirtualNetwork";
const SUBNET = "azure-native:network:Subnet";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

// Rendered without a pinned version, the default once the versions catalog lands; pins are in azure-lifecycle.test.ts.
describe("AksCluster (dev)", async () => {
    const r = await render(unpinned(clusterConfig("dev")));
    const mc = r.one(MC);
    const inputs = mc.inputs as Obj;
    const subnetId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${r.one(RG).outputs.name}`
        + `/providers/Microsoft.Network/virtualNetworks/${r.one(VNET).outputs.name}/subnets/nodes`;

    it("creates a resource group, a VNet from network.cidr and a node subnet inside it", () => {
        expect(r.one(RG).inputs.location).toBe("westeurope");
        expect(r.one(VNET).inputs.addressSpace).toEqual({ addressPrefixes: ["10.0.0.0/16"] });
        expect(r.one(SUBNET).inputs).toMatchObject({ addressPrefix: "10.0.0.0/20", subnetName: "nodes" });
    });

    it("puts every Azure resource on the explicit provider for the configured region", () => {
        const azure = r.resources.filter((x) => x.type.startsWith("azure-native:"));
        expect(azure.length).toBeGreaterThanOrEqual(6);
        const provider = r.one("pulumi:providers:azure-native");
        expect(provider.inputs.location).toBe("westeurope");
        for (const x of azure) expect(x.provider?.startsWith(`${provider.urn}::`), x.name).toBe(true);
        for (const x of azure) expect(x.parent, x.name).toMatch(/kubeship:cluster:AksCluster::gb$/);
    });

    it("uses a managed identity, Entra ID with Azure RBAC, no local accounts", () => {
        expect(inputs.identity).toEqual({ type: "SystemAssigned" });
        expect(inputs.aadProfile).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [] });
        expect(inputs.disableLocalAccounts).toBe(true);
        expect(inputs.enableRBAC).toBe(true);
    });

    it("enables the OIDC issuer and workload identity", () => {
        expect(inputs.oidcIssuerProfile).toEqual({ enabled: true });
        expect(inputs.securityProfile).toEqual({ workloadIdentity: { enabled: true } });
    });

    it("runs Azure CNI overlay with Cilium, on ranges clear of the VNet", () => {
        expect(inputs.networkProfile).toMatchObject({
            networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium",
            loadBalancerSku: "standard", outboundType: "loadBalancer",
        });
        const { podCidr, serviceCidr, dnsServiceIP } = inputs.networkProfile;
        const vnet = parseCidr("10.0.0.0/16") as Cidr;
        expect(overlaps(parseCidr(podCidr) as Cidr, vnet)).toBe(false);
        expect(overlaps(parseCidr(serviceCidr) as Cidr, vnet)).toBe(false);
        expect(contains(parseCidr(serviceCidr) as Cidr, parseCidr(`${dnsServiceIP}/32`) as Cidr)).toBe(true);
    });

    it("follows the rapid channel and node image upgrades; Free tier in dev", () => {
        expect(inputs.autoUpgradeProfile).toEqual({ upgradeChannel: "rapid", nodeOSUpgradeChannel: "NodeImage" });
        expect(inputs.sku).toEqual({ name: "Base", tier: "Free" });
        // Unpinned: no version is sent; AKS creates its default (test/cluster/versions.test.ts covers a pinned one).
        expect(inputs.kubernetesVersion).toBeUndefined();
    });

    it("tunes the cluster autoscaler", () => {
        expect(inputs.autoScalerProfile).toMatchObject({
            balanceSimilarNodeGroups: "true", expander: "least-waste",
            scaleDownDelayAfterAdd: "10m", scaleDownUnneededTime: "10m",
        });
    });

    it("leaves an open dev endpoint without authorized ranges", () => {
        expect(inputs.apiServerAccessProfile).toEqual({ authorizedIPRanges: [] });
    });

    it("has a system pool at the documented minimum (4 vCPU, 2 nodes), tainted CriticalAddonsOnly, across zones, in the node subnet", () => {
        const [system, ...rest] = inputs.agentPoolProfiles;
        expect(rest).toEqual([]);
        expect(system).toMatchObject({
            name: SYSTEM_POOL_NAME, mode: "System", enableAutoScaling: true, minCount: 2, maxCount: 3, count: 2,
            availabilityZones: ["1", "2", "3"], nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
            vmSize: "Standard_D4ds_v5", osDiskType: "Ephemeral", osDiskSizeGB: 64, upgradeSettings: { maxSurge: "1" },
        });
        expect(system.vnetSubnetID).toBe(subnetId);
        expect(mc.options.ignoreChanges).toContain("agentPoolProfiles[0].count");
        expect(mc.options.protect).toBeUndefined();
    });

    it("makes every config pool an autoscaling User AgentPool with an Ephemeral OS disk, whose count is ignored after creation", () => {
        const pools = r.ofType(POOL);
        expect(pools.map((p) => p.name)).toEqual(["gb-pool-general"]);
        for (const p of pools) {
            expect(p.inputs).toMatchObject({
                mode: "User", enableAutoScaling: true, minCount: 2, maxCount: 6, count: 2,
                vmSize: "Standard_D4ds_v5", osDiskType: "Ephemeral", availabilityZones: ["1", "2", "3"], osDiskSizeGB: 50,
                nodeLabels: { [POOL_LABEL]: "general" }, upgradeSettings: { maxSurge: "1" }, vnetSubnetID: subnetId,
            });
            expect(p.inputs.agentPoolName).toMatch(/^general[0-9a-f]{4}$/);
            expect(p.inputs.scaleSetPriority).toBeUndefined();
            expect(p.options.ignoreChanges).toEqual(["count"]);
            expect(p.options.deleteBeforeReplace).toBeFalsy();
            expect(p.dependencies).toContain(mc.urn);
        }
    });

    it("sends no Kubernetes version anywhere while the channel manages it, and ignores none", () => {
        // An ignored input is re-sent from the last run, stale once the channel has upgraded the
        // cluster (NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged): so nothing is sent at all.
        expect(Object.keys(inputs)).not.toContain("kubernetesVersion");
        expect(Object.keys(inputs.agentPoolProfiles[0])).not.toContain("orchestratorVersion");
        expect(Object.keys(r.one(POOL).inputs)).not.toContain("orchestratorVersion");
        const ignored = [...(mc.options.ignoreChanges ?? []), ...(r.one(POOL).options.ignoreChanges ?? [])];
        expect(ignored.filter((p: string) => /version/i.test(p))).toEqual([]);
        expect(mc.options.ignoreChanges).toEqual([
            "agentPoolProfiles[0].count", "agentPoolProfiles[0].vmSize", "agentPoolProfiles[0].osDiskType",
            "agentPoolProfiles[0].osDiskSizeGB", "agentPoolProfiles[0].availabilityZones",
        ]);
    });

    it("lets the cluster identity join the node subnet and the deployer administer the cluster", () => {
        const subnetRole = r.one(ROLE_ASSIGNMENT, "subnet-network-contributor");
        const deployerRole = r.one(ROLE_ASSIGNMENT, "deployer-cluster-admin");
        expect(subnetRole.inputs).toMatchObject({ principalType: "ServicePrincipal", scope: subnetId });
        expect(subnetRole.inputs.principalId).toBe((mc.outputs.identity as Obj).principalId);
        expect(subnetRole.inputs.roleDefinitionId).toBe(`/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${ROLE.networkContributor}`);
        // On the stack's own resource group, so it propagates while the cluster is created (azure-access.test.ts).
        expect(deployerRole.inputs.scope).toBe(`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${r.one(RG).outputs.name}`);
        expect(deployerRole.inputs.roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${ROLE.aksRbacClusterAdmin}$`));
    });

    it("reports the azure facts", () => {
        expect(r.cluster.facts).toEqual({
            cloud: "azure", environment: "dev", publicLoadBalancerAnnotations: {},
            internalLoadBalancerAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
            storageClass: "kubeship-zrs", storageClasses: { delete: "kubeship-zrs", retain: "kubeship-zrs-retain" }, loadBalancerAddress: "ip",
            internalCidrs: ["10.0.0.0/16", "10.244.0.0/16", "172.16.0.0/16"],
            poolTaints: { general: [] },
        });
        expect(r.cluster.nodePools).toEqual([{ name: "general", machineType: "Standard_D4ds_v5", min: 2, max: 6, spot: false }]);
        expect(r.outputs.clusterName).toBe(mc.outputs.name);
    });

    it("keeps the kubeconfig secret, kubelogin/azurecli based, with no static credential", () => {
        expect(r.outputs.kubeconfig).toBe("[secret]");
        const k8s = r.one("pulumi:providers:kubernetes");
        expect(k8s.inputs.kubeconfig).toBe("[secret]");
        expect(String(k8s.inputs.enableServerSideApply)).toBe("true");
        const text = String(k8s.rawInputs.kubeconfig);
        expect(text).toContain(`server: https://${(mc.outputs as Obj).fqdn}:443`);
        expect((mc.outputs as Obj).fqdn).toMatch(/^gb-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/);
        expect(text).toMatch(/command: kubelogin/);
        expect(text).toContain("- azurecli");
        expect(text).not.toContain("devicecode");
        expect(text).not.toMatch(/token:|client-secret|password/);
    });

    it("makes a Service wait for the cluster, the first pool and the network (so it is deleted first)", () => {
        const svc = r.one("kubernetes:core/v1:Service");
        for (const target of [mc, r.one(POOL), r.one(VNET), r.one(SUBNET), r.one(RG)]) {
            expect(r.dependsOn(svc, target), target.name).toBe(true);
        }
        // readyResources names the network itself, not only through the cluster.
        expect(svc.dependencies).toEqual(expect.arrayContaining([mc.urn, r.one(POOL).urn, r.one(VNET).urn, r.one(SUBNET).urn]));
    });
});

describe("AksCluster (prod)", async () => {
    const r = await render(unpinned(clusterConfig("prod", { cluster: { azure: { adminGroupObjectIds: ["3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"] } } })));
    const mc = r.one(MC);
    const inputs = mc.inputs as Obj;

    it("protects the cluster, resource group and network", () => {
        for (const x of [mc, r.one(RG), r.one(VNET), r.one(SUBNET)]) expect(x.options.protect, x.name).toBe(true);
        expect(r.one(POOL).options.protect).toBeUndefined();
    });

    it("uses the Standard tier, the stable channel (minor upgrades included) and a 3-node system pool, one per zone", () => {
        expect(inputs.sku.tier).toBe("Standard");
        expect(inputs.autoUpgradeProfile).toEqual({ upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" });
        expect(inputs.agentPoolProfiles[0]).toMatchObject({ minCount: 3, maxCount: 6, count: 3, vmSize: "Standard_D4ds_v5" });
        expect(inputs.agentPoolProfiles[0].upgradeSettings).toEqual({ maxSurge: "33%" });
    });

    it("restricts the API server to allowedCidrs and names the admin groups", () => {
        expect(inputs.apiServerAccessProfile).toEqual({ authorizedIPRanges: [PROD_ALLOWED_CIDR] });
        expect(inputs.aadProfile.adminGroupObjectIDs).toEqual(["3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"]);
    });
});

describe("AksCluster variants", () => {
    it("builds a private cluster when endpoint.public is false", async () => {
        const r = await render(clusterConfig("prod", { cluster: { endpoint: { public: false }, azure: { deployFrom: "vnet" } } }));
        expect(r.one(MC).inputs.apiServerAccessProfile).toEqual({ enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false });
    });

    it("uses an existing resource group and subnet without creating a network", async () => {
        const subnetId = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";
        const r = await render(clusterConfig("dev", { cluster: { network: { cidr: "10.40.0.0/16" }, azure: { resourceGroup: "platform", vnetSubnetId: subnetId } } }));
        expect(r.ofType(RG)).toEqual([]);
        expect(r.ofType(VNET)).toEqual([]);
        expect(r.ofType(SUBNET)).toEqual([]);
        const mc = r.one(MC).inputs as Obj;
        expect(mc.resourceGroupName).toBe("platform");
        expect(mc.agentPoolProfiles[0].vnetSubnetID).toBe(subnetId);
        expect(r.one(POOL).inputs.vnetSubnetID).toBe(subnetId);
        const subnetRole = r.one(ROLE_ASSIGNMENT, "subnet-network-contributor");
        expect(subnetRole.inputs.scope).toBe(subnetId);
        expect(subnetRole.inputs.roleDefinitionId).toMatch(/^\/subscriptions\/22222222-2222-2222-2222-222222222222\//);
        expect(r.dependsOn(r.one("kubernetes:core/v1:Service"), r.one(MC))).toBe(true);
    });

    it("makes spot pools Spot with Delete eviction, AKS's spot label and taint, and no surge", async () => {
        const r = await render(clusterConfig("dev", {
            cluster: { nodePools: { general: { spot: true, zones: ["2"], labels: { tier: "web" }, taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }] } } },
        }));
        const p = r.one(POOL).inputs as Obj;
        expect(p).toMatchObject({ scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1, availabilityZones: ["2"] });
        expect(p.nodeLabels).toEqual({ tier: "web", [POOL_LABEL]: "general", "kubernetes.azure.com/scalesetpriority": "spot" });
        expect(p.nodeTaints).toEqual(["dedicated=web:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]);
        expect(p.upgradeSettings).toBeUndefined();
        expect(r.cluster.nodePools[0].spot).toBe(true);
    });

    it("produces the same kubeconfig on every run (no provider replacement)", async () => {
        const a = await render(clusterConfig("dev"));
        const b = await render(clusterConfig("dev"));
        const ka = a.one("pulumi:providers:kubernetes").rawInputs.kubeconfig;
        expect(typeof ka).toBe("string");
        expect(ka).toBe(b.one("pulumi:providers:kubernetes").rawInputs.kubeconfig);
    });

    it("reports every config problem at once, naming the property", () => {
        const config = clusterConfig("dev");
        const bad = {
            ...config,
            network: { cidr: "10.0.0.0/28" },
            azure: { adminGroupObjectIds: [], kubeloginMode: "azurecli" as const, deployFrom: "github-hosted" as const, vnetSubnetId: "subnet-123" },
            nodePools: { general: { ...config.nodePools.general, zones: ["4"] } },
        };
        const res = resolveAksPlan(bad);
        expect(res.ok).toBe(false);
        expect(res.ok ? [] : res.problems.map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "cluster.network.cidr: the prefix must be between /8 and /24 on azure, got "10.0.0.0/28"; use e.g. 10.0.0.0/16",
            "cluster.azure.vnetSubnetId: must be a subnet resource id such as /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, got "subnet-123"",
            "cluster.nodePools.general.zones[0]: Azure availability zones are "1", "2" and "3", got "4"",
          ]
        `);
    });

    it("refuses to plan with those problems (the component never sees them)", () => {
        const config = { ...clusterConfig("dev"), network: { cidr: "10.0.0.1/16" } };
        expect(() => aksPlan(config)).toThrow(/cluster\.network\.cidr: has host bits set.*did you mean "10\.0\.0\.0\/16"/);
    });
});

describe("kubeconfig", () => {
    it("switches kubelogin's device-code login to azurecli and keeps the server id", () => {
        const aks = [
            "apiVersion: v1", "kind: Config", "clusters: []", "users:", "- name: u", "  user:", "    exec:",
            "      command: kubelogin", "      args: [get-token, --environment, AzurePublicCloud, --server-id, abc, --client-id, x, --tenant-id, t, --login, devicecode]",
        ].join("\n");
        const out = kubeconfigFromCredentials(Buffer.from(aks).toString("base64"));
        expect(out).toContain("- get-token\n");
        expect(out).toMatch(/- --login\n\s+- azurecli\n\s+- --server-id\n\s+- abc\n/);
        expect(out).not.toContain("devicecode");
        expect(out).not.toContain("--tenant-id");
    });
});

// ---------------------------------------------------------------- properties

const arbVnet = fc.record({
    a: fc.integer({ min: 1, max: 223 }), b: fc.integer({ min: 0, max: 255 }), c: fc.integer({ min: 0, max: 255 }),
    prefix: fc.integer({ min: 8, max: 24 }),
}).map(({ a, b, c, prefix }) => {
    const raw = ((a * 256 + b) * 256 + c) * 256;
    const size = 2 ** (32 - prefix);
    return formatCidr({ base: raw - (raw % size), prefix });
}).filter((cidr) => !/^(0|127|169\.254|168\.63)\./.test(cidr) && !cidr.startsWith("168.") && !cidr.startsWith("169."));

describe("network layout properties", () => {
    it("puts the node subnet inside the VNet and keeps VNet, pods and services disjoint and off reserved ranges", () => {
        fc.assert(fc.property(arbVnet, (vnetText) => {
            const layout = planNetworkLayout(vnetText);
            if (typeof layout === "string") return false;
            const [vnet, nodes, pods, services, runners] = [layout.vnetCidr, layout.nodeSubnetCidr, layout.podCidr, layout.serviceCidr, layout.runnerSubnetCidr].map((t) => parseCidr(t) as Cidr);
            const dns = parseCidr(`${layout.dnsServiceIP}/32`) as Cidr;
            return layout.vnetCidr === vnetText
                && contains(vnet, nodes) && nodes.prefix > vnet.prefix && nodes.prefix >= 20
                // The deploy runner's subnet (private clusters): inside the VNet, clear of the nodes, at most a /24.
                && contains(vnet, runners) && !overlaps(nodes, runners) && runners.prefix >= 24 && runners.prefix <= 29
                && !overlaps(vnet, pods) && !overlaps(vnet, services) && !overlaps(pods, services)
                && contains(services, dns) && dns.base !== services.base
                && AKS_CIDR_RESERVED.every((r) => !overlaps(parseCidr(r) as Cidr, pods) && !overlaps(parseCidr(r) as Cidr, services));
        }), { numRuns: 2000 });
    });

    it("never lets a pod candidate overlap a service candidate, or either a reserved range", () => {
        for (const pod of POD_CIDR_CANDIDATES) {
            for (const other of [...SERVICE_CIDR_CANDIDATES, ...AKS_CIDR_RESERVED]) {
                expect(overlaps(parseCidr(pod) as Cidr, parseCidr(other) as Cidr), `${pod} vs ${other}`).toBe(false);
            }
        }
    });

    it("is deterministic", () => {
        fc.assert(fc.property(arbVnet, (v) => JSON.stringify(planNetworkLayout(v)) === JSON.stringify(planNetworkLayout(v))));
    });

    it("rejects prefixes outside /8../24 and host bits with a message for cluster.network.cidr", () => {
        fc.assert(fc.property(arbVnet, fc.integer({ min: 0, max: 32 }).filter((p) => p < 8 || p > 24), (v, prefix) => {
            const out = planNetworkLayout(`${v.split("/")[0]}/${prefix}`);
            return typeof out === "string" && /^(the prefix must be between \/8 and \/24|has host bits set)/.test(out);
        }));
        expect(planNetworkLayout("10.0.0.5/16")).toMatch(/^has host bits set/);
        expect(planNetworkLayout("169.254.0.0/16")).toMatch(/reserves/);
    });
});

describe("agent pool name properties", () => {
    const identity = (key: string): PoolIdentity => ({
        key, vmSize: "Standard_D4ds_v5", osDiskType: "Ephemeral", osDiskSizeGB: 50, zones: ["1", "2", "3"], spot: false, subnet: "kubeship",
    });

    it("always gives a valid AKS name, never the system pool's, unique across pools", () => {
        const key = fc.stringMatching(/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/);
        fc.assert(fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 30 }), (keys) => {
            const taken = new Set([SYSTEM_POOL_NAME]);
            for (const k of keys) {
                const n = agentPoolNameFor(identity(k), taken);
                if (!AGENT_POOL_NAME.test(n) || taken.has(n)) return false;
                taken.add(n);
            }
            return true;
        }));
    });

    it("is the key's first 8 letters and digits plus 4 hex digits", () => {
        expect(agentPoolNameFor(identity("general"), new Set())).toMatch(/^general[0-9a-f]{4}$/);
        expect(agentPoolNameFor(identity("gpu-a100-spot-pool"), new Set())).toMatch(/^gpua100s[0-9a-f]{4}$/);
        // Two keys with one stem still get different names.
        const taken = new Set<string>();
        const a = agentPoolNameFor(identity("workers-a"), taken);
        taken.add(a);
        expect(agentPoolNameFor(identity("workers-b"), taken)).not.toBe(a);
    });

    it("re-salts on a clash instead of reusing a taken name", () => {
        const first = agentPoolNameFor(identity("general"), new Set());
        const second = agentPoolNameFor(identity("general"), new Set([first]));
        expect(second).not.toBe(first);
        expect(second).toMatch(/^general[0-9a-f]{4}$/);
    });
});
