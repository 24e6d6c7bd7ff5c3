import { describe, expect, it } from "vitest";
import { awsRules, EKS_CLUSTER, LAUNCH_TEMPLATE } from "./aws";
import { AKS_CLUSTER, azureRules } from "./azure";
import { GKE_CLUSTER, GKE_NODE_POOL, gcpRules } from "./gcp";
import { violationsOf } from "./rules";
import type { Rule } from "./types";

/** Secure baselines, in the SDKs' input names (the shapes the cluster components render). */
const eks = () => ({
    name: "shop", version: "1.33",
    vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"], subnetIds: ["subnet-1"] },
    encryptionConfig: { provider: { keyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }, resources: ["secrets"] },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    accessConfig: { authenticationMode: "API" },
} as Record<string, any>);
const launchTemplate = () => ({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } } as Record<string, any>);
const gke = () => ({
    datapathProvider: "ADVANCED_DATAPATH", deletionProtection: true, enableShieldedNodes: true, removeDefaultNodePool: true,
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
    workloadIdentityConfig: { workloadPool: "shop-prod.svc.id.goog" },
    releaseChannel: { channel: "STABLE" },
    nodeConfig: { workloadMetadataConfig: { mode: "GKE_METADATA" } },
} as Record<string, any>);
const nodePool = () => ({ management: { autoRepair: true, autoUpgrade: true }, nodeConfig: { workloadMetadataConfig: { mode: "GKE_METADATA" } } } as Record<string, any>);
const aks = () => ({
    disableLocalAccounts: true,
    aadProfile: { managed: true, enableAzureRBAC: true },
    oidcIssuerProfile: { enabled: true },
    securityProfile: { workloadIdentity: { enabled: true } },
    networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium" },
    autoUpgradeProfile: { upgradeChannel: "patch" },
    identity: { type: "SystemAssigned" },
} as Record<string, any>);

function broken(rules: Rule[], type: string, base: Record<string, any>, edit: (p: Record<string, any>) => void, rule: string): string[] {
    edit(base);
    const all = violationsOf(type, base, rules);
    expect(Object.keys(all)).toEqual([rule]);
    return all[rule];
}

describe("EKS", () => {
    const b = (edit: (p: Record<string, any>) => void, rule: string, type = EKS_CLUSTER, base = eks()) => broken(awsRules, type, base, edit, rule);
    it("accepts the secure baseline, and a private-only endpoint", () => {
        expect(violationsOf(EKS_CLUSTER, eks(), awsRules)).toEqual({});
        expect(violationsOf(EKS_CLUSTER, { ...eks(), vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } }, awsRules)).toEqual({});
        expect(violationsOf(LAUNCH_TEMPLATE, launchTemplate(), awsRules)).toEqual({});
    });
    it("eks-endpoint-restricted: open to the internet, explicitly or by default", () => {
        expect(b((p) => { p.vpcConfig.publicAccessCidrs = ["10.0.0.0/8", "0.0.0.0/0"]; }, "eks-endpoint-restricted")).toEqual([
            "vpcConfig.publicAccessCidrs: must restrict a public endpoint to known CIDRs (unset means 0.0.0.0/0), got [\"10.0.0.0/8\",\"0.0.0.0/0\"]; list your office/VPN CIDRs in cluster.endpoint.allowedCidrs, or set endpointPublicAccess: false and endpointPrivateAccess: true",
        ]);
        expect(b((p) => { p.vpcConfig = { subnetIds: ["subnet-1"] }; }, "eks-endpoint-restricted")).toHaveLength(1);
    });
    it("eks-secrets-encryption", () => {
        expect(b((p) => { delete p.encryptionConfig; }, "eks-secrets-encryption")).toEqual([
            "encryptionConfig: must encrypt \"secrets\" with a KMS key, got unset; set encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } } with a customer-managed key that has rotation on",
        ]);
        // The list form older SDKs used is understood.
        expect(violationsOf(EKS_CLUSTER, { ...eks(), encryptionConfig: [eks().encryptionConfig] }, awsRules)).toEqual({});
    });
    it("eks-control-plane-logging names the missing log types", () => {
        expect(b((p) => { p.enabledClusterLogTypes = ["api"]; }, "eks-control-plane-logging")).toEqual([
            "enabledClusterLogTypes: must include api, audit, authenticator, got [\"api\"]; add \"audit\", \"authenticator\"",
        ]);
    });
    it("eks-access-entries", () => {
        expect(b((p) => { p.accessConfig = { authenticationMode: "CONFIG_MAP" }; }, "eks-access-entries")).toEqual([
            "accessConfig.authenticationMode: must be \"API\" or \"API_AND_CONFIG_MAP\" (unset means CONFIG_MAP), got \"CONFIG_MAP\"; set accessConfig.authenticationMode: \"API\" and grant access with access entries instead of the aws-auth ConfigMap",
        ]);
    });
    it("eks-imdsv2: tokens required and hop limit 1", () => {
        expect(b((p) => { p.metadataOptions = { httpTokens: "optional", httpPutResponseHopLimit: 2 }; }, "eks-imdsv2", LAUNCH_TEMPLATE, launchTemplate())).toEqual([
            "metadataOptions.httpTokens: must be \"required\" (IMDSv2), got \"optional\"; set metadataOptions.httpTokens: \"required\"",
            "metadataOptions.httpPutResponseHopLimit: must be 1 so pods cannot reach the node's credentials, got 2; set metadataOptions.httpPutResponseHopLimit: 1 and give pods IRSA or Pod Identity roles",
        ]);
    });
});

