/**
 * The GCP names of an app's backing resources and workload identities. Pure.
 */
import type { BackingBase, BackingCommon, BackingPlanResult } from "../../backing/plan";
import { stackScopedName } from "../names";
import type { ResolvedGke } from "./resolve";

export type GcpBackingPlan = BackingCommon & { cloud: "gcp"; project: string; region: string; workloadPool: string };

export function planGcpBacking(base: BackingBase, gke: ResolvedGke): BackingPlanResult {
    return {
        ok: true,
        plan: {
            ...base,
            cloud: "gcp",
            project: gke.project,
            region: gke.region,
            workloadPool: gke.workloadPool,
            buckets: base.buckets.map((b) => ({ ...b, physicalName: stackScopedName(`${gke.project}-${base.appName}-${b.name}`, base.stack, 63) })),
            // No Google service account: the Kubernetes service account is the principal.
            workloads: base.workloads.map((w) => ({ ...w, identityName: w.serviceAccount })),
        },
    };
}
