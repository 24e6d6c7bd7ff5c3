/** Init containers and native sidecars: order, inherited settings, env, probes, the version floor, and the resulting pod's schema. */
import { describe, expect, it } from "vitest";
import { DEFAULT_SIDECAR_RESOURCES, sidecarVersionProblems, toExtraContainers } from "../../components/app/containers";
import { effectiveTalksTo } from "../../components/app/talks-to";
import { toContainerSecurityContext } from "../../components/app/security";
import { appSpecProblems } from "../../components/app/validate";
import { toDeploymentSpec, toResources } from "../../components/app/workload";
import { validateManifest } from "../helpers/k8s-models";
import { app } from "./fixtures";

const shop = (web: Record<string, unknown>) => app({
    db: { image: "postgres:16.4", ports: { pg: 5432 } },
    web: { image: "nginx:1.27.3", ports: { http: 8080 }, resources: { cpu: "500m", memory: "1Gi" }, ...web },
}, "shop");

const extras = {
    init: [{ name: "wait-db", image: "busybox:1.36.1", command: ["sh", "-c", "until nc -z $(DB_HOST) 5432; do sleep 1; done"], env: { DB_HOST: "${db.host}" } }],
    sidecars: [{
        name: "proxy", image: "envoyproxy/envoy:v1.31.2", ports: { admin: 9901 },
        probes: { readiness: { http: "/ready", port: "admin" }, startup: { tcp: 9901 } },
    }],
};

describe("toExtraContainers", () => {
    const a = shop(extras);
    const { initContainers, volumes } = toExtraContainers(["app", "tiers", "web"], "web", a.tiers.web, a);

    it("lists the sidecars first (restartPolicy Always), then the init containers", () => {
        expect(initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([["proxy", "Always"], ["wait-db", undefined]]);
    });

    it("gives each the main container's security context and a /tmp of its own", () => {
        for (const c of initContainers) {
            expect(c.securityContext).toEqual(toContainerSecurityContext(a.tiers.web));
            expect(c.volumeMounts).toEqual([{ name: `tmp-${c.name}`, mountPath: "/tmp" }]);
        }
        expect(volumes).toEqual([{ name: "tmp-proxy", emptyDir: {} }, { name: "tmp-wait-db", emptyDir: {} }]);
    });

    it("gives init containers the main container's resources and sidecars 100m/128Mi by default", () => {
        expect(initContainers[1].resources).toEqual(toResources(a.tiers.web));
        expect(initContainers[1].resources).toEqual({ requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } });
        expect(DEFAULT_SIDECAR_RESOURCES).toMatchObject({ cpu: "100m", memory: "128Mi" });
        expect(initContainers[0].resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
        const own = shop({ sidecars: [{ ...extras.sidecars[0], resources: { cpu: "50m", memory: "64Mi", limits: { memory: "96Mi" } } }] });
        expect(toExtraContainers(["app", "tiers", "web"], "web", own.tiers.web, own).initContainers[0].resources)
            .toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "96Mi" } });
    });

    it("resolves env references, and the tier then talks to what they name", () => {
        expect(initContainers[1].env).toEqual([{ name: "DB_HOST", value: "db.shop.svc.cluster.local" }]);
        expect(effectiveTalksTo("web", a)).toEqual(["db"]);
    });

    it("gives a sidecar its ports and probes on them, and no default probe", () => {
        expect(initContainers[0].ports).toEqual([{ name: "admin", containerPort: 9901, protocol: "TCP" }]);
        expect(initContainers[0].readinessProbe).toMatchObject({ httpGet: { path: "/ready", port: 9901 } });
        expect(initContainers[0].startupProbe).toMatchObject({ tcpSocket: { port: 9901 } });
        expect(initContainers[0].livenessProbe).toBeUndefined();
        expect(initContainers[1]).not.toHaveProperty("readinessProbe");
    });
});

describe("problems the builders find, at the extra container's path", () => {
    const sidecar = (probes: Record<string, unknown>) => ({ name: "proxy", image: "envoyproxy/envoy:v1.31.2", ports: { admin: 9901 }, probes });
    it("a probe on a port the sidecar does not have, by name or by number", () => {
        expect(appSpecProblems(shop({ sidecars: [sidecar({ readiness: { tcp: "http" } })] }))).toEqual([
            { path: ["app", "tiers", "web", "sidecars", 0, "probes", "readiness", "tcp"], message: "names an unknown port \"http\"; ports: admin" },
        ]);
        expect(appSpecProblems(shop({ sidecars: [sidecar({ liveness: { tcp: 8080 } })] }))).toEqual([
            { path: ["app", "tiers", "web", "sidecars", 0, "probes", "liveness", "tcp"], message: expect.stringMatching(/^is not one of the sidecar's ports, got 8080; declare it in ports/) },
        ]);
    });

    it("an env reference to no tier", () => {
        const a = shop({ init: [{ name: "migrate", image: "ghcr.io/x/migrate:1.0.0", env: { DB: "${dbb.host}" } }] });
        expect(appSpecProblems(a)).toEqual([
            { path: ["app", "tiers", "web", "init", 0, "env", "DB"], message: "reference \"${dbb.host}\" names an unknown tier; known tiers: db, web" },
        ]);
    });
});

describe("sidecarVersionProblems", () => {
    const a = shop(extras);
    it("refuses sidecars below Kubernetes 1.29 and accepts 1.29, later minors and an unknown version", () => {
        expect(sidecarVersionProblems(a, "1.28")).toEqual([{ path: ["app", "tiers", "web", "sidecars"], message: expect.stringContaining("need Kubernetes 1.29 or later (native sidecars), but the cluster runs 1.28") }]);
        expect(sidecarVersionProblems(a, "1.29")).toEqual([]);
        expect(sidecarVersionProblems(a, "1.100")).toEqual([]);
        expect(sidecarVersionProblems(a, undefined)).toEqual([]);
        expect(sidecarVersionProblems(shop({}), "1.28")).toEqual([]);
    });
});

describe("the resulting Deployment", () => {
    it("validates against the Kubernetes schema, files included", () => {
        const a = shop({ ...extras, files: { "/etc/envoy/envoy.yaml": { content: "admin: {}\n", containers: ["proxy"] }, "/etc/tls/key.pem": { secret: "tlsKey" } } });
        const spec = toDeploymentSpec("web", a.tiers.web, a);
        const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec };
        expect(() => validateManifest(deployment)).not.toThrow();
        expect((spec.template as any).spec.initContainers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: "/etc/envoy/envoy.yaml", readOnly: true }));
        // The validator would notice a broken init container.
        const broken = structuredClone(deployment) as any;
        broken.spec.template.spec.initContainers[0].ports[0].containerPort = "admin";
        expect(() => validateManifest(broken)).toThrow();
    });
});
