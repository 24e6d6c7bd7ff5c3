/**
 * The Service annotations kubeship sets for a tier's load balancer, per cloud
 * and exposure: the cluster facts carry them, and the config rules refuse a
 * user annotation that would clash with one. Pure, no Pulumi.
 */
import type { Cloud } from "../config/schema";

/**
 * Load-balancer annotations for the in-tree AWS cloud provider, which every EKS
 * cluster runs: kubeship does not install the AWS Load Balancer Controller, so
 * the controller-only annotations (`aws-load-balancer-type: external`,
 * `nlb-target-type`, `scheme`) would be ignored. `type: nlb` gives a Network
 * Load Balancer in instance mode, internet-facing in the public subnets
 * (tagged `kubernetes.io/role/elb`), or internal in the private subnets
 * (`kubernetes.io/role/internal-elb`) with `aws-load-balancer-internal`.
 */
export const AWS_PUBLIC_LB_ANNOTATIONS: Readonly<Record<string, string>> = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
};
export const AWS_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
};

/**
 * GKE's default LoadBalancer is external. Backend-service-based passthrough NLBs are
 * Google's recommended kind for new Services (GKE 1.25.5+).
 */
export const GKE_PUBLIC_LB_ANNOTATIONS: Readonly<Record<string, string>> = { "cloud.google.com/l4-rbs": "enabled" };
export const GKE_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = { "networking.gke.io/load-balancer-type": "Internal" };
/** AKS: a LoadBalancer Service is public unless marked internal. */
export const AKS_INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" };

/** Kubeship's load-balancer annotations for a cloud and exposure; none on an existing cluster. */
export function loadBalancerAnnotations(cloud: Cloud, expose: "public" | "internal-lb"): Readonly<Record<string, string>> {
    switch (cloud) {
        case "aws": return expose === "public" ? AWS_PUBLIC_LB_ANNOTATIONS : AWS_INTERNAL_LB_ANNOTATIONS;
        case "gcp": return expose === "public" ? GKE_PUBLIC_LB_ANNOTATIONS : GKE_INTERNAL_LB_ANNOTATIONS;
        case "azure": return expose === "public" ? {} : AKS_INTERNAL_LB_ANNOTATIONS;
        case "existing": return {};
    }
}
