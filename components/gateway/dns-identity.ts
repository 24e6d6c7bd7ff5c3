/**
 * The cloud identity external-dns writes DNS records with: IRSA on EKS, GKE
 * Workload Identity, AKS workload identity. Never a static key. Each cloud's
 * module (components/cluster/<cloud>/dns-identity.ts) is loaded only for its
 * own stack, as the cluster modules are.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../cluster/types";
import type { DnsPlan } from "./plan";
import { loadCloudModule } from "../cluster/cloud-sdk";

export interface DnsIdentity {
    /** external-dns chart values: the provider and its settings, the ServiceAccount's annotations and labels, pod labels. */
    values: Record<string, pulumi.Input<unknown>>;
    /** Files external-dns reads from /etc/kubernetes (Azure's azure.json): not secrets, as they hold no credential. */
    files?: Record<string, pulumi.Input<string>>;
    /** What must exist before external-dns starts: the role, its grants, the federated credential. */
    dependsOn: pulumi.Resource[];
}

export interface DnsIdentityArgs {
    plan: DnsPlan;
    cluster: Cluster;
    /** The component that owns the identity's resources. */
    parent: pulumi.Resource;
}

export async function createDnsIdentity(name: string, args: DnsIdentityArgs): Promise<DnsIdentity> {
    switch (args.plan.cloud) {
        case "aws": {
            const { awsDnsIdentity } = await loadCloudModule("aws", () => import("../cluster/aws/dns-identity"));
            return awsDnsIdentity(name, { ...args, plan: args.plan });
        }
        case "gcp": {
            const { gcpDnsIdentity } = await loadCloudModule("gcp", () => import("../cluster/gcp/dns-identity"));
            return gcpDnsIdentity(name, { ...args, plan: args.plan });
        }
        case "azure": {
            const { azureDnsIdentity } = await loadCloudModule("azure", () => import("../cluster/azure/dns-identity"));
            return azureDnsIdentity(name, { ...args, plan: args.plan });
        }
    }
}
