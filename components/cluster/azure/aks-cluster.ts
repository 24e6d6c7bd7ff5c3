/**
 * `cloud: azure`: an AKS cluster with the well-architected defaults (managed
 * identity, Entra ID with Azure RBAC and no local accounts, OIDC issuer and
 * workload identity, Azure CNI overlay with Cilium, an upgrade channel with
 * planned maintenance windows), a tainted zonal system pool, one autoscaling
 * AgentPool per config pool, and a zone-redundant StorageClass.
 *
 * Deployer prerequisites: `az login` (or ARM_* environment variables) with
 * Owner, or Contributor plus User Access Administrator, on the subscription or
 * resource group, and `kubelogin` on the PATH: the kubeconfig has no static
 * credentials (local accounts are disabled) and runs `kubelogin get-token`
 * in the stack's `cluster.azure.kubeloginMode` (azurecli by default).
 */
import * as pulumi from "@pulumi/pulumi";
import { azureProviderArgs } from "./provider";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import { AgentPool, MaintenanceConfiguration, ManagedCluster, listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { Provider } from "@pulumi/kubernetes/provider";
import type { Cluster, ClusterArgs, ClusterFacts, NodePoolInfo } from "../types";
import {
    SYSTEM_POOL_IGNORE_CHANGES, USER_POOL_IGNORE_CHANGES, USER_POOL_REPLACE_ON_CHANGES, systemPoolProfile, userPoolArgs,
} from "./agent-pools";
import { createClusterAdmins } from "./cluster-admins";
import { kubeconfigFromCredentials } from "./kubeconfig";
import { createNetwork } from "./network";
import { AUTOSCALER_PROFILE, type AksPlan } from "./resolve";
import { aksNetworkFacts } from "../network-facts";
import { builtInRoleId, ROLE } from "./roles";
import { createAcrPulls } from "./registries";
import { createZrsRetainStorageClass, createZrsStorageClass } from "./storage";
import { storageClassFacts } from "../storage-classes";
import { AKS_INTERNAL_LB_ANNOTATIONS } from "../load-balancer-annotations";
import { MAINTENANCE_CONFIG } from "./upgrades";

export class AksCluster extends pulumi.ComponentResource implements Cluster {
    readonly provider: Provider;
    readonly kubeconfig: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly nodePools: NodePoolInfo[];
    readonly facts: ClusterFacts;
    readonly readyResources: pulumi.Resource[];
    /** AKS ships the disk CSI driver; stateful tiers wait for kubeship's ZRS StorageClass. */
    readonly storageReadyResources: pulumi.Resource[];
    /** Resource group the cluster lives in. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** The cluster's OIDC issuer, for workload identity federated credentials. */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** A private cluster's subnet for its self-hosted deploy runner, when kubeship created the VNet. */
    readonly runnerSubnetId?: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs<AksPlan>, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:AksCluster", name, {}, opts);
        const plan = args.plan;

        // An explicit provider (not the default one) so every Azure child lands in the configured region.
        const azure = new AzureProvider(`${name}-azure`, azureProviderArgs(plan.region), { parent: this });
        const child: pulumi.CustomResourceOptions = { parent: this, provider: azure };
        const net = createNetwork(name, plan, child);

        const cluster = new ManagedCluster(`${name}-aks`, managedClusterArgs(plan, net.resourceGroupName, net.subnetId), {
            ...child,
            protect: plan.prod,
            ignoreChanges: SYSTEM_POOL_IGNORE_CHANGES,
        });

        // A change to a field that forces replacement also changes agentPoolName
        // (pool-name.ts), so Pulumi creates the new pool first and then deletes
        // (drains) the old one: deleteBeforeReplace stays off.
        const pools = plan.userPools.map((pool) => new AgentPool(
            `${name}-pool-${pool.key}`,
            userPoolArgs(pool, plan.kubernetesVersion, net.resourceGroupName, cluster.name, net.subnetId, plan.tags),
            { ...child, ignoreChanges: USER_POOL_IGNORE_CHANGES, replaceOnChanges: USER_POOL_REPLACE_ON_CHANGES },
        ));

        // Planned maintenance: the upgrade channel and the node OS channel act only
        // inside the stack's weekly window (best effort; AKS may break it for urgent fixes).
        for (const [role, configName] of [["upgrade", MAINTENANCE_CONFIG.upgrade], ["node-os", MAINTENANCE_CONFIG.nodeOS]] as const) {
            new MaintenanceConfiguration(`${name}-maintenance-${role}`, {
                resourceGroupName: net.resourceGroupName, resourceName: cluster.name, configName, maintenanceWindow: plan.maintenance,
            }, child);
        }

        // Internal load balancers are placed in the node subnet, so the cluster's
        // identity must be able to join it (the az CLI grants this; ARM does not).
        const subnetRole = new RoleAssignment(`${name}-subnet-network-contributor`, {
            principalId: cluster.identity.apply((i) => i?.principalId ?? ""),
            principalType: "ServicePrincipal",
            roleDefinitionId: builtInRoleId(net.subnetId, ROLE.networkContributor),
            scope: net.subnetId,
            description: `Lets AKS cluster ${plan.clusterName} place internal load balancers in its node subnet.`,
        }, child);
        // With Azure RBAC on and local accounts off, the deploy needs a data-plane
        // role: in the stack's own resource group it is granted before the cluster
        // exists and propagates while AKS creates it (access.ts).
        // Nodes pull from the registries named in cluster.azure.acr (registries.ts).
        createAcrPulls(name, plan.clusterName, plan.acrIds, cluster, child);
        const admins = createClusterAdmins(name, plan, plan.access.scope === "resource-group" && net.resourceGroup ? net.resourceGroup.id : cluster.id, child);

        const credentials = listManagedClusterUserCredentialsOutput({
            resourceGroupName: net.resourceGroupName,
            resourceName: cluster.name,
            format: "exec",
        }, { parent: this, provider: azure });
        this.kubeconfig = pulumi.secret(credentials.kubeconfigs.apply((k) => {
            if (!k.length) throw new pulumi.ResourceError("AKS returned no user credentials", this);
            return kubeconfigFromCredentials(k[0].value, plan.kubeloginMode);
        }));
        this.provider = new Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
        // A Kubernetes object: it needs the deployer's data-plane role, not nodes.
        const storageClass = createZrsStorageClass(name, plan.storage, this.provider, { parent: this, dependsOn: [cluster, ...admins] });
        const retainStorageClass = createZrsRetainStorageClass(name, plan.storage, this.provider, { parent: this, dependsOn: [cluster, ...admins] });

        this.clusterName = cluster.name;
        this.resourceGroupName = net.resourceGroupName;
        this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
        this.runnerSubnetId = net.runnerSubnet?.id;
        this.nodePools = plan.nodePools;
        this.facts = {
            cloud: "azure",
            environment: plan.environment,
            publicLoadBalancerAnnotations: {},
            internalLoadBalancerAnnotations: { ...AKS_INTERNAL_LB_ANNOTATIONS },
            ...storageClassFacts(plan.storage.className),
            loadBalancerAddress: "ip",
            ...aksNetworkFacts(plan),
        };
        this.readyResources = [
            cluster,
            ...pools.slice(0, 1),
            ...(net.vnet ? [net.vnet] : []),
            ...(net.subnet ? [net.subnet] : []),
            subnetRole,
            ...admins,
        ];
        this.storageReadyResources = [storageClass, retainStorageClass];
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            resourceGroupName: this.resourceGroupName,
            oidcIssuerUrl: this.oidcIssuerUrl,
            runnerSubnetId: this.runnerSubnetId,
        });
    }
}

