import { describe, expect, it } from "vitest";
import { containerOf, insecureDeployment, podOf, secureDeployment } from "./fixtures";
import { checkHpaReplicasConflict, checkNetworkPolicyCoverage, kubernetesRules } from "./kubernetes";
import { imageTag } from "./kubernetes-pods";
import { violationsOf } from "./rules";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const k8s = (type: string, props: Record<string, any>) => violationsOf(type, props, kubernetesRules);
/** The violations of one rule on a Deployment changed by `edit`. */
function broken(rule: string, edit: (d: Record<string, any>) => void, type = DEPLOYMENT): string[] {
    const d = secureDeployment();
    edit(d);
    const all = k8s(type, d);
    // A single edit must trip only the rule under test.
    expect(Object.keys(all)).toEqual([rule]);
    return all[rule];
}

describe("pod template rules", () => {
    it("accept the secure baseline, as a Deployment and as a StatefulSet", () => {
        expect(k8s(DEPLOYMENT, secureDeployment())).toEqual({});
        expect(k8s("kubernetes:apps/v1:StatefulSet", secureDeployment())).toEqual({});
    });

    it("k8s-container-resources: requests and a memory limit", () => {
        expect(broken("k8s-container-resources", (d) => { containerOf(d).resources = { requests: { cpu: "100m" } }; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).resources.requests.memory: must be set, got unset; request the memory the container needs",
            "spec.template.spec.containers[0] (web).resources.limits.memory: must be set, got unset; set a memory limit (usually equal to the request) so one pod cannot starve the node",
          ]
        `);
    });

    it("k8s-container-probes: both probes, not identical", () => {
        expect(broken("k8s-container-probes", (d) => { delete containerOf(d).readinessProbe; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).readinessProbe: must be set, got unset; add a readiness probe so traffic waits until the container can serve",
          ]
        `);
        expect(broken("k8s-container-probes", (d) => { containerOf(d).livenessProbe = { periodSeconds: 5, httpGet: { port: 8080, path: "/ready" } }; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).livenessProbe: must differ from readinessProbe, got the same probe twice; a failing dependency would then restart the container instead of only taking it out of rotation: give liveness a cheaper check or a higher failureThreshold",
          ]
        `);
    });

    it("k8s-image-pinned: no latest, no missing tag; digests and registry ports are fine", () => {
        expect(broken("k8s-image-pinned", (d) => { containerOf(d).image = "nginx:latest"; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).image: must be pinned to a version tag or a digest, got "nginx:latest"; use e.g. "nginx:1.2.3" or "@sha256:…"; a moving tag makes rollouts unreproducible",
          ]
        `);
        expect(broken("k8s-image-pinned", (d) => { containerOf(d).image = "localhost:5000/web"; })).toHaveLength(1);
        expect(imageTag("localhost:5000/web:2.0")).toEqual({ tag: "2.0", digest: false });
        expect(imageTag("nginx@sha256:abc")).toEqual({ digest: true });
        const d = secureDeployment();
        containerOf(d).image = "ghcr.io/acme/web@sha256:0123";
        expect(k8s(DEPLOYMENT, d)).toEqual({});
    });

    it("k8s-run-as-non-root: pod level is enough; a container override to false or UID 0 is not", () => {
        const podLevel = secureDeployment();
        delete containerOf(podLevel).securityContext.runAsNonRoot;
        expect(k8s(DEPLOYMENT, podLevel)).toEqual({});
        expect(broken("k8s-run-as-non-root", (d) => { containerOf(d).securityContext.runAsNonRoot = false; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.runAsNonRoot: must be true (here or in the pod securityContext), got false; set runAsNonRoot: true and run the image as a non-root user",
          ]
        `);
        expect(broken("k8s-run-as-non-root", (d) => { podOf(d).securityContext.runAsUser = 0; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.runAsUser: must not be 0 (root), got 0; run as a non-zero UID",
          ]
        `);
    });

    it("k8s-no-privilege-escalation", () => {
        expect(broken("k8s-no-privilege-escalation", (d) => { delete containerOf(d).securityContext.allowPrivilegeEscalation; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.allowPrivilegeEscalation: must be false, got unset; set allowPrivilegeEscalation: false",
          ]
        `);
    });

    it("k8s-read-only-root-filesystem", () => {
        expect(broken("k8s-read-only-root-filesystem", (d) => { containerOf(d).securityContext.readOnlyRootFilesystem = false; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.readOnlyRootFilesystem: must be true, got false; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp)",
          ]
        `);
    });

    it("k8s-drop-all-capabilities", () => {
        expect(broken("k8s-drop-all-capabilities", (d) => { containerOf(d).securityContext.capabilities = { drop: ["NET_RAW"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] }; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.capabilities.drop: must include "ALL", got ["NET_RAW"]; set capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE if needed",
            "spec.template.spec.containers[0] (web).securityContext.capabilities.add: must add nothing but NET_BIND_SERVICE, got ["SYS_ADMIN","NET_BIND_SERVICE"]; remove SYS_ADMIN",
          ]
        `);
    });

    it("k8s-seccomp-runtime-default: inherited from the pod, refused when Unconfined", () => {
        const inherited = secureDeployment();
        delete containerOf(inherited).securityContext.seccompProfile;
        expect(k8s(DEPLOYMENT, inherited)).toEqual({});
        expect(broken("k8s-seccomp-runtime-default", (d) => { containerOf(d).securityContext.seccompProfile = { type: "Unconfined" }; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).securityContext.seccompProfile.type: must be "RuntimeDefault" (here or in the pod securityContext), got "Unconfined"; set seccompProfile: { type: RuntimeDefault } on the pod",
          ]
        `);
    });

    it("k8s-no-host-namespaces", () => {
        expect(broken("k8s-no-host-namespaces", (d) => { podOf(d).hostPID = true; podOf(d).hostIPC = true; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.hostPID: must not be true, got true; remove hostPID: sharing the node's namespaces breaks pod isolation",
            "spec.template.spec.hostIPC: must not be true, got true; remove hostIPC: sharing the node's namespaces breaks pod isolation",
          ]
        `);
    });

    it("k8s-dedicated-service-account", () => {
        expect(broken("k8s-dedicated-service-account", (d) => { podOf(d).serviceAccountName = "default"; delete podOf(d).automountServiceAccountToken; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.serviceAccountName: must name a dedicated service account (not "default"), got "default"; create a ServiceAccount per workload and set serviceAccountName",
            "spec.template.spec.automountServiceAccountToken: must be false, got unset; set automountServiceAccountToken: false; mount a projected token only where the app calls the API",
          ]
        `);
    });

    it("k8s-secrets-by-reference: literal credentials are refused, references and other literals pass", () => {
        expect(broken("k8s-secrets-by-reference", (d) => { containerOf(d).env.push({ name: "stripe_api_key", value: "sk_live_123" }); })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.containers[0] (web).env[2] (stripe_api_key).value: must not hold a literal secret, got a literal value of 11 characters; use valueFrom.secretKeyRef and keep the value in a Secret",
          ]
        `);
    });

    it("k8s-topology-spread", () => {
        expect(broken("k8s-topology-spread", (d) => { delete podOf(d).topologySpreadConstraints; })).toMatchInlineSnapshot(`
          [
            "spec.template.spec.topologySpreadConstraints: must spread replicas across zones or nodes, got unset; add a topologySpreadConstraint on topology.kubernetes.io/zone (whenUnsatisfiable: ScheduleAnyway)",
          ]
        `);
    });

    it("k8s-min-replicas (prod only): a fixed count below two", () => {
        expect(broken("k8s-min-replicas", (d) => { d.spec.replicas = 1; })).toMatchInlineSnapshot(`
          [
            "spec.replicas: must be at least 2 in production, got 1; run two or more replicas (or let an HPA with minReplicas >= 2 manage them)",
          ]
        `);
    });

    it("Jobs and CronJobs need no probes, and are held to every other pod rule", () => {
        const template = secureDeployment().spec.template;
        delete containerOf({ spec: { template } }).readinessProbe;
        delete containerOf({ spec: { template } }).livenessProbe;
        expect(k8s("kubernetes:batch/v1:Job", { spec: { template } })).toEqual({});
        expect(k8s("kubernetes:batch/v1:CronJob", { spec: { schedule: "@daily", jobTemplate: { spec: { template } } } })).toEqual({});
        expect(Object.keys(k8s(DEPLOYMENT, { ...secureDeployment(), spec: { ...secureDeployment().spec, template } }))).toEqual(["k8s-container-probes"]);
        template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
        expect(Object.keys(k8s("kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template } } } }))).toEqual(["k8s-read-only-root-filesystem"]);
    });

    it("init containers are held to the security rules but need no probes", () => {
        const d = secureDeployment();
        podOf(d).initContainers = [{ ...structuredClone(containerOf(d)), name: "migrate", readinessProbe: undefined, livenessProbe: undefined }];
        expect(k8s(DEPLOYMENT, d)).toEqual({});
        podOf(d).initContainers[0].securityContext.readOnlyRootFilesystem = false;
        expect(Object.keys(k8s(DEPLOYMENT, d))).toEqual(["k8s-read-only-root-filesystem"]);
    });
});

describe("the planted insecure Deployment", () => {
    it("is rejected with one violation per broken rule", () => {
        expect(k8s(DEPLOYMENT, insecureDeployment())).toMatchInlineSnapshot(`
          {
            "k8s-container-probes": [
              "spec.template.spec.containers[0] (bad).readinessProbe: must be set, got unset; add a readiness probe so traffic waits until the container can serve",
              "spec.template.spec.containers[0] (bad).livenessProbe: must be set, got unset; add a liveness probe so a hung container is restarted",
            ],
            "k8s-container-resources": [
              "spec.template.spec.containers[0] (bad).resources.requests.cpu: must be set, got unset; request the CPU the container needs so the scheduler can place it",
              "spec.template.spec.containers[0] (bad).resources.requests.memory: must be set, got unset; request the memory the container needs",
              "spec.template.spec.containers[0] (bad).resources.limits.memory: must be set, got unset; set a memory limit (usually equal to the request) so one pod cannot starve the node",
            ],
            "k8s-dedicated-service-account": [
              "spec.template.spec.serviceAccountName: must name a dedicated service account (not "default"), got unset; create a ServiceAccount per workload and set serviceAccountName",
              "spec.template.spec.automountServiceAccountToken: must be false, got unset; set automountServiceAccountToken: false; mount a projected token only where the app calls the API",
            ],
            "k8s-drop-all-capabilities": [
              "spec.template.spec.containers[0] (bad).securityContext.capabilities.drop: must include "ALL", got unset; set capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE if needed",
            ],
            "k8s-image-pinned": [
              "spec.template.spec.containers[0] (bad).image: must be pinned to a version tag or a digest, got "nginx:latest"; use e.g. "nginx:1.2.3" or "@sha256:…"; a moving tag makes rollouts unreproducible",
            ],
            "k8s-min-replicas": [
              "spec.replicas: must be at least 2 in production, got 1; run two or more replicas (or let an HPA with minReplicas >= 2 manage them)",
            ],
            "k8s-no-host-namespaces": [
              "spec.template.spec.hostNetwork: must not be true, got true; remove hostNetwork: sharing the node's namespaces breaks pod isolation",
            ],
            "k8s-no-privilege-escalation": [
              "spec.template.spec.containers[0] (bad).securityContext.privileged: must not be true, got true; remove privileged: a privileged container is root on the node",
              "spec.template.spec.containers[0] (bad).securityContext.allowPrivilegeEscalation: must be false, got unset; set allowPrivilegeEscalation: false",
            ],
            "k8s-read-only-root-filesystem": [
              "spec.template.spec.containers[0] (bad).securityContext.readOnlyRootFilesystem: must be true, got unset; set readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp)",
            ],
            "k8s-run-as-non-root": [
              "spec.template.spec.containers[0] (bad).securityContext.runAsNonRoot: must be true (here or in the pod securityContext), got unset; set runAsNonRoot: true and run the image as a non-root user",
              "spec.template.spec.containers[0] (bad).securityContext.runAsUser: must not be 0 (root), got 0; run as a non-zero UID",
            ],
            "k8s-seccomp-runtime-default": [
              "spec.template.spec.containers[0] (bad).securityContext.seccompProfile.type: must be "RuntimeDefault" (here or in the pod securityContext), got unset; set seccompProfile: { type: RuntimeDefault } on the pod",
            ],
            "k8s-secrets-by-reference": [
              "spec.template.spec.containers[0] (bad).env[0] (DB_PASSWORD).value: must not hold a literal secret, got a literal value of 7 characters; use valueFrom.secretKeyRef and keep the value in a Secret",
            ],
            "k8s-topology-spread": [
              "spec.template.spec.topologySpreadConstraints: must spread replicas across zones or nodes, got unset; add a topologySpreadConstraint on topology.kubernetes.io/zone (whenUnsatisfiable: ScheduleAnyway)",
            ],
          }
        `);
    });
});

describe("other Kubernetes objects", () => {
    const ns = (labels: Record<string, string>) => ({ metadata: { name: "shop", labels } });
    it("k8s-namespace-restricted", () => {
        expect(k8s("kubernetes:core/v1:Namespace", ns({ "pod-security.kubernetes.io/enforce": "restricted" }))).toEqual({});
        expect(k8s("kubernetes:core/v1:Namespace", ns({ "pod-security.kubernetes.io/enforce": "baseline" }))).toMatchInlineSnapshot(`
          {
            "k8s-namespace-restricted": [
              "metadata.labels["pod-security.kubernetes.io/enforce"]: must be "restricted", got "baseline"; label the namespace pod-security.kubernetes.io/enforce: restricted so the API server refuses pods that break the Pod Security Standard",
            ],
          }
        `);
    });

    it("k8s-egress-internet: egress to 0.0.0.0/0 is pointed out, a named CIDR is not", async () => {
        const { toTierNetworkPolicy } = await import("../components/app/network-policy");
        const { appSchema } = await import("../components/config/schema");
        const app = appSchema.parse({ name: "shop", tiers: {
            pay: { image: "p:1", ports: { grpc: 9090 }, egress: [{ cidr: "internet", ports: [443] }] },
            feed: { image: "f:1", ports: { http: 8080 }, egress: [{ cidr: "52.0.0.0/8", ports: [443] }] },
        } });
        const policy = (tier: string) => k8s("kubernetes:networking.k8s.io/v1:NetworkPolicy", { spec: toTierNetworkPolicy(tier, app).spec });
        expect(policy("feed")).toEqual({});
        expect(policy("pay")).toMatchInlineSnapshot(`
          {
            "k8s-egress-internet": [
              "spec.egress[1].to: must name the addresses the pods need, got "0.0.0.0/0 on 443/TCP"; replace egress: [internet] with the service's published ranges ({cidr: ..., ports: [...]}) where it has them",
            ],
          }
        `);
    });

    it("k8s-pdb-allows-eviction", () => {
        const pdb = (spec: Record<string, unknown>) => k8s("kubernetes:policy/v1:PodDisruptionBudget", { spec: { selector: {}, ...spec } });
        expect(pdb({ maxUnavailable: 1 })).toEqual({});
        expect(pdb({ minAvailable: "50%" })).toEqual({});
        expect(pdb({ maxUnavailable: 0 })).toMatchInlineSnapshot(`
          {
            "k8s-pdb-allows-eviction": [
              "spec.maxUnavailable: must allow at least one pod to be evicted, got 0; use maxUnavailable: 1 (or a percentage above 0%)",
            ],
          }
        `);
        expect(pdb({ minAvailable: "100%" })).toMatchInlineSnapshot(`
          {
            "k8s-pdb-allows-eviction": [
              "spec.minAvailable: must leave room for one eviction, got "100%"; use maxUnavailable: 1 instead of minAvailable: 100%",
            ],
          }
        `);
    });

    it("k8s-hpa-min-replicas (prod only)", () => {
        const hpa = (spec: Record<string, unknown>) => k8s("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", { spec });
        expect(hpa({ minReplicas: 2, maxReplicas: 5 })).toEqual({});
        expect(hpa({ maxReplicas: 5 })).toMatchInlineSnapshot(`
          {
            "k8s-hpa-min-replicas": [
              "spec.minReplicas: must be at least 2 in production (unset means 1), got unset; set autoscale.min >= 2 for production tiers",
            ],
          }
        `);
    });

    it("k8s-loadbalancer-public-only: internal or declared-public load balancers pass, others are reported", () => {
        const svc = (metadata: Record<string, unknown>, type = "LoadBalancer") => k8s("kubernetes:core/v1:Service", { metadata: { name: "web", ...metadata }, spec: { type } });
        expect(svc({}, "ClusterIP")).toEqual({});
        expect(svc({ annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } })).toEqual({});
        expect(svc({ annotations: { "networking.gke.io/load-balancer-type": "Internal" } })).toEqual({});
        expect(svc({ labels: { "kubeship.io/expose": "public" } })).toEqual({});
        expect(svc({ annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } })).toEqual({});
        expect(svc({})).toMatchInlineSnapshot(`
          {
            "k8s-loadbalancer-public-only": [
              "spec.type: a LoadBalancer with no internal-load-balancer annotation is internet-facing, got "LoadBalancer" on "web" without a public marker; if the tier is meant to be public label it kubeship.io/expose: public, otherwise use ClusterIP or the cloud's internal load balancer annotation",
            ],
          }
        `);
    });
});

describe("stack rules", () => {
    const deployment = (replicas?: number) => {
        const d = secureDeployment();
        if (replicas !== undefined) d.spec.replicas = replicas;
        return { type: DEPLOYMENT, name: "web-deployment", urn: "urn:web", props: d };
    };
    const hpa = { type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", name: "web-hpa", urn: "urn:hpa",
        props: { metadata: { name: "web", namespace: "shop" }, spec: { minReplicas: 2, maxReplicas: 5, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" } } } };

    it("k8s-hpa-owns-replicas: an HPA-scaled Deployment must not set replicas", () => {
        expect(checkHpaReplicasConflict([deployment(), hpa])).toEqual([]);
        expect(checkHpaReplicasConflict([deployment(3)])).toEqual([]); // no HPA: a fixed count is fine
        expect(checkHpaReplicasConflict([deployment(3), hpa])).toMatchInlineSnapshot(`
          [
            {
              "message": "web-deployment: spec.replicas: must be unset because HorizontalPodAutoscaler "web" scales Deployment "web", got 3; remove replicas from the workload and let the HPA own it",
              "urn": "urn:web",
            },
          ]
        `);
        // An HPA in another namespace scales another Deployment.
        expect(checkHpaReplicasConflict([deployment(3), { ...hpa, props: { ...hpa.props, metadata: { name: "web", namespace: "other" } } }])).toEqual([]);
    });

    it("k8s-network-policy-coverage: every workload's pods are selected by a NetworkPolicy", () => {
        const np = (podSelector: Record<string, unknown>, namespace = "shop") => ({ type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "np", props: { metadata: { name: "np", namespace }, spec: { podSelector } } });
        expect(checkNetworkPolicyCoverage([deployment(), np({})])).toEqual([]);
        expect(checkNetworkPolicyCoverage([deployment(), np({ matchLabels: { app: "web" } })])).toEqual([]);
        expect(checkNetworkPolicyCoverage([deployment(), np({ matchLabels: { app: "api" } }), np({}, "other")])).toMatchInlineSnapshot(`
          [
            {
              "message": "web-deployment: its pods must be selected by a NetworkPolicy in namespace "shop", got none; add a default-deny policy and allow only the traffic the tier needs",
              "urn": "urn:web",
            },
          ]
        `);
    });
});
