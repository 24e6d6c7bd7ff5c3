/**
 * A first `up` in a fresh project, from a laptop or from CI (issue 11): the APIs
 * are on before anything calls them, the nodes hold GKE's node role, the API
 * server is reached on its DNS endpoint, and the kubeconfig authenticates with
 * the same credentials as Pulumi.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../components/config/load";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { GKE_APIS } from "../../components/cluster/gcp/apis";
import { GkeCluster } from "../../components/cluster/gcp/gke-cluster";
import { render as renderStack } from "../../components/render/render";
import { evaluateWithMocks } from "../helpers/evaluate";
import { gkePlan } from "../helpers/plan";

type Env = "dev" | "staging" | "prod";

function gcpConfig(environment: Env = "dev", overrides: Record<string, unknown> = {}): ResolvedClusterConfig {
    const platform = loadPlatform({
        configFile: "examples/guestbook.yaml", cloud: "gcp", region: "europe-west4", environment,
        overrides: { cluster: { gcp: { project: "kubeship-dev" }, ...(environment === "prod" ? { endpoint: { public: false } } : {}), ...overrides } },
    });
    return { ...platform.cluster, name: "gb", stack: `${environment}-gcp` };
}

async function render(config: ResolvedClusterConfig) {
    let kubeconfig: pulumi.Output<string> | undefined;
    const r = await evaluateWithMocks(async () => {
        const cluster = new GkeCluster("gb", { plan: gkePlan(config) });
        kubeconfig = cluster.kubeconfig;
        return { kubeconfig: cluster.kubeconfig };
    }, { cloud: "gcp", stack: config.stack });
    const text = await new Promise<string>((resolve) => kubeconfig!.apply((k) => { resolve(k); return k; }));
    return { ...r, kubeconfig: JSON.parse(text) };
}

describe("the project's APIs", async () => {
    const r = await render(gcpConfig("dev"));
    const services = r.ofType("gcp:projects/service:Service");

    it("switches on compute, container, iam and cloudresourcemanager, and never off again", () => {
        expect(services.map((s) => s.inputs.service).sort()).toEqual([
            "cloudresourcemanager.googleapis.com", "compute.googleapis.com", "container.googleapis.com", "iam.googleapis.com",
        ]);
        for (const s of services) {
            expect(s.inputs).toMatchObject({ project: "kubeship-dev", disableOnDestroy: false, disableDependentServices: false });
        }
    });

    it("creates the network, the node identity and the cluster only after every API is on", () => {
        const waiting = ["gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router",
            "gcp:compute/routerNat:RouterNat", "gcp:serviceaccount/account:Account", "gcp:projects/iAMMember:IAMMember",
            "gcp:container/cluster:Cluster"];
        for (const type of waiting) {
            const all = r.ofType(type);
            expect(all.length, type).toBeGreaterThan(0);
            // directly, not through another resource: pinned on `dependencies`
            for (const x of all) expect([...x.dependencies].filter((d) => services.some((s) => s.urn === d)).length, `${type} ${x.name}`).toBe(GKE_APIS.length);
        }
        // the pools wait for the cluster, so for the APIs too
        for (const p of r.ofType("gcp:container/nodePool:NodePool")) for (const s of services) expect(r.dependsOn(p, s)).toBe(true);
    });

    it("waits for the APIs with an existing VPC and subnetwork too (only the cluster side is created)", async () => {
        const existing = await render(gcpConfig("dev", { gcp: { project: "kubeship-dev", network: "shared", subnetwork: "gke" } }));
        const svc = existing.ofType("gcp:projects/service:Service");
        expect(svc).toHaveLength(4);
        const cluster = existing.one("gcp:container/cluster:Cluster");
        for (const s of svc) expect(cluster.dependencies).toContain(s.urn);
    });
});

describe("the node service account", async () => {
    const r = await render(gcpConfig("dev"));

    it("holds GKE's node role and Artifact Registry reader, nothing of the legacy list", () => {
        const roles = r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs.role).sort();
        expect(roles).toEqual(["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
    });
});

describe("reaching the API server", () => {
    // endpoint settings -> [enablePrivateEndpoint, authorized networks on the IP endpoints]
    const cases: [string, Record<string, unknown>, boolean, string[] | undefined][] = [
        ["public, open (dev's default)", {}, false, undefined],
        ["public, allowlisted", { endpoint: { public: true, allowedCidrs: ["10.8.0.0/16"] } }, false, ["10.8.0.0/16"]],
        ["private", { endpoint: { public: false } }, true, []],
    ];

    it.each(cases)("%s: the IP endpoints follow cluster.endpoint, the DNS endpoint is open to IAM-authorized callers", async (_label, overrides, privateEndpoint, cidrs) => {
        const r = await render(gcpConfig("dev", overrides));
        const cluster = r.one("gcp:container/cluster:Cluster");
        expect(cluster.inputs.controlPlaneEndpointsConfig).toEqual({ dnsEndpointConfig: { allowExternalTraffic: true } });
        expect(cluster.inputs.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: privateEndpoint });
        expect((cluster.inputs.masterAuthorizedNetworksConfig as any)?.cidrBlocks?.map((b: any) => b.cidrBlock)).toEqual(cidrs);
        // whatever the IP endpoints allow, the kubeconfig goes through the DNS endpoint
        const dns = (cluster.outputs.controlPlaneEndpointsConfig as any).dnsEndpointConfig.endpoint as string;
        expect(r.kubeconfig.clusters[0].cluster).toEqual({ server: `https://${dns}` });
    });

    it("authenticates with the credentials Pulumi uses (ADC), not gcloud's active account", async () => {
        const r = await render(gcpConfig("prod"));
        expect(r.kubeconfig.users[0].user.exec).toMatchObject({
            command: "gke-gcloud-auth-plugin",
            args: ["--use_application_default_credentials"],
        });
        expect(JSON.stringify(r.kubeconfig)).not.toMatch(/certificate-authority|token"|client-key/);
    });
});

describe("the repo's GCP stacks", () => {
    const ROOT = path.resolve(__dirname, "../..");
    /** RFC 5737 documentation ranges: placeholders, never anyone's network. */
    const DOCUMENTATION = /\b(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+\/\d+/;

    it.each(["dev-gcp", "staging-gcp", "prod-gcp"])("%s names no placeholder range", (stack) => {
        expect(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")).not.toMatch(DOCUMENTATION);
    });

    it("prod-gcp keeps the IP endpoints private and is reached on the DNS endpoint", async () => {
        const r = await renderStack({ stack: "prod-gcp" }, ROOT);
        const cluster = r.resources.find((x) => x.type === "gcp:container/cluster:Cluster")!;
        expect(cluster.inputs).toMatchObject({
            name: "guestbook-prod-gcp",
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
            controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
        });
    });
});
