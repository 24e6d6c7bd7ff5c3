/**
 * Issue 12, section 1, done when: a platform with `http` renders on aws, gcp,
 * azure and existing; every Kubernetes object validates (kubernetes-models, and
 * the Gateway API and cert-manager CRD schemas); the routed tiers sit behind one
 * Gateway with TLS, admit the gateway's pods only, and external-dns writes DNS
 * through the cloud's workload identity.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { GATEWAY_CATALOG } from "../../components/cluster/versions/gateway";
import { resourceRules, stackRules, violationsOf } from "../../policy/rules";
import type { StackResource } from "../../policy/types";
import { validateManifest } from "../helpers/k8s-models";

const ROOT = path.resolve(__dirname, "../..");
const CLOUDS = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: "" } as const;
type Cloud = keyof typeof CLOUDS;

/** A project with examples/https.yaml and one stack per cloud; the managed clouds add a DNS zone. */
function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-https-"));
    fs.cpSync(path.join(ROOT, "examples"), path.join(root, "examples"), { recursive: true });
    fs.mkdirSync(path.join(root, "stacks"));
    for (const [cloud, region] of Object.entries(CLOUDS)) {
        const zone = cloud === "existing" ? [] : ["    app:", "      gateway:", "        zone: example.com", ...(cloud === "azure" ? ["        zoneResourceGroup: dns"] : [])];
        fs.writeFileSync(path.join(root, "stacks", `Pulumi.https-${cloud}.yaml`), [
            "config:", "  kubeship:config: examples/https.yaml", `  kubeship:cloud: ${cloud}`, ...(region ? [`  kubeship:region: ${region}`] : []),
            "  kubeship:overrides:", "    cluster:", ...(cloud === "gcp" ? ["      gcp: { project: kubeship-dev }"] : []), "      nodePools: { general: { min: 2 } }",
            ...zone, "",
        ].join("\n"));
    }
    return root;
}

const root = project();
const renders = new Map<Cloud, Awaited<ReturnType<typeof render>>>();
const rendered = async (cloud: Cloud) => {
    if (!renders.has(cloud)) renders.set(cloud, await render({ stack: `https-${cloud}` }, root));
    return renders.get(cloud)!;
};
const manifestsOf = (r: Awaited<ReturnType<typeof render>>) => parseAllDocuments(r.files["manifests.yaml"]).map((d) => d.toJS() as Record<string, any>);
const ENVOY_PEER = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
    podSelector: {
        matchLabels: {
            "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy",
            "gateway.envoyproxy.io/owning-gateway-name": "kubeship", "gateway.envoyproxy.io/owning-gateway-namespace": "storefront",
        },
    },
};

