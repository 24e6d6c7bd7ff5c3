/**
 * `HttpsEntry`: an app's share of the HTTPS entry, in the app's namespace:
 * its Gateway, one HTTPRoute per routed tier (and the redirect), its ACME
 * Issuer and a Certificate per host, and the NetworkPolicy that lets the
 * gateway reach cert-manager's HTTP-01 solver. Every object comes from a pure
 * builder (objects.ts); this component only creates them, after the cluster's
 * add-ons (their CRDs and controllers).
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { Cluster } from "../cluster/types";
import { LABEL_MANAGED_BY, LABEL_PART_OF } from "../app/names";
import { entryObjects, toSolverPolicy } from "./objects";
import { routeEndpoint, type EntryPlan } from "./routes";

/** What an app needs of the cluster's add-ons (GatewayAddons). */
export interface GatewayAddonsRef {
    readyResources: pulumi.Resource[];
}

export interface HttpsEntryArgs {
    cluster: Cluster;
    entry: EntryPlan;
    appName: string;
    /** The app's Namespace resource's name, so that every object waits for it. */
    namespace: pulumi.Input<string>;
    addons: GatewayAddonsRef;
}

export class HttpsEntry extends pulumi.ComponentResource {
    /** `https://<host>[path]` of each routed tier, by tier name. */
    readonly endpoints: Map<string, string>;

    constructor(name: string, args: HttpsEntryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:gateway:HttpsEntry", name, {}, opts);
        const { cluster, entry } = args;
        const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider, dependsOn: [...cluster.readyResources, ...args.addons.readyResources] };
        let issuer: CustomResource | undefined;
        for (const obj of entryObjects(entry, args.appName, cluster.facts.publicLoadBalancerAnnotations)) {
            const logical = `${name}-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
            const created = new CustomResource(logical, { ...obj, metadata: { ...obj.metadata, namespace: args.namespace } },
                obj.kind === "Certificate" && issuer ? { ...child, dependsOn: [...(child.dependsOn as pulumi.Resource[]), issuer] } : child);
            if (obj.kind === "Issuer") issuer = created;
        }
        const solver = toSolverPolicy(entry);
        new NetworkPolicy(`${name}-solver-netpol`, {
            metadata: { name: solver.name, namespace: args.namespace, labels: { [LABEL_PART_OF]: args.appName, [LABEL_MANAGED_BY]: "kubeship" } },
            spec: solver.spec,
        }, { parent: this, provider: cluster.provider, dependsOn: cluster.readyResources });
        this.endpoints = new Map(entry.routes.map((r) => [r.tier, routeEndpoint(r)]));
        this.registerOutputs({ endpoints: Object.fromEntries(this.endpoints) });
    }
}
