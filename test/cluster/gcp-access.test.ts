/**
 * A first `up` in a fresh project, from a laptop or from CI (issue 11): the APIs
 * are on before anything calls them, the nodes hold GKE's node role, the API
 * server is reached on its DNS endpoint, and the kubeconfig authenticates with
 * the same credentials as Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../components/config/load";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { GKE_APIS } from "../../components/cluster/gcp/apis";
import { GkeCluster } from "../../components/cluster/gcp/gke-cluster";
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