describe.each(Object.keys(CLOUDS) as Cloud[])("examples/https.yaml on %s", (cloud) => {
    it("renders one Gateway with a listener and a certificate per host, and validates every object", async () => {
        const r = await rendered(cloud);
        const manifests = manifestsOf(r);
        for (const m of manifests) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
        const of = (kind: string) => manifests.filter((m) => m.kind === kind);
        expect(of("GatewayClass").map((m) => m.spec.controllerName)).toEqual(["gateway.envoyproxy.io/gatewayclass-controller"]);
        const [gateway] = of("Gateway");
        expect(of("Gateway")).toHaveLength(1);
        expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname ?? null, l.tls?.certificateRefs?.[0]?.name ?? null])).toEqual([
            ["http", "HTTP", 80, null, null],
            ["https-shop-example-com", "HTTPS", 443, "shop.example.com", "tls-shop-example-com"],
            ["https-www-shop-example-com", "HTTPS", 443, "www.shop.example.com", "tls-www-shop-example-com"],
        ]);
        expect(of("Certificate").map((m) => [m.metadata.name, m.spec.secretName, m.spec.dnsNames, m.spec.issuerRef.name])).toEqual([
            ["tls-shop-example-com", "tls-shop-example-com", ["shop.example.com"], "kubeship-acme"],
            ["tls-www-shop-example-com", "tls-www-shop-example-com", ["www.shop.example.com"], "kubeship-acme"],
        ]);
        expect(of("Issuer")[0].spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs).toEqual([
            { group: "gateway.networking.k8s.io", kind: "Gateway", name: "kubeship", namespace: "storefront", sectionName: "http" },
        ]);
        const routes = Object.fromEntries(of("HTTPRoute").map((m) => [m.metadata.name, m.spec]));
        expect(routes.api.rules[0]).toEqual({ matches: [{ path: { type: "PathPrefix", value: "/api" } }], backendRefs: [{ group: "", kind: "Service", name: "api", port: 80 }] });
        expect(routes.web.parentRefs.map((p: any) => p.sectionName)).toEqual(["https-shop-example-com", "https-www-shop-example-com"]);
        expect(routes["kubeship-https-redirect"].rules[0].filters[0]).toEqual({ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } });
        // The cloud's internet-facing annotations reach Envoy's Service through the Gateway.
        const annotations = gateway.spec.infrastructure?.annotations;
        if (cloud === "aws") expect(annotations).toMatchObject({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
        if (cloud === "existing") expect(annotations).toBeUndefined();
    });

    it("gives routed tiers no load balancer, and admits the gateway's pods only", async () => {
        const manifests = manifestsOf(await rendered(cloud));
        const services = manifests.filter((m) => m.kind === "Service");
        expect(services.map((s) => [s.metadata.name, s.spec.type])).toEqual([["api", "ClusterIP"], ["web", "ClusterIP"]]);
        const policy = (name: string) => manifests.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === name)!.spec;
        // api keeps expose: internal; web is public: both admit the Envoy pods on the container port, and nothing from anywhere.
        expect(policy("api").ingress).toEqual([
            { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "storefront" } } }], ports: [{ port: 8080, protocol: "TCP" }] },
            { from: [ENVOY_PEER], ports: [{ port: 8080, protocol: "TCP" }] },
        ]);
        expect(policy("web").ingress).toEqual([{ from: [ENVOY_PEER], ports: [{ port: 8080, protocol: "TCP" }] }]);
        expect(policy("kubeship-acme-solver")).toEqual({
            podSelector: { matchLabels: { "acme.cert-manager.io/http01-solver": "true" } }, policyTypes: ["Ingress"],
            ingress: [{ from: [ENVOY_PEER], ports: [{ port: 8089, protocol: "TCP" }] }],
        });
    });

    it("installs the pinned add-ons, external-dns only with a zone and with the cloud's workload identity", async () => {
        const r = await rendered(cloud);
        const releases = Object.fromEntries(r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release").map((x) => [x.inputs.name as string, x.inputs as Record<string, any>]));
        const v = GATEWAY_CATALOG;
        expect(releases["envoy-gateway"]).toMatchObject({ chart: "oci://docker.io/envoyproxy/gateway-helm", version: v.envoyGateway.version, namespace: "envoy-gateway-system" });
        expect(releases["cert-manager"]).toMatchObject({ chart: "cert-manager", version: v.certManager.version, repositoryOpts: { repo: "https://charts.jetstack.io" } });
        expect(releases["cert-manager"].values.config.gatewayAPI).toEqual({ enabled: true });
        const dns = releases["external-dns"];
        if (cloud === "existing") {
            expect(dns).toBeUndefined();
            expect(r.warnings.join("\n")).toMatch(/needs a LoadBalancer implementation .* does not hang/);
            return;
        }
        expect(dns).toMatchObject({ version: v.externalDns.version, values: { sources: ["gateway-httproute"], domainFilters: ["example.com"], policy: "sync", registry: "txt" } });
        const sa = dns.values.serviceAccount;
        if (cloud === "aws") {
            expect(sa.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::\d{12}:role\//);
            const role = r.resources.find((x) => x.type === "aws:iam/role:Role" && x.name.includes("gateway-dns"))!;
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
            expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain("system:serviceaccount:external-dns:external-dns");
            const policy = JSON.parse(r.resources.find((x) => x.type === "aws:iam/policy:Policy" && x.name.includes("gateway-dns"))!.inputs.policy as string);
            expect(policy.Statement[0].Resource[0]).toMatch(/^arn:aws:route53:::hostedzone\/Z[0-9A-F]+$/);
        }
        if (cloud === "gcp") {
            expect(sa.annotations["iam.gke.io/gcp-service-account"]).toMatch(/^external-dns-https-gcp@kubeship-dev\.iam\.gserviceaccount\.com$/);
            const binding = r.resources.find((x) => x.type === "gcp:serviceaccount/iAMMember:IAMMember")!;
            expect(binding.inputs).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: "serviceAccount:kubeship-dev.svc.id.goog[external-dns/external-dns]" });
        }
        if (cloud === "azure") {
            expect(sa.annotations["azure.workload.identity/client-id"]).toMatch(/^[0-9a-f-]{36}$/);
            expect(dns.values.podLabels).toEqual({ "azure.workload.identity/use": "true" });
            const federated = r.resources.find((x) => x.type === "azure-native:managedidentity:FederatedIdentityCredential")!;
            expect(federated.inputs).toMatchObject({ subject: "system:serviceaccount:external-dns:external-dns", audiences: ["api://AzureADTokenExchange"] });
            const scopes = r.resources.filter((x) => x.type === "azure-native:authorization:RoleAssignment" && x.name.includes("gateway-dns")).map((x) => x.inputs.scope);
            const rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns";
            expect(scopes.sort()).toEqual([rg, `${rg}/providers/Microsoft.Network/dnsZones/example.com`]);
        }
        // Never a static key: no Secret outside the app.
        expect(r.resources.filter((x) => x.type === "kubernetes:core/v1:Secret")).toEqual([]);
    });

    it("outputs https://host, shows hosts, routes and certificates, and passes the policy pack", async () => {
        const r = await rendered(cloud);
        expect(r.outputs.endpoints).toEqual({ web: "https://shop.example.com", api: "https://shop.example.com/api" });
        expect(r.summary).toContain("https://www.shop.example.com  certificate tls-www-shop-example-com (Let's Encrypt, ACME HTTP-01, renewed by cert-manager)");
        expect(r.summary).toContain("    /api -> api:80");
        expect(r.files["diagram.mmd"]).toContain(`gateway -->|"shop.example.com/api"| tier_api`);
        const app: StackResource[] = r.resources.filter((x) => x.type.startsWith("kubernetes:") && x.urn.includes("kubeship:app:MultiTierApp"))
            .map((x) => ({ type: x.type, name: x.name, urn: x.urn, props: x.inputs as Record<string, any> }));
        const findings: Record<string, string[]> = {};
        for (const res of app) Object.assign(findings, violationsOf(res.type, res.props, resourceRules.filter((rule) => rule.scope !== "prod-only")));
        for (const rule of stackRules) {
            const msgs = rule.check(app).map((x) => x.message);
            if (msgs.length) findings[rule.name] = msgs;
        }
        expect(findings).toEqual({});
    });
});

describe("the CRD validators", () => {
    it("reject a malformed Gateway, HTTPRoute and Certificate, so the tests above can fail", async () => {
        const manifests = manifestsOf(await rendered("existing"));
        const gw = manifests.find((m) => m.kind === "Gateway")!;
        expect(() => validateManifest({ ...gw, spec: { ...gw.spec, listeners: [{ ...gw.spec.listeners[0], port: 0 }] } })).toThrow(/port/);
        const route = manifests.find((m) => m.kind === "HTTPRoute" && m.metadata.name === "web")!;
        expect(() => validateManifest({ ...route, spec: { ...route.spec, rules: [{ matches: [{ path: { type: "Prefix", value: "/" } }] }] } })).toThrow(/allowed values/);
        const cert = manifests.find((m) => m.kind === "Certificate")!;
        expect(() => validateManifest({ ...cert, spec: { ...cert.spec, privateKey: { algorithm: "DSA" } } })).toThrow(/allowed values/);
    });
});
