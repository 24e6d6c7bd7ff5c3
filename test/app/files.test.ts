/** Config files: keys, the hashed ConfigMap, the Secret's keys, volumes and mounts, and what only read files show. */
import { describe, expect, it } from "vitest";
import { FILE_MODE, SECRET_FILE_MODE, fileKeys, filesProblems, secretFileKeys, secretKeyUses, toFileVolumes, toFilesConfigMap } from "../../components/app/files";
import { toPodSecurityContext } from "../../components/app/security";
import { appProblems } from "../../components/app/validate";
import { toPodTemplate } from "../../components/app/workload";
import { MAX_CONFIGMAP_BYTES } from "../../components/config/pod-schema";
import { validateManifest } from "../helpers/k8s-models";
import { app } from "./fixtures";

const withFiles = (files: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    app({ web: { image: "nginx:1.27.3", ports: { http: 8080 }, files, ...extra } });

describe("fileKeys", () => {
    it("derives a valid key from the path, unique in config order", () => {
        const keys = fileKeys({
            "/etc/app/settings.yaml": { content: "a" },
            "/etc/app_settings.yaml": { content: "b" },
            "/.hidden/x y@z": { content: "c" },
        });
        expect([...keys.values()]).toEqual(["etc_app_settings.yaml", "etc_app_settings.yaml-2", "f.hidden_x-y-z"]);
        for (const k of keys.values()) expect(k).toMatch(/^[-._a-zA-Z0-9]+$/);
    });

    it("keeps a long path's key within 253 characters", () => {
        const key = fileKeys({ [`/${"d/".repeat(200)}file`]: { content: "a" } }).values().next().value!;
        expect(key.length).toBeLessThanOrEqual(253);
    });
});

describe("toFilesConfigMap", () => {
    it("names the ConfigMap <owner>-files-<hash of names and content>", () => {
        const cm = toFilesConfigMap("web", { "/etc/app/a.conf": { content: "one" } })!;
        expect(cm.name).toMatch(/^web-files-[0-9a-f]{10}$/);
        expect(cm.data).toEqual({ "etc_app_a.conf": "one" });
    });

    it("changes its name when a content or a path changes, not when the order does", () => {
        const name = (files: Record<string, { content: string }>) => toFilesConfigMap("web", files)!.name;
        const base = name({ "/a": { content: "1" }, "/b": { content: "2" } });
        expect(name({ "/a": { content: "1" }, "/b": { content: "3" } })).not.toBe(base);
        expect(name({ "/a": { content: "1" }, "/c": { content: "2" } })).not.toBe(base);
        expect(name({ "/b": { content: "2" }, "/a": { content: "1" } })).toBe(base);
    });

    it("leaves secret files out, and is undefined when only they remain", () => {
        expect(toFilesConfigMap("web", { "/etc/key": { secret: "tlsKey" } })).toBeUndefined();
        expect(secretFileKeys({ "/etc/key": { secret: "tlsKey" }, "/etc/a": { content: "x" } })).toEqual([{ key: "etc_key", configKey: "tlsKey" }]);
    });
});

describe("toFileVolumes", () => {
    const files = { "/etc/app/a.conf": { content: "x" }, "/etc/tls/key.pem": { secret: "tlsKey", containers: ["web", "proxy"] } };

    it("mounts each file read-only with subPath, plain ones 0444 from the ConfigMap, secret ones 0440 from the Secret", () => {
        const v = toFileVolumes("web", files, "web-files-secret-abc");
        expect(v.volumes).toEqual([
            { name: "files", configMap: { name: toFilesConfigMap("web", files)!.name, defaultMode: FILE_MODE } },
            { name: "secret-files", secret: { secretName: "web-files-secret-abc", defaultMode: SECRET_FILE_MODE } },
        ]);
        expect(FILE_MODE).toBe(0o444);
        expect(SECRET_FILE_MODE).toBe(0o440);
        expect(v.mountsFor("web")).toEqual([
            { name: "files", mountPath: "/etc/app/a.conf", subPath: "etc_app_a.conf", readOnly: true },
            { name: "secret-files", mountPath: "/etc/tls/key.pem", subPath: "etc_tls_key.pem", readOnly: true },
        ]);
    });

    it("mounts a file in the main container only, unless it lists containers", () => {
        const v = toFileVolumes("web", files);
        expect(v.mountsFor("proxy").map((m) => m.mountPath)).toEqual(["/etc/tls/key.pem"]);
        expect(v.mountsFor("migrate")).toEqual([]);
    });
});

describe("in the pod", () => {
    it("the main container mounts its files, the pod has their volumes and an fsGroup for the secret ones", () => {
        const a = withFiles({ "/etc/app/a.conf": { content: "x" }, "/etc/tls/key.pem": { secret: "tlsKey" } });
        const pod = toPodTemplate("web", a.tiers.web, a) as any;
        expect(pod.spec.containers[0].volumeMounts).toEqual(expect.arrayContaining([
            { name: "files", mountPath: "/etc/app/a.conf", subPath: "etc_app_a.conf", readOnly: true },
        ]));
        expect((pod.spec.volumes as { name: string }[]).map((v) => v.name)).toEqual(["tmp", "files", "secret-files"]);
        expect(toPodSecurityContext(a.tiers.web)).toMatchObject({ fsGroup: 1000, runAsNonRoot: true });
        // Without secret files a stateless pod keeps no fsGroup.
        const plain = withFiles({ "/etc/app/a.conf": { content: "x" } });
        expect(toPodSecurityContext(plain.tiers.web).fsGroup).toBeUndefined();
        validateManifest({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: { a: "b" } }, template: pod } });
    });
});

