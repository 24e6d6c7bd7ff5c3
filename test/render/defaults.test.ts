/**
 * Issue 13 section 6, done when: a platform with app.defaults, pod/Service/service
 * account metadata, an image pull secret and stateful tiers renders on aws, gcp,
 * azure and existing, in dev and prod, every object validates, and the volumes
 * use the class and claim retention their onDestroy asks for; on AKS each
 * registry in cluster.azure.acr gives the kubelet identity AcrPull.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { validateManifest } from "../helpers/k8s-models";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = fs.readFileSync(path.join(ROOT, "test/fixtures/valid/defaults.yaml"), "utf8");
const CLOUDS = ["aws", "gcp", "azure", "existing"] as const;
const ENVS = ["dev", "prod"] as const;
const ACR = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shared-images/providers/Microsoft.ContainerRegistry/registries/examplecorp";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-defaults-"));
for (const cloud of CLOUDS) {
    let text = FIXTURE;
    if (cloud === "gcp") text = text.replace("cluster:\n", "cluster:\n  gcp: { project: kubeship-dev }\n");
    // Prod's guard rails: deploys come from a fixed address inside the endpoint's CIDRs.
    if (cloud === "aws") text = text.replace("cluster:\n", "cluster:\n  aws: { deployFrom: [198.18.0.0/15] }\n");
    if (cloud === "azure") text = text.replace("cluster:\n", `cluster:\n  azure:\n    deployFrom: fixed-address\n    acr: [${ACR}]\n`);
    fs.writeFileSync(path.join(root, `defaults-${cloud}.yaml`), text);
}

// One at a time: Pulumi's runtime state is global.
const renders = new Map<string, Awaited<ReturnType<typeof render>>>();
for (const cloud of CLOUDS) {
    for (const environment of ENVS) renders.set(`${cloud}/${environment}`, await render({ configFile: `defaults-${cloud}.yaml`, cloud, environment }, root));
}
const manifests = (cloud: string, env: string) => renders.get(`${cloud}/${env}`)!.manifests as Record<string, any>[];
const find = (cloud: string, env: string, kind: string, name: string) => manifests(cloud, env).find((m) => m.kind === kind && m.metadata?.name === name)!;

/** The class each cloud's claims use, for delete and retain; an existing cluster has only its own. */
const CLASSES: Record<(typeof CLOUDS)[number], { delete: string; retain: string }> = {
    aws: { delete: "gp3", retain: "gp3-retain" },
    gcp: { delete: "standard-rwo", retain: "kubeship-pd-balanced-retain" },
    azure: { delete: "kubeship-zrs", retain: "kubeship-zrs-retain" },
    existing: { delete: "standard", retain: "standard" },
};

