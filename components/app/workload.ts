/**
 * The workload of a tier: its pod template and its Deployment or StatefulSet
 * spec. Pure, no Pulumi: the values are plain Kubernetes objects.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import type { JobOmittedKey } from "../config/job-schema";
import { toExtraContainers } from "./containers";
import { toEnv } from "./env";
import { toFileVolumes } from "./files";
import { headlessServiceName, isStateful, jobNamed, portsOf, selectorLabels, tierLabels } from "./names";
import type { Placement } from "./placement";
import { toProbes } from "./probes";
import { toContainerSecurityContext, toPodSecurityContext } from "./security";
import { toPvcRetentionPolicy, type VolumePlan } from "./storage";

type PodTemplate = k8s.core.v1.PodTemplateSpec;

/** What a pod is built from: a tier, or a job (job.ts), which has the tier's fields but ports, probes, storage and the like. */
export type PodOwner = Omit<TierConfig, JobOmittedKey> & Partial<Pick<TierConfig, JobOmittedKey>>;

/** Provider-chosen names of a pod's Secrets besides its env Secret: the secret files' and the image pull credentials'. */
export interface PodSecretRefs {
    filesSecretRef?: pulumi.Input<string>;
    pullSecretRef?: pulumi.Input<string>;
}

/** Name of the scratch volume mounted at /tmp (the root filesystem is read-only). */
export const TMP_VOLUME = "tmp";
/** Prefix of the scratch volumes for `scratchPaths`. */
export const SCRATCH_VOLUME = "scratch";
/** Name of a stateful tier's persistent volume (claim template). */
export const DATA_VOLUME = "data";

/** Replicas when neither `replicas` nor `autoscale` is set. @default 2 */
export const DEFAULT_REPLICAS = 2;

/**
 * The fixed replica count, or undefined when an autoscaler owns it: a
 * workload with both would be reset on every `up` (FIELD-NOTES).
 * @default 2, or 1 for a singleton
 */
export function replicasOf(tier: TierConfig): number | undefined {
    if (tier.autoscale) return undefined;
    return tier.replicas ?? (tier.singleton ? 1 : DEFAULT_REPLICAS);
}

/** Requests CPU and memory; limits memory (the request unless set) and CPU only when set. */
export function toResources(tier: PodOwner): k8s.core.v1.ResourceRequirements {
    const r = tier.resources;
    return {
        requests: { cpu: r.cpu, memory: r.memory },
        limits: { memory: r.limits.memory ?? r.memory, ...(r.limits.cpu ? { cpu: r.limits.cpu } : {}) },
    };
}

/** Spread replicas across zones first, then nodes; never block scheduling over it. */
export function toTopologySpread(tierName: string, app: AppConfig): k8s.core.v1.TopologySpreadConstraint[] {
    return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selectorLabels(tierName, app.name) },
    }));
}

/**
/**
 * The pod template: the main container, secure defaults, probes, env, /tmp scratch space, and its placement (placement.ts);
 * config files (files.ts) and init containers and sidecars (containers.ts). `tier` is a tier or a job (PodOwner).
 * `refs`: the provider-chosen names of the secret files' Secret and the image pull Secret (`imagePullSecret`).
 */