describe("secretKeyUses", () => {
    it("lists env secrets and secret files with where each is named", () => {
        const a = withFiles({ "/etc/key": { secret: "tlsKey" } }, { secrets: { DB_PASSWORD: "dbPassword" } });
        expect(secretKeyUses(a.tiers.web)).toEqual([
            { key: "dbPassword", at: ["secrets", "DB_PASSWORD"] },
            { key: "tlsKey", at: ["files", "/etc/key", "secret"] },
        ]);
    });
});

describe("filesProblems", () => {
    it("refuses a source nobody read (a TypeScript caller's)", () => {
        const a = withFiles({ "/etc/a": { source: "a.conf" } });
        expect(filesProblems(["app", "tiers", "web"], a.tiers.web.files)).toEqual([
            { path: ["app", "tiers", "web", "files", "/etc/a", "source"], message: expect.stringContaining("pass the file's text as content") },
        ]);
    });

    it("refuses plain files that overflow one ConfigMap, keys counted, and accepts them at the limit", () => {
        const key = "etc_a"; // the key of /etc/a
        const atLimit = { "/etc/a": { content: "x".repeat(MAX_CONFIGMAP_BYTES - key.length) } };
        expect(filesProblems(["app", "tiers", "web"], atLimit)).toEqual([]);
        const over = { "/etc/a": { content: "x".repeat(MAX_CONFIGMAP_BYTES - key.length) }, "/etc/b": { content: "é" } };
        const [p] = filesProblems(["app", "tiers", "web"], over);
        expect(p.path).toEqual(["app", "tiers", "web", "files"]);
        expect(p.message).toMatch(/^hold 1048583 bytes of plain files, more than a ConfigMap takes \(1048576 bytes/);
    });
});

describe("appProblems (TypeScript callers)", () => {
    it("asks for the secret config key of a secret file, at its secret: path", () => {
        const a = withFiles({ "/etc/key": { secret: "tlsKey" } });
        expect(appProblems(a, new Set(["other"]))).toEqual([
            { path: ["app", "tiers", "web", "files", "/etc/key", "secret"], message: "no value was given for secret config \"tlsKey\"; pass it in secrets (pulumi config set --secret kubeship:tlsKey <value>)" },
        ]);
        expect(appProblems(a, new Set(["tlsKey"]))).toEqual([]);
    });
});
