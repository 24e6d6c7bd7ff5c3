/**
 * Can the deploy reach the EKS API? `pulumi up` talks to the Kubernetes API from
 * wherever it runs; an endpoint that does not admit that place makes every
 * Kubernetes call time out, and `pulumi destroy` hang. The stack says where its
 * deploys come from (`cluster.aws.deployFrom`), and the plan checks the
 * endpoint admits it. Pure.
 *
 * - `github-hosted` (the default; the repo's deploy workflow runs there): GitHub's
 *   runners have no fixed address, and the ranges GitHub publishes for them are
 *   far more than the 40 CIDRs EKS allows on the public endpoint (a quota that
 *   cannot be raised: https://docs.aws.amazon.com/general/latest/gr/eks.html).
 *   The public endpoint must admit 0.0.0.0/0; every request still needs an IAM
 *   identity with an access entry. The production guard rail forbids that in prod.
 * - a list of CIDRs: a self-hosted runner (or fixed egress addresses). A private
 *   address (RFC 1918, or 100.64.0.0/10) reaches the private endpoint from the
 *   VPC or a connected network, through the cluster security group, which admits
 *   443 from it ("You must ensure that your Amazon EKS control plane security group
 *   contains rules to allow ingress traffic on port 443 from your connected network":
 *   awsdocs/amazon-eks-user-guide latest/ug/clusters/cluster-endpoint.adoc at
 *   0ce90ef1ec408ad793cccdc8b8b5819961477101). A public address must be inside
 *   `endpoint.allowedCidrs` of a public endpoint.
 */
import type { PathProblem } from "../../config/errors";
import { DOCUMENTATION_RANGES } from "../../config/rules";
import { contains, parseCidr, type Cidr } from "../cidr";

export type DeployFrom = "github-hosted" | string[];

/** The most CIDRs EKS accepts in publicAccessCidrs (not adjustable). */
export const EKS_PUBLIC_CIDRS_MAX = 40;

/** RFC 1918 and the shared address space (RFC 6598), which VPCs may also use. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => parseCidr(c) as Cidr);
const DOC_RANGES = DOCUMENTATION_RANGES.map((c) => parseCidr(c) as Cidr);
const ANYWHERE = "0.0.0.0/0";

const inside = (ranges: Cidr[], text: string): boolean => {
    const block = parseCidr(text);
    return typeof block !== "string" && ranges.some((r) => contains(r, block));
};

/** Whether a deploy from `cidr` reaches the private endpoint (an address inside a VPC or a network connected to it). */
export function isPrivateCidr(cidr: string): boolean {
    return inside(PRIVATE_RANGES, cidr);
}

/** The deploy sources the cluster security group admits on 443: the private ones. */
export function privateEndpointSources(deployFrom: DeployFrom): string[] {
    return deployFrom === "github-hosted" ? [] : [...new Set(deployFrom.filter(isPrivateCidr))];
}

export interface EndpointAccess {
    publicAccess: boolean;
    publicAccessCidrs: string[];
}

/** Whether the endpoint admits any address: what a GitHub-hosted runner needs. */
export function openToAnywhere(endpoint: EndpointAccess): boolean {
    return endpoint.publicAccess && endpoint.publicAccessCidrs.includes(ANYWHERE);
}

const ALLOWED = ["cluster", "endpoint", "allowedCidrs"];
const DEPLOY_FROM = ["cluster", "aws", "deployFrom"];

/** Every way the endpoint would shut out the deploys the stack declares. */
export function reachabilityProblems(endpoint: EndpointAccess, deployFrom: DeployFrom): PathProblem[] {
    const problems: PathProblem[] = [];
    if (endpoint.publicAccess && endpoint.publicAccessCidrs.length > EKS_PUBLIC_CIDRS_MAX) {
        problems.push({ path: ALLOWED, message: `has ${endpoint.publicAccessCidrs.length} CIDRs, but EKS accepts at most ${EKS_PUBLIC_CIDRS_MAX} on the public endpoint; merge them, or deploy from a self-hosted runner on the private endpoint` });
    }
    if (deployFrom === "github-hosted") {
        // An empty allowlist is refused on its own (config/rules.ts).
        if (openToAnywhere(endpoint) || (endpoint.publicAccess && endpoint.publicAccessCidrs.length === 0)) return problems;
        const alternatives = "run the deploy on a self-hosted runner and list its addresses in cluster.aws.deployFrom (private ones reach the private endpoint from the VPC or a connected network)";
        problems.push(endpoint.publicAccess
            ? { path: ALLOWED, message: `shuts out the GitHub-hosted runners that deploy this stack (cluster.aws.deployFrom: github-hosted): they have no fixed address, and GitHub's ranges for them are far more than the ${EKS_PUBLIC_CIDRS_MAX} CIDRs EKS allows, got ${JSON.stringify(endpoint.publicAccessCidrs)}; ${alternatives}, or allow 0.0.0.0/0 outside prod (requests still need an IAM identity with an access entry)` }
            : { path: ["cluster", "endpoint", "public"], message: `a private-only endpoint cannot be reached by the GitHub-hosted runners that deploy this stack (cluster.aws.deployFrom: github-hosted), got false; ${alternatives}` });
        return problems;
    }
    deployFrom.forEach((cidr, i) => {
        const at = [...DEPLOY_FROM, i];
        if (inside(DOC_RANGES, cidr)) {
            problems.push({ path: at, message: `is a documentation range (RFC 5737), which no runner has, got ${JSON.stringify(cidr)}; list the addresses your deploys really come from` });
        } else if (isPrivateCidr(cidr)) {
            return; // the private endpoint is always on; the cluster security group admits it
        } else if (!endpoint.publicAccess) {
            problems.push({ path: at, message: `is a public address, which cannot reach a private-only endpoint (endpoint.public: false), got ${JSON.stringify(cidr)}; list the runner's addresses inside the VPC or a network connected to it, or open the public endpoint to this address` });
        } else if (!endpoint.publicAccessCidrs.some((allowed) => inside([parseCidr(allowed) as Cidr], cidr))) {
            problems.push({ path: at, message: `is outside endpoint.allowedCidrs ${JSON.stringify(endpoint.publicAccessCidrs)}, so the endpoint would shut this deploy out, got ${JSON.stringify(cidr)}; add it to endpoint.allowedCidrs` });
        }
    });
    return problems;
}

/**
 * Under GitHub Actions: a GitHub-hosted runner reaches only an endpoint open to
 * every address, whatever the stack declares (a self-hosted one is what the
 * declaration is for, and cannot be checked from here).
 */
export function runnerProblems(endpoint: EndpointAccess, deployFrom: DeployFrom, runner: string | undefined): PathProblem[] {
    // A github-hosted declaration the endpoint shuts out is reported by reachabilityProblems already.
    if (runner !== "github-hosted" || deployFrom === "github-hosted" || openToAnywhere(endpoint)) return [];
    return [{
        path: DEPLOY_FROM,
        message: `this deploy runs on a GitHub-hosted runner (RUNNER_ENVIRONMENT=github-hosted), which the API endpoint does not admit, got ${JSON.stringify(deployFrom)}; run the job on the self-hosted runner these addresses belong to (runs-on: self-hosted)`,
    }];
}