export function toPodTemplate(tierName: string, tier: PodOwner, app: AppConfig, secretRef?: pulumi.Input<string>, placement: Placement = {}, refs: PodSecretRefs = {}): PodTemplate {
    const files = toFileVolumes(tierName, tier.files, refs.filesSecretRef);
    const section = jobNamed(app, tierName) ? "jobs" : "tiers";
    const extra = toExtraContainers(["app", section, tierName], tierName, tier, app, files.mountsFor);
    const container: k8s.core.v1.Container = {
        name: tierName,
        image: tier.image,
        imagePullPolicy: "IfNotPresent",
        ...(tier.command ? { command: [...tier.command] } : {}),
        ...(tier.args ? { args: [...tier.args] } : {}),
        ...(tier.ports ? { ports: portsOf(tier as TierConfig).map((p) => ({ name: p.name, containerPort: p.targetPort, protocol: p.protocol })) } : {}),
        env: toEnv(tierName, tier, app, secretRef),
        resources: toResources(tier),
        ...(tier.probes ? toProbes(tierName, tier as TierConfig) : {}),
        securityContext: toContainerSecurityContext(tier),
        volumeMounts: [
            { name: TMP_VOLUME, mountPath: "/tmp" },
            ...tier.scratchPaths.map((mountPath, i) => ({ name: `${SCRATCH_VOLUME}-${i}`, mountPath })),
            ...(tier.storage ? [{ name: DATA_VOLUME, mountPath: tier.storage.path }] : []),
            ...files.mountsFor(tierName),
        ],
    };
    return {
        // The user's labels and annotations first: kubeship's own labels win (the rules refuse a clash).
        metadata: { labels: { ...tier.labels, ...tierLabels(tierName, app.name) }, ...(Object.keys(tier.annotations ?? {}).length ? { annotations: { ...tier.annotations } } : {}) },
        spec: {
            serviceAccountName: tierName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            hostNetwork: false,
            hostPID: false,
            hostIPC: false,
            securityContext: toPodSecurityContext(tier),
            ...placement,
            topologySpreadConstraints: toTopologySpread(tierName, app),
            ...(extra.initContainers.length ? { initContainers: extra.initContainers } : {}),
            ...(refs.pullSecretRef !== undefined ? { imagePullSecrets: [{ name: refs.pullSecretRef }] } : {}),
            containers: [container],
            volumes: [{ name: TMP_VOLUME, emptyDir: {} }, ...tier.scratchPaths.map((_, i) => ({ name: `${SCRATCH_VOLUME}-${i}`, emptyDir: {} })), ...files.volumes, ...extra.volumes],
        },
    };
}

/**
 * A Deployment's spec. Rolling updates never drop below the wanted count
 * (maxUnavailable 0, maxSurge 25%). A singleton uses Recreate instead: the old
 * pod stops before the new one starts, so two leaders never run at once.
 */
export function toDeploymentSpec(tierName: string, tier: TierConfig, app: AppConfig, secretRef?: pulumi.Input<string>, placement?: Placement, refs?: PodSecretRefs): k8s.apps.v1.DeploymentSpec {
    const replicas = replicasOf(tier);
    return {
        ...(replicas !== undefined ? { replicas } : {}),
        selector: { matchLabels: selectorLabels(tierName, app.name) },
        strategy: tier.singleton
            ? { type: "Recreate" }
            : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        template: toPodTemplate(tierName, tier, app, secretRef, placement, refs),
    };
}

/**
 * A StatefulSet's spec: one ReadWriteOnce volume per replica from the
 * cluster's storage class, DNS through the headless Service.
 */
export function toStatefulSetSpec(tierName: string, tier: TierConfig, app: AppConfig, storage: string | VolumePlan, secretRef?: pulumi.Input<string>, placement?: Placement, refs?: PodSecretRefs): k8s.apps.v1.StatefulSetSpec {
    if (!tier.storage) throw new Error(`app.tiers.${tierName}: a StatefulSet needs storage`);
    // A bare class name (older callers): no retention policy, Kubernetes' default (Retain) applies.
    const volumes: Partial<VolumePlan> & { storageClass: string } = typeof storage === "string" ? { storageClass: storage } : storage;
    const replicas = replicasOf(tier);
    return {
        ...(replicas !== undefined ? { replicas } : {}),
        serviceName: headlessServiceName(tierName),
        selector: { matchLabels: selectorLabels(tierName, app.name) },
        updateStrategy: { type: "RollingUpdate" },
        template: toPodTemplate(tierName, tier, app, secretRef, placement, refs),
        ...(volumes.onDestroy ? { persistentVolumeClaimRetentionPolicy: toPvcRetentionPolicy(volumes.onDestroy) } : {}),
        volumeClaimTemplates: [{
            metadata: { name: DATA_VOLUME, labels: tierLabels(tierName, app.name) },
            spec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: volumes.storageClass,
                resources: { requests: { storage: tier.storage.size } },
            },
        }],
    };
}

/**
 * The workload spec for a tier, by kind. `secretRef`: the name of the tier's
 * Secret (an Output when the provider names it); `placement`: its node pool (placement.ts);
 * `filesSecretRef`: the name of its secret files' Secret (files.ts).
 */
export function toWorkloadSpec(tierName: string, tier: TierConfig, app: AppConfig, storage: string | VolumePlan, secretRef?: pulumi.Input<string>, placement?: Placement, refs?: PodSecretRefs) {
    return isStateful(tier)
        ? { kind: "StatefulSet" as const, spec: toStatefulSetSpec(tierName, tier, app, storage, secretRef, placement, refs) }
        : { kind: "Deployment" as const, spec: toDeploymentSpec(tierName, tier, app, secretRef, placement, refs) };
}
