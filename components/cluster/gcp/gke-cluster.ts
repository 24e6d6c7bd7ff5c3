// PLACEHOLDER: replaced by the real GkeCluster component.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterArgs } from "../types";

class Placeholder extends pulumi.ComponentResource {
    constructor(name: string, _args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:GkeCluster", name, {}, opts);
        throw new pulumi.ResourceError("GkeCluster is not implemented yet", this);
    }
}
export const GkeCluster = Placeholder as unknown as new (name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) => Cluster;
