/**
 * The Azure names of an app's backing resources and workload identities. Pure.
 */
import type { BackingBase, BackingCommon, BackingPlanResult } from "../../backing/plan";
import { stackScopedName } from "../names";
import type { AksPlan } from "./resolve";

export type AzureBackingPlan = BackingCommon & { cloud: "azure"; region: string; clusterName: string };

export function planAzureBacking(base: BackingBase, aks: AksPlan): BackingPlanResult {
    return {
        ok: true,
        plan: {
            ...base,
            cloud: "azure",
            region: aks.region,
            clusterName: aks.clusterName,
            buckets: base.buckets.map((b) => ({ ...b, physicalName: stackScopedName(b.name, undefined, 63) })),
            workloads: base.workloads.map((w) => ({ ...w, identityName: stackScopedName(`${aks.clusterName}-${base.namespace}-${w.workload}`, base.stack, 128) })),
        },
    };
}
