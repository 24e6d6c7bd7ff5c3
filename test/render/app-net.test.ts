/**
 * Issue 12, done when: one platform that uses the HTTPS entry (Gateway API),
 * egress, allowFrom, env-derived talksTo, placement and gRPC probes renders on
 * aws, gcp, azure and existing, and every object passes its schema
 * (kubernetes-models for the core objects, the published Gateway API and
 * cert-manager schemas for theirs: test/helpers/k8s-models.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { validateManifest } from "../helpers/k8s-models";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = fs.readFileSync(path.join(ROOT, "test/fixtures/valid/app-net.yaml"), "utf8");
const CLOUDS = ["aws", "gcp", "azure", "existing"] as const;

function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-app-net-"));
    for (const cloud of CLOUDS) {
        let text = FIXTURE;
        if (cloud === "gcp") text = text.replace("cluster:\n", "cluster:\n  gcp: { project: kubeship-dev }\n");
        fs.writeFileSync(path.join(root, `app-net-${cloud}.yaml`), text);
    }
    return root;
}

const root = project();
// One at a time: Pulumi's runtime state is global.
const renders: Record<string, Awaited<ReturnType<typeof render>>> = {};
for (const cloud of CLOUDS) renders[cloud] = await render({ configFile: `app-net-${cloud}.yaml`, cloud }, root);
const manifestsOf = (cloud: string) => parseAllDocuments(renders[cloud].files["manifests.yaml"]).map((d) => d.toJS() as Record<string, any>);
const find = (cloud: string, kind: string, name: string) => manifestsOf(cloud).find((m) => m.kind === kind && m.metadata.name === name)!;

describe.each(CLOUDS)("on %s", (cloud) => {
    it("every rendered object validates against the Kubernetes schema", () => {
        const manifests = manifestsOf(cloud);
        expect(manifests.length).toBeGreaterThan(10);
        for (const m of manifests) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
    });

    it("the HTTPS entry: one Gateway and a route for the routed tier, which admits the gateway's pods only", () => {
        const manifests = manifestsOf(cloud);
        expect(manifests.filter((m) => m.kind === "Gateway")).toHaveLength(1);
        const route = manifests.find((m) => m.kind === "HTTPRoute")!;
        expect(route.spec.hostnames).toEqual(["shop.example.com"]);
        expect(renders[cloud].outputs.endpoints).toMatchObject({ site: "https://shop.example.com" });
    });

    it("gRPC probes with their service and timeouts", () => {
        const api = find(cloud, "Deployment", "api").spec.template.spec.containers[0];
        expect(api.readinessProbe).toMatchObject({ grpc: { port: 9090 }, timeoutSeconds: 1 });
        expect(api.readinessProbe.grpc.service).toBeUndefined();
        expect(api.livenessProbe).toMatchObject({ grpc: { port: 9090, service: "liveness" }, periodSeconds: 30, timeoutSeconds: 5 });
        expect(api.startupProbe).toMatchObject({ tcpSocket: { port: 9090 }, timeoutSeconds: 4 });
        const web = find(cloud, "Deployment", "web").spec.template.spec.containers[0];
        expect(web.readinessProbe).toMatchObject({ httpGet: { path: "/ready", port: 8080 }, timeoutSeconds: 3 });
    });

    it("the env reference is an edge: web may reach api, api admits web", () => {
        const web = find(cloud, "NetworkPolicy", "web").spec;
        expect(web.egress.some((r: any) => r.to?.[0]?.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "api")).toBe(true);
        const api = find(cloud, "NetworkPolicy", "api").spec;
        expect(api.ingress[0]).toEqual({
            from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "netshop" } } }],
            ports: [{ port: 9090, protocol: "TCP" }, { port: 9100, protocol: "TCP" }],
        });
        expect(renders[cloud].files["diagram.mmd"]).toContain(`tier_web -->|"9090"| tier_api`);
        expect(renders[cloud].summary).toContain("  web -> api (from env: api)");
    });

    it("allowFrom admits the other namespace's pods, on the ports named", () => {
        const web = find(cloud, "NetworkPolicy", "web").spec;
        expect(web.ingress).toContainEqual({
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
            ports: [{ port: 9100, protocol: "TCP" }],
        });
        const api = find(cloud, "NetworkPolicy", "api").spec;
        expect(api.ingress).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress" } } }], ports: [{ port: 9090, protocol: "TCP" }, { port: 9100, protocol: "TCP" }] });
    });

    it("egress: internet without private, link-local or cluster ranges; CIDRs without the metadata address", () => {
        const egress = find(cloud, "NetworkPolicy", "api").spec.egress;
        expect(egress).toContainEqual({
            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"] } }],
            ports: [{ protocol: "TCP" }],
        });
        expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP" }] });
        expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: "52.0.0.0/8" } }], ports: [{ port: 443, protocol: "TCP" }] });
        expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }], ports: [{ port: 123, protocol: "UDP" }] });
    });

    it("a tier without pool has no node selector and no toleration, so it stays off tainted pools", () => {
        const db = find(cloud, "StatefulSet", "db").spec.template.spec;
        expect(db.nodeSelector).toBeUndefined();
        expect(db.tolerations).toBeUndefined();
    });
});

describe("placement", () => {
    const spotToleration = { key: "kubeship.io/spot", operator: "Equal", value: "true", effect: "NoSchedule" };
    it.each(["aws", "gcp"])("on %s: the pool's label and its configured taint", (cloud) => {
        const pod = find(cloud, "Deployment", "web").spec.template.spec;
        expect(pod.nodeSelector).toEqual({ "kubeship.io/pool": "spot" });
        expect(pod.tolerations).toEqual([spotToleration]);
    });
    it("on azure: also the taint AKS puts on spot nodes", () => {
        expect(find("azure", "Deployment", "api").spec.template.spec.tolerations).toEqual([
            spotToleration,
            { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
        ]);
    });
    it("on existing: no pools, no placement", () => {
        expect(find("existing", "Deployment", "web").spec.template.spec.nodeSelector).toBeUndefined();
    });
});

it("every NetworkPolicy is the same object on every target (default layouts are all private)", () => {
    const policies = (cloud: string) => manifestsOf(cloud).filter((m) => m.kind === "NetworkPolicy");
    for (const cloud of CLOUDS) expect(policies(cloud)).toEqual(policies("aws"));
});
