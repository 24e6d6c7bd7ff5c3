/**
 * AKS secure defaults (the well-architected example): local accounts off,
 * Entra ID with Azure RBAC, OIDC issuer plus workload identity, a network
 * policy engine, an upgrade channel, and a managed identity. Input names follow
 * `@pulumi/azure-native` 3 (`containerservice.ManagedClusterArgs`).
 */
import type { Check, Rule } from "./types";
import { asObject, violation } from "./format";

export const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";

export const checkAksLocalAccounts: Check = (type, props) =>
    type !== AKS_CLUSTER || props.disableLocalAccounts === true ? []
        : [violation("disableLocalAccounts", "be true", props.disableLocalAccounts, "set disableLocalAccounts: true so only Entra ID identities can reach the API")];

export const checkAksAzureRbac: Check = (type, props) => {
    if (type !== AKS_CLUSTER) return [];
    const aad = asObject(props.aadProfile);
    return aad.enableAzureRBAC === true ? []
        : [violation("aadProfile.enableAzureRBAC", "be true", aad.enableAzureRBAC, "set aadProfile: { managed: true, enableAzureRBAC: true } and grant access with Azure role assignments")];
};

export const checkAksWorkloadIdentity: Check = (type, props) => {
    if (type !== AKS_CLUSTER) return [];
    const out: string[] = [];
    const oidc = asObject(props.oidcIssuerProfile).enabled;
    const wi = asObject(asObject(props.securityProfile).workloadIdentity).enabled;
    if (oidc !== true) out.push(violation("oidcIssuerProfile.enabled", "be true", oidc, "enable the OIDC issuer (workload identity needs it)"));
    if (wi !== true) out.push(violation("securityProfile.workloadIdentity.enabled", "be true", wi, "enable workload identity so pods get Entra tokens instead of node credentials"));
    return out;
};

export const checkAksNetworkPolicy: Check = (type, props) => {
    if (type !== AKS_CLUSTER) return [];
    const policy = asObject(props.networkProfile).networkPolicy;
    return typeof policy === "string" && policy !== "" && policy !== "none" ? []
        : [violation("networkProfile.networkPolicy", "name a policy engine", policy, "set networkProfile.networkPolicy: \"cilium\" (with networkDataplane: \"cilium\") or \"azure\"")];
};

export const checkAksUpgradeChannel: Check = (type, props) => {
    if (type !== AKS_CLUSTER) return [];
    const channel = asObject(props.autoUpgradeProfile).upgradeChannel;
    return typeof channel === "string" && channel !== "" && channel !== "none" ? []
        : [violation("autoUpgradeProfile.upgradeChannel", "name an upgrade channel", channel, "set autoUpgradeProfile.upgradeChannel: \"patch\" or \"stable\"")];
};

const MANAGED_IDENTITIES = ["SystemAssigned", "UserAssigned"];

export const checkAksManagedIdentity: Check = (type, props) => {
    if (type !== AKS_CLUSTER) return [];
    const t = asObject(props.identity).type;
    return MANAGED_IDENTITIES.includes(t) ? []
        : [violation("identity.type", "be \"SystemAssigned\" or \"UserAssigned\"", t, "use a managed identity instead of a service principal secret")];
};

export const azureRules: Rule[] = [
    { name: "aks-local-accounts-disabled", description: "AKS clusters disable local accounts.", types: [AKS_CLUSTER], check: checkAksLocalAccounts },
    { name: "aks-azure-rbac", description: "AKS clusters use Entra ID with Azure RBAC.", types: [AKS_CLUSTER], check: checkAksAzureRbac },
    { name: "aks-workload-identity", description: "AKS clusters enable the OIDC issuer and workload identity.", types: [AKS_CLUSTER], check: checkAksWorkloadIdentity },
    { name: "aks-network-policy", description: "AKS clusters run a NetworkPolicy engine.", types: [AKS_CLUSTER], check: checkAksNetworkPolicy },
    { name: "aks-upgrade-channel", description: "AKS clusters follow an auto-upgrade channel.", types: [AKS_CLUSTER], check: checkAksUpgradeChannel },
    { name: "aks-managed-identity", description: "AKS clusters run with a managed identity.", types: [AKS_CLUSTER], check: checkAksManagedIdentity },
];