describe("GKE", () => {
    const b = (edit: (p: Record<string, any>) => void, rule: string, type = GKE_CLUSTER, base = gke()) => broken(gcpRules, type, base, edit, rule);
    it("accepts the secure baseline, and relies on the provider's true defaults for shielded nodes and deletion protection", () => {
        expect(violationsOf(GKE_CLUSTER, gke(), gcpRules)).toEqual({});
        const defaults = gke();
        delete defaults.enableShieldedNodes;
        delete defaults.deletionProtection;
        expect(violationsOf(GKE_CLUSTER, defaults, gcpRules)).toEqual({});
        expect(violationsOf(GKE_NODE_POOL, nodePool(), gcpRules)).toEqual({});
    });
    it("gke-private-nodes", () => {
        expect(b((p) => { p.privateClusterConfig.enablePrivateNodes = false; }, "gke-private-nodes")).toEqual([
            "privateClusterConfig.enablePrivateNodes: must be true, got false; set privateClusterConfig.enablePrivateNodes: true so nodes get no public IPs (egress through Cloud NAT)",
        ]);
    });
    it("gke-workload-identity", () => {
        expect(b((p) => { delete p.workloadIdentityConfig; }, "gke-workload-identity")).toEqual([
            "workloadIdentityConfig.workloadPool: must be \"<project>.svc.id.goog\", got unset; enable Workload Identity so pods never use the node's service account",
        ]);
    });
    it("gke-shielded-nodes", () => {
        expect(b((p) => { p.enableShieldedNodes = false; }, "gke-shielded-nodes")).toEqual([
            "enableShieldedNodes: must be true, got false; remove enableShieldedNodes: false (Shielded nodes are the default)",
        ]);
    });
    it("gke-release-channel", () => {
        expect(b((p) => { p.releaseChannel = { channel: "UNSPECIFIED" }; }, "gke-release-channel")).toEqual([
            "releaseChannel.channel: must name a release channel, got \"UNSPECIFIED\"; set releaseChannel.channel to \"REGULAR\" or \"STABLE\" so the control plane and nodes get security patches",
        ]);
    });
    it("gke-network-policy: Dataplane V2 or the network policy addon", () => {
        expect(b((p) => { delete p.datapathProvider; }, "gke-network-policy")).toEqual([
            "datapathProvider: must be \"ADVANCED_DATAPATH\" (or networkPolicy.enabled true), got unset; use Dataplane V2 (datapathProvider: \"ADVANCED_DATAPATH\"), which enforces NetworkPolicy",
        ]);
        expect(violationsOf(GKE_CLUSTER, { ...gke(), datapathProvider: undefined, networkPolicy: { enabled: true, provider: "CALICO" } }, gcpRules)).toEqual({});
    });
    it("gke-deletion-protection (prod only)", () => {
        expect(b((p) => { p.deletionProtection = false; }, "gke-deletion-protection")).toEqual([
            "deletionProtection: must be true in production, got false; remove deletionProtection: false for production clusters",
        ]);
    });
    it("gke-metadata-server, on node pools and on the cluster's own node config", () => {
        expect(b((p) => { p.nodeConfig.workloadMetadataConfig.mode = "GCE_METADATA"; }, "gke-metadata-server", GKE_NODE_POOL, nodePool())).toEqual([
            "nodeConfig.workloadMetadataConfig.mode: must be \"GKE_METADATA\", got \"GCE_METADATA\"; set it so pods see the GKE metadata server, not the node's credentials",
        ]);
        expect(b((p) => { p.nodeConfig.workloadMetadataConfig.mode = "GCE_METADATA"; }, "gke-metadata-server")).toHaveLength(1);
    });
    it("gke-node-pool-management", () => {
        expect(b((p) => { p.management = { autoRepair: true }; }, "gke-node-pool-management", GKE_NODE_POOL, nodePool())).toEqual([
            "management.autoUpgrade: must be true, got unset; set management.autoUpgrade: true (the release channel requires it)",
        ]);
    });
});

