/**
 * The HTTPS entry's bad input: every problem positioned, naming the value and
 * the fix (rules/gateway.ts and gateway-schema.ts).
 */
import { describe, expect, it } from "vitest";
import { errorsIn, loadText } from "../config/load-text";

const errors = (text: string, settings = {}) => errorsIn(text, settings).join("\n");
const AWS = { cloud: "aws", region: "us-east-1" };

/** An app with a routed tier "web"; `web` and `gateway` are indented YAML bodies. */
function app(web: string, gateway = "certificates: {acme: {email: ops@example.com}}", extra = ""): string {
    const indent = (s: string, n: number) => s.replace(/^/gm, " ".repeat(n));
    return `cluster:\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n  name: shop\n${gateway ? `  gateway:\n${indent(gateway, 4)}\n` : ""}  tiers:\n    web:\n${indent(`image: nginx:1.27.3\n${web}`, 6)}\n${extra}`;
}

describe("http on a tier", () => {
    it("defaults paths to [/] and takes one host or a list", () => {
        const c = loadText(app("ports: {http: 8080}\nhttp: {host: shop.example.com}"));
        expect(c.app.tiers.web.http).toEqual({ host: "shop.example.com", paths: ["/"] });
        expect(c.app.gateway).toEqual({ certificates: { acme: { email: "ops@example.com", server: "letsencrypt" } }, redirectHttp: true });
    });

    it("refuses hosts a certificate cannot name, each at its place", () => {
        expect(errors(app("ports: {http: 8080}\nhttp:\n  host: ['*.example.com', Shop.Example.com, 10.0.0.1, shop, a_b.example.com]"))).toMatchInlineSnapshot(`
          "platform.yaml:13:16 app.tiers.web.http.host[0]: a wildcard host needs an ACME DNS-01 challenge, which kubeship does not do (it uses HTTP-01 through the gateway), got "*.example.com"; list each host, e.g. shop.example.com
          platform.yaml:13:33 app.tiers.web.http.host[1]: must be lower case, got "Shop.Example.com"; write "shop.example.com"
          platform.yaml:13:51 app.tiers.web.http.host[2]: must be a DNS name, not an address, got "10.0.0.1": certificates are issued for names
          platform.yaml:13:61 app.tiers.web.http.host[3]: must be a fully qualified name with a domain, got "shop"; e.g. shop.example.com
          platform.yaml:13:67 app.tiers.web.http.host[4]: must be a DNS name such as shop.example.com (lower-case letters, digits, '-' and '.', labels of at most 63 characters), got "a_b.example.com""
        `);
    });

    it("refuses paths the HTTPRoute CRD's CEL rules would refuse at pulumi up", () => {
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com, paths: [api, /a//b, /a/../b, /x#y, /a/., '/a b']}"))).toMatchInlineSnapshot(`
          "platform.yaml:12:46 app.tiers.web.http.paths[0]: must start with '/', got "api"
          platform.yaml:12:51 app.tiers.web.http.paths[1]: must not contain '//', got "/a//b"
          platform.yaml:12:58 app.tiers.web.http.paths[2]: must not contain '/../', got "/a/../b"
          platform.yaml:12:67 app.tiers.web.http.paths[3]: must not contain '#', got "/x#y"
          platform.yaml:12:73 app.tiers.web.http.paths[4]: must not end with '/.' or '/..', got "/a/."
          platform.yaml:12:79 app.tiers.web.http.paths[5]: may hold only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes), got "/a b""
        `);
    });

    it("needs certificates, a TCP port to send to, and a gateway-reachable exposure", () => {
        expect(errors(app("http: {host: shop.example.com}\nexpose: internal-lb\nprobes: {readiness: {exec: [/bin/ready]}, liveness: {exec: [/bin/live]}}", ""))).toMatchInlineSnapshot(`
          "platform.yaml:9:13 app.tiers.web.http: a routed tier needs a port for the gateway to send to; add ports, e.g. ports: {http: 8080}
          platform.yaml:9:13 app.tiers.web.http: needs certificates for its hosts; add app.gateway: {certificates: {acme: {email: ops@example.com}}}
          platform.yaml:10:15 app.tiers.web.expose: a "internal-lb" tier needs a port to expose; add ports, e.g. ports: {http: 8080}
          platform.yaml:10:15 app.tiers.web.expose: a tier with http is reached through the app's internet-facing gateway, got expose: "internal-lb"; use expose: public or internal with http, or remove http"
        `);
        expect(errors(app("ports: {dns: {port: 53, protocol: UDP}, web: {port: 80, targetPort: 8080}}\nhttp: {host: shop.example.com}"))).toMatchInlineSnapshot(`"platform.yaml:12:13 app.tiers.web.http: the gateway speaks HTTP over TCP, but port "dns" is UDP; add http.port naming a TCP port, or put a TCP port first"`);
        expect(errors(app("ports: {web: {port: 80, targetPort: 8080}}\nhttp: {host: shop.example.com, port: 8080}"))).toMatchInlineSnapshot(`"platform.yaml:12:44 app.tiers.web.http.port: is not a Service port of the tier, got 8080; 8080 is the container port of "web": name the Service port, 80 or "web""`);
        expect(errors(app("ports: {web: 8080}\nhttp: {host: shop.example.com, port: wbe}"))).toMatchInlineSnapshot(`"platform.yaml:12:44 app.tiers.web.http.port: names an unknown port, got "wbe"; did you mean "web"?"`);
    });

    it("refuses two tiers that route the same host and path", () => {
        const extra = "    api:\n      image: nginx:1.27.3\n      ports: {http: 8080}\n      http: {host: shop.example.com, paths: [/api, /]}\n";
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}", undefined, extra))).toMatchInlineSnapshot(`"platform.yaml:16:52 app.tiers.api.http.paths[1]: routes shop.example.com/, which tier "web" already routes; give one of them another host or path"`);
    });
});

describe("app.gateway", () => {
    it("keeps hosts inside the zone", () => {
        expect(errors(app("ports: {http: 8080}\nhttp: {host: [shop.example.com, shop.example.org]}", "certificates: {acme: {email: ops@example.com}}\nzone: example.com"), AWS)).toMatchInlineSnapshot(`"platform.yaml:13:39 app.tiers.web.http.host[1]: is not in the DNS zone "example.com" (app.gateway.zone), got "shop.example.org"; use a name ending in .example.com, or change the zone"`);
    });

    it("names the cloud where a zone cannot be managed, and asks Azure for the zone's resource group", () => {
        const gw = "certificates: {acme: {email: ops@example.com}}\nzone: example.com";
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}", gw))).toMatchInlineSnapshot(`"platform.yaml:8:11 app.gateway.zone: cannot be managed on an existing cluster: kubeship has no workload identity there to grant DNS writes to (and never uses static keys); remove zone and point each host at the gateway's address yourself"`);
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}", gw), { cloud: "azure", region: "westeurope" })).toMatchInlineSnapshot(`"platform.yaml:8:11 app.gateway.zone: needs app.gateway.zoneResourceGroup on azure: the resource group that holds the DNS zone "example.com""`);
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}", `${gw}\nzoneResourceGroup: dns`), AWS)).toMatchInlineSnapshot(`"platform.yaml:9:24 app.gateway.zoneResourceGroup: applies only to a zone on azure, got "dns" on aws; remove it"`);
    });

    it("checks the email and the server", () => {
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}", "certificates: {acme: {email: ops, server: zerossl}}"))).toMatchInlineSnapshot(`
          "platform.yaml:7:34 app.gateway.certificates.acme.email: must be an email address for the ACME account (expiry and incident notices), e.g. ops@example.com, got "ops"
          platform.yaml:7:47 app.gateway.certificates.acme.server: must be letsencrypt or letsencrypt-staging, got "zerossl""
        `);
    });

    it("keeps TLS on every route in prod: no plain HTTP, no staging certificates", () => {
        const gw = "certificates: {acme: {email: ops@example.com, server: letsencrypt-staging}}\nredirectHttp: false";
        const prod = { ...AWS, environment: "prod", overrides: { cluster: { endpoint: { public: false }, aws: { deployFrom: ["10.0.0.0/16"] }, nodePools: { general: { min: 2 } } } } };
        expect(errors(app("ports: {http: 8080}\nhttp: {host: shop.example.com}\nreplicas: 2", gw), prod)).toMatchInlineSnapshot(`
          "platform.yaml:7:59 app.gateway.certificates.acme.server: must be letsencrypt in prod: letsencrypt-staging issues certificates no browser trusts
          platform.yaml:8:19 app.gateway.redirectHttp: must be true in prod: with false, every routed tier is also served over plain HTTP, without TLS"
        `);
    });
});
