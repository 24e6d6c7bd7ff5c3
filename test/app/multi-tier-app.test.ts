/** MultiTierApp under the offline engine: what it registers, with which options and dependencies. */
import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ExistingCluster } from "../../components/cluster/existing";
import { MultiTierApp } from "../../components/app/multi-tier-app";
import { evaluateWithMocks } from "../helpers/evaluate";
import { AWS_FACTS, loadExample, renderExample } from "./render";
import { existingPlan } from "../helpers/plan";

const byName = (r: Awaited<ReturnType<typeof renderExample>>, kind: string, name: string) => {
    const m = r.manifests.find((x) => x.kind === kind && x.metadata.name === name);
    if (!m) throw new Error(`no ${kind} ${name}`);
    return m;
};

describe("guestbook on an existing cluster", async () => {
    const r = await renderExample("examples/guestbook.yaml");

    it("creates a restricted namespace and one Tier component per tier", () => {
        const ns = byName(r, "Namespace", "guestbook");
        expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        expect(r.ofType("kubeship:app:Tier").map((t) => t.name).sort()).toEqual(["guestbook-frontend", "guestbook-redis-follower", "guestbook-redis-leader"]);
        expect(r.outputs.namespace).toBe("guestbook");
    });

    it("every Kubernetes object uses the cluster's provider, lives in the namespace and has an explicit name", () => {
        const provider = r.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
        for (const m of r.manifests) {
            expect(m.resource.provider, m.resource.name).toMatch(new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`));
            expect(m.metadata.name, m.resource.name).toBeTruthy();
            if (m.kind !== "Namespace") expect(m.metadata.namespace, m.resource.name).toBe("guestbook");
        }
    });

    it("the stateful tier is a StatefulSet on the cluster's storage class, others are Deployments", () => {
        const leader = byName(r, "StatefulSet", "redis-leader");
        expect(leader.spec.replicas).toBe(1);
        expect(leader.spec.volumeClaimTemplates[0].spec.storageClassName).toBe("standard");
        expect(byName(r, "Service", "redis-leader-headless").spec.clusterIP).toBe("None");
        expect(byName(r, "Deployment", "redis-follower").spec.replicas).toBe(2);
    });

    it("the autoscaled frontend has an HPA and no replicas", () => {
        const fe = byName(r, "Deployment", "frontend");
        expect(fe.spec).not.toHaveProperty("replicas");
        const hpa = byName(r, "HorizontalPodAutoscaler", "frontend");
        expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: "Deployment", name: "frontend" }, minReplicas: 2, maxReplicas: 10 });
        expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(60);
    });

    it("services and workloads wait for the cluster's ready resources", () => {
        const provider = r.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
        for (const kind of ["Service", "Deployment", "StatefulSet"]) {
            for (const m of r.manifests.filter((x) => x.kind === kind)) expect(m.resource.dependencies, m.resource.name).toContain(provider.urn);
        }
    });

    it("the public endpoint reads the load balancer's IP", () => {
        expect(r.outputs.endpoints).toEqual({ frontend: expect.stringMatching(/^http:\/\/172\.18\.255\.\d+$/) });
        expect(byName(r, "Service", "frontend").spec.type).toBe("LoadBalancer");
    });
});

describe("shop on a fake AWS-like cluster", async () => {
    const r = await renderExample("examples/shop.yaml", { cluster: "aws" });

    it("the public endpoint reads the hostname", () => {
        expect(Object.keys(r.outputs.endpoints as object)).toEqual(["gateway"]);
        expect((r.outputs.endpoints as any).gateway).toMatch(/^http:\/\/a[0-9a-f]+-\d+\.elb\.us-east-1\.amazonaws\.com$/);
    });

    it("the LoadBalancer carries the cluster's public annotations", () => {
        const gw = byName(r, "Service", "gateway");
        expect(gw.spec.type).toBe("LoadBalancer");
        expect(gw.metadata.annotations).toEqual(AWS_FACTS.publicLoadBalancerAnnotations);
        expect(byName(r, "Service", "catalog").metadata.annotations).toBeUndefined();
    });

    it("stateful tiers use the cluster's storage class", () => {
        for (const t of ["postgres", "redis"]) expect(byName(r, "StatefulSet", t).spec.volumeClaimTemplates[0].spec.storageClassName).toBe("gp3");
    });

    it("every Service and workload depends on the network (deleted before it)", () => {
        const network = r.one("kubeship:test:Network");
        for (const m of r.manifests.filter((x) => ["Service", "Deployment", "StatefulSet"].includes(x.kind))) {
            expect(m.resource.dependencies, m.resource.name).toContain(network.urn);
        }
    });

    it("waitFor is an explicit dependency between workloads; others do not wait", () => {
        const pg = byName(r, "StatefulSet", "postgres").resource;
        const redis = byName(r, "StatefulSet", "redis").resource;
        expect(byName(r, "Deployment", "catalog").resource.dependencies).toContain(pg.urn);
        expect(byName(r, "Deployment", "cart").resource.dependencies).toContain(redis.urn);
        expect(byName(r, "Deployment", "cart").resource.dependencies).not.toContain(pg.urn);
        expect(r.dependsOn(byName(r, "Deployment", "search").resource, pg)).toBe(false);
    });

    it("a tier's workload waits for its ServiceAccount and Secret", () => {
        const deps = byName(r, "Deployment", "checkout").resource.dependencies;
        expect(deps).toContain(byName(r, "ServiceAccount", "checkout").resource.urn);
        const secret = r.manifests.find((x) => x.kind === "Secret" && x.metadata.labels["app.kubernetes.io/name"] === "checkout");
        expect(deps).toContain(secret!.resource.urn);
    });

    it("env references resolve to DNS names in the pod spec", () => {
        const env = byName(r, "Deployment", "catalog").spec.template.spec.containers[0].env;
        expect(env).toContainEqual({ name: "DB_HOST", value: "postgres.shop.svc.cluster.local" });
        expect(env).toContainEqual({ name: "CACHE_ADDR", value: "redis.shop.svc.cluster.local:6379" });
        // The Secret is named by the provider, so a new value means a new name and a rollout.
        expect(env).toContainEqual({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: expect.stringMatching(/^shop-catalog-secret-[0-9a-f]{8}$/), key: "DB_PASSWORD" } } });
        const gw = byName(r, "Deployment", "gateway").spec.template.spec.containers[0].env;
        expect(gw).toContainEqual({ name: "STOREFRONT_URL", value: "http://storefront.shop.svc.cluster.local:3000" });
    });
});

describe("errors", () => {
    it("a missing secret value is refused before anything is created", async () => {
        const platform = loadExample("examples/shop.yaml");
        // Only the message leaves the promise: a ResourceError holds the whole resource graph,
        // which vitest's matchers try to print.
        const message = await evaluateWithMocks(async () => {
            const cluster = new ExistingCluster("shop", { plan: existingPlan({ ...platform.cluster, name: "shop" }) });
            new MultiTierApp("shop", { cluster, app: platform.app, secrets: { dbPassword: pulumi.secret("x") } });
        }, { cloud: "existing" }).then(() => "no error", (e: Error) => e.message);
        expect(message).toMatch(/^invalid app "shop":\n/);
        expect(message).toContain('app.tiers.catalog.secrets.REDIS_PASSWORD: no value was given for secret config "redisPassword"');
        expect(message).not.toContain("dbPassword");
    });
});
