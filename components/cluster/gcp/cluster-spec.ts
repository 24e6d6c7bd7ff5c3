/**
 * The container.Cluster inputs: a VPC-native, private, Shielded, Dataplane V2
 * cluster with Workload Identity on a release channel, whose default node pool
 * is removed (pools are separate NodePool resources).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs } from "@pulumi/gcp/container/cluster";
import { PODS_RANGE, SERVICES_RANGE } from "./cidr";
import { CLOUD_PLATFORM_SCOPE } from "./node-pool";
import type { ResolvedGke } from "./resolve";

/**
 * Cluster fields to leave alone after creation. `nodeConfig` and
 * `initialNodeCount` only describe the default pool, which is deleted right
 * after creation; GKE then reports different values, and both force a
 * replacement of the whole cluster when they differ.
 */
export const CLUSTER_IGNORE_CHANGES = ["nodeConfig", "initialNodeCount"];

export interface ClusterSpecRefs {
    network: pulumi.Input<string>;
    subnetwork: pulumi.Input<string>;
    nodeServiceAccountEmail: pulumi.Input<string>;
}

export function gkeClusterArgs(r: ResolvedGke, refs: ClusterSpecRefs): ClusterArgs {
    return {
        name: r.clusterName,
        project: r.project,
        location: r.location,
        description: `kubeship ${r.prod ? "production " : ""}cluster ${r.clusterName}`,
        network: refs.network,
        subnetwork: refs.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
            clusterSecondaryRangeName: PODS_RANGE,
            servicesSecondaryRangeName: SERVICES_RANGE,
            stackType: "IPV4",
        },
        // GKE needs a default pool at creation; it is deleted at once. Give it the
        // hardened node settings too, so not even it runs as the Compute default account.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: {
            serviceAccount: refs.nodeServiceAccountEmail,
            oauthScopes: [CLOUD_PLATFORM_SCOPE],
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        },
        releaseChannel: { channel: r.releaseChannel },
        minMasterVersion: r.minMasterVersion,
        workloadIdentityConfig: { workloadPool: r.workloadPool },
        // No masterIpv4CidrBlock: new private clusters then use Private Service Connect, not VPC peering.
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: r.privateEndpoint },
        masterAuthorizedNetworksConfig: r.authorizedCidrs === undefined ? undefined : {
            cidrBlocks: r.authorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: `kubeship ${cidrBlock}` })),
            // Other Google Cloud customers' VMs are not "our networks".
            gcpPublicCidrsAccessEnabled: false,
        },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        // Dataplane V2 (eBPF): enforces NetworkPolicy itself; do not also set networkPolicy (Calico).
        datapathProvider: "ADVANCED_DATAPATH",
        addonsConfig: {
            httpLoadBalancing: { disabled: false },
            horizontalPodAutoscaling: { disabled: false },
            gcePersistentDiskCsiDriverConfig: { enabled: true },
        },
        loggingConfig: { enableComponents: r.prod ? ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER"] : ["SYSTEM_COMPONENTS", "WORKLOADS"] },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
        deletionProtection: r.deletionProtection,
    };
}
