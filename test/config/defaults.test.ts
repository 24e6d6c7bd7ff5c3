/**
 * app.defaults: the merge itself (pure), and through the loader, where a
 * problem in a field that came from the defaults is reported at the defaults'
 * line; YAML merge keys (`<<: *anchor`) end to end.
 */
import { describe, expect, it } from "vitest";
import { applyAppDefaults, recordValueFields, withDefaults } from "../../components/config/defaults";
import { appSchema } from "../../components/config/schema";
import { z } from "zod";
import { errorsIn, loadText, writeText } from "./load-text";

describe("withDefaults", () => {
    it("merges maps key by key, and the tier's own value wins", () => {
        const merged = withDefaults(
            { resources: { cpu: "200m", memory: "256Mi" }, env: { LOG: "info", REGION: "eu" }, security: { runAsUser: 1000 } },
            { resources: { memory: "1Gi" }, env: { LOG: "debug" } },
        );
        expect(merged).toEqual({ resources: { cpu: "200m", memory: "1Gi" }, env: { LOG: "debug", REGION: "eu" }, security: { runAsUser: 1000 } });
    });

    it("replaces lists and values whole", () => {
        const merged = withDefaults({ egress: ["internet"], scratchPaths: ["/cache"], pool: "general" }, { egress: [{ host: "api.example.com", ports: [443] }], pool: "gpu" });
        expect(merged).toEqual({ egress: [{ host: "api.example.com", ports: [443] }], scratchPaths: ["/cache"], pool: "gpu" });
    });

    it("takes each probe whole: a tier's liveness replaces the default's, its readiness stays", () => {
        const merged = withDefaults(
            { probes: { readiness: { http: "/ready", periodSeconds: 5 }, liveness: { http: "/healthz" } } },
            { probes: { liveness: { tcp: 8080 } } },
        );
        expect(merged.probes).toEqual({ readiness: { http: "/ready", periodSeconds: 5 }, liveness: { tcp: 8080 } });
    });

    it("gives replicas and autoscale as a pair: a tier with either, or a singleton, takes neither", () => {
        const defaults = { replicas: 3, autoscale: { min: 2, max: 4 } };
        expect(withDefaults({ replicas: 3 }, {})).toEqual({ replicas: 3 });
        expect(withDefaults(defaults, { autoscale: { min: 3, max: 9 } })).toEqual({ autoscale: { min: 3, max: 9 } });
        expect(withDefaults({ replicas: 3 }, { autoscale: { min: 3, max: 9 } })).toEqual({ autoscale: { min: 3, max: 9 } });
        expect(withDefaults({ autoscale: { min: 2, max: 4 } }, { replicas: 5 })).toEqual({ replicas: 5 });
        expect(withDefaults({ replicas: 3 }, { singleton: true })).toEqual({ singleton: true });
    });

    it("lets a tier decline a default with null, and keeps a null the defaults do not cover (the schema reports it)", () => {
        expect(withDefaults({ pool: "general", imagePullSecret: "ghcr" }, { pool: null })).toEqual({ imagePullSecret: "ghcr" });
        expect(withDefaults({}, { pool: null })).toEqual({ pool: null });
    });

    it("keeps user-chosen keys such as constructor and __proto__ as keys", () => {
        const defaults = JSON.parse('{"env": {"constructor": "a", "__proto__": "b"}}');
        const merged = withDefaults(defaults, { env: { toString: "c" } });
        expect(Object.keys(merged.env as object)).toEqual(["constructor", "__proto__", "toString"]);
    });
});

describe("applyAppDefaults", () => {
    it("merges under every tier, and under jobs only the fields a job has", () => {
        const app = { defaults: { resources: { cpu: "1" }, pool: "general" }, tiers: { web: { image: "a:1" } }, jobs: { migrate: { image: "b:1" } } };
        const out = applyAppDefaults(app, undefined, ["image", "resources"]) as Record<string, any>;
        expect(out.tiers.web).toEqual({ resources: { cpu: "1" }, pool: "general", image: "a:1" });
        expect(out.jobs.migrate).toEqual({ resources: { cpu: "1" }, image: "b:1" });
        // No job schema (app.jobs unknown): jobs are left as written.
        expect((applyAppDefaults(app) as Record<string, any>).jobs).toEqual(app.jobs);
    });

    it("reads a job schema's fields from the schema itself", () => {
        const jobs = z.record(z.string(), z.strictObject({ image: z.string(), backoffLimit: z.number() })).optional();
        expect(recordValueFields(jobs)).toEqual(["image", "backoffLimit"]);
        expect(recordValueFields(z.string())).toBeUndefined();
        // Whatever app.jobs is today: a map of objects, or absent.
        const today = recordValueFields((appSchema.shape as Record<string, unknown>).jobs);
        expect(today === undefined || today.includes("image")).toBe(true);
    });
});

