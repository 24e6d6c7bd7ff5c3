/**
 * How long `pulumi up` spends creating one resource of each type, from scratch.
 *
 * Each figure is a typical wall time from the create call until Pulumi marks the
 * resource done (for Kubernetes objects, until its await logic says "ready").
 * `source` names the provider doc or public measurement the figure comes from;
 * where none was found it says "estimate" and why the number is plausible.
 * Measured runs vary by region and day: these are medians to plan with, not bounds.
 */
import type { ResourceEntry } from "../render/manifests";

export interface Duration {
    seconds: number;
    source: string;
}

export type Cloud = "aws" | "gcp" | "azure" | "existing";

/** The duration used for a type nobody measured; such types are listed in the report. */
export const DEFAULT_DURATION: Duration = { seconds: 5, source: "no measured duration: default for unknown types" };

const TF_STEAMPIPE_AWS = "terraform apply log in turbot/steampipe-plugin-aws#131 (github.com/turbot/steampipe-plugin-aws/pull/131)";
const TF_EKS_2203 = "terraform apply log in terraform-aws-modules/terraform-aws-eks#2203";
const PULUMI_K8S_AWAIT = "Pulumi Kubernetes await logic (@pulumi/kubernetes resource docs; pulumi.com/blog/improving-kubernetes-management-with-pulumis-await-logic)";

