/**
 * Under `pulumi up` (and `kubeship render`, where the mocks answer from the
 * dated tables), kubeship asks the cloud which versions it offers before the
 * config is planned. These are invokes, not resource registrations, so nothing is
 * registered before a problem is found. Each cloud's SDK is loaded only for that
 * cloud. AKS has no list call in azure-native: it uses the dated table.
 */
import { fromEksClusterVersions, fromGkeEngineVersions } from "./catalog";
import type { VersionCatalog } from "./types";
import { loadCloudModule } from "../cloud-sdk";

/** Where the cluster will be: enough to ask its cloud. */
export interface CloudTarget {
    cloud?: string;
    region?: string;
    /** GCP project. */
    project?: string;
}

/**
 * The cloud's own catalog, or undefined when kubeship cannot ask (AKS, an
 * existing cluster, a region or project not yet known: the loader reports those).
 */
export async function askCloudForVersions(target: CloudTarget, today: string): Promise<VersionCatalog | undefined> {
    switch (target.cloud) {
        case "aws": {
            if (!target.region) return undefined;
            const { getClusterVersions } = await loadCloudModule("aws", () => import("@pulumi/aws/eks"));
            // The region is an argument (aws v7), so no provider is registered to ask.
            const answer = await getClusterVersions({ region: target.region, includeAll: true });
            return fromEksClusterVersions(answer.clusterVersions, today, target.region);
        }
        case "gcp": {
            if (!target.region || !target.project) return undefined;
            const { getEngineVersions } = await loadCloudModule("gcp", () => import("@pulumi/gcp/container"));
            // The region serves regional and zonal clusters alike: a region's zones offer its versions.
            const answer = await getEngineVersions({ project: target.project, location: target.region });
            return fromGkeEngineVersions(answer, today, `project ${target.project}, location ${target.region}`);
        }
        default:
            return undefined;
    }
}