const withDefaultsFile = (defaults: string, tiers: string) =>
    `cluster:\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n  name: shop\n  defaults:\n${defaults.replace(/^/gm, "    ")}\n  tiers:\n${tiers.replace(/^/gm, "    ")}\n`;

describe("app.defaults through the loader", () => {
    it("fills every tier, and the tier's own values win", () => {
        const config = loadText(withDefaultsFile(
            "resources: {cpu: 250m, memory: 256Mi}\nsecurity: {runAsUser: 1000}\nlabels: {team: shop}\nreplicas: 3",
            "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}\n  resources: {memory: 512Mi}\napi:\n  image: api:1.0.0\n  ports: {http: 8080}\n  autoscale: {min: 2, max: 5}",
        ));
        const { web, api } = config.app.tiers;
        expect(web.resources).toMatchObject({ cpu: "250m", memory: "512Mi" });
        expect(web.security.runAsUser).toBe(1000);
        expect(web.labels).toEqual({ team: "shop" });
        expect(web.replicas).toBe(3);
        expect(api.replicas).toBeUndefined();
        expect(api.autoscale).toMatchObject({ min: 2, max: 5 });
        expect(api.resources).toMatchObject({ cpu: "250m", memory: "256Mi" });
    });

    it("reports a bad default once, at its own line, and not again for each tier", () => {
        expect(errorsIn(withDefaultsFile("resources: {cpu: lots}", "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}\napi:\n  image: api:1.0.0\n  ports: {http: 8080}")))
            .toEqual(["platform.yaml:7:22 app.defaults.resources.cpu: must be a CPU quantity such as 250m, 0.5 or 2, got \"lots\""]);
    });

    it("refuses the fields that cannot be defaults, with the reason, at their line", () => {
        const lines = errorsIn(withDefaultsFile("ports: {http: 8080}\nwaitFor: [db]", "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}"));
        expect(lines).toEqual([
            "platform.yaml:7:12 app.defaults.ports: cannot be a default (ports are one tier's own API), got a map; set it on the tiers that need it",
            "platform.yaml:8:14 app.defaults.waitFor: cannot be a default (it names tiers, and the tier named would wait for itself), got a list; set it on the tiers that need it",
        ]);
    });

    it("places a problem that only the merge makes at the default's line, for each tier it reaches", () => {
        // The default request is above web's own limit: found on the merged tier, reported where the request is written.
        const lines = errorsIn(withDefaultsFile(
            "resources: {memory: 1Gi}",
            "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}\n  resources: {limits: {memory: 512Mi}}\napi:\n  image: api:1.0.0\n  ports: {http: 8080}",
        ));
        expect(lines).toEqual(["platform.yaml:7:25 app.tiers.web.resources.memory: must be <= the memory limit (512Mi), got 1Gi; lower the request or raise resources.limits.memory"]);
        // A default pool that does not exist: every tier names it, at the one line.
        const pools = errorsIn(withDefaultsFile("pool: gpu", "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}"), { cloud: "aws", region: "us-east-1" });
        expect(pools.some((l) => l.startsWith("platform.yaml:7:11 app.tiers.web.pool:"))).toBe(true);
    });

    it("reads defaults from the stack's overrides, and places their problems there", () => {
        writeText("Pulumi.dev.yaml", "config:\n  kubeship:overrides:\n    app:\n      defaults:\n        resources: {memory: 2Gi}\n");
        const lines = errorsIn(withDefaultsFile("labels: {team: shop}", "web:\n  image: nginx:1.27.3\n  ports: {http: 8080}\n  resources: {limits: {memory: 1Gi}}"), { stackFile: "Pulumi.dev.yaml", overrides: { app: { defaults: { resources: { memory: "2Gi" } } } } });
        expect(lines).toEqual(["Pulumi.dev.yaml:5:29 app.tiers.web.resources.memory: must be <= the memory limit (1Gi), got 2Gi; lower the request or raise resources.limits.memory"]);
    });
});