/** Creation time per Pulumi type token. Services are looked up by spec.type, see `durationOf`. */
export const DURATIONS: Readonly<Record<string, Duration>> = {
    // ---- AWS networking
    "aws:ec2/vpc:Vpc": { seconds: 15, source: `${TF_STEAMPIPE_AWS}: aws_vpc created after 24 s (with DNS attributes); the API call itself returns in seconds` },
    "aws:ec2/subnet:Subnet": { seconds: 8, source: `${TF_STEAMPIPE_AWS}: subnets after 7 s; ${TF_EKS_2203}: 10 s` },
    "aws:ec2/internetGateway:InternetGateway": { seconds: 5, source: "estimate: create + attach, a few seconds" },
    "aws:ec2/eip:Eip": { seconds: 2, source: "estimate: allocation is a single synchronous API call" },
    "aws:ec2/natGateway:NatGateway": { seconds: 100, source: "kubernetes/kops#944: pending -> available 'up to 5 min'; commonly measured 1-2 min" },
    "aws:ec2/routeTable:RouteTable": { seconds: 3, source: "estimate: synchronous API call plus routes" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { seconds: 1, source: `${TF_EKS_2203}: route table associations after 1 s` },
    "aws:ec2/route:Route": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:ec2/securityGroup:SecurityGroup": { seconds: 3, source: "estimate: synchronous API call plus rules" },
    "aws:ec2/securityGroupRule:SecurityGroupRule": { seconds: 3, source: "terraform apply log in hashicorp-education/learn-terraform-variables#6: 2-5 s per rule" },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:ec2/launchTemplate:LaunchTemplate": { seconds: 2, source: "estimate: synchronous API call" },
    // ---- S3 and EKS Pod Identity (an app's buckets and workload identities)
    "aws:s3/bucket:Bucket": { seconds: 3, source: "estimate: CreateBucket is synchronous; the provider then reads the bucket's settings back" },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:s3/bucketVersioning:BucketVersioning": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:s3/bucketPolicy:BucketPolicy": { seconds: 2, source: "estimate: synchronous API call" },
    // ---- AWS IAM, KMS, logs
    "aws:iam/role:Role": { seconds: 7, source: `${TF_STEAMPIPE_AWS}: aws_iam_role created after 7 s (IAM eventual consistency wait)` },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { seconds: 4, source: `${TF_STEAMPIPE_AWS}: attachments after 4 s` },
    "aws:iam/rolePolicy:RolePolicy": { seconds: 4, source: "estimate: same API family as RolePolicyAttachment (4 s measured)" },
    "aws:iam/policy:Policy": { seconds: 4, source: "estimate: same API family as RolePolicyAttachment (4 s measured)" },
    "aws:iam/instanceProfile:InstanceProfile": { seconds: 8, source: "estimate: IAM create plus propagation, like Role" },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { seconds: 1, source: "terraform apply log in DevopsArtFactory/terraform-provisioning#46: aws_iam_openid_connect_provider after 1 s" },
    "aws:kms/key:Key": { seconds: 5, source: "estimate: CreateKey is synchronous; the provider waits briefly for propagation" },
    "aws:kms/alias:Alias": { seconds: 1, source: "estimate: synchronous API call" },
    "aws:cloudwatch/logGroup:LogGroup": { seconds: 1, source: "estimate: synchronous API call" },
    // ---- EKS
    "aws:eks/cluster:Cluster": { seconds: 600, source: "AWS EKS API reference, CreateCluster: 'In most cases, it takes several minutes to create a cluster'; measured 8m33s in DevopsArtFactory/terraform-provisioning#46; aws/containers-roadmap#1227 (older average 15 min)" },
    "aws:eks/nodeGroup:NodeGroup": { seconds: 180, source: "umotif-public/terraform-aws-eks-node-group#7: aws_eks_node_group created after 2m50s; eksctl-io/eksctl#482: node group stack 3m36s" },
    "aws:eks/addon:Addon": { seconds: 90, source: "estimate 1-2 min once nodes exist; coredns/ebs-csi can take far longer without ready nodes (aws-ia/terraform-aws-eks-blueprints#642, terraform-aws-modules/terraform-aws-eks#1765)" },
    "aws:eks/accessEntry:AccessEntry": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { seconds: 2, source: "estimate: synchronous API call" },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": { seconds: 2, source: "estimate: synchronous API call" },
    // ---- GCP
    "gcp:compute/network:Network": { seconds: 45, source: "terraform apply log in turbot/steampipe-plugin-gcp#214: google_compute_network created after 58 s; commonly 20-60 s" },
    "gcp:compute/subnetwork:Subnetwork": { seconds: 20, source: "estimate: regional long-running operation, 10-30 s" },
    "gcp:compute/router:Router": { seconds: 15, source: "estimate: regional long-running operation" },
    "gcp:compute/routerNat:RouterNat": { seconds: 25, source: "estimate: updates the router, a regional long-running operation" },
    "gcp:compute/firewall:Firewall": { seconds: 12, source: "estimate: global long-running operation" },
    "gcp:container/cluster:Cluster": { seconds: 420, source: "estimate: regional GKE Standard control plane commonly measured 5-8 min (container.clusters.create is a long-running operation; Workflows connector default timeout 30 min)" },
    "gcp:container/nodePool:NodePool": { seconds: 240, source: "estimate: GKE node pool commonly measured 3-5 min; hashicorp/terraform-provider-google#13178 log shows >1m30s" },
    "gcp:serviceaccount/account:Account": { seconds: 6, source: "terraform apply log in turbot/steampipe-plugin-gcp#214: google_service_account created after 6 s" },
    "gcp:projects/iAMMember:IAMMember": { seconds: 10, source: "estimate: read-modify-write of the project IAM policy, serialized per project" },
    "gcp:storage/bucket:Bucket": { seconds: 2, source: "estimate: buckets.insert is synchronous" },
    "gcp:storage/bucketIAMMember:BucketIAMMember": { seconds: 5, source: "estimate: read-modify-write of one bucket's IAM policy" },
    "gcp:serviceaccount/iAMMember:IAMMember": { seconds: 5, source: "estimate: read-modify-write of one service account's IAM policy" },
    // ---- Azure
    "azure-native:resources:ResourceGroup": { seconds: 2, source: "estimate: synchronous ARM call" },
    "azure-native:network:VirtualNetwork": { seconds: 15, source: "estimate: ARM long-running operation, 5-20 s" },
    "azure-native:network:Subnet": { seconds: 10, source: "estimate: ARM long-running operation" },
    "azure-native:containerservice:ManagedCluster": { seconds: 420, source: "estimate 5-10 min: Pulumi AKS tutorial (pulumi.com/docs/tutorials/azure/azure-cs-aks) says a few minutes; a 2018 measurement (gist sacreman/9054e4e9) took 13 min" },
    "azure-native:containerservice:AgentPool": { seconds: 240, source: "estimate: AKS agent pool (VM scale set) commonly measured 3-5 min" },
    "azure-native:containerservice:MaintenanceConfiguration": { seconds: 5, source: "estimate: a synchronous ARM PUT on the cluster (planned maintenance schedule), no VMs involved" },
    "azure-native:storage:StorageAccount": { seconds: 25, source: "estimate: a long-running ARM operation (StorageAccounts_Create is x-ms-long-running-operation in the Microsoft.Storage spec), commonly 20-30 s" },
    "azure-native:storage:BlobServiceProperties": { seconds: 3, source: "estimate: synchronous ARM PUT on the account" },
    "azure-native:storage:BlobContainer": { seconds: 2, source: "estimate: synchronous ARM PUT" },
    "azure-native:authorization:RoleDefinition": { seconds: 5, source: "estimate: ARM call; replication across the tenant continues after it returns" },
    "azure-native:authorization:RoleAssignment": { seconds: 15, source: "estimate: ARM call plus Entra ID propagation" },
    "azure-native:managedidentity:UserAssignedIdentity": { seconds: 5, source: "estimate: synchronous ARM call" },
    "azure-native:managedidentity:FederatedIdentityCredential": { seconds: 5, source: "estimate: synchronous ARM call on the identity" },
    // ---- Kubernetes objects (Pulumi waits for readiness where its await logic applies)
    "kubernetes:core/v1:Namespace": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:core/v1:ServiceAccount": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:core/v1:Secret": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:core/v1:ConfigMap": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:core/v1:PersistentVolumeClaim": { seconds: 30, source: "estimate: bound on first consumer for WaitForFirstConsumer classes" },
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:networking.k8s.io/v1:Ingress": { seconds: 60, source: `${PULUMI_K8S_AWAIT}: waits for status.loadBalancer; estimate` },
    "kubernetes:policy/v1:PodDisruptionBudget": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:storage.k8s.io/v1:StorageClass": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:rbac.authorization.k8s.io/v1:Role": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: ready when created` },
    "kubernetes:apps/v1:Deployment": { seconds: 45, source: `${PULUMI_K8S_AWAIT}: waits until replicas are available; estimate 30-60 s for image pull + readiness probe` },
    "kubernetes:apps/v1:StatefulSet": { seconds: 90, source: `${PULUMI_K8S_AWAIT}: waits for ready replicas; estimate 1-2 min with a new PVC (volume create + attach)` },
    "kubernetes:apps/v1:DaemonSet": { seconds: 45, source: `${PULUMI_K8S_AWAIT}: waits for scheduled pods; estimate like Deployment` },
    "kubernetes:batch/v1:Job": { seconds: 60, source: `${PULUMI_K8S_AWAIT}: waits for completion; estimate` },
    "kubernetes:batch/v1:CronJob": { seconds: 1, source: "pulumi/pulumi-kubernetes@94977969d provider/pkg/await/awaiters.go: no await logic for CronJob, ready when created" },
    // The HTTPS entry's custom resources: Pulumi has no await logic for them (ready when created); issuance and DNS follow asynchronously.
    "kubernetes:gateway.networking.k8s.io/v1:GatewayClass": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: custom resources are ready when created` },
    "kubernetes:gateway.networking.k8s.io/v1:Gateway": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: custom resources are ready when created (the load balancer follows, unawaited)` },
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: custom resources are ready when created` },
    "kubernetes:cert-manager.io/v1:Issuer": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: custom resources are ready when created` },
    "kubernetes:cert-manager.io/v1:Certificate": { seconds: 1, source: `${PULUMI_K8S_AWAIT}: custom resources are ready when created (issuance follows, unawaited)` },
    "kubernetes:helm.sh/v3:Release": { seconds: 90, source: "estimate 1-2 min: helm.v3.Release waits for the chart's resources unless skipAwait" },
};

/** Cloud load balancer provisioning behind a Service of type LoadBalancer (Pulumi waits for the external address). */
export const LOAD_BALANCER: Readonly<Record<Cloud, Duration>> = {
    aws: { seconds: 150, source: `${PULUMI_K8S_AWAIT}: Service waits for an external address; estimate 2-3 min for an AWS NLB to provision` },
    gcp: { seconds: 90, source: `${PULUMI_K8S_AWAIT}: Service waits for an external address; estimate 1-2 min for a GCP network load balancer` },
    azure: { seconds: 60, source: `${PULUMI_K8S_AWAIT}: Service waits for an external address; estimate ~1 min for an Azure Standard LB rule + public IP` },
    existing: { seconds: 10, source: `${PULUMI_K8S_AWAIT}: estimate for an in-cluster LB implementation (MetalLB, kind cloud-provider)` },
};

/** A Service that is not a LoadBalancer: Pulumi waits for its endpoints, then 10 s for stragglers. */
export const CLUSTER_IP_SERVICE: Duration = {
    seconds: 10, source: "@pulumi/kubernetes core/v1 Service docs: waits for Endpoint objects, then 10 s for stragglers",
};

const PROVIDER: Duration = { seconds: 0, source: "Pulumi provider resources are configured in-process; no cloud call" };
const COMPONENT: Duration = { seconds: 0, source: "component resources are logical groupings and create nothing" };

export const SERVICE_TYPE = "kubernetes:core/v1:Service";

/** The Service's spec.type, defaulting to ClusterIP as Kubernetes does. */
export function serviceType(entry: Pick<ResourceEntry, "inputs">): string {
    const spec = entry.inputs?.spec as { type?: unknown } | undefined;
    return typeof spec?.type === "string" ? spec.type : "ClusterIP";
}

export interface ResolvedDuration extends Duration {
    /** False when the type has no entry in the table and the default was used. */
    measured: boolean;
}

/** The creation time of one resource on the given cloud. */
export function durationOf(entry: Pick<ResourceEntry, "type" | "custom" | "inputs">, cloud: Cloud): ResolvedDuration {
    if (!entry.custom) return { ...COMPONENT, measured: true };
    if (entry.type.startsWith("pulumi:providers:")) return { ...PROVIDER, measured: true };
    if (entry.type === SERVICE_TYPE) {
        return { ...(serviceType(entry) === "LoadBalancer" ? LOAD_BALANCER[cloud] : CLUSTER_IP_SERVICE), measured: true };
    }
    const known = DURATIONS[entry.type];
    return known ? { ...known, measured: true } : { ...DEFAULT_DURATION, measured: false };
}

/** Which cloud a render targets, from the providers it declares. */
export function detectCloud(resources: readonly Pick<ResourceEntry, "type">[]): Cloud {
    const types = new Set(resources.map((r) => r.type));
    if (types.has("pulumi:providers:aws")) return "aws";
    if (types.has("pulumi:providers:gcp")) return "gcp";
    if (types.has("pulumi:providers:azure-native")) return "azure";
    return "existing";
}
