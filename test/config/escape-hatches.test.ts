/**
 * Section 6's checks, positioned: keys kubeship owns in labels and annotations,
 * the API server's annotation size limit, Service annotations that clash with
 * the cloud's load balancer's, cluster.azure.acr, image pull secrets.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { appProblems } from "../../components/app/validate";
import { dockerConfigProblem, secretConfigRefs } from "../../components/app/pull-secret";
import { onDestroyOf, toPvcRetentionPolicy, volumePlanOf } from "../../components/app/storage";
import { loadPlatform } from "../../components/config/load";
import { ownedKeyProblem } from "../../components/config/rules/metadata";
import { missingSecrets, pullSecretProblems } from "../../components/program";
import { errorsIn, loadText, oneTier } from "./load-text";

const web = (extra: string) => oneTier(`image: nginx:1.27.3\nports: {http: 8080}\n${extra}`);

describe("keys kubeship owns", () => {
    it("refuses kubeship's selector and managed-by labels, and its own and the identity prefixes, at the key", () => {
        expect(errorsIn(web("labels:\n  app.kubernetes.io/name: other\n  kubeship.io/pool: gpu\n  app.kubernetes.io/component: api"))).toEqual([
            "platform.yaml:11:9 app.tiers.web.labels[\"app.kubernetes.io/name\"]: is a label kubeship selects and manages the tier's pods by, got \"app.kubernetes.io/name\"; use another key (e.g. app.kubernetes.io/component)",
            "platform.yaml:12:9 app.tiers.web.labels[\"kubeship.io/pool\"]: is kubeship's own label (kubeship.io/), got \"kubeship.io/pool\"; use a prefix of your own",
        ]);
        expect(errorsIn(web("serviceAccount:\n  annotations:\n    azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/x\nannotations:\n  iam.gke.io/gcp-service-account: a@b.iam.gserviceaccount.com"))).toEqual([
            "platform.yaml:12:11 app.tiers.web.serviceAccount.annotations[\"azure.workload.identity/client-id\"]: is a workload identity annotation (azure.workload.identity/), which kubeship sets from the tier's identity, got \"azure.workload.identity/client-id\"; remove it and use identity",
            "platform.yaml:13:11 app.tiers.web.serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]: is a workload identity annotation (eks.amazonaws.com/), which kubeship sets from the tier's identity, got \"eks.amazonaws.com/role-arn\"; remove it and use identity",
            "platform.yaml:15:9 app.tiers.web.annotations[\"iam.gke.io/gcp-service-account\"]: is a workload identity annotation (iam.gke.io/), which kubeship sets from the tier's identity, got \"iam.gke.io/gcp-service-account\"; remove it and use identity",
        ]);
    });

    it("lets through everything else, subdomains of a reserved prefix excepted", () => {
        expect(ownedKeyProblem("app.kubernetes.io/version", "label")).toBeUndefined();
        expect(ownedKeyProblem("sidecar.istio.io/inject", "annotation")).toBeUndefined();
        expect(ownedKeyProblem("app.kubernetes.io/name", "annotation")).toBeUndefined();
        expect(ownedKeyProblem("team.kubeship.io/x", "label")).toMatch(/kubeship's own/);
        expect(ownedKeyProblem("notkubeship.io/x", "label")).toBeUndefined();
    });

    it("checks label keys and values and annotation keys as the API server does", () => {
        const lines = errorsIn(web("labels: {team: \"a b\"}\nannotations: {\"bad key!\": x}"));
        expect(lines).toEqual([
            expect.stringMatching(/^platform\.yaml:10:22 app\.tiers\.web\.labels\.team: must be a Kubernetes label value: .*, got "a b"$/),
            expect.stringMatching(/^platform\.yaml:11:21 app\.tiers\.web\.annotations\["bad key!"\]: must be a Kubernetes label key: .*, got "bad key!"$/),
        ]);
    });

    it("refuses annotations over the API server's 256 KiB per object", () => {
        const big = "x".repeat(200 * 1024);
        const lines = errorsIn(web(`annotations: {a: ${big}, b: ${big}}`));
        expect(lines).toEqual([expect.stringMatching(/^platform\.yaml:10:20 app\.tiers\.web\.annotations: add up to 409602 bytes, over the API server's limit of 262144 \(256 KiB\)/)]);
    });

    it("refuses a Service annotation that kubeship sets for the tier's load balancer, on that cloud and exposure only", () => {
        const text = web("expose: public\nservice:\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external");
        expect(errorsIn(text, { cloud: "aws", region: "us-east-1" })).toEqual([
            "platform.yaml:13:11 app.tiers.web.service.annotations[\"service.beta.kubernetes.io/aws-load-balancer-type\"]: is set by kubeship for a public load balancer (service.beta.kubernetes.io/aws-load-balancer-type: \"nlb\"), got \"service.beta.kubernetes.io/aws-load-balancer-type\"; remove it, or use expose: internal and your own load balancer annotations",
        ]);
        // An internal tier has no load balancer: its annotations are its own.
        expect(loadText(text.replace("expose: public", "expose: internal"), { cloud: "aws", region: "us-east-1" }).app.tiers.web.service?.annotations).toHaveProperty(["service.beta.kubernetes.io/aws-load-balancer-type"]);
        // Other annotations pass beside kubeship's.
        expect(() => loadText(web("expose: internal-lb\nservice:\n  annotations: {networking.gke.io/internal-load-balancer-allow-global-access: \"true\"}"), { cloud: "gcp", region: "europe-west4", overrides: { cluster: { gcp: { project: "kubeship-dev" } } } })).not.toThrow();
        expect(errorsIn(web("expose: internal-lb\nservice:\n  annotations: {networking.gke.io/load-balancer-type: External}"), { cloud: "gcp", region: "europe-west4", overrides: { cluster: { gcp: { project: "kubeship-dev" } } } }))
            .toEqual([expect.stringMatching(/^platform\.yaml:12:\d+ app\.tiers\.web\.service\.annotations\["networking\.gke\.io\/load-balancer-type"\]: is set by kubeship for a internal-lb load balancer/)]);
    });

    it("refuses a reserved key that came from app.defaults at the defaults' line", () => {
        const text = "cluster:\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n  name: shop\n  defaults:\n    labels: {app.kubernetes.io/part-of: other}\n  tiers:\n    web: {image: nginx:1.27.3, ports: {http: 8080}}\n";
        expect(errorsIn(text)).toEqual([expect.stringMatching(/^platform\.yaml:7:14 app\.tiers\.web\.labels\["app\.kubernetes\.io\/part-of"\]: is a label kubeship selects/)]);
    });
});

describe("cluster.azure.acr", () => {
    const ACR = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/images/providers/Microsoft.ContainerRegistry/registries/examplecorp";
    const withAcr = (acr: string) => web("").replace("cluster:\n", `cluster:\n  azure:\n    acr: [${acr}]\n`);

    it("takes a registry's resource id on azure", () => {
        expect(loadText(withAcr(ACR), { cloud: "azure", region: "westeurope" }).cluster.azure?.acr).toEqual([ACR]);
    });

    it("refuses another form, a second entry for one registry, and any other cloud", () => {
        expect(errorsIn(withAcr("examplecorp.azurecr.io"), { cloud: "azure", region: "westeurope" }))
            .toEqual([expect.stringMatching(/^platform\.yaml:3:11 cluster\.azure\.acr\[0\]: must be a container registry's resource id: \/subscriptions\//)]);
        expect(errorsIn(withAcr(`${ACR}, ${ACR.replace("examplecorp", "ExampleCorp")}`), { cloud: "azure", region: "westeurope" }))
            .toEqual([expect.stringMatching(/^platform\.yaml:3:\d+ cluster\.azure\.acr\[1\]: names registry "examplecorp" again \(as acr\[0\]\)/)]);
        expect(errorsIn(withAcr(ACR), { cloud: "aws", region: "us-east-1" }))
            .toEqual([expect.stringMatching(/^platform\.yaml:3:10 cluster\.azure\.acr: only applies on azure .*got cloud "aws"/)]);
    });
});

describe("imagePullSecret", () => {
    it("must name a config key", () => {
        expect(errorsIn(web("imagePullSecret: kubeship:ghcr"))).toEqual([expect.stringMatching(/^platform\.yaml:10:24 app\.tiers\.web\.imagePullSecret: must be a Pulumi config key, got "kubeship:ghcr"$/)]);
    });

    it("is a secret the stack must set, reported where the tier (or app.defaults) names it", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-pull-"));
        const text = "cluster:\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n  name: shop\n  defaults:\n    imagePullSecret: registry\n  tiers:\n    web: {image: nginx:1.27.3, ports: {http: 8080}}\n    api: {image: api:1.0.0, ports: {http: 8080}, imagePullSecret: apiRegistry}\n";
        fs.writeFileSync(path.join(root, "p.yaml"), text);
        const settings = { configFile: "p.yaml", cloud: "existing" };
        const platform = loadPlatform(settings, { root });
        expect(missingSecrets(platform, settings, () => false, root).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
            "7:22 app.tiers.web.imagePullSecret: names secret config \"kubeship:registry\", which the stack does not set; run: pulumi config set --secret kubeship:registry <value>",
            "10:67 app.tiers.api.imagePullSecret: names secret config \"kubeship:apiRegistry\", which the stack does not set; run: pulumi config set --secret kubeship:apiRegistry <value>",
        ]);
        // A value that is not a docker config is refused at the same places, without quoting it.
        const values: Record<string, string> = { registry: "hunter2", apiRegistry: JSON.stringify({ auths: { "ghcr.io": { auth: "dTpw" } } }) };
        const bad = pullSecretProblems(platform, settings, (k) => values[k], root);
        expect(bad.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
            "7:22 app.tiers.web.imagePullSecret: names secret config \"kubeship:registry\", whose value is not JSON; it must be a docker config file such as ~/.docker/config.json: {\"auths\": {\"<registry>\": {\"auth\": \"<base64 user:password>\"}}}",
        ]);
        expect(JSON.stringify(bad)).not.toContain("hunter2");
    });

    it("takes a docker config JSON with an auths map, and nothing else", () => {
        expect(dockerConfigProblem('{"auths": {"ghcr.io": {"auth": "dTpw"}}}')).toBeUndefined();
        expect(dockerConfigProblem("{not json")).toMatch(/^is not JSON/);
        expect(dockerConfigProblem('{"ghcr.io": {"auth": "dTpw"}}')).toMatch(/no "auths" map/);
        expect(dockerConfigProblem('{"auths": {}, "credsStore": "desktop"}')).toMatch(/credsStore/);
        expect(dockerConfigProblem('["auths"]')).toMatch(/no "auths" map/);
    });

    it("is checked for TypeScript callers too: a value must be passed", () => {
        const platform = loadText(web("imagePullSecret: ghcr"));
        expect(secretConfigRefs(platform.app.tiers.web)).toEqual([{ key: "ghcr", at: ["imagePullSecret"] }]);
        expect(appProblems(platform.app, new Set())).toEqual([{ path: ["app", "tiers", "web", "imagePullSecret"], message: "no value was given for secret config \"ghcr\"; pass it in secrets (pulumi config set --secret kubeship:ghcr <value>)" }]);
        expect(appProblems(platform.app, new Set(["ghcr"]))).toEqual([]);
    });
});

describe("storage.onDestroy", () => {
    const tier = (onDestroy?: "retain" | "delete") => loadText(web(`singleton: true\nstorage: {size: 1Gi, path: /data${onDestroy ? `, onDestroy: ${onDestroy}` : ""}}`)).app.tiers.web;
    const facts = (environment: "dev" | "prod") => ({ environment, storageClass: "gp3", storageClasses: { delete: "gp3", retain: "gp3-retain" } });

    it("defaults to retain in prod and delete elsewhere; what the tier says wins", () => {
        expect(onDestroyOf(tier(), "prod")).toBe("retain");
        expect(onDestroyOf(tier(), "staging")).toBe("delete");
        expect(onDestroyOf(tier(), "dev")).toBe("delete");
        expect(onDestroyOf(tier("delete"), "prod")).toBe("delete");
        expect(onDestroyOf(tier("retain"), "dev")).toBe("retain");
    });

    it("picks the cluster's class for the policy, or its one class", () => {
        expect(volumePlanOf(tier(), facts("prod"))).toEqual({ storageClass: "gp3-retain", onDestroy: "retain" });
        expect(volumePlanOf(tier(), facts("dev"))).toEqual({ storageClass: "gp3", onDestroy: "delete" });
        expect(volumePlanOf(tier("retain"), { environment: "dev", storageClass: "standard" })).toEqual({ storageClass: "standard", onDestroy: "retain" });
        expect(toPvcRetentionPolicy("retain")).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
        expect(toPvcRetentionPolicy("delete")).toEqual({ whenDeleted: "Delete", whenScaled: "Retain" });
    });

    it("is retain or delete", () => {
        expect(errorsIn(web("singleton: true\nstorage: {size: 1Gi, path: /data, onDestroy: keep}"))).toEqual(["platform.yaml:11:52 app.tiers.web.storage.onDestroy: must be retain or delete, got \"keep\""]);
    });
});
