/**
 * The dated EKS catalog: which Kubernetes minors EKS offers, when each leaves
 * standard and extended support, and what kubeship installs on each (managed
 * add-ons and cluster-autoscaler). `pulumi up` asks EKS for the dates
 * (aws.eks.getClusterVersions); this table answers offline, and always supplies
 * the add-on and autoscaler versions. Update it, and `takenOn`, at least every 90
 * days: the render warns when it is older.
 *
 * Taken on 2026-12-01. Where a fact comes from a source other than AWS, or could
 * not be confirmed, the row says so.
 */
import type { EksDatedCatalog } from "./types";

const AWS_CALENDAR = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar";
const AWS_CALENDAR_SOURCE = "https://github.com/awsdocs/amazon-eks-user-guide/blob/8596db85c9ea47d3c692d8c7c0498f616187d44d/latest/ug/versioning/kubernetes-versions.adoc";
const ENDOFLIFE = "https://endoflife.date/amazon-eks";
const AWS_SAMPLES_CALENDAR = "https://aws-samples.github.io/sample-apex-skills/docs/skills/eks-operation-review/references/cluster-lifecycle";
const EKS_136_POST = "https://devopsdreams.blogspot.com/2026/08/kubernetes-136-on-amazon-eks-upgrade.html";
const KUBE_PROXY = "https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md";
const COREDNS = "https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md";
const VPC_CNI = "https://github.com/zalando-incubator/kubernetes-on-aws/pull/11667";
const EBS_CSI = "https://github.com/mitodl/ol-infrastructure/pull/5959";
const AUTOSCALER = "https://github.com/kubernetes/autoscaler/tree/55c37cd5eb550756c5ccc5a89e9068d77797e575/cluster-autoscaler/charts/cluster-autoscaler";

/**
 * Add-on versions. kube-proxy and coredns: AWS's per-version tables (the
 * Japanese translation was the newest copy we could read; it lists 1.36).
 * vpc-cni v1.23.0-eksbuild.1 was the newest on 2026-07-15 (a user's upgrade PR,
 * not AWS); aws-ebs-csi-driver v1.66.0-eksbuild.1 was EKS's default for 1.36 on
 * 2026-09-21 (a user's PR quoting DescribeAddonVersions) and is assumed for the
 * older minors, as the driver ships one version for all of them. metrics-server
 * (an EKS community add-on): the upstream compatibility matrix
 * (kubernetes-sigs/metrics-server README: v0.8.x for 1.31+, v0.9.x for 1.34+;
 * tags v0.8.1 9ce65a47, v0.9.0 2a7c4b2c) with an assumed `-eksbuild.1` suffix:
 * unconfirmed. These rows only answer offline; `pulumi up` asks EKS.
 */
const VPC_CNI_VERSION = "v1.23.0-eksbuild.1";
const EBS_CSI_VERSION = "v1.66.0-eksbuild.1";
const METRICS_SERVER = { before134: "v0.8.1-eksbuild.1", from134: "v0.9.0-eksbuild.1" } as const;
/**
 * eks-pod-identity-agent (EKS Pod Identity, aws/app-cloud.ts): v1.3.10-eksbuild.2 for 1.32-1.34
 * (awslabs/cdk-eks-blueprints lib/addons/eks-pod-identity-agent/index.ts at 2ae00be348abeccd36b95a674b6ecb30f0e9fb58,
 * quoting DescribeAddonVersions). The agent ships one build for every minor, so it is
 * assumed for 1.35 and 1.36: unconfirmed. `pulumi up` asks EKS for the newest.
 */
const POD_IDENTITY_AGENT_VERSION = "v1.3.10-eksbuild.2";
const POD_IDENTITY_AGENT = "https://github.com/awslabs/cdk-eks-blueprints/blob/2ae00be348abeccd36b95a674b6ecb30f0e9fb58/lib/addons/eks-pod-identity-agent/index.ts";

/**
 * cluster-autoscaler: the newest chart whose appVersion is the minor, and the
 * newest image of that minor (kubernetes/autoscaler at commit 55c37cd5, 2026-08-22).
 * No chart shipped appVersion 1.36 by then: 1.36 pairs the newest chart (9.59.0,
 * appVersion 1.35.0, which carries the resource.k8s.io RBAC that 1.35+ needs)
 * with the v1.36.1 image. That pairing is not verified by the maintainers.
 */