/**
 * An explicit provider does not read the default provider's stack config
 * (`azure-native:subscriptionId`, ...), so the usual keys are passed on; the
 * ARM_* environment variables and the `az login` session work as usual.
 */

function managedClusterArgs(plan: AksPlan, resourceGroupName: pulumi.Input<string>, subnetId: pulumi.Input<string>) {
    return {
        resourceGroupName,
        resourceName: plan.names.managedCluster,
        location: plan.region,
        dnsPrefix: plan.names.dnsPrefix,
        nodeResourceGroup: plan.names.nodeResourceGroup,
        // Only a pinned minor is sent (see AksPlan.kubernetesVersion); otherwise AKS picks its default and the channel moves it.
        ...(plan.kubernetesVersion === undefined ? {} : { kubernetesVersion: plan.kubernetesVersion }),
        sku: { name: "Base", tier: plan.skuTier },
        identity: { type: "SystemAssigned" as const },
        enableRBAC: true,
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: plan.adminGroupObjectIds },
        disableLocalAccounts: true,
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkPolicy: "cilium",
            networkDataplane: "cilium",
            podCidr: plan.layout.podCidr,
            serviceCidr: plan.layout.serviceCidr,
            dnsServiceIP: plan.layout.dnsServiceIP,
            loadBalancerSku: "standard",
            // A zone-redundant Standard LB for egress; the managed NAT gateway is
            // zonal (one zone), so it would not be more available.
            outboundType: "loadBalancer",
        },
        autoUpgradeProfile: { upgradeChannel: plan.upgradeChannel, nodeOSUpgradeChannel: plan.nodeOSUpgradeChannel },
        autoScalerProfile: AUTOSCALER_PROFILE,
        apiServerAccessProfile: plan.api.private
            ? { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false }
            : { authorizedIPRanges: plan.api.authorizedIPRanges },
        agentPoolProfiles: [systemPoolProfile(plan.system, plan.kubernetesVersion, subnetId)],
        tags: plan.tags,
    };
}