describe.each(CLOUDS)("on %s", (cloud) => {
    it.each(ENVS)("every rendered object validates (%s)", (env) => {
        const all = manifests(cloud, env);
        expect(all.length).toBeGreaterThan(10);
        for (const m of all) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
    });

    it("merges the defaults under each tier; the tier's own wins, and null declines one", () => {
        const web = find(cloud, "dev", "Deployment", "web").spec.template;
        const container = web.spec.containers[0];
        expect(container.resources.requests).toEqual({ cpu: "200m", memory: "256Mi" });
        expect(web.spec.securityContext.runAsUser ?? container.securityContext.runAsUser).toBe(1000);
        expect(find(cloud, "dev", "Deployment", "web").spec.replicas).toBe(2);
        // A singleton takes no replicas from the defaults.
        expect(find(cloud, "dev", "StatefulSet", "db").spec.replicas).toBe(1);
        // cache declines the pull secret (imagePullSecret: ~).
        expect(find(cloud, "dev", "StatefulSet", "cache").spec.template.spec.imagePullSecrets).toBeUndefined();
    });

    it("adds the user's labels and annotations to pods, Service and service account, kubeship's own intact", () => {
        const pod = find(cloud, "dev", "Deployment", "web").spec.template.metadata;
        expect(pod.labels).toEqual({ team: "storefront", "app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "hatch", "app.kubernetes.io/managed-by": "kubeship" });
        expect(pod.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "8080" });
        // Selectors do not change with pod labels.
        expect(find(cloud, "dev", "Deployment", "web").spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "hatch" });
        expect(find(cloud, "dev", "StatefulSet", "db").spec.template.metadata.labels).toMatchObject({ team: "storefront", tier: "data" });
        const service = find(cloud, "dev", "Service", "web");
        expect(service.metadata.annotations["external-dns.alpha.kubernetes.io/hostname"]).toBe("web.example.com");
        expect(find(cloud, "dev", "ServiceAccount", "web").metadata.annotations).toEqual({ "example.com/owner": "storefront" });
        expect(find(cloud, "dev", "ServiceAccount", "db").metadata.annotations).toBeUndefined();
    });

    it("keeps kubeship's load-balancer annotations on a public Service", () => {
        const annotations = find(cloud, "dev", "Service", "web").metadata.annotations;
        const expected: Record<string, Record<string, string>> = {
            aws: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            gcp: { "cloud.google.com/l4-rbs": "enabled" },
            azure: {},
            existing: {},
        };
        expect(annotations).toEqual({ ...expected[cloud], "external-dns.alpha.kubernetes.io/hostname": "web.example.com" });
    });

    it("pulls with a dockerconfigjson Secret the pods name", () => {
        const secrets = manifests(cloud, "dev").filter((m) => m.kind === "Secret" && m.type === "kubernetes.io/dockerconfigjson");
        // web and db take it from the defaults; cache declines it.
        expect(secrets).toHaveLength(2);
        for (const s of secrets) expect(Object.keys(s.stringData ?? s.data)).toEqual([".dockerconfigjson"]);
        const names = secrets.map((s) => s.metadata.name).sort();
        const used = ["web", "db"].map((t) => (find(cloud, "dev", t === "db" ? "StatefulSet" : "Deployment", t).spec.template.spec.imagePullSecrets as { name: string }[]).map((r) => r.name)).flat().sort();
        expect(used).toEqual(names);
    });

    it.each(ENVS)("gives each stateful tier the class and claim retention of its onDestroy (%s)", (env) => {
        const classes = CLASSES[cloud];
        // db: the environment's default (retain in prod); cache: delete, as written.
        const db = find(cloud, env, "StatefulSet", "db").spec;
        const cache = find(cloud, env, "StatefulSet", "cache").spec;
        const dbPolicy = env === "prod" ? "retain" : "delete";
        expect(db.volumeClaimTemplates[0].spec.storageClassName).toBe(classes[dbPolicy]);
        expect(db.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: env === "prod" ? "Retain" : "Delete", whenScaled: "Retain" });
        expect(cache.volumeClaimTemplates[0].spec.storageClassName).toBe(classes.delete);
        expect(cache.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Delete", whenScaled: "Retain" });
    });

    it("creates the Retain twin beside the cloud's class (none on an existing cluster)", () => {
        const classes = manifests(cloud, "prod").filter((m) => m.kind === "StorageClass");
        if (cloud === "existing") {
            expect(classes).toEqual([]);
            return;
        }
        const twin = classes.find((c) => c.metadata.name === CLASSES[cloud].retain)!;
        expect(twin.reclaimPolicy).toBe("Retain");
        expect(twin.volumeBindingMode).toBe("WaitForFirstConsumer");
        expect(twin.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"]).toBeUndefined();
        const original = classes.find((c) => c.metadata.name === CLASSES[cloud].delete);
        // GKE's standard-rwo is GKE's own; kubeship's classes on EKS and AKS keep Delete.
        if (cloud === "gcp") expect(original).toBeUndefined();
        else {
            expect(original!.reclaimPolicy).toBe("Delete");
            expect({ ...twin.parameters }).toEqual({ ...original!.parameters });
            expect(twin.provisioner).toBe(original!.provisioner);
        }
        if (cloud === "gcp") expect(twin).toMatchObject({ provisioner: "pd.csi.storage.gke.io", parameters: { type: "pd-balanced" } });
    });
});

describe("AKS: cluster.azure.acr", () => {
    it("gives the kubelet identity AcrPull on the registry, as a service principal", () => {
        const r = renders.get("azure/dev")!;
        const assignments = r.recorded.filter((x) => x.type === "azure-native:authorization:RoleAssignment" && x.name.includes("acr-pull"));
        expect(assignments).toHaveLength(1);
        const cluster = r.recorded.find((x) => x.type === "azure-native:containerservice:ManagedCluster")!;
        const kubelet = (cluster.outputs.identityProfile as { kubeletidentity: { objectId: string } }).kubeletidentity.objectId;
        expect(kubelet).toMatch(/^[0-9a-f-]{36}$/);
        expect(assignments[0].inputs).toMatchObject({
            principalId: kubelet,
            principalType: "ServicePrincipal",
            scope: ACR,
            // AcrPull, named in the registry's own subscription.
            roleDefinitionId: "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
        });
    });

    it("creates none where no registry is named", () => {
        const r = renders.get("aws/dev")!;
        expect(r.recorded.filter((x) => x.type.endsWith("RoleAssignment"))).toEqual([]);
    });
});
