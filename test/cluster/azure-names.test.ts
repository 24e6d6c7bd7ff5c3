/**
 * Issue 11, part 1 on AKS: every physical name carries the stack and stays
 * within its Azure limit, even for the longest names the schema allows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AZURE_NAME_LIMITS, aksNames } from "../../components/cluster/azure/names";
import { AGENT_POOL_NAME } from "../../components/cluster/azure/pool-name";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { MC, POOL, clusterConfig, renderAks } from "../helpers/aks";

type Obj = Record<string, any>;
const RG = "azure-native:resources:ResourceGroup";
const VNET = "azure-native:network:VirtualNetwork";
const SUBNET = "azure-native:network:Subnet";

/** Azure's name rules, each from the source names.ts cites. */
const RULES = {
    // Microsoft.Resources: letters, digits, '_', '(', ')', '-', '.'; not ending in '.'.
    resourceGroup: (n: string) => n.length >= 1 && n.length <= 90 && /^[-\w.()]+$/.test(n) && !n.endsWith("."),
    // Microsoft.Network virtualNetworks: starts alphanumeric, ends alphanumeric or '_'.
    virtualNetwork: (n: string) => n.length >= 2 && n.length <= 64 && /^[a-zA-Z0-9][-\w.]*[a-zA-Z0-9_]$/.test(n),
    subnet: (n: string) => n.length >= 1 && n.length <= 80 && /^[a-zA-Z0-9]([-\w.]*[a-zA-Z0-9_])?$/.test(n),
    // managedClusters.json @ 48e035e3 (api 2026-10-01), path parameter resourceName.
    managedCluster: (n: string) => n.length <= 63 && /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/.test(n),
    dnsPrefix: (n: string) => n.length >= 1 && n.length <= 54 && /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(n),
    // AKS: <= 80; kubeship keeps it a valid label value (<= 63).
    nodeResourceGroup: (n: string) => n.length <= 63 && /^[-\w.()]+$/.test(n) && !n.endsWith("."),
};

const LONG_NAME = `a${"b".repeat(61)}c`;
const LONG_STACK = `prod-azure-${"x".repeat(49)}`;
const LONG_POOL = (c: string) => `${c}${"p".repeat(62)}`;

function longest(stack: string): ResolvedClusterConfig {
    const base = clusterConfig("prod");
    const pool = base.nodePools.general;
    const nodePools = Object.fromEntries(["a", "b", "c"].map((c) => [LONG_POOL(c), { ...pool, min: 3 }]));
    return { ...base, name: LONG_NAME, stack, nodePools };
}

describe("AKS names in the longest case the schema allows", async () => {
    expect(LONG_NAME).toHaveLength(63);
    expect(LONG_STACK).toHaveLength(60);
    const r = await renderAks(longest(LONG_STACK));
    const other = await renderAks(longest(`${LONG_STACK.slice(0, -1)}y`));
    const mc = r.one(MC).inputs as Obj;

    it("keeps every physical name within its Azure limit", () => {
        const names: Record<keyof typeof RULES, string> = {
            resourceGroup: r.one(RG).inputs.resourceGroupName as string,
            virtualNetwork: r.one(VNET).inputs.virtualNetworkName as string,
            subnet: r.one(SUBNET).inputs.subnetName as string,
            managedCluster: mc.resourceName,
            dnsPrefix: mc.dnsPrefix,
            nodeResourceGroup: mc.nodeResourceGroup,
        };
        for (const [kind, name] of Object.entries(names)) expect(RULES[kind as keyof typeof RULES](name), `${kind}: ${name} (${name.length})`).toBe(true);
        // Shortened names reach their limit exactly, ending in a hash of the whole.
        expect(names.managedCluster).toHaveLength(AZURE_NAME_LIMITS.managedCluster);
        expect(names.dnsPrefix).toHaveLength(AZURE_NAME_LIMITS.dnsPrefix);
        expect(names.virtualNetwork).toHaveLength(AZURE_NAME_LIMITS.virtualNetwork);
    });

    it("keeps agent pool names, the kubelet identity and the StorageClass valid", () => {
        const pools = r.ofType(POOL).map((p) => p.inputs.agentPoolName as string);
        expect(pools).toHaveLength(3);
        for (const p of pools) expect(p).toMatch(AGENT_POOL_NAME);
        expect(new Set(pools).size).toBe(3);
        // AKS names the kubelet identity <cluster>-agentpool in the node resource group (3-128 characters).
        const kubelet = (r.one(MC).outputs as Obj).identityProfile.kubeletidentity.resourceId as string;
        expect(kubelet.split("/").pop()!.length).toBeLessThanOrEqual(128);
        expect(r.ofType("kubernetes:storage.k8s.io/v1:StorageClass").map((c) => (c.inputs.metadata as Obj).name).sort()).toEqual(["kubeship-zrs", "kubeship-zrs-retain"]);
    });

    it("gives two stacks different names wherever the subscription would hold both", () => {
        const o = other.one(MC).inputs as Obj;
        expect(other.one(RG).inputs.resourceGroupName).not.toBe(r.one(RG).inputs.resourceGroupName);
        expect(o.resourceName).not.toBe(mc.resourceName);
        expect(o.nodeResourceGroup).not.toBe(mc.nodeResourceGroup);
        expect(o.dnsPrefix).not.toBe(mc.dnsPrefix);
        expect(other.one(VNET).inputs.virtualNetworkName).not.toBe(r.one(VNET).inputs.virtualNetworkName);
    });
});

describe("aksNames", () => {
    it("joins the cluster, its role and the stack when they fit", () => {
        expect(aksNames("guestbook", "prod-azure")).toEqual({
            resourceGroup: "guestbook-rg-prod-azure",
            virtualNetwork: "guestbook-vnet-prod-azure",
            managedCluster: "guestbook-prod-azure",
            dnsPrefix: "guestbook-prod-azure",
            nodeResourceGroup: "guestbook-nodes-prod-azure",
        });
        // A TypeScript program that builds one cluster passes no stack.
        expect(aksNames("gb", undefined).managedCluster).toBe("gb");
    });

    it("fits every limit and rule for any DNS-1123 cluster name and any stack name, and never gives the two resource groups one name", () => {
        const clusterName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
        const stack = fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/).filter((s) => s !== "." && s !== "..");
        fc.assert(fc.property(clusterName, stack, (c, s) => {
            const n = aksNames(c, s);
            return RULES.resourceGroup(n.resourceGroup) && RULES.virtualNetwork(n.virtualNetwork)
                && RULES.managedCluster(n.managedCluster) && RULES.dnsPrefix(n.dnsPrefix)
                && RULES.nodeResourceGroup(n.nodeResourceGroup) && n.resourceGroup !== n.nodeResourceGroup;
        }), { numRuns: 1000 });
    });
});