describe("AKS", () => {
    const b = (edit: (p: Record<string, any>) => void, rule: string) => broken(azureRules, AKS_CLUSTER, aks(), edit, rule);
    it("accepts the secure baseline", () => {
        expect(violationsOf(AKS_CLUSTER, aks(), azureRules)).toEqual({});
    });
    it("aks-local-accounts-disabled", () => {
        expect(b((p) => { delete p.disableLocalAccounts; }, "aks-local-accounts-disabled")).toEqual([
            "disableLocalAccounts: must be true, got unset; set disableLocalAccounts: true so only Entra ID identities can reach the API",
        ]);
    });
    it("aks-azure-rbac", () => {
        expect(b((p) => { p.aadProfile.enableAzureRBAC = false; }, "aks-azure-rbac")).toEqual([
            "aadProfile.enableAzureRBAC: must be true, got false; set aadProfile: { managed: true, enableAzureRBAC: true } and grant access with Azure role assignments",
        ]);
    });
    it("aks-workload-identity needs the OIDC issuer and workload identity", () => {
        expect(b((p) => { delete p.oidcIssuerProfile; delete p.securityProfile; }, "aks-workload-identity")).toEqual([
            "oidcIssuerProfile.enabled: must be true, got unset; enable the OIDC issuer (workload identity needs it)",
            "securityProfile.workloadIdentity.enabled: must be true, got unset; enable workload identity so pods get Entra tokens instead of node credentials",
        ]);
    });
    it("aks-network-policy", () => {
        expect(b((p) => { p.networkProfile.networkPolicy = "none"; }, "aks-network-policy")).toEqual([
            "networkProfile.networkPolicy: must name a policy engine, got \"none\"; set networkProfile.networkPolicy: \"cilium\" (with networkDataplane: \"cilium\") or \"azure\"",
        ]);
    });
    it("aks-upgrade-channel", () => {
        expect(b((p) => { delete p.autoUpgradeProfile; }, "aks-upgrade-channel")).toEqual([
            "autoUpgradeProfile.upgradeChannel: must name an upgrade channel, got unset; set autoUpgradeProfile.upgradeChannel: \"patch\" or \"stable\"",
        ]);
    });
    it("aks-managed-identity", () => {
        expect(b((p) => { p.identity = { type: "None" }; }, "aks-managed-identity")).toEqual([
            "identity.type: must be \"SystemAssigned\" or \"UserAssigned\", got \"None\"; use a managed identity instead of a service principal secret",
        ]);
    });
});
