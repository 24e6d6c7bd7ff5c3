/**
 * The container.Cluster inputs: a VPC-native, private, Shielded, Dataplane V2
 * cluster with Workload Identity on a release channel and a weekly maintenance
 * window, whose default node pool is removed (pools are separate NodePool resources).
 *
 * Fields that differ by environment are all updated in place. Checked against
 * the ForceNew fields of hashicorp/terraform-provider-google
 * google/services/container/resource_container_cluster.go at
 * e03b7622a26cf4e878f90bdccaca6aa3d03a7999: description (ForceNew: constant
 * now), releaseChannel, loggingConfig, masterAuthorizedNetworksConfig,
 * privateClusterConfig.enablePrivateEndpoint, deletionProtection (not
 * ForceNew), and the provider's default labels (resourceLabels, in place).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs } from "@pulumi/gcp/container/cluster";
import { PODS_RANGE, SERVICES_RANGE } from "./cidr";
import { CLOUD_PLATFORM_SCOPE } from "./pool-identity";
import type { ResolvedGke } from "./resolve";

/**
 * Cluster fields to leave alone after creation. `nodeConfig` and
 * `initialNodeCount` only describe the default pool, which is deleted right
 * after creation; GKE then reports different values, and both force a
 * replacement of the whole cluster when they differ. `description` is ForceNew
 * too: clusters created before it was made constant said "production" in prod,
 * and must keep their description rather than be recreated.
 */
export const CLUSTER_IGNORE_CHANGES = ["nodeConfig", "initialNodeCount", "description"];

/** The same text in every environment: the description is ForceNew. */
export function clusterDescription(clusterName: string): string {
    return `kubeship cluster ${clusterName}`;
}

/**
 * GKE's default metric packages for new Standard clusters on the versions
 * kubeship creates (1.32 and later), listed so that a cluster created with
 * fewer gets them back:
 * - SYSTEM_COMPONENTS, the system metrics;
 * - kube state metrics (STORAGE, POD, DEPLOYMENT, STATEFULSET, DAEMONSET, HPA), on by
 *   default from 1.29.2-gke.2000, and JOBSET from 1.32.1-gke.1357001:
 *   https://cloud.google.com/kubernetes-engine/docs/how-to/kube-state-metrics
 * - cAdvisor/Kubelet (CADVISOR, KUBELET), on by default from 1.29.3-gke.1093000:
 *   https://cloud.google.com/kubernetes-engine/docs/how-to/cadvisor-kubelet-metrics
 * Valid values: terraform-provider-google resource_container_cluster.go
 * (monitoring_config.enable_components) at e03b7622a26cf4e878f90bdccaca6aa3d03a7999.
 * Leaving the list out is not the same: the provider still sends an empty
 * component config, and a field left unset keeps what an existing cluster has.
 */
export function monitoringComponents(minMasterVersion: string): string[] {
    const minor = /^1\.(\d+)/.exec(minMasterVersion);
    const jobset = minor === null || Number(minor[1]) >= 32;
    return [
        "SYSTEM_COMPONENTS",
        "STORAGE", "POD", "DEPLOYMENT", "STATEFULSET", "DAEMONSET", "HPA", ...(jobset ? ["JOBSET"] : []),
        "CADVISOR", "KUBELET",
    ];
}

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
        description: clusterDescription(r.clusterName),
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
        // Automatic upgrades (channel, node auto-upgrade) start only inside this window.
        maintenancePolicy: { recurringWindow: r.maintenance },
        minMasterVersion: r.minMasterVersion,
        workloadIdentityConfig: { workloadPool: r.workloadPool },
        // The API server's DNS-based endpoint, open to callers outside Google Cloud and
        // authorized by IAM (container.clusters.connect), not by source address: the path
        // Pulumi and kubectl take from a laptop or a GitHub-hosted runner, whatever the IP
        // endpoints below allow. Updated in place (not ForceNew in terraform-provider-google
        // resource_container_cluster.go at e03b7622a26cf4e878f90bdccaca6aa3d03a7999; see
        // components/diff/replace-fields.ts). The Kubernetes-token and client-certificate
        // options stay off: the kubeconfig sends Google OAuth tokens.
        // https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
        // https://cloud.google.com/blog/products/containers-kubernetes/new-dns-based-endpoint-for-the-gke-control-plane
        controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
        // No masterIpv4CidrBlock: new private clusters then use Private Service Connect, not VPC peering.
        // The IP endpoints stay (nodes use the private one): public with authorized networks
        // from endpoint.allowedCidrs, or private only (endpoint.public: false).
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
        monitoringConfig: { enableComponents: monitoringComponents(r.minMasterVersion), managedPrometheus: { enabled: true } },
        deletionProtection: r.deletionProtection,
    };
}
