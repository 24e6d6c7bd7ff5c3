/**
 * PLACEHOLDER until the aws module lands: the app's buckets and workload identities on aws.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppCloud } from "../../backing/cloud";
import type { AwsBackingPlan } from "./app-cloud-plan";
import type { Cluster } from "../types";

export function awsAppCloud(_name: string, plan: AwsBackingPlan, _cluster: Cluster): AppCloud {
    return {
        plan,
        bucket: (name, parent) => { throw new pulumi.ResourceError(`buckets on aws are not built yet (${name})`, parent); },
        identity: (access, _buckets, parent) => { throw new pulumi.ResourceError(`identities on aws are not built yet (${access.workload})`, parent); },
    };
}
