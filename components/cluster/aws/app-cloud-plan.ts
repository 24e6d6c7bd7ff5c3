/**
 * The AWS names of an app's backing resources and workload identities. Pure.
 */
import type { BackingBase, BackingCommon, BackingPlanResult } from "../../backing/plan";
import { stackScopedName } from "../names";
import type { ResolvedEks } from "./resolve";

export type AwsBackingPlan = BackingCommon & { cloud: "aws"; region: string; clusterName: string };

export function planAwsBacking(base: BackingBase, eks: ResolvedEks): BackingPlanResult {
    return {
        ok: true,
        plan: {
            ...base,
            cloud: "aws",
            region: eks.region,
            clusterName: eks.clusterName,
            buckets: base.buckets.map((b) => ({ ...b, physicalName: stackScopedName(`${base.appName}-${b.name}`, base.stack, 63) })),
            workloads: base.workloads.map((w) => ({ ...w, identityName: stackScopedName(`${eks.clusterName}-${base.namespace}-${w.workload}`, base.stack, 64) })),
        },
    };
}
