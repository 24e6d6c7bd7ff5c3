/**
 * The shapes of the Kubernetes version catalogs. Each cloud's dated table
 * (eks.ts, gke.ts, aks.ts) and each live answer (ask-cloud.ts) becomes one
 * `VersionCatalog`, so `validate` (dated), `render` (mocks answering from the
 * dated tables) and `pulumi up` (the cloud's answer) choose the same way.
 * Dates are UTC calendar days, `YYYY-MM-DD`.
 */

/** The managed clouds; an `existing` cluster has no catalog. */
export type CatalogCloud = "aws" | "gcp" | "azure";

/** One Kubernetes minor as a cloud offers it. */
export interface MinorSupport {
    /** The minor, e.g. "1.35". */
    minor: string;
    /** When the cloud made it available (GKE: in the Regular channel). Informational. */
    released?: string;
    /**
     * The first day it is no longer in standard support. Undefined when the
     * cloud has not published a date; the minor then counts as in standard support.
     */
    endOfStandardSupport?: string;
    /** The first day a cluster can no longer run it (EKS extended support). */
    endOfExtendedSupport?: string;
    /** Dates above that the cloud itself did not confirm (a third party's, or derived from the cloud's rule). */
    unconfirmed?: ("released" | "endOfStandardSupport" | "endOfExtendedSupport")[];
}

/** GKE's release channels kubeship knows. */
export type GkeChannel = "RAPID" | "REGULAR" | "STABLE";

/** What a catalog is made of: a cloud's versions, as of a day, from named sources. */
export interface VersionCatalog {
    cloud: CatalogCloud;
    /** `dated`: the table in this repository; `live`: what the cloud answered this run. */
    source: "dated" | "live";
    /** When the facts were taken (dated) or asked (live). */
    takenOn: string;
    /** Where the facts come from: URLs for a dated table, the call for a live answer. */
    sources: string[];
    /** Every minor the cloud can create or has stopped offering but still dates. */
    minors: MinorSupport[];
    /** GKE: each release channel's default version for new clusters (a full GKE version). */
    channelDefaults?: Partial<Record<GkeChannel, string>>;
    /** GKE: versions valid for a new control plane in the location. */
    validMasterVersions?: string[];
    /** AKS: the minor AKS picks when a cluster is created without a version. */
    defaultMinor?: string;
}

/** EKS add-on versions kubeship installs, per minor (aws/addons.ts). Undefined: not found; EKS picks its default. */
export interface EksAddonVersions {
    "vpc-cni"?: string;
    "kube-proxy"?: string;
    coredns?: string;
    "aws-ebs-csi-driver"?: string;
    "metrics-server"?: string;
    "eks-pod-identity-agent"?: string;
}

/** The cluster-autoscaler Helm chart and image for one minor (aws/autoscaler.ts). */
export interface AutoscalerVersions {
    chartVersion: string;
    /** The image tag, `v1.<minor>.<patch>`: the autoscaler must match the cluster's minor. */
    imageTag: string;
}

/** What kubeship needs, beyond dates, to build an EKS cluster of one minor. */
export interface EksBuild {
    addons: EksAddonVersions;
    autoscaler: AutoscalerVersions;
}

/** The dated EKS table: dates per minor, and what kubeship installs for the minors it can build. */
export interface EksDatedCatalog {
    takenOn: string;
    sources: string[];
    minors: (MinorSupport & { build?: EksBuild })[];
}
