/**
 * Bad `files`, `init` and `sidecars` input: every problem positioned, found
 * by the loader before anything is created; and `source` read into the plan.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";
import { missingSecrets } from "../../components/program";
import { errorsIn, loadText, oneTier } from "./load-text";

const web = (body: string) => oneTier(`image: nginx:1.27.3\nports: {http: 8080}\n${body}`);

describe("files", () => {
    it("accepts content, source and secret, and defaults to none", () => {
        expect(loadText(web("")).app.tiers.web.files).toEqual({});
        const c = loadText(web("files:\n  /etc/app/a.conf: {content: \"x\"}\n  /etc/tls/key.pem: {secret: tlsKey}"));
        expect(Object.keys(c.app.tiers.web.files)).toEqual(["/etc/app/a.conf", "/etc/tls/key.pem"]);
    });

    it("needs exactly one of content, source or secret", () => {
        expect(errorsIn(web("files:\n  /etc/a: {content: x, secret: k}\n  /etc/b: {}"))).toEqual([
            "platform.yaml:11:17 app.tiers.web.files[\"/etc/a\"]: needs exactly one of content, source or secret, got content and secret; e.g. {source: config/settings.yaml}",
            "platform.yaml:12:17 app.tiers.web.files[\"/etc/b\"]: needs exactly one of content, source or secret, got none; e.g. {source: config/settings.yaml}",
        ]);
    });

    it("refuses a path that is relative, a directory, or has . or .. in it", () => {
        const lines = errorsIn(web("files:\n  etc/a: {content: x}\n  /etc/app/: {content: x}\n  /etc/../a: {content: x}"));
        expect(lines).toEqual([
            "platform.yaml:11:9 app.tiers.web.files[\"etc/a\"]: must be an absolute path such as /etc/app/settings.yaml, got \"etc/a\"",
            "platform.yaml:12:9 app.tiers.web.files[\"/etc/app/\"]: must name a file, not a directory (no trailing '/'), e.g. /etc/app/settings.yaml, got \"/etc/app/\"",
            "platform.yaml:13:9 app.tiers.web.files[\"/etc/../a\"]: must not contain \".\" or \"..\" segments; write the path plainly, got \"/etc/../a\"",
        ]);
    });

    it("refuses a file over /tmp, the storage path or a scratch path, or over their parent directories", () => {
        const lines = errorsIn(web([
            "storage: {size: 1Gi, path: /var/lib/data}",
            "scratchPaths: [/var/cache/app]",
            "files:",
            "  /tmp: {content: x}",
            "  /var/lib/data: {content: x}",
            "  /var/cache: {content: x}",
            "  /var/lib/data/ok.conf: {content: x}",
        ].join("\n")));
        expect(lines).toEqual([
            "platform.yaml:13:9 app.tiers.web.files[\"/tmp\"]: is /tmp, where kubeship mounts an emptyDir (the root filesystem is read-only), got \"/tmp\"; a file cannot be mounted over a volume: choose a path of its own, e.g. /tmp/tmp.conf",
            "platform.yaml:14:9 app.tiers.web.files[\"/var/lib/data\"]: is the storage path (storage.path: /var/lib/data), got \"/var/lib/data\"; a file cannot be mounted over a volume: choose a path of its own, e.g. /var/lib/data/data.conf",
            "platform.yaml:15:9 app.tiers.web.files[\"/var/cache\"]: is a directory of scratchPaths[0] (/var/cache/app), got \"/var/cache\"; a file cannot stand where a directory must be: choose another path",
        ]);
    });

    it("refuses a file under /proc, /sys or /dev, a file twice, and a file inside another", () => {
        expect(errorsIn(web("files:\n  /proc/x: {content: x}\n  /etc/a: {content: x}\n  /etc//a: {content: y}\n  /etc/a/b: {content: z}"))).toEqual([
            "platform.yaml:11:9 app.tiers.web.files[\"/proc/x\"]: is under /proc, which the container runtime owns, got \"/proc/x\"; mount the file elsewhere, e.g. /etc/app/x",
            "platform.yaml:13:9 app.tiers.web.files[\"/etc//a\"]: is the same file as \"/etc/a\", got \"/etc//a\"; keep one of them",
            "platform.yaml:14:9 app.tiers.web.files[\"/etc/a/b\"]: and \"/etc/a\" cannot both be files: one is a directory of the other, got \"/etc/a/b\"; move one of them",
        ]);
    });

    it("refuses binary inline content and a containers entry that names no container", () => {
        expect(errorsIn(web("files:\n  /etc/a: {content: \"a\\0b\", containers: [wbe]}"))).toEqual([
            expect.stringMatching(/^platform\.yaml:11:27 app\.tiers\.web\.files\["\/etc\/a"\]\.content: holds a NUL character, which marks binary content/),
            "platform.yaml:11:48 app.tiers.web.files[\"/etc/a\"].containers[0]: names no container of the pod, got \"wbe\"; did you mean \"web\"? (the main container is named after the tier)",
        ]);
    });
});

describe("files from source", () => {
    const project = () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-files-"));
        fs.mkdirSync(path.join(root, "apps/config"), { recursive: true });
        fs.writeFileSync(path.join(root, "apps/config/settings.yaml"), "port: 8080\n");
        fs.writeFileSync(path.join(root, "apps/config/logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]));
        fs.writeFileSync(path.join(root, "apps/config/nul.txt"), "a\0b");
        fs.writeFileSync(path.join(root, "apps/config/big.txt"), "x".repeat(1024 * 1024 + 1));
        fs.writeFileSync(path.join(os.tmpdir(), "kubeship-outside.txt"), "secret-ish");
        return root;
    };
    const platform = (files: string) => oneTier(`image: nginx:1.27.3\nports: {http: 8080}\nfiles:\n${files.replace(/^/gm, "  ")}`);
    const load = (root: string, text: string) => {
        fs.writeFileSync(path.join(root, "apps/platform.yaml"), text);
        return loadPlan({ configFile: "apps/platform.yaml", cloud: "existing" }, { root });
    };
    const errors = (root: string, text: string) => {
        try {
            load(root, text);
        } catch (e) {
            if (ConfigError.is(e)) return e.message.split("\n");
            throw e;
        }
        throw new Error("expected a refusal");
    };

    it("reads the file relative to the platform file into the plan", () => {
        const plan = load(project(), platform("/etc/app/settings.yaml: {source: config/settings.yaml}"));
        expect(plan.config.app.tiers.web.files["/etc/app/settings.yaml"]).toEqual({ source: "config/settings.yaml", content: "port: 8080\n" });
    });

    it("refuses, at the source: line, a missing file, one outside the project, binary, NUL or over 1 MiB content", () => {
        const root = project();
        const lines = errors(root, platform([
            "/etc/a: {source: config/missing.yaml}",
            `/etc/b: {source: ${path.relative(path.join(root, "apps"), path.join(os.tmpdir(), "kubeship-outside.txt"))}}`,
            "/etc/c: {source: config/logo.png}",
            "/etc/d: {source: config/nul.txt}",
            "/etc/e: {source: config/big.txt}",
            "/etc/f: {source: /etc/passwd}",
        ].join("\n")));
        expect(lines).toEqual([
            "apps/platform.yaml:11:26 app.tiers.web.files[\"/etc/a\"].source: names no file, got \"config/missing.yaml\"; the path is relative to the platform file's folder",
            expect.stringMatching(/^apps\/platform\.yaml:12:26 app\.tiers\.web\.files\["\/etc\/b"\]\.source: is outside the project folder, got ".*kubeship-outside\.txt"; keep config files inside the project/),
            "apps/platform.yaml:13:26 app.tiers.web.files[\"/etc/c\"].source: is not UTF-8 text (binary content), got \"config/logo.png\"; config files must be text: bake binary files into the image",
            "apps/platform.yaml:14:26 app.tiers.web.files[\"/etc/d\"].source: holds a NUL character, which marks binary content; config files must be UTF-8 text, got \"config/nul.txt\"",
            "apps/platform.yaml:15:26 app.tiers.web.files[\"/etc/e\"].source: is 1048577 bytes, more than a ConfigMap holds (1048576 bytes, 1 MiB), got \"config/big.txt\"; shrink it, or bake it into the image",
            "apps/platform.yaml:16:26 app.tiers.web.files[\"/etc/f\"].source: must be relative to the platform file's folder, got \"/etc/passwd\"; e.g. config/settings.yaml",
        ]);
    });

    it("refuses files that fit one by one but not together in a ConfigMap, at files:", () => {
        const root = project();
        fs.writeFileSync(path.join(root, "apps/config/half.txt"), "x".repeat(600 * 1024));
        expect(errors(root, platform("/etc/a: {source: config/half.txt}\n/etc/b: {source: config/half.txt}"))).toEqual([
            expect.stringMatching(/^apps\/platform\.yaml:11:9 app\.tiers\.web\.files: hold 1228810 bytes of plain files, more than a ConfigMap takes \(1048576 bytes, 1 MiB, keys included\); the largest: \/etc\/a \(614400 bytes\), \/etc\/b \(614400 bytes\)/),
        ]);
    });
});

describe("secret files", () => {
    it("are missing secrets at their secret: line when the stack does not set the key", () => {
        const text = web("files:\n  /etc/tls/key.pem: {secret: tlsKey}");
        const platform = loadText(text);
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-secret-files-"));
        fs.writeFileSync(path.join(root, "platform.yaml"), text);
        const problems = missingSecrets(platform, { configFile: "platform.yaml" }, () => false, root);
        expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
            "11:36 app.tiers.web.files./etc/tls/key.pem.secret: names secret config \"kubeship:tlsKey\", which the stack does not set; run: pulumi config set --secret kubeship:tlsKey <value>",
        ]);
    });
});

describe("init and sidecars", () => {
    const sidecar = "{name: proxy, image: envoyproxy/envoy:v1.31.2, ports: {admin: 9901}}";

    it("default to none", () => {
        const t = loadText(web("")).app.tiers.web;
        expect([t.init, t.sidecars]).toEqual([[], []]);
    });

    it("refuse a container name used twice in the pod, the tier's own included", () => {
        expect(errorsIn(web(`init:\n  - {name: web, image: busybox:1.36.1}\n  - {name: proxy, image: busybox:1.36.1}\nsidecars:\n  - ${sidecar}`))).toEqual([
            "platform.yaml:11:18 app.tiers.web.init[0].name: is already the name of the main container (named after the tier), got \"web\"; container names are unique in a pod: rename it",
            "platform.yaml:12:18 app.tiers.web.init[1].name: is already the name of sidecars[0], got \"proxy\"; container names are unique in a pod: rename it",
        ]);
    });

    it("refuse a sidecar port whose name or number the pod already uses", () => {
        expect(errorsIn(web("sidecars:\n  - {name: proxy, image: envoyproxy/envoy:v1.31.2, ports: {http: 9901, admin: 8080, udp: {port: 8080, protocol: UDP}}}"))).toEqual([
            "platform.yaml:11:66 app.tiers.web.sidecars[0].ports.http: port name \"http\" is already used by the main container's port \"http\"; port names are unique in a pod: rename it",
            "platform.yaml:11:85 app.tiers.web.sidecars[0].ports.admin: port 8080/TCP is already used by the main container's port \"http\"; the pod's containers share one network, so two cannot listen on one port: change it",
        ]);
    });

    it("refuse an unpinned image, a name too long for its /tmp volume, and a request above its limit", () => {
        const lines = errorsIn(web(`init:\n  - {name: ${"a".repeat(60)}, image: busybox, resources: {cpu: 200m, limits: {cpu: 100m}}}`));
        expect(lines).toEqual([
            expect.stringMatching(/^platform\.yaml:11:18 app\.tiers\.web\.init\[0\]\.name: length must be <= 59, got "a+"; must be at most 59 characters \(its \/tmp volume is named tmp-<name>\)/),
            "platform.yaml:11:87 app.tiers.web.init[0].image: must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest, got \"busybox\"",
            "platform.yaml:11:113 app.tiers.web.init[0].resources.cpu: must be <= the cpu limit (100m), got 200m; lower the request or raise resources.limits.cpu",
        ]);
    });
});
