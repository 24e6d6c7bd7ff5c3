/** The entry's pure plan and builders: names, listeners, the redirect switch, the Kubernetes minor check. */
import { describe, expect, it } from "vitest";
import { appSchema, type PlatformConfig } from "../../components/config/schema";
import { planEntry } from "../../components/gateway/routes";
import { toGateway, toHttpRoute } from "../../components/gateway/objects";
import { httpsListener } from "../../components/gateway/names";
import { planGateway } from "../../components/gateway/plan";
import { toService } from "../../components/app/service";
import { toTierNetworkPolicy } from "../../components/app/network-policy";
import { loadPlan } from "../../components/config/load";
import { ConfigError } from "../../components/config/errors";
import { errorsIn } from "../config/load-text";
import * as fs from "node:fs";
import * as path from "node:path";
import { GATEWAY_CATALOG } from "../../components/cluster/versions/gateway";
import type { ClusterFacts } from "../../components/cluster/types";

const app = (gateway: Record<string, unknown>, tiers: Record<string, unknown>) => appSchema.parse({ name: "shop", gateway: { certificates: { acme: { email: "ops@example.com" } }, ...gateway }, tiers });

describe("planEntry", () => {
    it("lists each host once, in config order, with a listener and certificate named after it", () => {
        const a = app({}, {
            web: { image: "nginx:1.27.3", ports: { http: 8080 }, http: { host: ["shop.example.com", "www.example.com"] } },
            api: { image: "nginx:1.27.3", ports: { grpc: 9090, http: { port: 80, targetPort: 8080 } }, http: { host: "shop.example.com", paths: ["/api", "/v2"], port: "http" } },
            db: { image: "postgres:16.4", ports: { pg: 5432 } },
        });
        const e = planEntry(a)!;
        expect(e.hosts).toEqual([
            { host: "shop.example.com", listener: "https-shop-example-com", certificate: "tls-shop-example-com" },
            { host: "www.example.com", listener: "https-www-example-com", certificate: "tls-www-example-com" },
        ]);
        expect(e.routes).toEqual([
            { tier: "web", hosts: ["shop.example.com", "www.example.com"], paths: ["/"], servicePort: 8080, targetPort: 8080 },
            { tier: "api", hosts: ["shop.example.com"], paths: ["/api", "/v2"], servicePort: 80, targetPort: 8080 },
        ]);
        expect(planEntry(appSchema.parse({ name: "x", tiers: { db: { image: "postgres:16.4", ports: { pg: 5432 } } } }))).toBeUndefined();
    });

    it("keeps a long host's listener name a DNS label, and two long hosts apart", () => {
        const long = `${"a".repeat(60)}.example.com`;
        const other = `${"a".repeat(60)}.example.org`;
        expect(httpsListener(long)).toHaveLength(63);
        expect(httpsListener(long)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(httpsListener(long)).not.toBe(httpsListener(other));
    });

    it("attaches routes to the plain-HTTP listener only when the redirect is off", () => {
        const tiers = { web: { image: "nginx:1.27.3", ports: { http: 8080 }, http: { host: "shop.example.com" } } };
        const on = planEntry(app({}, tiers))!;
        const off = planEntry(app({ redirectHttp: false }, tiers))!;
        const sections = (e: typeof on) => (toHttpRoute(e, e.routes[0], "shop").spec.parentRefs as { sectionName: string }[]).map((p) => p.sectionName);
        expect(sections(on)).toEqual(["https-shop-example-com"]);
        expect(sections(off)).toEqual(["https-shop-example-com", "http"]);
        expect(toGateway(on, "shop", {}).spec.infrastructure).toBeUndefined();
    });
});

describe("a routed tier's Service and NetworkPolicy", () => {
    const a = app({}, {
        web: { image: "nginx:1.27.3", ports: { http: 8080 }, expose: "public", http: { host: "shop.example.com" } },
        lb: { image: "nginx:1.27.3", ports: { http: 8080 }, expose: "public" },
    });
    const facts: ClusterFacts = { cloud: "aws", environment: "dev", publicLoadBalancerAnnotations: { a: "b" }, internalLoadBalancerAnnotations: {}, storageClass: "gp3", loadBalancerAddress: "hostname", internalCidrs: [], poolTaints: {} };

    it("is ClusterIP even when public, while an unrouted public tier keeps its load balancer", () => {
        expect(toService("web", a.tiers.web, "shop", facts)?.spec.type).toBe("ClusterIP");
        expect(toService("web", a.tiers.web, "shop", facts)?.metadata.annotations).toBeUndefined();
        expect(toService("lb", a.tiers.lb, "shop", facts)?.spec.type).toBe("LoadBalancer");
    });

    it("admits the gateway's pods instead of any source", () => {
        const ingress = toTierNetworkPolicy("web", a).spec.ingress as Record<string, any>[];
        expect(ingress).toHaveLength(1);
        expect(ingress[0].from[0].podSelector.matchLabels["gateway.envoyproxy.io/owning-gateway-namespace"]).toBe("shop");
        expect(toTierNetworkPolicy("lb", a).spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: "TCP" }] }]);
    });
});

describe("the Kubernetes minor Envoy Gateway supports", () => {
    const routed = "cluster:\n  version: \"1.32\"\n  extendedSupport: true\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n  name: shop\n  gateway:\n    certificates: {acme: {email: ops@example.com}}\n  tiers:\n    web:\n      image: nginx:1.27.3\n      ports: {http: 8080}\n      http: {host: shop.example.com}\n";

    it("refuses a pinned minor outside Envoy Gateway's matrix, at cluster.version", () => {
        expect(errorsIn(routed, { cloud: "aws", region: "us-east-1" }, "old.yaml").join("\n")).toMatchInlineSnapshot(`"old.yaml:2:12 cluster.version: Envoy Gateway v1.9.0, which serves http, supports Kubernetes 1.33–1.36, but the cluster pins 1.32; choose one of 1.33, 1.34, 1.35, 1.36"`);
    });

    it("has no minor to check on an existing cluster, and says what the cluster needs", () => {
        const config = { cluster: { cloud: "existing", environment: "dev", nodePools: {} }, app: app({}, { web: { image: "nginx:1.27.3", ports: { http: 8080 }, http: { host: "shop.example.com" } } }) } as unknown as PlatformConfig;
        const r = planGateway(config, { cloud: "existing", existing: { clusterName: "kind", environment: "dev", storageClass: "standard" } }, undefined);
        expect(r.ok && r.plan?.addons.notes[0]).toMatch(/^existing cluster: the gateway's Envoy Service is a LoadBalancer/);
        expect(r.ok && r.plan?.addons.dns).toBeUndefined();
        expect(() => loadPlan({ configFile: "examples/https.yaml", cloud: "existing" })).not.toThrow(ConfigError);
    });
});

describe("the README's HTTPS entry section", () => {
    it("names the pinned chart versions of the dated table", () => {
        const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## HTTPS entry"), readme.indexOf("## Kubernetes versions"));
        const v = GATEWAY_CATALOG;
        for (const row of [`| ${v.envoyGateway.version} |`, `| ${v.certManager.version} |`, `| ${v.externalDns.version} (app ${v.externalDns.appVersion}) |`, `Gateway API ${v.envoyGateway.gatewayApi}`, `end of life ${v.envoyGateway.endOfLife}`]) {
            expect(section).toContain(row);
        }
    });
});
