/**
 * PLACEHOLDER until the azure module lands: the app's buckets and workload identities on azure.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppCloud } from "../../backing/cloud";
import type { AzureBackingPlan } from "./app-cloud-plan";
import type { Cluster } from "../types";

export function azureAppCloud(_name: string, plan: AzureBackingPlan, _cluster: Cluster): AppCloud {
    return {
        plan,
        bucket: (name, parent) => { throw new pulumi.ResourceError(`buckets on azure are not built yet (${name})`, parent); },
        identity: (access, _buckets, parent) => { throw new pulumi.ResourceError(`identities on azure are not built yet (${access.workload})`, parent); },
    };
}
