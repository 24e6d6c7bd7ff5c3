// PLACEHOLDER: replaced by the real EksCluster component.
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterArgs } from "../types";

class Placeholder extends pulumi.ComponentResource {
    constructor(name: string, _args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:cluster:EksCluster", name, {}, opts);
        throw new pulumi.ResourceError("EksCluster is not implemented yet", this);
    }
}
export const EksCluster = Placeholder as unknown as new (name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) => Cluster;
