/**
 * Picks the cluster component for the configured cloud. Each cloud's module is
 * loaded only when its stack needs it: an AWS stack never loads the GCP or
 * Azure SDKs (they are large and slow to load).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster, ResolvedClusterConfig } from "./types";

export async function createCluster(name: string, config: ResolvedClusterConfig, opts?: pulumi.ComponentResourceOptions): Promise<Cluster> {
    switch (config.cloud) {
        case "aws": {
            const { EksCluster } = await import("./aws/eks-cluster");
            return new EksCluster(name, { config }, opts);
        }
        case "gcp": {
            const { GkeCluster } = await import("./gcp/gke-cluster");
            return new GkeCluster(name, { config }, opts);
        }
        case "azure": {
            const { AksCluster } = await import("./azure/aks-cluster");
            return new AksCluster(name, { config }, opts);
        }
        case "existing": {
            const { ExistingCluster } = await import("./existing");
            return new ExistingCluster(name, { config }, opts);
        }
    }
}
