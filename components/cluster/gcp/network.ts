/**
 * The GKE network: a custom-mode VPC, a VPC-native subnetwork with secondary
 * ranges for pods and services, and a Cloud Router with Cloud NAT so private
 * nodes reach the internet (image registries outside Google). Or existing ones.
 *
 * Explicit names that carry the stack (names.ts), not Pulumi's auto-names: an
 * auto-name is the logical name plus 8 characters, and with a cluster name of
 * up to 63 it would pass the 63 that Compute Engine allows.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Network } from "@pulumi/gcp/compute/network";
import { Router } from "@pulumi/gcp/compute/router";
import { RouterNat } from "@pulumi/gcp/compute/routerNat";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork";
import { PODS_RANGE, SERVICES_RANGE } from "./cidr";
import type { ResolvedGke } from "./resolve";

export interface GkeNetwork {
    /** What the cluster's `network` input takes: a self link, id or name. */
    network: pulumi.Input<string>;
    subnetwork: pulumi.Input<string>;
    /** Resources kubeship created, in creation order; Kubernetes Services must be deleted before them. */
    created: pulumi.CustomResource[];
    /** The NAT, when created: nodes must not boot before it (they pull images through it). */
    nat?: RouterNat;
}

/** Options every child takes: parent, explicit provider, and `protect` in prod. */
export type ChildOptions = pulumi.CustomResourceOptions;

export function createGkeNetwork(name: string, r: ResolvedGke, opts: ChildOptions): GkeNetwork {
    const choice = r.network;
    if (choice.kind === "existing") return { network: choice.network, subnetwork: choice.subnetwork, created: [] };

    const protect = { ...opts, protect: r.prod };
    let vpc: Network | undefined;
    let networkRef: pulumi.Input<string>;
    if (choice.kind === "create") {
        vpc = new Network(`${name}-network`, {
            name: r.names.network,
            project: r.project,
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
            description: `kubeship network for GKE cluster ${r.clusterName}`,
        }, protect);
        networkRef = vpc.id;
    } else {
        networkRef = choice.network;
    }

    const subnet = new Subnetwork(`${name}-subnet`, {
        name: r.names.subnetwork,
        project: r.project,
        region: r.region,
        network: networkRef,
        ipCidrRange: choice.plan.nodes,
        secondaryIpRanges: [
            { rangeName: PODS_RANGE, ipCidrRange: choice.plan.pods },
            { rangeName: SERVICES_RANGE, ipCidrRange: choice.plan.services },
        ],
        // Nodes have no external IPs: reach Google APIs (Artifact Registry, logging) privately.
        privateIpGoogleAccess: true,
        stackType: "IPV4_ONLY",
        description: `GKE ${r.clusterName}: nodes ${choice.plan.nodes}, pods ${choice.plan.pods}, services ${choice.plan.services}`,
    }, protect);

    const router = new Router(`${name}-router`, {
        name: r.names.router,
        project: r.project,
        region: r.region,
        network: networkRef,
    }, opts);
    const nat = new RouterNat(`${name}-nat`, {
        // RouterNat has no auto-naming and requires a name; unique per router.
        name: r.names.nat,
        project: r.project,
        region: r.region,
        router: router.name,
        natIpAllocateOption: "AUTO_ONLY",
        // Only our subnetwork (all its ranges: nodes and pods), not every subnet of a shared VPC.
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: [{ name: subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
    }, opts);

    return {
        network: networkRef,
        subnetwork: subnet.id,
        created: [...(vpc ? [vpc] : []), subnet, router, nat],
        nat,
    };
}