describe("YAML merge keys (<<: *anchor) in tiers", () => {
    const file = (shared: string) => [
        "cluster:",
        "  nodePools:",
        "    general: {min: 1, max: 2}",
        "x-shared: &shared",
        ...shared.split("\n").map((l) => `  ${l}`),
        "app:",
        "  name: shop",
        "  tiers:",
        "    web:",
        "      <<: *shared",
        "      image: nginx:1.27.3",
        "      ports: {http: 8080}",
        "    api:",
        "      <<: *shared",
        "      image: api:1.0.0",
        "      ports: {http: 8080}",
        "      resources: {cpu: 500m}",
        "",
    ].join("\n");

    it("gives each tier the anchor's fields; a key the tier writes replaces the anchor's whole (YAML merges one level)", () => {
        // x-shared is not a config key: the anchor must live somewhere the schema accepts, so this file is refused for that alone.
        const lines = errorsIn(file("resources: {cpu: 250m, memory: 256Mi}\nsecurity: {runAsUser: 1000}"));
        expect(lines).toEqual([expect.stringMatching(/^platform\.yaml:4:1 x-shared: /)]);
    });

    it("works end to end from an anchor inside app.defaults, and places a bad value at the anchor", () => {
        const text = [
            "cluster:",
            "  nodePools:",
            "    general: {min: 1, max: 2}",
            "app:",
            "  name: shop",
            "  defaults: &shared",
            "    security: {runAsUser: 1000}",
            "  tiers:",
            "    web:",
            "      <<: *shared",
            "      image: nginx:1.27.3",
            "      ports: {http: 8080}",
            "      resources: &small {cpu: 100m, memory: 64Mi}",
            "    api:",
            "      image: api:1.0.0",
            "      ports: {http: 8080}",
            "      resources: *small",
            "",
        ].join("\n");
        const config = loadText(text);
        expect(config.app.tiers.web.security.runAsUser).toBe(1000);
        expect(config.app.tiers.api.security.runAsUser).toBe(1000);
        expect(config.app.tiers.api.resources).toMatchObject({ cpu: "100m", memory: "64Mi" });

        const bad = text.replace("memory: 64Mi", "memory: 64 MiB");
        // One anchor, two tiers that use it: each tier's problem points at the anchor's value.
        expect(errorsIn(bad)).toEqual([
            "platform.yaml:13:45 app.tiers.api.resources.memory: must be a memory quantity such as 128Mi, 1Gi or 512M, got \"64 MiB\"",
            "platform.yaml:13:45 app.tiers.web.resources.memory: must be a memory quantity such as 128Mi, 1Gi or 512M, got \"64 MiB\"",
        ]);
    });

    it("merges a map anchor into a tier with <<, the tier's own keys winning", () => {
        const text = [
            "cluster:",
            "  nodePools:",
            "    general: {min: 1, max: 2}",
            "app:",
            "  name: shop",
            "  tiers:",
            "    web: &base",
            "      image: nginx:1.27.3",
            "      ports: {http: 8080}",
            "      replicas: 3",
            "      security: {runAsUser: 1000}",
            "    api:",
            "      <<: *base",
            "      image: api:1.0.0",
            "      replicas: 0",
            "",
        ].join("\n");
        expect(errorsIn(text)).toEqual([expect.stringMatching(/^platform\.yaml:15:17 app\.tiers\.api\.replicas: /)]);
        const config = loadText(text.replace("replicas: 0", "replicas: 4"));
        expect(config.app.tiers.api).toMatchObject({ image: "api:1.0.0", replicas: 4, security: { runAsUser: 1000 }, ports: { http: 8080 } });
        // A problem in a value api takes through the merge key is placed where web wrote it.
        expect(errorsIn(text.replace("replicas: 0", "replicas: 4").replace("runAsUser: 1000", "runAsUser: -1"))).toEqual([
            "platform.yaml:11:29 app.tiers.api.security.runAsUser: must be >= 0, got -1",
            "platform.yaml:11:29 app.tiers.web.security.runAsUser: must be >= 0, got -1",
        ]);
    });
});
