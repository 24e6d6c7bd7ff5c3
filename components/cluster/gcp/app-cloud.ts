/**
 * PLACEHOLDER until the gcp module lands: the app's buckets and workload identities on gcp.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppCloud } from "../../backing/cloud";
import type { GcpBackingPlan } from "./app-cloud-plan";
import type { Cluster } from "../types";

export function gcpAppCloud(_name: string, plan: GcpBackingPlan, _cluster: Cluster): AppCloud {
    return {
        plan,
        bucket: (name, parent) => { throw new pulumi.ResourceError(`buckets on gcp are not built yet (${name})`, parent); },
        identity: (access, _buckets, parent) => { throw new pulumi.ResourceError(`identities on gcp are not built yet (${access.workload})`, parent); },
    };
}
