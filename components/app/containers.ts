/**
 * A pod's extra containers (`init`, `sidecars`) as Kubernetes init containers.
 * Pure, no Pulumi; written over the pod fields alone, so any pod owner can use it.
 *
 * Sidecars are native sidecars: init containers with `restartPolicy: Always`
 * (KEP-753; on by default from Kubernetes 1.29). The kubelet starts init
 * containers in list order; a sidecar does not have to finish, "the next init
 * container starts immediately after this init container is started, or after
 * any startupProbe has successfully completed" (Container.restartPolicy, core/v1).
 * So the list is the sidecars first, then the init containers: a proxy or
 * credential helper the init containers need (a migration through a database
 * proxy) is already running when they do. After the main container stops the
 * sidecars are stopped, in the reverse order.
 *
 * Each extra container gets the main container's security context (the
 * restricted Pod Security Standard), its own /tmp (an emptyDir; the root
 * filesystem is read-only), and only the files that name it (`containers`).
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { PathProblem } from "../config/errors";
import type { AppConfig, InitContainerConfig, SidecarConfig, TierConfig } from "../config/schema";
import { DEFAULT_REQUESTS } from "../config/schema";
import { SIDECAR_MIN_MINOR } from "../cluster/versions/features";
import { resolveValue } from "./env";
import { toProbe, type ProbeKind } from "./probes";
import { toContainerSecurityContext } from "./security";
import { SpecError } from "./spec-error";

type Container = k8s.core.v1.Container;
type Path = (string | number)[];

/** Prefix of an extra container's own /tmp volume: `tmp-<container>`. */
export const EXTRA_TMP_VOLUME = "tmp";

/** The resources a sidecar gets when it names none. @default cpu 100m, memory 128Mi (memory limit = request) */
export const DEFAULT_SIDECAR_RESOURCES = { ...DEFAULT_REQUESTS, limits: {} };

/** The pod fields the extra containers are made from. */
export type PodContainers = Pick<TierConfig, "init" | "sidecars" | "resources" | "security">;

type Resources = TierConfig["resources"];

function toContainerResources(r: Resources): k8s.core.v1.ResourceRequirements {
    return {
        requests: { cpu: r.cpu, memory: r.memory },
        limits: { memory: r.limits.memory ?? r.memory, ...(r.limits.cpu ? { cpu: r.limits.cpu } : {}) },
    };
}

function toContainerEnv(at: Path, env: Record<string, string | number | boolean>, app: AppConfig): k8s.core.v1.EnvVar[] {
    return Object.entries(env).map(([name, value]) => {
        try {
            return { name, value: resolveValue(value, app) };
        } catch (e) {
            throw new SpecError([...at, "env", name], (e as Error).message);
        }
    });
}

/** What every extra container has: image, command, env, resources, security, its /tmp and its files. */
function baseContainer(at: Path, c: InitContainerConfig | SidecarConfig, resources: Resources, pod: PodContainers, app: AppConfig, mounts: k8s.core.v1.VolumeMount[]): Container {
    return {
        name: c.name,
        image: c.image,
        imagePullPolicy: "IfNotPresent",
        ...(c.command ? { command: [...c.command] } : {}),
        ...(c.args ? { args: [...c.args] } : {}),
        env: toContainerEnv(at, c.env, app),
        resources: toContainerResources(resources),
        securityContext: toContainerSecurityContext(pod),
        volumeMounts: [{ name: extraTmpVolume(c.name), mountPath: "/tmp" }, ...mounts],
    };
}

/** The name of an extra container's /tmp volume. */
export function extraTmpVolume(container: string): string {
    return `${EXTRA_TMP_VOLUME}-${container}`;
}

/**
 * A sidecar's probe, checked against the sidecar's own ports (probes.ts does
 * the work; its problems are moved to the sidecar's path).
 */
