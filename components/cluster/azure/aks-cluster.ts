// PLACEHOLDER: replaced by the real AksCluster component.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterArgs } from "../types";

class Placeholder extends pulumi.ComponentResource {
    constructor(name: string, _args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:AksCluster", name, {}, opts);
        throw new pulumi.ResourceError("AksCluster is not implemented yet", this);
    }
}
export const AksCluster = Placeholder as unknown as new (name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) => Cluster;
