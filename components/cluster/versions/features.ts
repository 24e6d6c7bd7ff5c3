/**
 * Kubernetes minors that app features need, kept with the other version facts
 * (no version is written outside components/cluster/versions/).
 */

/**
 * The first Kubernetes minor that runs native sidecars (init containers with
 * `restartPolicy: Always`) by default: the SidecarContainers feature gate is
 * beta and on from 1.29 ("the feature is active by default since Kubernetes
 * v1.29", https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/).
 */
export const SIDECAR_MIN_MINOR = "1.29";
