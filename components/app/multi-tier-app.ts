// PLACEHOLDER: replaced by the real MultiTierApp (issue 4). Keeps the contract the program uses.
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import type { AppConfig } from "../config/schema";
import type { Cluster } from "../cluster/types";

export interface MultiTierAppArgs {
    cluster: Cluster;
    app: AppConfig;
    /** Values for every config key named in a tier's `secrets`. */
    secrets: Record<string, pulumi.Input<string>>;
}

export class MultiTierApp extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Public endpoint of each public tier: a hostname on AWS, an IP elsewhere. */
    readonly endpoints: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: MultiTierAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:MultiTierApp", name, {}, opts);
        const ns = new Namespace(`${name}-ns`, { metadata: { name: args.app.namespace ?? args.app.name } }, { parent: this, provider: args.cluster.provider });
        this.namespace = ns.metadata.name;
        this.endpoints = {};
        this.registerOutputs({ namespace: this.namespace });
    }
}
