/**
 * Dated, sourced answers for what EKS add-ons and cluster-autoscaler run on each
 * Kubernetes minor. Pure data, no Pulumi. Two readers:
 *
 * - the plan (`resolveEks`) picks cluster-autoscaler's chart and image for the
 *   cluster's minor from `CLUSTER_AUTOSCALER`, and refuses a minor it has no row for;
 * - the offline mocks answer `aws.eks.getAddonVersion` from `EKS_ADDON_VERSIONS`
 *   (on a real `pulumi up` AWS answers that call itself, so these rows only stand
 *   in for it offline; the versions catalog may read them too).
 *
 * Every row says where it comes from. Refresh the tables together and move
 * `TAKEN_ON`; a row for a new minor needs both a chart whose RBAC covers that
 * cluster-autoscaler and an image tag of the same minor.
 */

/** The day these tables were compiled from the sources below. */
export const TAKEN_ON = "2026-12-01";

/** The Kubernetes minors kubeship can build on EKS: those with a cluster-autoscaler row. */
export type EksMinor = "1.32" | "1.33" | "1.34" | "1.35" | "1.36";

export interface AutoscalerRelease {
    /** Version of the `cluster-autoscaler` chart at https://kubernetes.github.io/autoscaler. */
    chart: string;
    /** The chart's own appVersion (its default image), for the record. */
    chartAppVersion: string;
    /** Tag of registry.k8s.io/autoscaling/cluster-autoscaler: the newest patch of the cluster's minor. */
    imageTag: string;
}

/**
 * cluster-autoscaler per cluster minor: the newest chart whose appVersion is that
 * minor, and the newest image patch of that minor. The autoscaler's maintainers
 * support only the image whose minor matches the cluster's; the chart carries the
 * RBAC that image needs (chart 9.50.1 for 1.33 has no `resource.k8s.io` rules,
 * which cluster-autoscaler 1.35 needs for dynamic resource allocation; 9.54.0 added them).
 *
 * Sources:
 * - chart index: kubernetes/autoscaler branch gh-pages, index.yaml at commit
 *   be36214bc8a1bf19000bbc7aa480952a3f5cf9f7 (2026-07-26); newest chart 9.59.0 (appVersion 1.35.0).
 * - image tags: git tags cluster-autoscaler-1.x.y in kubernetes/autoscaler (snapshot
 *   of master 55c37cd5eb550756c5ccc5a89e9068d77797e575, 2026-08-22):
 *   1.32.7 (444285d4), 1.33.6 (8b27ca88), 1.34.5 (446dcd59), 1.35.2 (3e143775), 1.36.1 (6f44b4d1).
 * - RBAC: cluster-autoscaler/charts/cluster-autoscaler/templates/clusterrole.yaml at
 *   tag cluster-autoscaler-chart-9.59.0 (5a0b98e4) grants resource.k8s.io
 *   resourceslices/deviceclasses/resourceclaims, storage.k8s.io csi*, and
 *   autoscaling.x-k8s.io capacitybuffers/capacityquotas.
 */
export const CLUSTER_AUTOSCALER: Readonly<Record<EksMinor, AutoscalerRelease>> = {
    "1.32": { chart: "9.46.6", chartAppVersion: "1.32.0", imageTag: "v1.32.7" },
    "1.33": { chart: "9.51.0", chartAppVersion: "1.33.0", imageTag: "v1.33.6" },
    "1.34": { chart: "9.53.0", chartAppVersion: "1.34.2", imageTag: "v1.34.5" },
    "1.35": { chart: "9.59.0", chartAppVersion: "1.35.0", imageTag: "v1.35.2" },
    // No chart ships appVersion 1.36 yet (index above). 9.59.0 is the newest chart, and its
    // ClusterRole covers every rule of the 1.36 AWS example manifest
    // (cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml
    // at tag cluster-autoscaler-1.36.1), so it runs the 1.36.1 image.
    "1.36": { chart: "9.59.0", chartAppVersion: "1.35.0", imageTag: "v1.36.1" },
};

