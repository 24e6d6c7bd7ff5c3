/**
 * Issue 13 §3 and §5 through the whole program: a tier with config files (one
 * read from `source`), a secret file, an init container and a sidecar renders;
 * its ConfigMap's name follows the files' content and the Deployment follows
 * the name; every object validates; the secret file's value is never in clear.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { SECRET_PLACEHOLDER } from "../../components/render/stack-file";
import { validateManifest } from "../helpers/k8s-models";
import { resourceRules, violationsOf } from "../../policy/rules";

const PLATFORM = `cluster:
  nodePools:
    general: {min: 1, max: 2}
app:
  name: shop
  tiers:
    db:
      image: postgres:16.4
      ports: {pg: 5432}
      security: {runAsUser: 999}
    web:
      image: nginx:1.27.3
      ports: {http: 8080}
      files:
        /etc/app/settings.yaml: {source: config/settings.yaml}
        /etc/envoy/envoy.yaml: {content: "admin: {}\\n", containers: [proxy]}
        /etc/tls/key.pem: {secret: tlsKey}
      init:
        - name: wait-db
          image: busybox:1.36.1
          command: [sh, -c, "until nc -z $(DB_HOST) 5432; do sleep 1; done"]
          env: {DB_HOST: "\${db.host}"}
      sidecars:
        - name: proxy
          image: envoyproxy/envoy:v1.31.2
          ports: {admin: 9901}
          probes: {readiness: {http: /ready, port: admin}}
`;

function project(settings: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-pod-extras-"));
    fs.mkdirSync(path.join(root, "config"));
    fs.writeFileSync(path.join(root, "config/settings.yaml"), settings);
    fs.writeFileSync(path.join(root, "platform.yaml"), PLATFORM);
    return root;
}

// One at a time: Pulumi's runtime state is global.
const first = await render({ configFile: "platform.yaml", cloud: "existing" }, project("port: 8080\n"));
const same = await render({ configFile: "platform.yaml", cloud: "existing" }, project("port: 8080\n"));
const changed = await render({ configFile: "platform.yaml", cloud: "existing" }, project("port: 9090\n"));

const find = (r: typeof first, kind: string, name?: string) => r.manifests.find((m: any) => m.kind === kind && (name === undefined || m.metadata.name === name || m.metadata.name.startsWith(`${name}`))) as any;
const configMapOf = (r: typeof first) => r.manifests.find((m: any) => m.kind === "ConfigMap" && m.metadata.name.startsWith("web-files-")) as any;
const podOf = (r: typeof first) => find(r, "Deployment", "web").spec.template.spec;

describe("config files in a render", () => {
    it("hold the source's text in an immutable ConfigMap named after the content, which the Deployment mounts", () => {
        const cm = configMapOf(first);
        expect(cm.immutable).toBe(true);
        expect(cm.data).toEqual({ "etc_app_settings.yaml": "port: 8080\n", "etc_envoy_envoy.yaml": "admin: {}\n" });
        expect(podOf(first).volumes).toContainEqual({ name: "files", configMap: { name: cm.metadata.name, defaultMode: 0o444 } });
    });

    it("keep the name while the content stays, and change it, and the Deployment's reference, when the content changes", () => {
        expect(configMapOf(same).metadata.name).toBe(configMapOf(first).metadata.name);
        const renamed = configMapOf(changed).metadata.name;
        expect(renamed).not.toBe(configMapOf(first).metadata.name);
        expect(podOf(changed).volumes).toContainEqual({ name: "files", configMap: { name: renamed, defaultMode: 0o444 } });
    });

    it("make the Deployment wait for the ConfigMap and the files Secret, and never delete before replacing", () => {
        const res = (type: string, name: string) => first.recorded.find((r) => r.type === type && r.name === name)!;
        const deployment = res("kubernetes:apps/v1:Deployment", "shop-web-deployment");
        const cm = res("kubernetes:core/v1:ConfigMap", "shop-web-files");
        const secret = res("kubernetes:core/v1:Secret", "shop-web-files-secret");
        expect(deployment.dependencies).toEqual(expect.arrayContaining([cm.urn, secret.urn]));
        expect(JSON.stringify(cm)).not.toMatch(/deleteBeforeReplace"?:\s*true/);
    });

    it("keep the secret file's value out of every recorded input and output", () => {
        const secret = first.manifests.find((m: any) => m.kind === "Secret" && m.metadata.name.startsWith("shop-web-files-secret")) as any;
        expect(secret.immutable).toBe(true);
        expect(Object.keys(secret.stringData)).toEqual(["etc_tls_key.pem"]);
        for (const r of first.recorded) expect(JSON.stringify([r.inputs, r.outputs]), r.urn).not.toContain(SECRET_PLACEHOLDER);
        expect(podOf(first).volumes).toContainEqual({ name: "secret-files", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } });
        expect(podOf(first).securityContext).toMatchObject({ fsGroup: 1000 });
    });
});

describe("init containers and sidecars in a render", () => {
    it("run the sidecar first, then the init container, and the tier may reach the database the init container names", () => {
        const pod = podOf(first);
        expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([["proxy", "Always"], ["wait-db", undefined]]);
        expect(pod.initContainers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: "/etc/envoy/envoy.yaml", readOnly: true }));
        const policy = find(first, "NetworkPolicy", "web");
        expect(JSON.stringify(policy.spec.egress)).toContain("\"app.kubernetes.io/name\":\"db\"");
    });

    it("every rendered object validates against the Kubernetes schema", () => {
        expect(first.manifests.length).toBeGreaterThan(8);
        for (const m of first.manifests as any[]) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();
    });

    it("the init container and the sidecar pass the policy pack (resources, pinned images, non-root, read-only root, capabilities, seccomp)", () => {
        const deployment = first.resources.find((e) => e.type === "kubernetes:apps/v1:Deployment" && e.name === "shop-web-deployment")!;
        expect(violationsOf(deployment.type, deployment.inputs as Record<string, any>, resourceRules)).toEqual({});
        // The pack does look at init containers: one without resources is a finding.
        const broken = structuredClone(deployment.inputs) as any;
        delete broken.spec.template.spec.initContainers[1].resources;
        expect(JSON.stringify(violationsOf(deployment.type, broken, resourceRules))).toContain("initContainers[1] (wait-db).resources");
    });
});
