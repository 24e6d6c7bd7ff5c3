/**
 * GKE secure defaults (the "safer-cluster" module): private nodes, Workload
 * Identity with the GKE metadata server, Shielded nodes, a release channel,
 * Dataplane V2 or network policy, deletion protection in prod, and node pools
 * that repair and upgrade themselves. Input names follow `@pulumi/gcp` 9
 * (`gcp.container.ClusterArgs`, `gcp.container.NodePoolArgs`).
 */
import type { Check, Rule } from "./types";
import { asObject, isObject, violation } from "./format";

export const GKE_CLUSTER = "gcp:container/cluster:Cluster";
export const GKE_NODE_POOL = "gcp:container/nodePool:NodePool";

export const checkGkePrivateNodes: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    const legacy = asObject(props.privateClusterConfig).enablePrivateNodes;
    const modern = asObject(props.networkConfig).defaultEnablePrivateNodes; // `networkConfig` is the newer home of the flag
    return legacy === true || modern === true ? []
        : [violation("privateClusterConfig.enablePrivateNodes", "be true", legacy, "set privateClusterConfig.enablePrivateNodes: true so nodes get no public IPs (egress through Cloud NAT)")];
};

export const checkGkeWorkloadIdentity: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    const pool = asObject(props.workloadIdentityConfig).workloadPool;
    return typeof pool === "string" && pool.endsWith(".svc.id.goog") ? []
        : [violation("workloadIdentityConfig.workloadPool", "be \"<project>.svc.id.goog\"", pool, "enable Workload Identity so pods never use the node's service account")];
};

export const checkGkeShieldedNodes: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    // The provider defaults enableShieldedNodes to true: only an explicit false is a violation.
    return props.enableShieldedNodes === false ? [violation("enableShieldedNodes", "be true", false, "remove enableShieldedNodes: false (Shielded nodes are the default)")] : [];
};

export const checkGkeReleaseChannel: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    const channel = asObject(props.releaseChannel).channel;
    return typeof channel === "string" && channel !== "" && channel !== "UNSPECIFIED" ? []
        : [violation("releaseChannel.channel", "name a release channel", channel, "set releaseChannel.channel to \"REGULAR\" or \"STABLE\" so the control plane and nodes get security patches")];
};

export const checkGkeNetworkPolicy: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    if (props.datapathProvider === "ADVANCED_DATAPATH" || asObject(props.networkPolicy).enabled === true) return [];
    return [violation("datapathProvider", "be \"ADVANCED_DATAPATH\" (or networkPolicy.enabled true)", props.datapathProvider,
        "use Dataplane V2 (datapathProvider: \"ADVANCED_DATAPATH\"), which enforces NetworkPolicy")];
};

export const checkGkeDeletionProtection: Check = (type, props) => {
    if (type !== GKE_CLUSTER) return [];
    // The provider defaults deletionProtection to true: only an explicit false is a violation.
    return props.deletionProtection === false ? [violation("deletionProtection", "be true in production", false, "remove deletionProtection: false for production clusters")] : [];
};

/** The metadata server mode Workload Identity needs, on the cluster's default pool config and on every node pool. */
export const checkGkeMetadataServer: Check = (type, props) => {
    if (type === GKE_CLUSTER) {
        // Only when the cluster configures nodes itself; a default pool that is removed right away may omit the mode.
        if (!isObject(props.nodeConfig)) return [];
        if (props.removeDefaultNodePool === true && !isObject(props.nodeConfig.workloadMetadataConfig)) return [];
    } else if (type !== GKE_NODE_POOL) {
        return [];
    }
    const mode = asObject(asObject(props.nodeConfig).workloadMetadataConfig).mode;
    return mode === "GKE_METADATA" ? []
        : [violation("nodeConfig.workloadMetadataConfig.mode", "be \"GKE_METADATA\"", mode, "set it so pods see the GKE metadata server, not the node's credentials")];
};

export const checkGkeNodePoolManagement: Check = (type, props) => {
    if (type !== GKE_NODE_POOL) return [];
    const m = asObject(props.management);
    const out: string[] = [];
    if (m.autoRepair !== true) out.push(violation("management.autoRepair", "be true", m.autoRepair, "set management.autoRepair: true"));
    if (m.autoUpgrade !== true) out.push(violation("management.autoUpgrade", "be true", m.autoUpgrade, "set management.autoUpgrade: true (the release channel requires it)"));
    return out;
};

export const gcpRules: Rule[] = [
    { name: "gke-private-nodes", description: "GKE nodes have no public IPs.", types: [GKE_CLUSTER], check: checkGkePrivateNodes },
    { name: "gke-workload-identity", description: "GKE clusters enable Workload Identity.", types: [GKE_CLUSTER], check: checkGkeWorkloadIdentity },
    { name: "gke-shielded-nodes", description: "GKE clusters use Shielded nodes.", types: [GKE_CLUSTER], check: checkGkeShieldedNodes },
    { name: "gke-release-channel", description: "GKE clusters follow a release channel.", types: [GKE_CLUSTER], check: checkGkeReleaseChannel },
    { name: "gke-network-policy", description: "GKE clusters enforce NetworkPolicy (Dataplane V2 or network policy).", types: [GKE_CLUSTER], check: checkGkeNetworkPolicy },
    { name: "gke-deletion-protection", description: "Production GKE clusters keep deletion protection on.", types: [GKE_CLUSTER], check: checkGkeDeletionProtection, scope: "prod-only" },
    { name: "gke-metadata-server", description: "GKE nodes run the GKE metadata server (GKE_METADATA).", types: [GKE_CLUSTER, GKE_NODE_POOL], check: checkGkeMetadataServer },
    { name: "gke-node-pool-management", description: "GKE node pools auto-repair and auto-upgrade.", types: [GKE_NODE_POOL], check: checkGkeNodePoolManagement },
];
