/** Pure builder tests: no Pulumi, plain Kubernetes objects in and out. */
import { describe, expect, it } from "vitest";
import { toHpaSpec, toPdbSpec, DEFAULT_CPU_TARGET } from "../../components/app/autoscaling";
import { resolveValue, toEnv } from "../../components/app/env";
import { toProbes, PROBE_TIMING } from "../../components/app/probes";
import { namespaceSecurityLabels, podSecurityLevel } from "../../components/app/security";
import { loadBalancerAddress, publicEndpoint, toHeadlessService, toService } from "../../components/app/service";
import { appProblems, appSpecProblems, creationOrder } from "../../components/app/validate";
import { replicasOf, toDeploymentSpec, toPodTemplate, toStatefulSetSpec, toWorkloadSpec } from "../../components/app/workload";
import { AWS_FACTS } from "./render";
import { app, threeTier } from "./fixtures";
import { formatPathProblem } from "../../components/config/errors";

describe("replicas and autoscaling", () => {
    const a = threeTier();

    it("an HPA targets its workload by kind and name", () => {
        expect(toHpaSpec("web", a.tiers.web)?.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "web" });
        const statefulAuto = app({ s: { image: "r:1", ports: { p: 1 }, storage: { size: "1Gi", path: "/d" }, autoscale: { min: 2, max: 3 } } });
        expect((toHpaSpec("s", statefulAuto.tiers.s)?.scaleTargetRef as any).kind).toBe("StatefulSet");
    });

    it("an autoscaled workload has no replicas field; a fixed one has its count", () => {
        expect("replicas" in toDeploymentSpec("web", a.tiers.web, a)).toBe(false);
        expect(toDeploymentSpec("api", a.tiers.api, a).replicas).toBe(3);
        expect(replicasOf(a.tiers.db)).toBe(1);
        expect(replicasOf(app({ x: { image: "x:1" , ports: { p: 1 } } }).tiers.x)).toBe(2);
        expect(toHpaSpec("api", a.tiers.api)).toBeUndefined();
    });

    it("HPA bounds, targets and scale-down stabilization come from the config", () => {
        const web = toHpaSpec("web", a.tiers.web)!;
        expect([web.minReplicas, web.maxReplicas]).toEqual([2, 6]);
        // memory only: no CPU default added
        expect(web.metrics).toEqual([{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 75 } } }]);
        expect(web.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 120 } });
        const worker = toHpaSpec("worker", a.tiers.worker)!;
        expect(worker.metrics).toHaveLength(1);
        expect((worker.metrics as any)[0].resource).toMatchObject({ name: "cpu", target: { averageUtilization: 50 } });
        expect(worker.behavior).toBeUndefined();
        const dflt = toHpaSpec("x", app({ x: { image: "x:1", ports: { p: 1 }, autoscale: { min: 2, max: 3 } } }).tiers.x)!;
        expect((dflt.metrics as any)[0].resource.target.averageUtilization).toBe(DEFAULT_CPU_TARGET);
    });

    it("a PDB always allows one eviction, even for a single replica", () => {
        const pdb = toPdbSpec("db", "demo");
        expect(pdb.maxUnavailable).toBe(1);
        expect(pdb).not.toHaveProperty("minAvailable");
        expect(pdb.selector).toEqual({ matchLabels: { "app.kubernetes.io/name": "db", "app.kubernetes.io/part-of": "demo" } });
    });

    it("rolling updates never go below the wanted count; singletons recreate", () => {
        expect(toDeploymentSpec("api", a.tiers.api, a).strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } });
        const single = app({ s: { image: "s:1", ports: { p: 1 }, singleton: true } });
        expect(toDeploymentSpec("s", single.tiers.s, single).strategy).toEqual({ type: "Recreate" });
    });
});