export const EKS_CATALOG: EksDatedCatalog = {
    takenOn: "2026-12-01",
    sources: [AWS_CALENDAR, AWS_CALENDAR_SOURCE, ENDOFLIFE, AWS_SAMPLES_CALENDAR, EKS_136_POST, KUBE_PROXY, COREDNS, VPC_CNI, EBS_CSI, AUTOSCALER, POD_IDENTITY_AGENT],
    minors: [
        // AWS's calendar (awsdocs commit 8596db85).
        { minor: "1.29", released: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
        { minor: "1.30", released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
        { minor: "1.31", released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
        {
            minor: "1.32", released: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23",
            build: {
                addons: { "vpc-cni": VPC_CNI_VERSION, "kube-proxy": "v1.32.13-eksbuild.16", coredns: "v1.11.4-eksbuild.40", "aws-ebs-csi-driver": EBS_CSI_VERSION, "metrics-server": METRICS_SERVER.before134, "eks-pod-identity-agent": POD_IDENTITY_AGENT_VERSION },
                autoscaler: { chartVersion: "9.46.6", imageTag: "v1.32.7" },
            },
        },
        {
            minor: "1.33", released: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29",
            build: {
                addons: { "vpc-cni": VPC_CNI_VERSION, "kube-proxy": "v1.33.10-eksbuild.13", coredns: "v1.12.4-eksbuild.18", "aws-ebs-csi-driver": EBS_CSI_VERSION, "metrics-server": METRICS_SERVER.before134, "eks-pod-identity-agent": POD_IDENTITY_AGENT_VERSION },
                autoscaler: { chartVersion: "9.51.0", imageTag: "v1.33.6" },
            },
        },
        // Release dates as endoflife.date states them (AWS's own rows for 1.34+ were not readable);
        // support dates from endoflife.date and AWS's sample calendar (verified by AWS on 2026-04-24).
        {
            minor: "1.34", released: "2025-10-06", unconfirmed: ["released"], endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02",
            build: {
                addons: { "vpc-cni": VPC_CNI_VERSION, "kube-proxy": "v1.34.6-eksbuild.13", coredns: "v1.13.2-eksbuild.11", "aws-ebs-csi-driver": EBS_CSI_VERSION, "metrics-server": METRICS_SERVER.from134, "eks-pod-identity-agent": POD_IDENTITY_AGENT_VERSION },
                autoscaler: { chartVersion: "9.53.0", imageTag: "v1.34.5" },
            },
        },
        {
            minor: "1.35", released: "2026-01-28", unconfirmed: ["released"], endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27",
            build: {
                addons: { "vpc-cni": VPC_CNI_VERSION, "kube-proxy": "v1.35.3-eksbuild.13", coredns: "v1.14.3-eksbuild.3", "aws-ebs-csi-driver": EBS_CSI_VERSION, "metrics-server": METRICS_SERVER.from134, "eks-pod-identity-agent": POD_IDENTITY_AGENT_VERSION },
                autoscaler: { chartVersion: "9.59.0", imageTag: "v1.35.2" },
            },
        },
        // Release and end of standard support from a third-party post (EKS_136_POST); AWS's own
        // calendar row was not found. End of extended support is not published anywhere we could
        // read: it is AWS's stated rule (12 months after the end of standard support), not a fact.
        {
            minor: "1.36", released: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02",
            unconfirmed: ["released", "endOfStandardSupport", "endOfExtendedSupport"],
            build: {
                addons: { "vpc-cni": VPC_CNI_VERSION, "kube-proxy": "v1.36.0-eksbuild.14", coredns: "v1.14.3-eksbuild.3", "aws-ebs-csi-driver": EBS_CSI_VERSION, "metrics-server": METRICS_SERVER.from134, "eks-pod-identity-agent": POD_IDENTITY_AGENT_VERSION },
                autoscaler: { chartVersion: "9.59.0", imageTag: "v1.36.1" },
            },
        },
        // EKS Distro built 1.37 by 2026-10-28 (aws/eks-distro release v1-36-eks-10), but no
        // announcement that EKS offers 1.37 was found; it is left out until its add-ons are known.
    ],
};

/** Extended support's price, per cluster-hour, against standard support's (US East, from April 2024). */
export const EKS_SUPPORT_PRICE = {
    standardPerHour: "$0.10",
    extendedPerHour: "$0.60",
    source: "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
} as const;
