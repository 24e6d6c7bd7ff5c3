/**
 * A workload's cloud identity on its pods: the labels the cloud's webhook
 * looks for, and the variables that name its buckets. Pure, no Pulumi
 * resources: the identity itself is made by the app's `AppBacking`.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { WorkloadIdentity } from "../backing/cloud";

type PodTemplate = k8s.core.v1.PodTemplateSpec;

/** The pod template with the identity's pod labels, and its variables on every app container (the main one and sidecars). */
export function withIdentityTemplate(template: PodTemplate, identity: WorkloadIdentity | undefined): PodTemplate {
    if (!identity) return template;
    const meta = (template.metadata ?? {}) as k8s.meta.v1.ObjectMeta;
    const spec = template.spec as k8s.core.v1.PodSpec;
    const addEnv = (c: k8s.core.v1.Container): k8s.core.v1.Container => ({ ...c, env: [...((c.env ?? []) as k8s.core.v1.EnvVar[]), ...identity.env] });
    return {
        ...template,
        metadata: { ...meta, labels: { ...(meta.labels as Record<string, string>), ...identity.podLabels } },
        spec: {
            ...spec,
            containers: (spec.containers as k8s.core.v1.Container[]).map(addEnv),
            // Native sidecars (restartPolicy Always) run beside the app and may call the cloud too; plain init containers get the variables as well.
            ...(spec.initContainers ? { initContainers: (spec.initContainers as k8s.core.v1.Container[]).map(addEnv) } : {}),
        },
    };
}

/** A workload spec (Deployment, StatefulSet, Job: anything with a `template`) with the identity applied. */
export function withIdentity<W extends { spec: object }>(workload: W, identity: WorkloadIdentity | undefined): W {
    if (!identity) return workload;
    // The builders make plain templates (never Inputs), so the cast only narrows the SDK's Input type.
    const template = (workload.spec as { template: PodTemplate }).template;
    return { ...workload, spec: { ...workload.spec, template: withIdentityTemplate(template, identity) } };
}
