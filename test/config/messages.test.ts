/**
 * Messages that point at what the user wrote (issue 9, section 4): the right
 * line and column, the value found, and what to write instead.
 */
import { describe, expect, it } from "vitest";
import { allowedKeys, fromZodIssue, schemaAt } from "../../components/config/zod-issues";
import { loadPlatform } from "../../components/config/load";
import { ConfigError } from "../../components/config/errors";
import { errorsIn, loadText, oneTier } from "./load-text";

const errors = (text: string) => errorsIn(text).join("\n");

describe("a value of the wrong shape", () => {
    it("says a scalar cluster must be a map, and where the cloud goes", () => {
        expect(errors("cluster: aws\napp:\n  name: shop\n  tiers:\n    web: {image: nginx:1.27.3, ports: {http: 80}}\n")).toMatchInlineSnapshot(`"platform.yaml:1:10 cluster: must be a map, got "aws"; the cloud goes in cluster.cloud (or the stack's kubeship:cloud): cluster: {cloud: aws, nodePools: {...}}"`);
    });

    it("says a port map needs its port, at that port", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports: {http: {targetPort: 8080}}"))).toMatchInlineSnapshot(`"platform.yaml:9:21 app.tiers.web.ports.http.port: is required (a number); add it, e.g. {port: 80, targetPort: 8080}"`);
    });

    it("says an unknown protocol must be TCP or UDP, at the protocol", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports:\n  sip: {port: 5060, protocol: SCTP}"))).toMatchInlineSnapshot(`"platform.yaml:10:37 app.tiers.web.ports.sip.protocol: must be TCP or UDP, got "SCTP""`);
    });

    it("judges a port map by the map form and a number by the number form", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports: {a: {port: 0}, b: 70000, c: {port: 80, protocl: UDP}, d: [80]}"))).toMatchInlineSnapshot(`
          "platform.yaml:9:25 app.tiers.web.ports.a.port: must be >= 1, got 0
          platform.yaml:9:32 app.tiers.web.ports.b: must be <= 65535, got 70000
          platform.yaml:9:53 app.tiers.web.ports.c.protocl: unknown key "protocl"; did you mean "protocol"?
          platform.yaml:9:71 app.tiers.web.ports.d: must be a port number or {port, targetPort, protocol}, got a list"
        `);
    });
});

describe("YAML anchors, aliases and merge keys", () => {
    it("reports an undefined alias at its own line and column", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports: {http: 80}\nresources: *sizes"))).toMatchInlineSnapshot(`"platform.yaml:10:18 app.tiers.web.resources: YAML alias "*sizes" names no anchor defined before it; define "&sizes" on an earlier value, or write the value here"`);
    });

    it("merges tier defaults from an anchor, with positions on the lines that hold each value", () => {
        const text = `cluster:
  nodePools:
    general: {min: 1, max: 2}
app:
  name: shop
  tiers:
    api: &defaults
      image: example/api:1.4.2
      ports: {http: 8080}
      resources: {cpu: 200m, memory: 256Mi}
      security: {runAsUser: 10001}
    worker:
      <<: *defaults
      image: example/worker:1.4.2
      replicas: 3
`;
        const c = loadText(text);
        expect(c.app.tiers.worker).toMatchObject({ image: "example/worker:1.4.2", replicas: 3, ports: { http: 8080 }, resources: { cpu: "200m", memory: "256Mi" }, security: { runAsUser: 10001 } });
        expect(c.app.tiers.api.image).toBe("example/api:1.4.2");

        // A problem in a merged value points at the anchor's line; one in the tier's own keys at its own line.
        const broken = text.replace("cpu: 200m", "cpu: 2 cores").replace("replicas: 3", "replicas: 0");
        expect(errors(broken)).toMatchInlineSnapshot(`
          "platform.yaml:10:24 app.tiers.api.resources.cpu: must be a CPU quantity such as 250m, 0.5 or 2, got "2 cores"
          platform.yaml:10:24 app.tiers.worker.resources.cpu: must be a CPU quantity such as 250m, 0.5 or 2, got "2 cores"
          platform.yaml:15:17 app.tiers.worker.replicas: must be >= 1, got 0"
        `);
    });

    it("merges a list of anchors, the first winning, and refuses a merge of a non-map", () => {
        const text = oneTier("image: nginx:1.27.3").replace("  tiers:\n", `  tiers:
    base: &base {image: "nginx:1.27.3", ports: {http: 80}, replicas: 2}
    big: &big {image: "nginx:1.27.4", ports: {http: 80}, replicas: 4, resources: {memory: 1Gi}}
`).replace("    web:\n      image: nginx:1.27.3\n", "    web:\n      <<: [*big, *base]\n");
        expect(loadText(text).app.tiers.web).toMatchObject({ image: "nginx:1.27.4", replicas: 4, resources: { memory: "1Gi" } });
        expect(errors(oneTier("<<: [1]\nimage: nginx:1.27.3\nports: {http: 80}"))).toMatchInlineSnapshot(`"platform.yaml:8:12 app.tiers.web["<<"][0]: a merge key (<<) takes a map, an alias of a map (*defaults) or a list of them; merge a map or remove the <<"`);
    });
});

describe("a key in the wrong place", () => {
    it("says where a dedented key landed and under what to indent it", () => {
        try {
            loadPlatform({ configFile: "test/fixtures/invalid/dedented.yaml", cloud: "existing" });
        } catch (e) {
            expect(ConfigError.is(e) && e.message).toMatchInlineSnapshot(`
              "test/fixtures/invalid/dedented.yaml:13:15 app.tiers.replicas: must be a map, got 3; "replicas" is a setting, but it is indented as a name in app.tiers: indent it under "web"
              test/fixtures/invalid/dedented.yaml:15:7 app.tiers.api.probes: a tier without ports needs a liveness probe (kube-score requires one); add probes.liveness: {exec: [...]} or a port
              test/fixtures/invalid/dedented.yaml:15:7 app.tiers.api.probes: a tier without ports needs a readiness probe (kube-score requires one); add probes.readiness: {exec: [...]} or a port
              test/fixtures/invalid/dedented.yaml:16:3 app.ports: unknown key "ports" here; it is a setting of app.tiers.api: indent it under "api""
            `);
            return;
        }
        throw new Error("expected an error");
    });

    it("suggests the section a top-level key belongs to", () => {
        expect(errors("nodePools:\n  general: {min: 1}\ncluster: {}\napp:\n  name: shop\n  tiers:\n    web: {image: nginx:1.27.3, ports: {http: 80}}\n")).toMatchInlineSnapshot(`
          "platform.yaml:1:1 nodePools: unknown key "nodePools" here; it is a setting of cluster: indent it under "cluster"
          platform.yaml:3:10 cluster.nodePools: is required (a map); add it"
        `);
    });

    it("names the place where the value fits, or both when it fits neither", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports: {http: 80}\nmemory: 1Gi"))).toMatchInlineSnapshot(`"platform.yaml:10:7 app.tiers.web.memory: unknown key "memory" here; it is a setting of app.tiers.web.resources: move it into "resources""`);
        expect(errors(oneTier("image: nginx:1.27.3\nports: {http: 80}\nmemory: true"))).toMatchInlineSnapshot(`"platform.yaml:10:7 app.tiers.web.memory: unknown key "memory" here; it is a setting of app.tiers.web.autoscale or app.tiers.web.resources: move it into "autoscale" or "resources""`);
    });
});

describe("allowed keys", () => {
    it("lists the keys of a map form inside a union", () => {
        expect(errors(oneTier("image: nginx:1.27.3\nports: {http: {port: 80, xyz: 1}}"))).toMatchInlineSnapshot(`"platform.yaml:9:32 app.tiers.web.ports.http.xyz: unknown key "xyz"; allowed keys: port, targetPort, protocol"`);
        expect(errors("cluster:\n  nodePools:\n    general: {machineType: {aws: m7i.large, hetzner: cx22}}\napp:\n  name: shop\n  tiers:\n    web: {image: nginx:1.27.3, ports: {http: 80}}\n")).toMatchInlineSnapshot(`"platform.yaml:3:45 cluster.nodePools.general.machineType.hetzner: unknown key "hetzner"; allowed keys: aws, gcp, azure"`);
    });

    it("is never empty: every map in the schema has keys, and a value without keys says what it should be", () => {
        const empty: string[] = [];
        const walk = (s: unknown, at: string) => {
            const def = (s as { _zod: { def: Record<string, any> } })._zod.def;
            const children: [string, unknown][] =
                def.type === "object" ? Object.entries(def.shape)
                : def.type === "union" ? def.options.map((o: unknown, i: number) => [`|${i}`, o])
                : def.type === "record" ? [["<name>", def.valueType]]
                : def.type === "array" ? [["[]", def.element]]
                : ["optional", "default", "nullable", "prefault"].includes(def.type) ? [["", def.innerType]]
                : def.type === "pipe" ? [["", def.in]] : [];
            if (def.type === "object") {
                const path = at.split(".").filter((x) => x && !x.startsWith("|")).map((x) => (x === "[]" ? 0 : x));
                if (allowedKeys(path).length === 0) empty.push(at);
            }
            for (const [k, v] of children) walk(v, k ? `${at}.${k}` : at);
        };
        walk(schemaAt([]), "");
        expect(empty).toEqual([]);
        const here = () => ({ file: "f.yaml", line: 1, column: 1 });
        const issue = { code: "unrecognized_keys", keys: ["x"], path: ["app", "tiers", "web", "image"], message: "" } as const;
        expect(fromZodIssue(issue as never, here)[0].message).toMatchInlineSnapshot(`"unknown key "x"; this value is not a map: Container image with a pinned tag or digest, e.g. redis:7.2.4."`);
    });
});

