/**
 * Which input changes force a replacement, per resource type kubeship creates.
 *
 * A rule's `path` is a dotted input path; a change at that path, under it, or to an
 * ancestor that changes the value at it, forces the resource to be replaced.
 * `checked: false` marks rules taken from provider docs or memory that were not
 * confirmed against the provider source; the report says "likely" for those.
 *
 * Sources (read while writing this table):
 * - K8S:   pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (`forceNew` map).
 * - TF_AWS: hashicorp/terraform-provider-aws internal/service/<svc>/*.go, schema `ForceNew: true`
 *           (pulumi-aws bridges these as replaces).
 * - TF_GCP: hashicorp/terraform-provider-google google/services/container/node_config.go and
 *           GoogleCloudPlatform/magic-modules#9575 (machineType/diskType/diskSizeGb no longer ForceNew).
 *           The GKE cluster and node pool rules were re-read at commit
 *           e03b7622a26cf4e878f90bdccaca6aa3d03a7999 (2026-08-21): every `ForceNew: true` in the
 *           schemas of resource_container_cluster.go, resource_container_node_pool.go and
 *           schemaNodeConfig (node_config.go), in Pulumi's names. A block that is ForceNew only
 *           forces on being added or removed (SDKv2 diffs its fields by their own flags), so such
 *           blocks are listed by their ForceNew fields.
 * - AZN:   pulumi/pulumi-azure-native provider/pkg/gen forceNewMap (ContainerService, Network,
 *           Resources, Authorization), plus URL path parameters, which azure-native always replaces on.
 */

export interface ReplaceRule {
    /** Dotted input path, e.g. `nodeConfig.machineType` or `spec.selector`. */
    path: string;
    /** Where the rule comes from. */
    source: string;
    /** False when not confirmed against provider source: reported as "likely". @default true */
    checked?: boolean;
    /** Only a replacement when this holds for the values at `path` (old, new). @default always */
    when?: (oldValue: unknown, newValue: unknown) => boolean;
}

const K8S = "pulumi-kubernetes provider/pkg/provider/diff.go forceNew";
const TF_AWS = (file: string) => `terraform-provider-aws internal/service/${file} ForceNew`;
const TF_GCP = (file: string) => `terraform-provider-google google/services/${file} ForceNew`;
/** The GKE rules' source, with the commit they were confirmed at. */
const TF_GKE = (file: string) => `terraform-provider-google@e03b7622 google/services/container/${file} ForceNew`;
const AZN = "pulumi-azure-native forceNewMap";
const AZN_PATH = "azure-native: URL path parameter (resource identity)";
const MEMORY = "provider docs, from memory; not re-checked";
const AKS_POOL_REPLACE_ON_CHANGES = "kubeship replaceOnChanges (components/cluster/azure/agent-pools.ts USER_POOL_REPLACE_ON_CHANGES)";

const rules = (source: string, paths: string[], extra: Partial<ReplaceRule> = {}): ReplaceRule[] =>
    paths.map((path) => ({ path, source, ...extra }));
const unchecked = (source: string, paths: string[]) => rules(source, paths, { checked: false });

/** `true` unless `next` is a CIDR that contains `prev` with a shorter prefix (an in-place expansion). */
export function isNotCidrExpansion(prev: unknown, next: unknown): boolean {
    const parse = (v: unknown) => {
        const m = typeof v === "string" ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(v) : null;
        if (!m) return undefined;
        const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
        return { ip, bits: Number(m[5]) };
    };
    const a = parse(prev), b = parse(next);
    if (!a || !b) return true;
    if (b.bits >= a.bits) return true;
    const block = 2 ** (32 - b.bits);
    return Math.floor(a.ip / block) !== Math.floor(b.ip / block);
}

const labelSelector = (prefix: string) => [prefix];

/** ForceNew fields of schemaNodeConfig (node_config.go at e03b7622), for a cluster's and a pool's nodeConfig. */
const NODE_CONFIG_FORCE_NEW = [
    "guestAccelerators", "localSsdCount", "ephemeralStorageLocalSsdConfig", "localNvmeSsdBlockConfig", "secondaryBootDisks",
    "metadata", "minCpuPlatform", "oauthScopes", "preemptible", "reservationAffinity", "spot", "serviceAccount",
    "shieldedInstanceConfig", "sandboxConfig", "bootDiskKmsKey", "nodeGroup", "advancedMachineFeatures", "soleTenantConfig",
    "hostMaintenancePolicy", "confidentialNodes.confidentialInstanceType", "enableConfidentialStorage", "localSsdEncryptionMode",
    "maxRunDuration", "flexStart",
];

/** Rules for every Kubernetes object: the provider replaces on rename or namespace move. */
export const KUBERNETES_OBJECT_RULES: ReplaceRule[] = rules(K8S, ["metadata.name", "metadata.namespace"]);

