/**
 * What a workload with a cloud identity, or one that uses a backing
 * resource, may reach besides what its tier says: the endpoint its cloud's
 * identity needs, and the object store. Nothing else opens. Pure, no Pulumi.
 *
 * NetworkPolicies cannot name hosts, so an endpoint on the internet (Entra
 * ID, S3, Cloud Storage, Blob Storage) is reached as `internet` on TCP 443
 * alone: every public address, no private or link-local one, port 443 only.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { Cloud } from "../config/schema";
import { internetPeer } from "../app/egress";

type EgressRule = k8s.networking.v1.NetworkPolicyEgressRule;

/**
 * Where each cloud's workload identity gets its credentials from the pod:
 * - aws: the EKS Pod Identity Agent on the pod's node, at 169.254.170.23 port 80
 *   (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html);
 * - gcp: the GKE metadata server at 169.254.169.254 port 80, which answers for the
 *   pod's Kubernetes service account (https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity#metadata_server).
 *   That address and port are all a policy needs on Dataplane V2, which kubeship's GKE
 *   clusters always run (cluster-spec.ts): Dataplane V2 checks egress before it redirects
 *   the request to the node's metadata daemon. Only the iptables dataplane (Calico) would
 *   also need 169.254.169.252/32 port 988, where that redirect lands (the "network policies"
 *   limitation in https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity;
 *   the same conclusion, tested, in gke-labs/kube-agents#777 and its
 *   deploy/kustomize/platform/networkpolicy-core-egress.yaml at f4e8b9341bb18aeb1068a91e5cffcadb6802e140);
 * - azure: Microsoft Entra ID's token endpoint, on the internet (443), with the
 *   projected service account token (https://learn.microsoft.com/azure/aks/workload-identity-overview).
 */
export const IDENTITY_ENDPOINTS: Record<Exclude<Cloud, "existing">, { cidr: string; port: number } | "internet-443"> = {
    aws: { cidr: "169.254.170.23/32", port: 80 },
    gcp: { cidr: "169.254.169.254/32", port: 80 },
    azure: "internet-443",
};

const internet443 = (internalCidrs: readonly string[]): EgressRule => ({ to: [internetPeer(internalCidrs)], ports: [{ port: 443, protocol: "TCP" }] });

/**
 * The extra egress rules of a workload: its identity endpoint when it has an
 * identity, and the object store (internet, 443) when it uses a bucket. One
 * internet rule at most.
 */
export function backingEgressRules(cloud: Cloud, hasIdentity: boolean, usesBuckets: boolean, internalCidrs: readonly string[]): EgressRule[] {
    if (cloud === "existing" || !hasIdentity) return [];
    const endpoint = IDENTITY_ENDPOINTS[cloud];
    const rules: EgressRule[] = [];
    if (endpoint !== "internet-443") rules.push({ to: [{ ipBlock: { cidr: endpoint.cidr } }], ports: [{ port: endpoint.port, protocol: "TCP" }] });
    if (endpoint === "internet-443" || usesBuckets) rules.push(internet443(internalCidrs));
    return rules;
}
