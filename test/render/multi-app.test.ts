/**
 * Several apps on one cluster (examples/multi-app): a cluster stack renders and
 * writes its `kubeship` output; two app stacks render against it offline and
 * share nothing that the cluster or the cloud keeps unique.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { render, writeRender, type Rendered } from "../../components/render/render";
import { nameCollisions, physicalNames } from "../../components/render/physical-names";

const EXAMPLE = path.resolve(__dirname, "../../examples/multi-app");

/**
 * A copy of the example project, so that renders can be written into its out/. Its
 * Pulumi.yaml's `main` (../../index.ts, the repository's program) is made absolute:
 * the render runs the project's own program.
 */
function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-multi-"));
    fs.cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}out`) });
    const pulumiYaml = path.join(dir, "Pulumi.yaml");
    const text = fs.readFileSync(pulumiYaml, "utf8");
    if (!text.includes("main: ../../index.ts")) throw new Error("examples/multi-app/Pulumi.yaml no longer runs ../../index.ts: update this test");
    fs.writeFileSync(pulumiYaml, text.replace("main: ../../index.ts", `main: ${JSON.stringify(path.resolve(EXAMPLE, "../../index.ts"))}`));
    return dir;
}

type Obj = { kind: string; metadata: { name: string; namespace?: string } };
const objects = (r: Rendered) => r.manifests as unknown as Obj[];
const k8sKey = (o: Obj) => `${o.kind} ${o.metadata.namespace ?? "(cluster)"}/${o.metadata.name}`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe.each(["aws", "gcp", "azure"] as const)("two apps on one %s cluster stack", (cloud) => {
    let root: string;
    let cluster: Rendered;
    let shop: Rendered;
    let guestbook: Rendered;

    beforeAll(async () => {
        root = project();
        dirs.push(root);
        cluster = await render({ stack: `platform-${cloud}` }, root);
        writeRender(cluster, path.join(root, "out", `platform-${cloud}`), { cwd: root, home: os.homedir() });
        shop = await render({ stack: `shop-${cloud}` }, root);
        guestbook = await render({ stack: `guestbook-${cloud}` }, root);
    }, 120_000);

    it("the cluster stack builds no app and exports the cluster's facts, its kubeconfig a secret", () => {
        expect(cluster.manifests.filter((m) => m.kind === "Deployment" || m.kind === "Namespace")).toEqual([]);
        const written = JSON.parse(fs.readFileSync(path.join(root, "out", `platform-${cloud}`, "outputs.json"), "utf8"));
        expect(written.kubeconfig).toBe("[secret]");
        const k = written.kubeship;
        expect(k).toMatchObject({ version: 1, stack: `platform-${cloud}`, cloud, environment: "dev", kubernetesVersion: cluster.kubernetes?.minor });
        expect(k.clusterName).toBe(cluster.outputs.clusterName);
        expect(k.poolLabels.batch).toEqual({ "kubeship.io/pool": "batch" });
        expect(k.facts.poolTaints.batch).toContainEqual({ key: "kubeship.io/batch", value: "true", effect: "NoSchedule" });
        if (cloud === "aws") expect(k.aws.oidcProviderArn).toMatch(/^arn:aws:iam::\d{12}:oidc-provider\/oidc\.eks\./);
        if (cloud === "gcp") expect(k.gcp).toEqual({ project: "kubeship-dev", workloadPool: "kubeship-dev.svc.id.goog" });
        expect(JSON.stringify(k)).not.toContain("kubeconfig");
    });

    it("each app stack creates no cluster, only its app, through a provider bound to the cluster stack's kubeconfig", () => {
        for (const app of [shop, guestbook]) {
            expect(app.platform.cluster.cloud).toBe(cloud);
            expect(app.recorded.filter((r) => /:(eks\/cluster|container\/cluster):Cluster$|NodeGroup|NodePool|:Vpc$|:Network$/.test(r.type))).toEqual([]);
            const providers = app.recorded.filter((r) => r.type === "pulumi:providers:kubernetes");
            expect(providers.map((p) => p.urn)).toEqual([expect.stringContaining("kubeship:cluster:ReferencedCluster$pulumi:providers:kubernetes::platform-k8s")]);
            expect(providers[0].inputs.kubeconfig).toBe("[secret]");
            const k8s = app.recorded.filter((r) => r.type.startsWith("kubernetes:") && r.custom);
            expect(k8s.length).toBeGreaterThan(5);
            for (const r of k8s) expect(r.provider?.startsWith(`${providers[0].urn}::`)).toBe(true);
            expect(app.recorded.some((r) => r.type === "pulumi:pulumi:StackReference")).toBe(false); // a read, not a registration
        }
    });

    it("the apps share no Kubernetes object, and each one's NetworkPolicies stay in its namespace", () => {
        const a = objects(shop).map(k8sKey);
        const b = objects(guestbook).map(k8sKey);
        expect(a.filter((k) => b.includes(k))).toEqual([]);
        // Both have a tier called web: it lives in each app's namespace.
        expect(a).toContain("Deployment shop/web");
        expect(b).toContain("Deployment guestbook/web");
        for (const [app, ns] of [[shop, "shop"], [guestbook, "guestbook"]] as const) {
            const policies = objects(app).filter((o) => o.kind === "NetworkPolicy");
            expect(policies.length).toBeGreaterThan(1);
            expect(new Set(policies.map((p) => p.metadata.namespace))).toEqual(new Set([ns]));
        }
    });

    it("no cloud name or namespace of the three stacks collides", () => {
        const names = [cluster, shop, guestbook].flatMap((r) => physicalNames(r.recorded, {
            stack: r.stack, cloud: r.platform.cluster.cloud, region: r.platform.cluster.region, project: r.platform.cluster.gcp?.project, clusterStack: r.clusterStack,
        }));
        expect(names.filter((n) => n.type === "kubernetes:core/v1:Namespace").map((n) => n.scope)).toEqual([`the cluster of stack platform-${cloud}`, `the cluster of stack platform-${cloud}`]);
        expect(nameCollisions(names)).toEqual([]);
        // Buckets, roles and service accounts of the two apps' `uploads` and `web` differ.
        const cloudNames = (r: Rendered) => r.recorded
            .filter((x) => /:(s3\/bucket:Bucket|iam\/role:Role|storage\/bucket:Bucket|serviceaccount\/account:Account|storage:StorageAccount|managedidentity:UserAssignedIdentity)$/.test(x.type))
            .map((x) => String(x.inputs.bucket ?? x.inputs.accountName ?? x.inputs.resourceName ?? x.outputs.name ?? x.outputs.accountId));
        const shopNames = cloudNames(shop);
        expect(shopNames.length).toBeGreaterThan(0);
        expect(shopNames.filter((n) => cloudNames(guestbook).includes(n))).toEqual([]);
    });

    it("a tier placed on the cluster stack's tainted pool tolerates its taints", () => {
        const worker = shop.manifests.find((m) => m.kind === "Deployment" && (m as unknown as Obj).metadata.name === "worker") as unknown as
            { spec: { template: { spec: { nodeSelector: Record<string, string>; tolerations: { key: string }[] } } } };
        expect(worker.spec.template.spec.nodeSelector).toEqual({ "kubeship.io/pool": "batch" });
        expect(worker.spec.template.spec.tolerations.map((t) => t.key)).toContain("kubeship.io/batch");
    });

    if (cloud === "aws") {
        it("pod identities are associated with the cluster stack's EKS cluster, and roles carry the app's namespace", () => {
            const associations = shop.recorded.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation");
            expect(associations.map((a) => [a.inputs.clusterName, a.inputs.namespace])).toEqual(associations.map(() => [cluster.outputs.clusterName, "shop"]));
            const roles = shop.recorded.filter((r) => r.type === "aws:iam/role:Role").map((r) => String(r.inputs.name));
            for (const role of roles) expect(role).toMatch(/^platform-platform-aws-shop-/);
        });
    }
});

describe("app stack errors", () => {
    let root: string;
    beforeAll(() => {
        root = project();
        dirs.push(root);
    });
    const problems = async (stack: string, opts = {}) => {
        try {
            await render({ stack }, root, opts);
        } catch (e) {
            if (ConfigError.is(e)) return e.message;
            throw e;
        }
        throw new Error(`${stack} rendered`);
    };

    it("names the command to run when the cluster stack has no local render", async () => {
        expect(await problems("shop-aws")).toMatchInlineSnapshot(`"stacks/Pulumi.shop-aws.yaml:5:26 kubeship:clusterStack: names acme/kubeship/platform-aws, which has no render at out/platform-aws/outputs.json; run kubeship render --stack platform-aws first (or pass --cluster-outputs FILE)"`);
    });

    it("reads --cluster-outputs, and refuses one that is not a cluster stack's", async () => {
        fs.writeFileSync(path.join(root, "outputs.json"), JSON.stringify({ kubeship: { version: 0 } }));
        expect(await problems("shop-aws", { clusterOutputs: "outputs.json" })).toMatchInlineSnapshot(`"stacks/Pulumi.shop-aws.yaml:5:26 kubeship:clusterStack: names acme/kubeship/platform-aws, whose "kubeship" output exports version 0, but this kubeship reads version 1; render or deploy the cluster stack again with this kubeship version"`);
    });

    it("checks the app against the referenced cluster: a cluster section, a pool it lacks, and http are refused at their lines", async () => {
        const cluster = await render({ stack: "platform-azure" }, root);
        fs.writeFileSync(path.join(root, "azure-outputs.json"), cluster.files["outputs.json"]!);
        fs.writeFileSync(path.join(root, "bad.yaml"), [
            "cluster: { nodePools: { general: {} } }",
            "app:",
            "  name: bad",
            "  tiers:",
            "    web:",
            "      image: nginxinc/nginx-unprivileged:1.27.3-alpine",
            "      ports: { http: 8080 }",
            "      pool: gpu",
            "      http: { host: bad.example.com }",
            "",
        ].join("\n"));
        fs.writeFileSync(path.join(root, "stacks", "Pulumi.bad-azure.yaml"), "config:\n  kubeship:config: bad.yaml\n  kubeship:clusterStack: platform-azure\n  kubeship:region: westeurope\n");
        const message = await problems("bad-azure", { clusterOutputs: "azure-outputs.json" });
        expect(message).toContain("bad.yaml:1:1 cluster: is not allowed in an app stack: the cluster is the one kubeship:clusterStack names (platform-azure)");
        expect(message).toContain("bad.yaml:8:13 app.tiers.web.pool: names an unknown node pool, got \"gpu\"; cluster.nodePools: batch, general");
        expect(message).toContain("stacks/Pulumi.bad-azure.yaml:4:20 kubeship:region: is set to \"westeurope\", but an app stack takes it from its cluster stack (platform-azure); remove kubeship:region");
        expect(message).toContain("bad.yaml:9:7 app.tiers.web.http: is not supported in an app stack yet");
    });
});