export const REPLACE_FIELDS: Record<string, ReplaceRule[]> = {
    // ---- Kubernetes (pulumi-kubernetes decides; the API server refuses these updates) ----
    "kubernetes:apps/v1:Deployment": rules(K8S, labelSelector("spec.selector")),
    "kubernetes:apps/v1:DaemonSet": rules(K8S, labelSelector("spec.selector")),
    "kubernetes:apps/v1:StatefulSet": rules(K8S, [
        "spec.selector", "spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.serviceName", "spec.volumeClaimTemplates",
    ]),
    // Only spec.clusterIP: type, ports and selectors update in place.
    "kubernetes:core/v1:Service": rules(K8S, ["spec.clusterIP"]),
    "kubernetes:core/v1:PersistentVolumeClaim": rules(K8S, ["spec"]),
    // Replaced unless the provider sets enableConfigMapMutable / enableSecretMutable.
    "kubernetes:core/v1:ConfigMap": rules(K8S, ["data", "binaryData"]),
    "kubernetes:core/v1:Secret": rules(K8S, ["type", "data", "stringData"]),
    "kubernetes:storage.k8s.io/v1:StorageClass": rules(K8S, ["parameters", "provisioner"]),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": rules(K8S, ["roleRef"]),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": rules(K8S, ["roleRef"]),
    "kubernetes:batch/v1:Job": rules(K8S, ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"]),
    // policy/v1 PodDisruptionBudget: the forceNew map lists `.spec` for policy/v1beta1 only; the
    // PDB spec is mutable since Kubernetes 1.15, so v1 updates in place. HPA, NetworkPolicy,
    // Namespace and ServiceAccount have no entries beyond metadata.
    "kubernetes:helm.sh/v3:Release": unchecked(MEMORY, ["name", "namespace"]),

    // ---- AWS ----
    "aws:eks/cluster:Cluster": [
        ...rules(TF_AWS("eks/cluster.go"), [
            "name", "roleArn", "bootstrapSelfManagedAddons", "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "kubernetesNetworkConfig.ipFamily", "kubernetesNetworkConfig.serviceIpv4Cidr",
            "outpostConfig.controlPlaneInstanceType", "remoteNetworkConfig",
        ]),
        // CustomizeDiff ForceNewIfChange: envelope encryption cannot be disabled, only removed by replacing.
        { path: "encryptionConfig", source: TF_AWS("eks/cluster.go") + "IfChange", when: (o, n) => o !== undefined && n === undefined },
        // vpcConfig.subnetIds / securityGroupIds are not ForceNew: EKS updates them in place (UpdateClusterConfig).
    ],
    // Confirmed in the schema at 012e0a32f0686212f447447fd3d81c3d0ce256ad (2026-12-01): ForceNew on ami_type,
    // capacity_type, cluster_name, disk_size, instance_types (a list: reordering replaces too),
    // launch_template.0.id and .name, node_group_name(_prefix), node_role_arn, remote_access
    // (and its ec2_ssh_key, source_security_group_ids), subnet_ids. labels, taint, scaling_config,
    // update_config, node_repair_config go through UpdateNodegroupConfig; version, release_version
    // and launch_template.version through UpdateNodegroupVersion: in place.
    "aws:eks/nodeGroup:NodeGroup": rules(`${TF_AWS("eks/node_group.go")} @012e0a32`, [
        "amiType", "capacityType", "clusterName", "diskSize", "instanceTypes", "launchTemplate.id", "launchTemplate.name",
        "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "remoteAccess", "subnetIds",
    ]),
    // Confirmed at 00a35305dc1b297a6fcdecdfbba33f1e63c3da39: addon_version, configuration_values,
    // service_account_role_arn and pod identity associations go through UpdateAddon (in place).
    "aws:eks/addon:Addon": rules(`${TF_AWS("eks/addon.go")} @00a35305`, ["addonName", "clusterName"]),
    "aws:eks/accessEntry:AccessEntry": unchecked(TF_AWS("eks/access_entry.go"), ["clusterName", "principalArn", "type"]),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": unchecked(TF_AWS("eks/access_policy_association.go"), ["clusterName", "policyArn", "principalArn"]),
    "aws:ec2/vpc:Vpc": unchecked(TF_AWS("ec2/vpc_.go"), ["cidrBlock", "ipv4IpamPoolId"]),
    "aws:ec2/subnet:Subnet": unchecked(TF_AWS("ec2/vpc_subnet.go"), ["cidrBlock", "availabilityZone", "availabilityZoneId", "vpcId"]),
    "aws:ec2/natGateway:NatGateway": unchecked(TF_AWS("ec2/vpc_nat_gateway.go"), ["allocationId", "subnetId", "connectivityType", "privateIp"]),
    "aws:ec2/eip:Eip": unchecked(TF_AWS("ec2/ec2_eip.go"), ["domain"]),
    "aws:ec2/routeTable:RouteTable": unchecked(TF_AWS("ec2/vpc_route_table.go"), ["vpcId"]),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": unchecked(TF_AWS("ec2/vpc_route_table_association.go"), ["subnetId", "gatewayId"]),
    // InternetGateway: vpcId changes detach/attach in place.
    "aws:ec2/launchTemplate:LaunchTemplate": unchecked(TF_AWS("ec2/ec2_launch_template.go"), ["name", "namePrefix"]),
    "aws:iam/role:Role": unchecked(TF_AWS("iam/role.go"), ["name", "namePrefix", "path"]),
    "aws:iam/policy:Policy": unchecked(TF_AWS("iam/policy.go"), ["name", "namePrefix", "path"]),
    "aws:iam/rolePolicy:RolePolicy": unchecked(TF_AWS("iam/role_policy.go"), ["name", "namePrefix", "role"]),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": unchecked(TF_AWS("iam/role_policy_attachment.go"), ["role", "policyArn"]),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": unchecked(TF_AWS("iam/openid_connect_provider.go"), ["url"]),
    // KMS key: policy, rotation and description update in place; only the key's kind replaces.
    "aws:kms/key:Key": unchecked(TF_AWS("kms/key.go"), ["customerMasterKeySpec", "keyUsage", "customKeyStoreId", "multiRegion"]),
    "aws:cloudwatch/logGroup:LogGroup": unchecked(TF_AWS("logs/group.go"), ["name", "namePrefix", "logGroupClass"]),

    // ---- GCP ----
    "gcp:container/cluster:Cluster": [
        ...rules(TF_GKE("resource_container_cluster.go"), [
            "name", "location", "project", "network", "subnetwork", "description", "initialNodeCount", "nodePools",
            "clusterIpv4Cidr", "enableKubernetesAlpha", "enableTpu", "enableAutopilot", "confidentialNodes",
            "masterAuth.clientCertificateConfig", "clusterAutoscaling.autoProvisioningDefaults.bootDiskKmsKey",
            "networkingMode", "defaultMaxPodsPerNode", "datapathProvider", "dataplaneOptimizationMode",
            ...["clusterIpv4CidrBlock", "servicesIpv4CidrBlock", "clusterSecondaryRangeName", "servicesSecondaryRangeName",
                "podCidrOverprovisionConfig"].map((p) => `ipAllocationPolicy.${p}`),
            "privateClusterConfig.masterIpv4CidrBlock", "privateClusterConfig.privateEndpointSubnetwork",
            ...["clusterCa", "etcdApiCa", "etcdPeerCa", "aggregationCa"].map((p) => `userManagedKeysConfig.${p}`),
        ]),
        // The default pool's node_config (schemaNodeConfig); kubeship ignores nodeConfig after creation.
        ...rules(TF_GKE("node_config.go"), NODE_CONFIG_FORCE_NEW.map((p) => `nodeConfig.${p}`)),
        // CustomizeDiff ForceNewIfChange(isBeenEnabled): turning these off replaces the cluster.
        ...["enableL4IlbSubsetting", "enableFqdnNetworkPolicy"].map((path): ReplaceRule => ({
            path, source: TF_GKE("resource_container_cluster.go") + "IfChange", when: (o, n) => o === true && n !== true,
        })),
        // In place: releaseChannel, minMasterVersion, loggingConfig, monitoringConfig, maintenancePolicy,
        // masterAuthorizedNetworksConfig, privateClusterConfig.enablePrivateEndpoint, resourceLabels.
    ],
    "gcp:container/nodePool:NodePool": [
        ...rules(TF_GKE("resource_container_node_pool.go"), [
            "name", "namePrefix", "location", "cluster", "project", "initialNodeCount", "maxPodsPerNode",
            "placementPolicy", "queuedProvisioning",
            ...["acceleratorNetworkProfile", "createPodRange", "podRange", "podIpv4CidrBlock", "additionalNodeNetworkConfigs",
                "additionalPodNetworkConfigs", "podCidrOverprovisionConfig", "subnetwork"].map((p) => `networkConfig.${p}`),
        ]),
        // machineType, diskSizeGb, diskType, imageType, labels, taints, resourceLabels, gvnic, gcfsConfig,
        // workloadMetadataConfig, nodeLocations, autoscaling, upgradeSettings, nodeDrainConfigs: in place.
        ...rules(TF_GKE("node_config.go"), NODE_CONFIG_FORCE_NEW.map((p) => `nodeConfig.${p}`)),
    ],
    "gcp:compute/network:Network": unchecked(TF_GCP("compute/resource_compute_network.go"), ["name", "project", "autoCreateSubnetworks"]),
    "gcp:compute/subnetwork:Subnetwork": [
        ...unchecked(TF_GCP("compute/resource_compute_subnetwork.go"), ["name", "network", "region", "project"]),
        // ForceNewIfChange(IsShrinkageIpCidr): expanding the range is in place, anything else replaces.
        { path: "ipCidrRange", source: MEMORY, checked: false, when: isNotCidrExpansion },
    ],
    "gcp:compute/router:Router": unchecked(TF_GCP("compute/resource_compute_router.go"), ["name", "network", "region", "project"]),
    "gcp:compute/routerNat:RouterNat": unchecked(TF_GCP("compute/resource_compute_router_nat.go"), ["name", "router", "region", "project"]),
    "gcp:serviceaccount/account:Account": unchecked(TF_GCP("resourcemanager/resource_google_service_account.go"), ["accountId", "project"]),
    "gcp:projects/iAMMember:IAMMember": unchecked(TF_GCP("resourcemanager/iam_member.go"), ["project", "role", "member", "condition"]),

    // ---- Azure (azure-native) ----
    "azure-native:containerservice:ManagedCluster": [
        ...rules(AZN_PATH, ["resourceGroupName", "resourceName"]),
        ...rules(AZN, [
            "location", "dnsPrefix", "fqdnSubdomain", "diskEncryptionSetID", "linuxProfile", "windowsProfile", "nodeResourceGroup",
            ...["serviceCidr", "serviceCidrs", "podCidrs", "dnsServiceIP", "networkMode", "networkPlugin", "networkPluginMode",
                "podCidr", "networkDataplane", "networkPolicy", "outboundType", "ipFamilies"].map((p) => `networkProfile.${p}`),
        ]),
    ],
    "azure-native:containerservice:AgentPool": [
        // kubeship hashes the fields below into agentPoolName (azure/pool-name.ts), so a change to any
        // of them also shows here as a path change: the new pool is created first, then the old deleted.
        ...rules(AZN_PATH, ["resourceGroupName", "resourceName", "agentPoolName"]),
        // forceNewMap "AgentPool": gpuInstanceProfile, vmSize (read at f8d3054ad7a51690d78c6418a507ecd0a97bf847;
        // nodePublicIPTags in a later stored version of the same file).
        ...rules(AZN, ["vmSize", "gpuInstanceProfile", "networkProfile.nodePublicIPTags"]),
        // Not in forceNewMap and not create-only in the REST spec, so azure-native alone would try an
        // in-place update that AKS refuses; kubeship sets replaceOnChanges on them. Immutable per
        // terraform-provider-azurerm kubernetes_cluster_node_pool_resource.go ForceNew @ feaf426d93f6 and,
        // for osDiskType, the REST spec 2026-10-01 ("May not be changed after creation").
        ...rules(AKS_POOL_REPLACE_ON_CHANGES, ["osDiskSizeGB", "osDiskType", "availabilityZones", "scaleSetPriority", "vnetSubnetID"]),
        // ForceNew in the same terraform file; kubeship does not set them, and azure-native would update in place.
        ...unchecked("terraform-provider-azurerm kubernetes_cluster_node_pool_resource.go ForceNew (not in azure-native forceNewMap)", [
            "osType", "podSubnetID", "maxPods",
        ]),
    ],
    // Only its identity replaces (no forceNewMap entry); the window updates in place.
    "azure-native:containerservice:MaintenanceConfiguration": rules(AZN_PATH, ["resourceGroupName", "resourceName", "configName"]),
    "azure-native:network:VirtualNetwork": [...rules(AZN_PATH, ["resourceGroupName", "virtualNetworkName"]), ...rules(AZN, ["location"])],
    // forceNewMap lists Subnet with "no force-news": only its identity replaces.
    "azure-native:network:Subnet": rules(AZN_PATH, ["resourceGroupName", "virtualNetworkName", "subnetName"]),
    "azure-native:resources:ResourceGroup": [...rules(AZN_PATH, ["resourceGroupName"]), ...rules(AZN, ["location"])],
    "azure-native:authorization:RoleAssignment": [...rules(AZN_PATH, ["roleAssignmentName"]), ...rules(AZN, ["principalId", "scope"])],
};

/** The rules for a resource type: its own, plus the metadata rules of every Kubernetes object. */
export function replaceRulesFor(type: string): ReplaceRule[] {
    const own = REPLACE_FIELDS[type] ?? [];
    const isKubernetesObject = type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml");
    return isKubernetesObject ? [...KUBERNETES_OBJECT_RULES, ...own] : own;
}
