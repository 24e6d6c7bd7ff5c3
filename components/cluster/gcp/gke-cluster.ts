/**
 * `cloud: gcp`: a GKE Standard cluster built from plain `@pulumi/gcp`
 * resources (visible under mocks): the project's APIs switched on, its own
 * network with Cloud NAT (or an existing one), a hardened control plane reached
 * on its DNS endpoint, a least-privilege node service account, and one
 * autoscaled NodePool per configured pool. Every name carries the stack (names.ts).
 *
 * Production (`environment: prod`) adds deletion protection, `protect` on the
 * cluster and network, the STABLE release channel and API server logs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster as GkeControlPlane } from "@pulumi/gcp/container/cluster";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { Provider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1/storageClass";
import type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo } from "../types";
import { enableGkeApis } from "./apis";
import { CLUSTER_IGNORE_CHANGES, gkeClusterArgs } from "./cluster-spec";
import { gkeKubeconfig } from "./kubeconfig";
import { createGkeNetwork } from "./network";
import { createNodeIdentity } from "./node-identity";
import { createNodePool } from "./node-pool";
import type { ResolvedGke } from "./resolve";
import { gkeNetworkFacts } from "../network-facts";
import { GKE_INTERNAL_LB_ANNOTATIONS, GKE_PUBLIC_LB_ANNOTATIONS } from "../load-balancer-annotations";
import { retainTwinOf } from "./disk-type";

/** What an app on GKE needs to know (the storage class follows the pools: `r.storage`). */
export const GKE_FACTS: Omit<ClusterFacts, "environment" | "storageClass" | "internalCidrs" | "poolTaints"> = {
    cloud: "gcp",
    // GKE's default LoadBalancer is external. Backend-service-based passthrough NLBs are
    // Google's recommended kind for new Services (GKE 1.25.5+).
    publicLoadBalancerAnnotations: { ...GKE_PUBLIC_LB_ANNOTATIONS },
    internalLoadBalancerAnnotations: { ...GKE_INTERNAL_LB_ANNOTATIONS },
    loadBalancerAddress: "ip",
};

export class GkeCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    readonly readyResources: pulumi.Resource[];
    /**
     * The cluster ships its CSI driver and standard-rwo; the Hyperdisk class, when
     * kubeship creates one (every pool Hyperdisk-only), is what claims wait for.
     */
    readonly storageReadyResources: pulumi.Resource[];
    /** The GKE cluster resource itself. */
    readonly cluster: GkeControlPlane;

    constructor(name: string, args: ClusterArgs<ResolvedGke>, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:GkeCluster", name, {}, opts);
        const r = args.plan;

        // Every GCP child uses this provider: no ambient gcloud project or region.
        const gcp = new GcpProvider(`${name}-gcp`, {
            project: r.project,
            region: r.region,
            defaultLabels: { "kubeship-cluster": r.clusterName, "kubeship-environment": r.environment },
        }, { parent: this });
        const child = { parent: this, provider: gcp };

        // A fresh project has these APIs off: nothing that calls them may start before.
        const apis = enableGkeApis(name, r, child);
        const afterApis = { ...child, dependsOn: apis };
        const network = createGkeNetwork(name, r, afterApis);
        const identity = createNodeIdentity(name, r, afterApis);
        this.cluster = new GkeControlPlane(`${name}-cluster`, gkeClusterArgs(r, {
            network: network.network,
            subnetwork: network.subnetwork,
            nodeServiceAccountEmail: identity.account.email,
        }), {
            ...child,
            protect: r.prod,
            ignoreChanges: CLUSTER_IGNORE_CHANGES,
            // The cluster's name is explicit, so a replacement cannot be created beside it.
            deleteBeforeReplace: true,
            // The temporary default pool boots with the node account: its roles must exist first.
            dependsOn: [...apis, ...identity.roles],
        });

        const pools = r.pools.map((pool) => createNodePool(name, r, pool, {
            cluster: this.cluster.name,
            location: this.cluster.location,
            serviceAccountEmail: identity.account.email,
        }, {
            ...child,
            // Nodes pull images through the NAT and write logs with these roles from their first boot.
            dependsOn: [...identity.roles, ...(network.nat ? [network.nat] : [])],
        }));

        const project = r.project;
        // The DNS endpoint, not the IP one: reachable from a laptop and from CI alike (kubeconfig.ts).
        this.kubeconfig = pulumi.secret(pulumi.all([this.cluster.name, this.cluster.location, this.cluster.controlPlaneEndpointsConfig])
            .apply(([clusterName, location, endpoints]) => gkeKubeconfig({
                project, location, clusterName, dnsEndpoint: endpoints.dnsEndpointConfig.endpoint,
            })));
        this.provider = new Provider(`${name}-k8s`, {
            kubeconfig: this.kubeconfig,
            enableServerSideApply: true,
        }, { parent: this, dependsOn: [pools[0]] });

        // Zonal volumes (no regional disks): GKE's autoscaler grows a pool zone by zone
        // (one instance group per zone), so it can add a node in a volume's zone. README "Storage and zones".
        const storage = r.storage;
        this.storageReadyResources = storage.create ? [new StorageClass(`${name}-hyperdisk`, {
            metadata: { name: storage.storageClass },
            // https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/hyperdisk
            provisioner: "pd.csi.storage.gke.io",
            parameters: { type: storage.diskType },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Delete",
        }, { parent: this, provider: this.provider, dependsOn: [pools[0]] })] : [];
        // The Retain twin for storage.onDestroy: retain (storage-classes.ts), of GKE's standard-rwo or of kubeship's Hyperdisk class.
        const retain = retainTwinOf(storage);
        this.storageReadyResources.push(new StorageClass(`${name}-storage-retain`, retain, { parent: this, provider: this.provider, dependsOn: [pools[0]] }));

        this.clusterName = this.cluster.name;
        this.nodePools = r.pools.map((p) => ({ name: p.name, machineType: p.machineType, min: p.min, max: p.max, spot: p.spot }));
        this.facts = { ...GKE_FACTS, environment: r.environment, storageClass: storage.storageClass, storageClasses: { delete: storage.storageClass, retain: retain.metadata.name }, ...gkeNetworkFacts(r) };
        this.readyResources = [this.cluster, pools[0], ...network.created];
        this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig });
    }
}