export const EKS_MINORS = Object.keys(CLUSTER_AUTOSCALER) as EksMinor[];

export function isEksMinor(version: string): version is EksMinor {
    return Object.hasOwn(CLUSTER_AUTOSCALER, version);
}

/** The managed add-ons kubeship installs on every EKS cluster. */
export const EKS_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "metrics-server", "aws-ebs-csi-driver"] as const;
export type EksAddonName = (typeof EKS_ADDONS)[number];

/**
 * What `aws eks describe-addon-versions --kubernetes-version <minor>` lists first
 * (`getAddonVersion` with `mostRecent: true`), per add-on and minor, for the
 * offline mocks.
 *
 * Sources and confidence:
 * - kube-proxy, coredns: the "latest version of the Amazon EKS add-on type" tables of
 *   https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html and
 *   .../managing-coredns.html (the newest stored copy, the ja_jp edition, lists 1.31-1.36).
 * - vpc-cni: .../managing-vpc-cni.html lists one build for every minor; the newest
 *   stored copy stops at 1.33 (v1.20.1-eksbuild.3). The later rows repeat it: an assumption.
 * - aws-ebs-csi-driver: driver v1.64.0 is the newest tag of kubernetes-sigs/aws-ebs-csi-driver
 *   (6689789f, 2026-08-17); the `-eksbuild.1` suffix is an assumption.
 * - metrics-server: kubernetes-sigs/metrics-server README compatibility matrix (v0.9.x for
 *   1.34+, v0.8.x for 1.31+; tags v0.9.0 2a7c4b2c, v0.8.1 9ce65a47); `-eksbuild.1` is an assumption.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<EksAddonName, Readonly<Record<EksMinor, string>>>> = {
    "kube-proxy": {
        "1.32": "v1.32.13-eksbuild.16",
        "1.33": "v1.33.10-eksbuild.13",
        "1.34": "v1.34.6-eksbuild.13",
        "1.35": "v1.35.3-eksbuild.13",
        "1.36": "v1.36.0-eksbuild.14",
    },
    coredns: {
        "1.32": "v1.11.4-eksbuild.40",
        "1.33": "v1.12.4-eksbuild.18",
        "1.34": "v1.13.2-eksbuild.11",
        "1.35": "v1.14.3-eksbuild.3",
        "1.36": "v1.14.3-eksbuild.3",
    },
    "vpc-cni": {
        "1.32": "v1.20.1-eksbuild.3",
        "1.33": "v1.20.1-eksbuild.3",
        "1.34": "v1.20.1-eksbuild.3",
        "1.35": "v1.20.1-eksbuild.3",
        "1.36": "v1.20.1-eksbuild.3",
    },
    "aws-ebs-csi-driver": {
        "1.32": "v1.64.0-eksbuild.1",
        "1.33": "v1.64.0-eksbuild.1",
        "1.34": "v1.64.0-eksbuild.1",
        "1.35": "v1.64.0-eksbuild.1",
        "1.36": "v1.64.0-eksbuild.1",
    },
    "metrics-server": {
        "1.32": "v0.8.1-eksbuild.1",
        "1.33": "v0.8.1-eksbuild.1",
        "1.34": "v0.9.0-eksbuild.1",
        "1.35": "v0.9.0-eksbuild.1",
        "1.36": "v0.9.0-eksbuild.1",
    },
};

/** The mocks' answer for an add-on on a minor, or undefined when the table has no row. */
export function addonVersionFor(addonName: string, kubernetesVersion: string): string | undefined {
    if (!Object.hasOwn(EKS_ADDON_VERSIONS, addonName) || !isEksMinor(kubernetesVersion)) return undefined;
    return EKS_ADDON_VERSIONS[addonName as EksAddonName][kubernetesVersion];
}