function sidecarProbe(at: Path, owner: string, s: SidecarConfig, kind: ProbeKind): k8s.core.v1.Probe | undefined {
    const probe = s.probes[kind];
    if (!probe) return undefined;
    try {
        return toProbe(owner, { ports: s.ports } as unknown as TierConfig, kind, probe);
    } catch (e) {
        if (!(e instanceof SpecError)) throw e;
        // toProbe places it at app.tiers.<owner>.probes.<kind>[.field]
        throw new SpecError([...at, "probes", ...e.path.slice(4)], e.detail.replace(/the tier's/g, "the sidecar's").replace(/the tier has/g, "the sidecar has"));
    }
}

/**
 * The pod's init containers: sidecars (restartPolicy Always) first, then init
 * containers, each in config order; and the /tmp volume of each. `at` is the
 * owner's config path (`["app", "tiers", "web"]`), `owner` its name,
 * `mountsFor` the file mounts of a container (files.ts).
 */
export function toExtraContainers(at: Path, owner: string, pod: PodContainers, app: AppConfig, mountsFor: (container: string) => k8s.core.v1.VolumeMount[] = () => []): {
    initContainers: Container[];
    volumes: k8s.core.v1.Volume[];
} {
    const sidecars = pod.sidecars.map((s, i): Container => {
        const here = [...at, "sidecars", i];
        const ports = Object.entries(s.ports).map(([name, p]) => (typeof p === "number"
            ? { name, containerPort: p, protocol: "TCP" }
            : { name, containerPort: p.port, protocol: p.protocol }));
        const probes = Object.fromEntries((["readiness", "liveness", "startup"] as const).flatMap((kind) => {
            const probe = sidecarProbe(here, owner, s, kind);
            return probe ? [[`${kind}Probe`, probe]] : [];
        }));
        return {
            ...baseContainer(here, s, s.resources ?? DEFAULT_SIDECAR_RESOURCES, pod, app, mountsFor(s.name)),
            restartPolicy: "Always",
            ...(ports.length ? { ports } : {}),
            ...probes,
        };
    });
    // An init container's request adds nothing to the pod's while it stays at or below the main container's.
    const inits = pod.init.map((c, i) => baseContainer([...at, "init", i], c, c.resources ?? pod.resources, pod, app, mountsFor(c.name)));
    const all = [...sidecars, ...inits];
    return { initContainers: all, volumes: all.map((c) => ({ name: extraTmpVolume(c.name as string), emptyDir: {} })) };
}

/** The names of every container of a pod: the main one first, then sidecars and init containers. */
export function containerNames(main: string, pod: Pick<TierConfig, "init" | "sidecars">): string[] {
    return [main, ...pod.sidecars.map((s) => s.name), ...pod.init.map((c) => c.name)];
}

/**
 * Native sidecars need Kubernetes 1.29 or later (SIDECAR_MIN_MINOR, with its
 * source). Before, the API server drops `restartPolicy` and the sidecar
 * becomes an init container that never finishes: the pod never starts.
 */
export { SIDECAR_MIN_MINOR };

const minorNumber = (minor: string) => Number(minor.split(".")[1]);

/**
 * Tiers with sidecars on a cluster older than 1.29. `minor` is the plan's
 * Kubernetes minor; undefined (an existing cluster, whose version kubeship
 * does not know) passes, and the README says what an older one does.
 */
export function sidecarVersionProblems(app: AppConfig, minor: string | undefined): PathProblem[] {
    if (minor === undefined || minorNumber(minor) >= minorNumber(SIDECAR_MIN_MINOR)) return [];
    return Object.entries(app.tiers).filter(([, t]) => t.sidecars.length > 0).map(([name]) => ({
        path: ["app", "tiers", name, "sidecars"],
        message: `need Kubernetes ${SIDECAR_MIN_MINOR} or later (native sidecars), but the cluster runs ${minor}; set cluster.version to "${SIDECAR_MIN_MINOR}" or later, or run the sidecar's work as an init container`,
    }));
}
