/**
 * Pod-template checks: the FIELD-NOTES "Workloads" list and the Pod Security
 * Standard "restricted", as kube-score, kube-linter, Polaris and Checkov check
 * them. Each check is pure: `(type, props) => messages`.
 */
import type { Check, Rule } from "./types";
import { asObject, canonical, isObject, strings, violation } from "./format";

/** Workload type tokens whose pod template the rules read, and where the pod spec sits. */
const POD_SPEC_PATHS: Record<string, string[]> = {
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "kubernetes:core/v1:Pod": ["spec"],
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

interface PodView {
    /** The pod spec, `{}` when absent. */
    spec: Record<string, any>;
    /** Its path in the resource, e.g. `spec.template.spec`. */
    path: string;
}

/** The pod spec of a workload, or undefined when `type` is not a workload. */
export function podSpecOf(type: string, props: Record<string, any>): PodView | undefined {
    const keys = POD_SPEC_PATHS[type];
    if (!keys) return undefined;
    let node: unknown = props;
    for (const k of keys) node = isObject(node) ? node[k] : undefined;
    return { spec: asObject(node), path: keys.join(".") };
}

interface ContainerView {
    c: Record<string, any>;
    /** e.g. `spec.template.spec.containers[0] (web)` */
    path: string;
    init: boolean;
}

function containersOf(pod: PodView, includeInit = true): ContainerView[] {
    const list = (key: string, init: boolean) => (Array.isArray(pod.spec[key]) ? pod.spec[key] : [])
        .map((c: unknown, i: number) => {
            const obj = asObject(c);
            return { c: obj, path: `${pod.path}.${key}[${i}] (${obj.name ?? "unnamed"})`, init };
        });
    return [...list("containers", false), ...(includeInit ? list("initContainers", true) : [])];
}

/** Builds a check that runs `perPod` on a workload's pod spec and skips other types. */
function podCheck(perPod: (pod: PodView) => string[]): Check {
    return (type, props) => {
        const pod = podSpecOf(type, props);
        return pod ? perPod(pod) : [];
    };
}

/** Builds a check that runs `perContainer` on every container (and init container). */
function containerCheck(perContainer: (c: ContainerView, pod: PodView) => string[], includeInit = true): Check {
    return podCheck((pod) => containersOf(pod, includeInit).flatMap((c) => perContainer(c, pod)));
}

const sc = (c: ContainerView) => asObject(c.c.securityContext);
const podSc = (pod: PodView) => asObject(pod.spec.securityContext);

export const checkResources = containerCheck(({ c, path }) => {
    const r = asObject(c.resources);
    const req = asObject(r.requests);
    const lim = asObject(r.limits);
    const out: string[] = [];
    if (req.cpu === undefined) out.push(violation(`${path}.resources.requests.cpu`, "be set", req.cpu, "request the CPU the container needs so the scheduler can place it"));
    if (req.memory === undefined) out.push(violation(`${path}.resources.requests.memory`, "be set", req.memory, "request the memory the container needs"));
    if (lim.memory === undefined) out.push(violation(`${path}.resources.limits.memory`, "be set", lim.memory, "set a memory limit (usually equal to the request) so one pod cannot starve the node"));
    return out;
});

const probesOf = containerCheck(({ c, path }) => {
    const out: string[] = [];
    if (!isObject(c.readinessProbe)) out.push(violation(`${path}.readinessProbe`, "be set", c.readinessProbe, "add a readiness probe so traffic waits until the container can serve"));
    if (!isObject(c.livenessProbe)) out.push(violation(`${path}.livenessProbe`, "be set", c.livenessProbe, "add a liveness probe so a hung container is restarted"));
    if (isObject(c.readinessProbe) && isObject(c.livenessProbe) && canonical(c.readinessProbe) === canonical(c.livenessProbe)) {
        out.push(`${path}.livenessProbe: must differ from readinessProbe, got the same probe twice; a failing dependency would then restart the container instead of only taking it out of rotation: give liveness a cheaper check or a higher failureThreshold`);
    }
    return out;
}, false);

/**
 * Pods that run to completion (Job, CronJob) are left out: they serve no
 * traffic to gate with readiness, and a liveness restart only repeats a run the
 * Job's activeDeadlineSeconds already bounds (kube-score and kube-linter ask
 * probes of long-running workloads).
 */
const RUN_TO_COMPLETION: readonly string[] = ["kubernetes:batch/v1:Job", "kubernetes:batch/v1:CronJob"];
export const checkProbes: Check = (type, props) => (RUN_TO_COMPLETION.includes(type) ? [] : probesOf(type, props));

/** The tag of an image reference (undefined when none), and whether it is pinned by digest. */
export function imageTag(image: string): { tag?: string; digest: boolean } {
    if (image.includes("@sha256:") || image.includes("@sha512:")) return { digest: true };
    const last = image.slice(image.lastIndexOf("/") + 1);
    const i = last.lastIndexOf(":");
    return { tag: i >= 0 ? last.slice(i + 1) : undefined, digest: false };
}

export const checkImagePinned = containerCheck(({ c, path }) => {
    if (typeof c.image !== "string" || c.image === "") {
        return [violation(`${path}.image`, "be set", c.image, "name an image with a version tag or digest")];
    }
    const { tag, digest } = imageTag(c.image);
    if (digest || (tag && tag !== "latest")) return [];
    return [violation(`${path}.image`, "be pinned to a version tag or a digest", c.image, `use e.g. "${c.image.replace(/:latest$/, "")}:1.2.3" or "@sha256:…"; a moving tag makes rollouts unreproducible`)];
});

export const checkRunAsNonRoot = containerCheck((cv, pod) => {
    const out: string[] = [];
    const effective = sc(cv).runAsNonRoot ?? podSc(pod).runAsNonRoot;
    if (effective !== true) {
        out.push(violation(`${cv.path}.securityContext.runAsNonRoot`, "be true (here or in the pod securityContext)", sc(cv).runAsNonRoot ?? podSc(pod).runAsNonRoot, "set runAsNonRoot: true and run the image as a non-root user"));
    }
    const user = sc(cv).runAsUser ?? podSc(pod).runAsUser;
    if (user === 0) out.push(violation(`${cv.path}.securityContext.runAsUser`, "not be 0 (root)", user, "run as a non-zero UID"));
    return out;
});

export const checkNoPrivilegeEscalation = containerCheck((cv) => {
    const out: string[] = [];
    if (sc(cv).privileged === true) out.push(violation(`${cv.path}.securityContext.privileged`, "not be true", true, "remove privileged: a privileged container is root on the node"));
    if (sc(cv).allowPrivilegeEscalation !== false) {
        out.push(violation(`${cv.path}.securityContext.allowPrivilegeEscalation`, "be false", sc(cv).allowPrivilegeEscalation, "set allowPrivilegeEscalation: false"));
    }
    return out;
});

export const checkReadOnlyRootFilesystem = containerCheck((cv) =>
    sc(cv).readOnlyRootFilesystem === true ? []
        : [violation(`${cv.path}.securityContext.readOnlyRootFilesystem`, "be true", sc(cv).readOnlyRootFilesystem, "set readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp)")]);

/** The only capability the restricted Pod Security Standard lets a container add. */
const ALLOWED_ADDED_CAPABILITIES = new Set(["NET_BIND_SERVICE"]);

export const checkCapabilities = containerCheck((cv) => {
    const caps = asObject(sc(cv).capabilities);
    const out: string[] = [];
    if (!strings(caps.drop).includes("ALL")) {
        out.push(violation(`${cv.path}.securityContext.capabilities.drop`, "include \"ALL\"", caps.drop, "set capabilities.drop: [\"ALL\"] and add back only NET_BIND_SERVICE if needed"));
    }
    const added = strings(caps.add).filter((a) => !ALLOWED_ADDED_CAPABILITIES.has(a));
    if (added.length) out.push(violation(`${cv.path}.securityContext.capabilities.add`, "add nothing but NET_BIND_SERVICE", caps.add, `remove ${added.join(", ")}`));
    return out;
});

/** RuntimeDefault is what we ask for; Localhost (a custom profile) is also allowed by "restricted". */
const ALLOWED_SECCOMP = new Set(["RuntimeDefault", "Localhost"]);

export const checkSeccomp = containerCheck((cv, pod) => {
    const own = isObject(sc(cv).seccompProfile) ? sc(cv).seccompProfile.type : undefined;
    const inherited = isObject(podSc(pod).seccompProfile) ? podSc(pod).seccompProfile.type : undefined;
    const effective = own ?? inherited;
    return ALLOWED_SECCOMP.has(effective) ? []
        : [violation(`${cv.path}.securityContext.seccompProfile.type`, "be \"RuntimeDefault\" (here or in the pod securityContext)", effective, "set seccompProfile: { type: RuntimeDefault } on the pod")];
});

export const checkHostNamespaces = podCheck((pod) =>
    (["hostNetwork", "hostPID", "hostIPC"] as const)
        .filter((k) => pod.spec[k] === true)
        .map((k) => violation(`${pod.path}.${k}`, "not be true", true, `remove ${k}: sharing the node's namespaces breaks pod isolation`)));

export const checkServiceAccount = podCheck((pod) => {
    const out: string[] = [];
    const name = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    if (typeof name !== "string" || name === "" || name === "default") {
        out.push(violation(`${pod.path}.serviceAccountName`, "name a dedicated service account (not \"default\")", name, "create a ServiceAccount per workload and set serviceAccountName"));
    }
    if (pod.spec.automountServiceAccountToken !== false) {
        out.push(violation(`${pod.path}.automountServiceAccountToken`, "be false", pod.spec.automountServiceAccountToken, "set automountServiceAccountToken: false; mount a projected token only where the app calls the API"));
    }
    return out;
});

/** Env var names that hold credentials. */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY/i;

export const checkSecretsByReference = containerCheck(({ c, path }) =>
    (Array.isArray(c.env) ? c.env : [])
        .map((e: unknown, i: number) => ({ e: asObject(e), i }))
        .filter(({ e }) => typeof e.name === "string" && SECRET_NAME.test(e.name) && typeof e.value === "string" && e.value !== "")
        .map(({ e, i }) => `${path}.env[${i}] (${e.name}).value: must not hold a literal secret, got a literal value of ${e.value.length} characters; use valueFrom.secretKeyRef and keep the value in a Secret`));

export const checkTopologySpread = podCheck((pod) => {
    const t = pod.spec.topologySpreadConstraints;
    return Array.isArray(t) && t.length > 0 ? []
        : [violation(`${pod.path}.topologySpreadConstraints`, "spread replicas across zones or nodes", t, "add a topologySpreadConstraint on topology.kubernetes.io/zone (whenUnsatisfiable: ScheduleAnyway)")];
});

/**
 * Fixed replica counts below two in production (the HPA floor is checked in
 * kubernetes.ts). Deployments only: a stateless tier can always run two, while
 * a single-replica StatefulSet (a database primary such as the guestbook's
 * redis leader) is a data-design choice a policy cannot judge.
 */
export const checkReplicas: Check = (type, props) => {
    if (type !== "kubernetes:apps/v1:Deployment") return [];
    const replicas = isObject(props.spec) ? props.spec.replicas : undefined;
    return typeof replicas === "number" && replicas < 2
        ? [violation("spec.replicas", "be at least 2 in production", replicas, "run two or more replicas (or let an HPA with minReplicas >= 2 manage them)")]
        : [];
};

const rule = (name: string, description: string, check: Check, scope?: Rule["scope"]): Rule =>
    ({ name, description, types: WORKLOAD_TYPES, check, ...(scope ? { scope } : {}) });

export const podRules: Rule[] = [
    rule("k8s-container-resources", "Every container requests CPU and memory and has a memory limit.", checkResources),
    rule("k8s-container-probes", "Every container of a long-running workload (not a Job or CronJob) has readiness and liveness probes, and they differ.", checkProbes),
    rule("k8s-image-pinned", "Images are pinned to a version tag or a digest, never latest.", checkImagePinned),
    rule("k8s-run-as-non-root", "Containers run as a non-root user (runAsNonRoot: true).", checkRunAsNonRoot),
    rule("k8s-no-privilege-escalation", "Containers are not privileged and set allowPrivilegeEscalation: false.", checkNoPrivilegeEscalation),
    rule("k8s-read-only-root-filesystem", "Containers have a read-only root filesystem.", checkReadOnlyRootFilesystem),
    rule("k8s-drop-all-capabilities", "Containers drop ALL capabilities and add back at most NET_BIND_SERVICE.", checkCapabilities),
    rule("k8s-seccomp-runtime-default", "Containers run under the RuntimeDefault seccomp profile.", checkSeccomp),
    rule("k8s-no-host-namespaces", "Pods do not share the node's network, PID or IPC namespace.", checkHostNamespaces),
    rule("k8s-dedicated-service-account", "Pods use a dedicated service account and do not automount its token.", checkServiceAccount),
    rule("k8s-secrets-by-reference", "Credentials reach containers through secretKeyRef, never as literal env values.", checkSecretsByReference),
    rule("k8s-topology-spread", "Replicas are spread across zones or nodes.", checkTopologySpread),
    rule("k8s-min-replicas", "Production Deployments with a fixed replica count run at least two replicas.", checkReplicas, "prod-only"),
];
