/**
 * What the Kubernetes API server (or server-side apply, or the kubelet) would
 * refuse after the cluster exists is refused at load, with a positioned line
 * that names the value and the fix (issue 9, section 3).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INT32_MAX, tierSchema } from "../../components/config/schema";
import { errorsIn, loadText, oneTier } from "./load-text";

const errors = (body: string, app?: string) => errorsIn(oneTier(body, app)).join("\n");

describe("ports Kubernetes would refuse", () => {
    it("refuses two ports with one number and protocol under two names", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80, web: 80}")).toMatchInlineSnapshot(`"platform.yaml:9:30 app.tiers.web.ports.web: port 80/TCP is already used by port "http"; a Service takes each port number and protocol once: change the number or remove one of them"`);
    });

    it("refuses two ports that target one container port and protocol", () => {
        expect(errors("image: nginx:1.27.3\nports:\n  http: 8080\n  alt: {port: 80, targetPort: 8080}")).toMatchInlineSnapshot(`"platform.yaml:11:14 app.tiers.web.ports.alt: targets container port 8080/TCP, which port "http" already targets; a container names each port number and protocol once: give this one another targetPort or remove it"`);
    });

    it("accepts one number over TCP and UDP (DNS)", () => {
        const c = loadText(oneTier("image: coredns/coredns:1.12.1\nports: {dns: {port: 53, protocol: UDP}, dns-tcp: 53}"));
        expect(Object.keys(c.app.tiers.web.ports)).toEqual(["dns", "dns-tcp"]);
    });
});

describe("requests above limits", () => {
    it("refuses a cpu or memory request above its limit", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}\nresources: {cpu: 500m, memory: 1Gi, limits: {cpu: \"0.25\", memory: 512Mi}}")).toMatchInlineSnapshot(`
          "platform.yaml:10:24 app.tiers.web.resources.cpu: must be <= the cpu limit (0.25), got 500m; lower the request or raise resources.limits.cpu
          platform.yaml:10:38 app.tiers.web.resources.memory: must be <= the memory limit (512Mi), got 1Gi; lower the request or raise resources.limits.memory"
        `);
    });

    it("points at the limit when the request is the default", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}\nresources: {limits: {cpu: 50m, memory: 64Mi}}")).toMatchInlineSnapshot(`
          "platform.yaml:10:33 app.tiers.web.resources.limits.cpu: must be >= the cpu request (100m, the default), got 50m; raise the limit or set a lower resources.cpu
          platform.yaml:10:46 app.tiers.web.resources.limits.memory: must be >= the memory request (128Mi, the default), got 64Mi; raise the limit or set a lower resources.memory"
        `);
    });

    it("compares quantities, not text: 1Gi is 1024Mi, 0.5 is 500m, 1.5G is 1500M", () => {
        const c = loadText(oneTier("image: nginx:1.27.3\nports: {http: 80}\nresources: {cpu: \"0.5\", memory: 1Gi, limits: {cpu: 500m, memory: 1024Mi}}"));
        expect(c.app.tiers.web.resources.limits).toEqual({ cpu: "500m", memory: "1024Mi" });
        expect(() => loadText(oneTier("image: nginx:1.27.3\nports: {http: 80}\nresources: {memory: 1.5G, limits: {memory: 1500M}}"))).not.toThrow();
    });
});

describe("two mounts at one directory", () => {
    it("refuses storage at /tmp, where kubeship mounts its own emptyDir", () => {
        expect(errors("image: redis:7.4.1\nports: {redis: 6379}\nstorage: {size: 1Gi, path: /tmp/}")).toMatchInlineSnapshot(`"platform.yaml:10:34 app.tiers.web.storage.path: must not be /tmp, got "/tmp/": kubeship already mounts an emptyDir there (the root filesystem is read-only); use another path, e.g. /data"`);
    });

    it("refuses scratch paths at /tmp, at the storage path, or twice after normalizing", () => {
        expect(errors("image: redis:7.4.1\nports: {redis: 6379}\nstorage: {size: 1Gi, path: /data}\nscratchPaths: [/tmp, /data/, /cache, /cache/, /cache/./, /var/../cache]")).toMatchInlineSnapshot(`
          "platform.yaml:11:22 app.tiers.web.scratchPaths[0]: is /tmp, which kubeship already mounts (an emptyDir, as the root filesystem is read-only), got "/tmp"; remove it
          platform.yaml:11:28 app.tiers.web.scratchPaths[1]: is the storage path (storage.path: /data), where the tier's volume is mounted, got "/data/"; remove it or move one of them
          platform.yaml:11:44 app.tiers.web.scratchPaths[3]: names the same directory as scratchPaths[2] ("/cache"), got "/cache/"; remove one of them
          platform.yaml:11:53 app.tiers.web.scratchPaths[4]: names the same directory as scratchPaths[2] ("/cache"), got "/cache/./"; remove one of them
          platform.yaml:11:64 app.tiers.web.scratchPaths[5]: names the same directory as scratchPaths[2] ("/cache"), got "/var/../cache"; remove one of them"
        `);
    });
});

describe("volumes and ids Kubernetes refuses", () => {
    it.each(["0", "0Gi", "\"0\"", "0.0Mi"])("refuses a 0-byte volume (size: %s)", (size) => {
        const lines = errors(`image: redis:7.4.1\nports: {redis: 6379}\nstorage: {size: ${size}, path: /data}`);
        expect(lines).toMatch(/^platform\.yaml:10:23 app\.tiers\.web\.storage\.size: must be larger than 0 bytes, got (0|"0Gi"|"0"|"0.0Mi"); use a size such as 10Gi$/);
    });

    it("pins the 0-byte volume line", () => {
        expect(errors("image: redis:7.4.1\nports: {redis: 6379}\nstorage: {size: 0, path: /data}")).toMatchInlineSnapshot(`"platform.yaml:10:23 app.tiers.web.storage.size: must be larger than 0 bytes, got 0; use a size such as 10Gi"`);
    });

    it("refuses a UID above 2147483647 and accepts 2147483647", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}\nsecurity: {runAsUser: 2147483648}")).toMatchInlineSnapshot(`"platform.yaml:10:29 app.tiers.web.security.runAsUser: must be <= 2147483647, got 2147483648; Kubernetes UIDs are 32-bit: use the image's numeric user, e.g. 1000"`);
        expect(loadText(oneTier("image: nginx:1.27.3\nports: {http: 80}\nsecurity: {runAsUser: 2147483647}")).app.tiers.web.security.runAsUser).toBe(INT32_MAX);
    });

    it("caps every integer field at int32 or below", () => {
        const uncapped: string[] = [];
        const walk = (s: unknown, at: string) => {
            if (!s || typeof s !== "object") return;
            const node = s as Record<string, unknown>;
            if (node.type === "integer" && !(typeof node.maximum === "number" && node.maximum <= INT32_MAX)) uncapped.push(at);
            for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
        };
        walk(z.toJSONSchema(tierSchema, { io: "input" }), "#");
        expect(uncapped).toEqual([]);
    });
});

describe("image references that are not references", () => {
    it("refuses a scheme, upper case, two tags, empty components, bad tags and hosts, each with the fix (bad_host.io is a valid path component)", () => {
        const text = oneTier("image: nginx:1.27.3\nports: {http: 80}").replace("  tiers:\n", `  tiers:
    a: {image: "https://ghcr.io/org/app:1.0", ports: {http: 80}}
    b: {image: Nginx:1.27.3, ports: {http: 80}}
    c: {image: "nginx:1.27:3", ports: {http: 80}}
    d: {image: ghcr.io//app:1.0, ports: {http: 80}}
    e: {image: "nginx:", ports: {http: 80}}
    f: {image: "nginx:-rc1", ports: {http: 80}}
    g: {image: "ghcr.io/Org/app:1.0", ports: {http: 80}}
    h: {image: "registry.example.com:https/app:1.0", ports: {http: 80}}
    i: {image: "bad_host.io/app:1.0", ports: {http: 80}}
`);
        expect(errorsIn(text).join("\n")).toMatchInlineSnapshot(`
          "platform.yaml:7:16 app.tiers.a.image: must not start with a scheme, got "https://ghcr.io/org/app:1.0"; an image is [registry/]repository:tag: drop the "https://"
          platform.yaml:8:16 app.tiers.b.image: has upper case in the repository, got "Nginx:1.27.3"; repositories are lower case: write "nginx:1.27.3"
          platform.yaml:9:16 app.tiers.c.image: has two tags ("1.27" and "3"), got "nginx:1.27:3"; keep one, e.g. "nginx:1.27"
          platform.yaml:10:16 app.tiers.d.image: has an empty path component (a '/' at the start or end, or two in a row), got "ghcr.io//app:1.0"; remove the extra '/'
          platform.yaml:11:16 app.tiers.e.image: has an empty tag after ':', got "nginx:"; write one, e.g. nginx:1.27.3
          platform.yaml:12:16 app.tiers.f.image: has an invalid tag "-rc1", got "nginx:-rc1"; a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'
          platform.yaml:13:16 app.tiers.g.image: has upper case in the repository, got "ghcr.io/Org/app:1.0"; repositories are lower case: write "ghcr.io/org/app:1.0"
          platform.yaml:14:16 app.tiers.h.image: has an invalid registry host "registry.example.com:https", got "registry.example.com:https/app:1.0"; a host is letters, digits, '-' and '.', with an optional :port (e.g. ghcr.io or localhost:5000)"
        `);
    });

    it("keeps the pin rules: no tag and :latest are refused, a digest pins", () => {
        const text = oneTier("image: nginx:1.27.3\nports: {http: 80}").replace("  tiers:\n", `  tiers:
    a: {image: nginx, ports: {http: 80}}
    b: {image: "ghcr.io/org/app:latest", ports: {http: 80}}
    c: {image: "localhost:5000/app@sha256:${"a".repeat(64)}", ports: {http: 80}}
`);
        expect(errorsIn(text).join("\n")).toMatchInlineSnapshot(`
          "platform.yaml:7:16 app.tiers.a.image: must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest, got "nginx"
          platform.yaml:8:16 app.tiers.b.image: must pin a tag or digest; ':latest' changes under you, got "ghcr.io/org/app:latest""
        `);
    });
});

describe("namespaces the cluster keeps for itself", () => {
    it.each(["kube-system", "kube-public", "kube-node-lease", "default"])("refuses app.namespace: %s", (ns) => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}", `  name: shop\n  namespace: ${ns}\n`))
            .toBe(`platform.yaml:6:14 app.namespace: must not be one of the cluster's own namespaces (kube-system, kube-public, kube-node-lease, default), got "${ns}": the app's default-deny NetworkPolicy would cut off what runs there; use a namespace of the app's own, e.g. "shop"`);
    });

    it("refuses an app name that becomes such a namespace, and accepts it with a namespace of its own", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}", "  name: default\n")).toMatchInlineSnapshot(`"platform.yaml:5:9 app.name: is also the namespace, which must not be one of the cluster's own namespaces (kube-system, kube-public, kube-node-lease, default), got "default": the app's default-deny NetworkPolicy would cut off what runs there; set app.namespace, e.g. "my-app", or rename the app"`);
        expect(loadText(oneTier("image: nginx:1.27.3\nports: {http: 80}", "  name: default\n  namespace: web-default\n")).app.namespace).toBe("web-default");
    });
});

describe("env references", () => {
    it("refuses an unterminated ${, and keeps $${ as a literal", () => {
        expect(errors("image: nginx:1.27.3\nports: {http: 80}\nenv:\n  A: \"http://${web.host:80\"\n  B: \"$${not.a.reference\"")).toMatchInlineSnapshot(`"platform.yaml:11:12 app.tiers.web.env.A: reference "\${web.host:80" has no closing "}"; close it, or write "$\${" for a literal "\${""`);
    });
});
