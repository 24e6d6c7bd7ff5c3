/** Resources for the policy tests: compliant baselines that each test breaks in one place. */

/** A Deployment that passes every Kubernetes rule (the shape kubeship's app renders). */
export function secureDeployment(): Record<string, any> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop" },
        spec: {
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: {
                    serviceAccountName: "web",
                    automountServiceAccountToken: false,
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } }],
                    containers: [{
                        name: "web",
                        image: "ghcr.io/acme/web:1.4.2",
                        env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web", key: "DB_PASSWORD" } } }, { name: "MODE", value: "prod" }],
                        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
                        readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 },
                        livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 20 },
                        securityContext: {
                            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
                            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
                        },
                    }],
                },
            },
        },
    };
}

/** The pod spec of a fixture, to edit in place. */
export const podOf = (d: Record<string, any>): Record<string, any> => d.spec.template.spec;
export const containerOf = (d: Record<string, any>): Record<string, any> => d.spec.template.spec.containers[0];

/** The planted insecure workload: privileged, root, no probes, :latest, a literal password. */
export function insecureDeployment(): Record<string, any> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "bad", namespace: "default" },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "bad" } },
            template: {
                metadata: { labels: { app: "bad" } },
                spec: {
                    hostNetwork: true,
                    containers: [{
                        name: "bad",
                        image: "nginx:latest",
                        env: [{ name: "DB_PASSWORD", value: "hunter2" }],
                        securityContext: { privileged: true, runAsUser: 0 },
                    }],
                },
            },
        },
    };
}