describe("pod template", () => {
    const a = threeTier();
    const spec = (t: string) => toPodTemplate(t, a.tiers[t], a).spec as any;

    it("secure defaults", () => {
        const pod = spec("api");
        expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(pod.containers[0].securityContext).toEqual({
            runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
        expect(pod).toMatchObject({ automountServiceAccountToken: false, serviceAccountName: "api", enableServiceLinks: false, hostNetwork: false, hostPID: false, hostIPC: false });
        expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: {} });
        expect(pod.containers[0].volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
        expect(pod.containers[0].imagePullPolicy).toBe("IfNotPresent");
    });

    it("security overrides apply; a stateful tier gets an fsGroup", () => {
        const db = spec("db");
        expect(db.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999, runAsNonRoot: true });
        const relaxed = app({ r: { image: "r:1", ports: { p: 1 }, security: { readOnlyRootFilesystem: false, runAsNonRoot: false } } });
        const c = (toPodTemplate("r", relaxed.tiers.r, relaxed).spec as any).containers[0].securityContext;
        expect(c).toMatchObject({ readOnlyRootFilesystem: false, runAsNonRoot: false, allowPrivilegeEscalation: false });
    });

    it("the namespace enforces restricted, unless a tier opts out of what it requires", () => {
        expect(namespaceSecurityLabels(threeTier())["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        const relaxed = app({ r: { image: "r:1", ports: { p: 1 }, security: { runAsNonRoot: false } } });
        expect(podSecurityLevel(relaxed)).toBe("baseline");
        expect(namespaceSecurityLabels(relaxed)["pod-security.kubernetes.io/warn"]).toBe("restricted");
        // read-only root is not a "restricted" requirement: stays restricted
        expect(podSecurityLevel(app({ r: { image: "r:1", ports: { p: 1 }, security: { readOnlyRootFilesystem: false } } }))).toBe("restricted");
    });

    it("resources: requests, memory limit = request unless set, CPU limit only when set", () => {
        expect(spec("api").containers[0].resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
        const l = app({ l: { image: "l:1", ports: { p: 1 }, resources: { cpu: "1", memory: "1Gi", limits: { cpu: "2", memory: "2Gi" } } } });
        expect((toPodTemplate("l", l.tiers.l, l).spec as any).containers[0].resources.limits).toEqual({ cpu: "2", memory: "2Gi" });
    });

    it("spreads across zones and nodes without blocking scheduling", () => {
        const tsc = spec("api").topologySpreadConstraints;
        expect(tsc.map((c: any) => c.topologyKey)).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
        expect(tsc.every((c: any) => c.whenUnsatisfiable === "ScheduleAnyway" && c.labelSelector.matchLabels["app.kubernetes.io/name"] === "api")).toBe(true);
    });

    it("container ports are the target ports", () => {
        expect(spec("web").containers[0].ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    });

    it("a stateful tier is a StatefulSet with a claim template from the storage class", () => {
        const w = toWorkloadSpec("db", a.tiers.db, a, "gp3");
        expect(w.kind).toBe("StatefulSet");
        const s = toStatefulSetSpec("db", a.tiers.db, a, "gp3") as any;
        expect(s.serviceName).toBe("db-headless");
        expect(s.volumeClaimTemplates[0].spec).toEqual({ accessModes: ["ReadWriteOnce"], storageClassName: "gp3", resources: { requests: { storage: "10Gi" } } });
        expect(s.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/postgresql" });
        expect(toWorkloadSpec("api", a.tiers.api, a, "gp3").kind).toBe("Deployment");
    });
});

describe("probes", () => {
    const a = threeTier();

    it("defaults: TCP on the main target port, readiness and liveness not identical", () => {
        const p = toProbes("web", a.tiers.web);
        expect(p.readinessProbe).toMatchObject({ tcpSocket: { port: 8080 }, periodSeconds: PROBE_TIMING.readiness.periodSeconds });
        expect(p.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
        expect(p.livenessProbe).not.toEqual(p.readinessProbe);
        expect(p.livenessProbe!.initialDelaySeconds as number).toBeGreaterThan(p.readinessProbe!.initialDelaySeconds as number);
        expect(p.livenessProbe!.failureThreshold as number).toBeGreaterThan(p.readinessProbe!.failureThreshold as number);
        expect(p.startupProbe).toBeUndefined();
    });

    it("an http readiness check is not reused for liveness", () => {
        const p = toProbes("api", a.tiers.api);
        expect(p.readinessProbe).toMatchObject({ httpGet: { path: "/ready", port: 8080 } });
        expect(p.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
    });

    it("the same handler for both still differs in timing", () => {
        const same = app({ s: { image: "s:1", ports: { p: 1 }, probes: { readiness: { http: "/h" }, liveness: { http: "/h" } } } });
        const p = toProbes("s", same.tiers.s);
        expect(p.readinessProbe!.httpGet).toEqual(p.livenessProbe!.httpGet);
        expect(p.readinessProbe).not.toEqual(p.livenessProbe);
    });

    it("a UDP main port gets no TCP probe: the default uses the first TCP port, or there is none", () => {
        // tcpSocket/httpGet open a TCP connection; against a UDP-only port a liveness probe fails forever
        // and restarts the container (kubernetes.io, Configure Liveness, Readiness and Startup Probes).
        const dns = app({ d: { image: "d:1", ports: { dns: { port: 53, protocol: "UDP" }, metrics: 9153 } } });
        const p = toProbes("d", dns.tiers.d);
        expect(p.readinessProbe).toMatchObject({ tcpSocket: { port: 9153 } });
        expect(p.livenessProbe).toMatchObject({ tcpSocket: { port: 9153 } });
        expect(p.startupProbe).toBeUndefined();
        const udpOnly = app({ u: { image: "u:1", ports: { syslog: { port: 514, protocol: "UDP" } } } });
        expect(toProbes("u", udpOnly.tiers.u)).toEqual({ readinessProbe: undefined, livenessProbe: undefined });
        const named = app({ u: { image: "u:1", ports: { syslog: { port: 514, protocol: "UDP" } }, probes: { liveness: { tcp: "syslog" } } } });
        expect(() => toProbes("u", named.tiers.u)).toThrowErrorMatchingInlineSnapshot(`[Error: app.tiers.u.probes.liveness.tcp: names the UDP port "syslog", but http, tcp and grpc probes connect over TCP; name a TCP port or use an exec probe]`);
        expect(appProblems(named).map(formatPathProblem)).toEqual([expect.stringContaining("app.tiers.u.probes.liveness.tcp: names the UDP port \"syslog\"")]);
        // A number that the tier declares only for UDP is refused too, and so is one it does not declare.
        const numbered = app({ u: { image: "u:1", ports: { syslog: { port: 514, protocol: "UDP" } }, probes: { liveness: { tcp: 514 } } } });
        expect(appSpecProblems(numbered).map(formatPathProblem)).toEqual([expect.stringContaining("app.tiers.u.probes.liveness.tcp: names the UDP port \"syslog\"")]);
        const undeclared = app({ u: { image: "u:1", ports: { syslog: { port: 514, protocol: "UDP" } }, probes: { liveness: { tcp: 8080 }, readiness: { exec: ["true"] } } } });
        expect(appSpecProblems(undeclared).map(formatPathProblem)).toEqual([
            "app.tiers.u.probes.liveness.tcp: is not one of the tier's ports, got 8080; declare it in ports (e.g. health: 8080) or use one of: syslog (514/UDP)",
        ]);
        // The Service port is not where the kubelet connects: the container port is.
        const servicePort = app({ w: { image: "w:1", ports: { http: { port: 80, targetPort: 8080 } }, probes: { readiness: { http: "/", port: 80 } } } });
        expect(appSpecProblems(servicePort).map(formatPathProblem)).toEqual([
            "app.tiers.w.probes.readiness.port: is the Service port of \"http\", got 80; probes reach the container, which listens on 8080: write 8080 or \"http\"",
        ]);
        // An http probe with no port on a UDP-only tier has no TCP port to use.
        const httpOnUdp = app({ u: { image: "u:1", ports: { syslog: { port: 514, protocol: "UDP" } }, probes: { readiness: { http: "/healthz" } } } });
        expect(appSpecProblems(httpOnUdp).map(formatPathProblem)).toEqual(["app.tiers.u.probes.readiness: an http probe needs a TCP port, but the tier's ports are all UDP; name a TCP port or use an exec probe"]);
    });

    it("exec, named ports and startup probes", () => {
        const p = toProbes("worker", a.tiers.worker);
        expect(p.readinessProbe!.exec).toEqual({ command: ["cat", "/tmp/ready"] });
        const named = app({ n: { image: "n:1", ports: { http: 80, admin: { port: 81, targetPort: 9001 } },
            probes: { readiness: { http: "/r", port: "admin" }, liveness: { tcp: "admin", periodSeconds: 40 }, startup: { http: "/s" } } } });
        const q = toProbes("n", named.tiers.n);
        expect(q.readinessProbe!.httpGet).toEqual({ path: "/r", port: 9001 });
        expect(q.livenessProbe).toMatchObject({ tcpSocket: { port: 9001 }, periodSeconds: 40 });
        expect(q.startupProbe).toMatchObject({ httpGet: { path: "/s", port: 80 }, failureThreshold: PROBE_TIMING.startup.failureThreshold });
    });
});

describe("env", () => {
    const a = threeTier();

    it("references resolve to in-cluster DNS names and ports", () => {
        expect(resolveValue("${api.host}", a)).toBe("api.demo.svc.cluster.local");
        expect(resolveValue("${web.port}", a)).toBe("80"); // the Service port, not the target port
        expect(resolveValue("${api.url}", a)).toBe("http://api.demo.svc.cluster.local:8080");
        expect(resolveValue("${db.name}", a)).toBe("db");
        expect(resolveValue("$$5 and $${api.host}", a)).toBe("$5 and ${api.host}");
        const ns = app({ a: { image: "a:1", ports: { p: 1 } }, b: { image: "b:1", env: { A: "${a.host}" } } });
        ns.namespace = "prod-shop";
        expect(resolveValue("${a.host}", ns)).toBe("a.prod-shop.svc.cluster.local");
    });

    it("builds env: plain values as strings, secrets by reference only", () => {
        expect(toEnv("web", a.tiers.web, a)).toEqual([
            { name: "API", value: "http://api.demo.svc.cluster.local:8080" },
            { name: "PRICE", value: "$5 api" },
            { name: "RETRIES", value: "3" },
            { name: "DEBUG", value: "false" },
        ]);
        expect(toEnv("api", a.tiers.api, a)).toEqual([
            { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "api-secret", key: "DB_PASSWORD" } } },
            { name: "DB", value: "db.demo.svc.cluster.local:5432" },
        ]);
    });

    it("secrets come before plain values, so $(SECRET) in a plain value expands", () => {
        // EnvVar.value: "$(VAR_NAME) are expanded using the previously defined environment variables in the container".
        const u = app({ db: { image: "db:1", ports: { pg: 5432 } }, orders: { image: "o:1",
            env: { DATABASE_URL: "postgres://shop:$(DB_PASSWORD)@${db.host}/shop", MODE: "x" }, secrets: { DB_PASSWORD: "dbPassword" } } });
        const names = toEnv("orders", u.tiers.orders, u).map((e) => e.name);
        expect(names).toEqual(["DB_PASSWORD", "DATABASE_URL", "MODE"]);
        expect(names.indexOf("DB_PASSWORD")).toBeLessThan(names.indexOf("DATABASE_URL"));
    });

    it("an unresolvable reference names the property", () => {
        const bad = app({ a: { image: "a:1", env: { X: "${a.port}" } } });
        expect(() => toEnv("a", bad.tiers.a, bad)).toThrowErrorMatchingInlineSnapshot(`[Error: app.tiers.a.env.X: reference "\${a.port}" needs a port, but tier "a" has none]`);
    });
});

describe("services and endpoints", () => {
    const a = threeTier();

    it("internal tiers get ClusterIP; tiers without ports get none", () => {
        expect(toService("api", a.tiers.api, "demo", AWS_FACTS)?.spec.type).toBe("ClusterIP");
        expect(toService("api", a.tiers.api, "demo", AWS_FACTS)?.metadata.annotations).toBeUndefined();
        expect(toService("worker", a.tiers.worker, "demo", AWS_FACTS)).toBeUndefined();
    });

    it("public and internal-lb tiers get LoadBalancers with the cluster's annotations", () => {
        const pub = toService("web", a.tiers.web, "demo", AWS_FACTS)!;
        expect(pub.spec.type).toBe("LoadBalancer");
        expect(pub.metadata.annotations).toEqual(AWS_FACTS.publicLoadBalancerAnnotations);
        expect(pub.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }]);
        const ilb = app({ i: { image: "i:1", ports: { p: 1 }, expose: "internal-lb" } });
        const svc = toService("i", ilb.tiers.i, "demo", AWS_FACTS)!;
        expect(svc.spec.type).toBe("LoadBalancer");
        expect(svc.metadata.annotations).toEqual(AWS_FACTS.internalLoadBalancerAnnotations);
    });

    it("a stateful tier gets a headless Service", () => {
        expect(toHeadlessService("db", a.tiers.db, "demo")).toMatchObject({ metadata: { name: "db-headless" }, spec: { clusterIP: "None" } });
        expect(toHeadlessService("api", a.tiers.api, "demo")).toBeUndefined();
    });

    it("reads the hostname on AWS and the IP elsewhere", () => {
        const both = [{ hostname: "lb.example.com", ip: "203.0.113.7" }];
        expect(loadBalancerAddress(both, "hostname")).toBe("lb.example.com");
        expect(loadBalancerAddress(both, "ip")).toBe("203.0.113.7");
        expect(loadBalancerAddress([{ hostname: "only.example.com" }], "ip")).toBe("only.example.com");
        expect(loadBalancerAddress(undefined, "ip")).toBe("");
        expect(publicEndpoint("lb.example.com", a.tiers.web)).toBe("http://lb.example.com");
        expect(publicEndpoint("1.2.3.4", a.tiers.api)).toBe("http://1.2.3.4:8080");
        expect(publicEndpoint("", a.tiers.web)).toBe("");
    });
});

describe("app invariants and order", () => {
    it("creates tiers after the tiers they wait for", () => {
        const order = creationOrder(threeTier());
        expect(order.indexOf("db")).toBeLessThan(order.indexOf("api"));
        const chain = app({ a: { image: "a:1", waitFor: ["b"], probes: { readiness: { exec: ["x"] }, liveness: { exec: ["y"] } } }, b: { image: "b:1", waitFor: ["c"], probes: { readiness: { exec: ["x"] }, liveness: { exec: ["y"] } } }, c: { image: "c:1", probes: { readiness: { exec: ["x"] }, liveness: { exec: ["y"] } } } });
        expect(creationOrder(chain)).toEqual(["c", "b", "a"]);
    });

    it("reports every problem the schema cannot see, naming the property", () => {
        const bad = app({
            "default-deny": { image: "d:1", ports: { "a--b": 1 } },
            db: { image: "db:1", ports: { p: 1 }, storage: { size: "1Gi", path: "/d" }, secrets: { PW: "pw" } },
            "db-headless": { image: "x:1", ports: { p: 1 }, probes: { startup: { http: "/s", port: "nope" } } },
        });
        expect(appProblems(bad, new Set()).map(formatPathProblem)).toMatchInlineSnapshot(`
          [
            "app.tiers.default-deny: the name "default-deny" is taken by the app's default-deny NetworkPolicy; rename the tier",
            "app.tiers.default-deny.ports.a--b: a port name must not start or end with '-' or contain '--', got "a--b"",
            "app.tiers.db: its headless Service "db-headless" clashes with the tier of that name; rename one of them",
            "app.tiers.db.secrets.PW: no value was given for secret config "pw"; pass it in secrets (pulumi config set --secret kubeship:pw <value>)",
            "app.tiers.db-headless.probes.startup.port: names an unknown port "nope"; ports: p",
          ]
        `);
        expect(appProblems(threeTier(), new Set(["dbPassword"]))).toEqual([]);
    });
});
