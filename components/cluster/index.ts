/**
 * Picks the cluster component for the planned cloud. Each cloud's module is
 * loaded only when its stack needs it: an AWS stack never loads the GCP or
 * Azure SDKs (they are large and slow to load).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "./plan";
import type { Cluster } from "./types";
import { loadCloudModule } from "./cloud-sdk";

export async function createCluster(name: string, plan: ClusterPlan, opts?: pulumi.ComponentResourceOptions): Promise<Cluster> {
    switch (plan.cloud) {
        case "aws": {
            const { EksCluster } = await loadCloudModule("aws", () => import("./aws/eks-cluster"));
            return new EksCluster(name, { plan: plan.eks }, opts);
        }
        case "gcp": {
            const { GkeCluster } = await loadCloudModule("gcp", () => import("./gcp/gke-cluster"));
            return new GkeCluster(name, { plan: plan.gke }, opts);
        }
        case "azure": {
            const { AksCluster } = await loadCloudModule("azure", () => import("./azure/aks-cluster"));
            return new AksCluster(name, { plan: plan.aks }, opts);
        }
        case "existing": {
            const { ExistingCluster } = await import("./existing");
            return new ExistingCluster(name, { plan: plan.existing }, opts);
        }
    }
}
