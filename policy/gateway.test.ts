import { describe, expect, it } from "vitest";
import { planEntry } from "../components/gateway/routes";
import { entryObjects } from "../components/gateway/objects";
import { appSchema } from "../components/config/schema";
import { checkHttpsListenerCertificate, checkRouteTls, GATEWAY, HTTP_ROUTE } from "./gateway";
import { violationsOf } from "./rules";
import type { StackResource } from "./types";

/** The entry's objects for an app with one routed tier, as a stack policy sees them. */
function stack(redirectHttp = true): StackResource[] {
    const app = appSchema.parse({
        name: "shop",
        gateway: { certificates: { acme: { email: "ops@example.com" } }, redirectHttp },
        tiers: { web: { image: "nginx:1.27.3", ports: { http: 8080 }, http: { host: "shop.example.com" } } },
    });
    return entryObjects(planEntry(app)!, "shop", {}).map((o) => ({
        type: `kubernetes:${o.apiVersion}:${o.kind}`, name: o.metadata.name, urn: `urn:${o.kind}:${o.metadata.name}`, props: o as unknown as Record<string, any>,
    }));
}

describe("k8s-gateway-https-certificate", () => {
    it("accepts kubeship's Gateway, and flags an HTTPS listener without a certificate or not terminating", () => {
        const gw = stack().find((r) => r.type === GATEWAY)!.props;
        expect(violationsOf(GATEWAY, gw)).toEqual({});
        const bare = structuredClone(gw);
        bare.spec.listeners[1].tls = { mode: "Passthrough" };
        expect(checkHttpsListenerCertificate(GATEWAY, bare)).toMatchInlineSnapshot(`
          [
            "spec.listeners[1] ("https-shop-example-com").tls.mode: must be "Terminate" on an HTTPS listener, got "Passthrough"; terminate TLS at the gateway, or use a TLS listener for passthrough",
            "spec.listeners[1] ("https-shop-example-com").tls.certificateRefs: must name a certificate Secret, got unset; give the host a certificate (kubeship: app.gateway.certificates)",
          ]
        `);
    });
});

describe("k8s-route-tls: a routed tier must have TLS", () => {
    it("accepts routes on HTTPS listeners and the redirect on the HTTP one", () => {
        expect(checkRouteTls(stack())).toEqual([]);
    });

    it("flags a route that is also served over plain HTTP (redirectHttp: false)", () => {
        expect(checkRouteTls(stack(false)).map((v) => v.message)).toMatchInlineSnapshot(`
          [
            "HTTPRoute "web" (shop.example.com): must not be served over plain HTTP, got listener ["http"]; attach only to HTTPS listeners and redirect HTTP to HTTPS (kubeship: app.gateway.redirectHttp: true)",
          ]
        `);
    });

    it("flags a route with no HTTPS listener, and one attached to a whole Gateway that listens on HTTP", () => {
        const s = stack();
        const web = s.find((r) => r.type === HTTP_ROUTE && r.name === "web")!;
        web.props.spec.parentRefs = [{ name: "kubeship", sectionName: "http" }];
        expect(checkRouteTls(s).map((v) => v.message)).toMatchInlineSnapshot(`
          [
            "HTTPRoute "web" (shop.example.com): must be attached to an HTTPS listener, got ["http"]; a routed tier must have TLS: route it through the Gateway's HTTPS listener for its host",
            "HTTPRoute "web" (shop.example.com): must not be served over plain HTTP, got listener ["http"]; attach only to HTTPS listeners and redirect HTTP to HTTPS (kubeship: app.gateway.redirectHttp: true)",
          ]
        `);
        web.props.spec.parentRefs = [{ name: "kubeship" }];
        expect(checkRouteTls(s).map((v) => v.message)).toHaveLength(1);
        web.props.spec.parentRefs = [{ name: "someone-elses" }];
        expect(checkRouteTls(s)).toEqual([]);
    });
});
