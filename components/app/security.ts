/**
 * Pod and container security contexts, and the namespace's Pod Security level.
 * Pure, no Pulumi. The defaults meet the Pod Security Standard "restricted"
 * and the checks of kube-score, kube-linter, Polaris and Checkov.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { AppConfig, TierConfig } from "../config/schema";
import { hasSecretFiles } from "./files";
import { isStateful, podOwnersOf } from "./names";

/**
 * The group that owns a stateful tier's volume (and secret files, files.ts) when `security.runAsUser` is
 * not set. Any group works: the kubelet adds it to the container's groups and
 * makes the volume group-writable.
 * @default 1000
 */
export const DEFAULT_FS_GROUP = 1000;

/**
 * Pod-level context: non-root, seccomp RuntimeDefault, a volume group for stateful tiers.
 *
 * `runAsUser` is set only when the config gives one; otherwise the image's USER
 * applies ("Defaults to user specified in image metadata if unspecified",
 * PodSecurityContext.runAsUser). kubeship deliberately does not invent a UID:
 * with `runAsNonRoot` the kubelet already fails closed and says why, while a
 * made-up UID would start the container and fail later on files the image's
 * own user owns (postgres refuses a data directory it does not own). The two
 * kubelet refusals, both `CreateContainerConfigError`:
 * - `container has runAsNonRoot and image will run as root`: the image's USER
 *   is root (the official redis and postgres images); set `security.runAsUser`
 *   to the image's unprivileged user (redis 999, postgres-alpine 70);
 * - `container has runAsNonRoot and image has non-numeric user (node), cannot
 *   verify user is non-root`: the USER is a name (node, nonroot); set its
 *   numeric UID (node 1000, distroless nonroot 65532).
 */
export function toPodSecurityContext(tier: Pick<TierConfig, "security" | "files"> & Pick<Partial<TierConfig>, "storage">): k8s.core.v1.PodSecurityContext {
    const s = tier.security;
    return {
        runAsNonRoot: s.runAsNonRoot,
        ...(s.runAsUser !== undefined ? { runAsUser: s.runAsUser } : {}),
        // Secret files are mode 0440: the non-root user reads them through this group.
        ...(isStateful(tier) || hasSecretFiles(tier.files) ? { fsGroup: s.runAsUser ?? DEFAULT_FS_GROUP, fsGroupChangePolicy: "OnRootMismatch" } : {}),
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container-level context: no privilege escalation, read-only root, every capability dropped. */
export function toContainerSecurityContext(tier: Pick<TierConfig, "security">): k8s.core.v1.SecurityContext {
    const s = tier.security;
    return {
        runAsNonRoot: s.runAsNonRoot,
        allowPrivilegeEscalation: s.allowPrivilegeEscalation,
        readOnlyRootFilesystem: s.readOnlyRootFilesystem,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * The Pod Security level the namespace enforces: "restricted", unless a tier
 * opts out of a setting "restricted" requires (runAsNonRoot, no privilege
 * escalation); then "baseline", or that tier could never start. Audit and
 * warn stay at "restricted" so the exception remains visible.
 */
export function podSecurityLevel(app: AppConfig): "restricted" | "baseline" {
    const relaxed = podOwnersOf(app).some(({ owner }) => !owner.security.runAsNonRoot || owner.security.allowPrivilegeEscalation);
    return relaxed ? "baseline" : "restricted";
}

/** Labels that make the namespace enforce the Pod Security Standard. */
export function namespaceSecurityLabels(app: AppConfig): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": podSecurityLevel(app),
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "latest",
    };
}
