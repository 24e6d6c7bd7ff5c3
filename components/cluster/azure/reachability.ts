/**
 * How `pulumi up` reaches an AKS API server, and the configs that would leave
 * it unreachable. Pure: problems are returned with their config path, so the
 * loader reports them, positioned, before anything is registered.
 *
 * AKS's path, chosen for kubeship (README "Reaching the AKS API server"):
 * - a public API server that accepts only Entra ID tokens (local accounts are
 *   off) with Azure RBAC, restricted to `endpoint.allowedCidrs` (AKS's authorized
 *   IP ranges, at most 200: learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges).
 *   The deploy must come from inside that list. GitHub-hosted runners have no
 *   fixed address (GitHub: "We do not recommend allowing by IP address",
 *   docs.github.com/authentication/keeping-your-account-and-data-secure/about-githubs-ip-addresses;
 *   the meta API lists thousands of ranges, github/docs#30693), so a stack they
 *   deploy (`deployFrom: github-hosted`, the default) must leave the list open.
 * - a private API server (`endpoint.public: false`) for a stack deployed by a
 *   self-hosted runner inside the cluster's network (`deployFrom: vnet`): the
 *   runner goes into the `runners` subnet kubeship adds to the VNet it creates,
 *   or lives in (or routes and resolves into) the existing VNet of
 *   `cluster.azure.vnetSubnetId`. Authorized IP ranges do not apply to private
 *   clusters (same page), and nothing outside the VNet can reach one.
 * API Server VNet Integration was not chosen: it moves the API server into the
 * VNet but, private, needs the same in-VNet runner, and, public, the same allowlist.
 */
import type { PathProblem } from "../../config/errors";

export type DeployFrom = "github-hosted" | "fixed-address" | "vnet";

export type ApiAccess =
    | { private: false; authorizedIPRanges: string[] }
    /** `runnerSubnet`: kubeship creates the VNet, so it adds the subnet the deploy runner goes into. */
    | { private: true; runnerSubnet: boolean };

export interface EndpointConfig {
    public: boolean;
    allowedCidrs: string[];
}

const OPEN = "0.0.0.0/0";

export function planApiAccess(endpoint: EndpointConfig, deployFrom: DeployFrom, existingSubnet: boolean, problems: PathProblem[]): ApiAccess {
    if (!endpoint.public) {
        if (deployFrom !== "vnet") {
            problems.push({
                path: ["cluster", "endpoint", "public"],
                message: `is false, so the AKS API server has only a private address in the cluster's VNet, which ${deployFrom === "github-hosted" ? "a GitHub-hosted runner" : "an address outside the VNet"} cannot reach (pulumi up would time out on the first Kubernetes object, and destroy would hang); deploy from a self-hosted runner in that network and set cluster.azure.deployFrom: vnet, or keep endpoint.public: true with endpoint.allowedCidrs`,
            });
        }
        return { private: true, runnerSubnet: !existingSubnet };
    }
    const open = endpoint.allowedCidrs.includes(OPEN);
    if (deployFrom === "github-hosted" && !open) {
        problems.push({
            path: ["cluster", "endpoint", "allowedCidrs"],
            message: `shuts out the deploy workflow: GitHub-hosted runners have no fixed address to list, got ${JSON.stringify(endpoint.allowedCidrs)}; deploy from a runner whose egress is in this list and set cluster.azure.deployFrom: fixed-address, or from a self-hosted runner in the cluster's VNet with endpoint.public: false and cluster.azure.deployFrom: vnet`,
        });
    }
    if (deployFrom === "vnet") {
        problems.push({
            path: ["cluster", "azure", "deployFrom"],
            message: "is vnet, which is for a private API server, but endpoint.public is true; a runner in the VNet reaches a public API server from its outbound address: set deployFrom: fixed-address and list that address in endpoint.allowedCidrs, or set endpoint.public: false",
        });
    }
    // 0.0.0.0/0 means "no restriction": AKS expresses that as no authorized ranges.
    return { private: false, authorizedIPRanges: open ? [] : [...endpoint.allowedCidrs] };
}
