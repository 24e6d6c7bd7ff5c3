import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlatform, type StackSettings } from "../../components/config/load";
import { parseYaml } from "../../components/config/source";

/** The error lines a load produces, or a failure if it loads. */
function errorsOf(settings: StackSettings): string {
    try {
        loadPlatform(settings);
    } catch (e) {
        expect(ConfigError.is(e)).toBe(true);
        return (e as Error).message;
    }
    throw new Error("expected the config to be rejected");
}

const guestbook = (extra: Partial<StackSettings> = {}): StackSettings => ({ configFile: "examples/guestbook.yaml", cloud: "aws", region: "us-east-1", ...extra });

describe("loading a valid platform file", () => {
    it.each(["aws", "gcp", "azure", "existing"])("loads the guestbook for %s with defaults filled in", (cloud) => {
        const region = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: undefined }[cloud];
        const overrides = cloud === "gcp" ? { cluster: { gcp: { project: "kubeship-dev" } } } : undefined;
        const c = loadPlatform({ configFile: "examples/guestbook.yaml", cloud, region, overrides });
        expect(c.cluster.cloud).toBe(cloud);
        // No default version: the plan chooses one from the cloud's catalog (test/cluster/versions.test.ts).
        expect(c.cluster.version).toBeUndefined();
        expect(c.cluster.extendedSupport).toBe(false);
        expect(c.cluster.nodePools.general).toMatchObject({ size: "medium", min: 2, max: 6, spot: false, maxSurge: 1 });
        expect(c.app.tiers.frontend.expose).toBe("public");
        expect(c.app.tiers.frontend.security).toEqual({ runAsNonRoot: true, runAsUser: 33, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(c.app.tiers["redis-leader"].security).toEqual({ runAsNonRoot: true, runAsUser: 999, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(c.app.tiers["redis-follower"].resources).toEqual({ cpu: "100m", memory: "128Mi", limits: {} });
    });

    it("merges stack overrides over the file, maps key by key", () => {
        const c = loadPlatform(guestbook({ environment: "dev", overrides: { cluster: { nodePools: { general: { max: 3 } } }, app: { tiers: { frontend: { autoscale: { min: 1, max: 3 } } } } } }));
        expect(c.cluster.nodePools.general).toMatchObject({ min: 2, max: 3, size: "medium" });
        expect(c.app.tiers.frontend.autoscale).toEqual({ min: 1, max: 3, cpu: 60 });
        expect(c.app.tiers.frontend.ports).toEqual({ http: 80 });
    });
});

describe("config errors: every problem at once, each with file:line:col, path, value and fix", () => {
    it("reports all problems in one file", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/many.yaml", cloud: "aws", region: "us-east-1" })).toMatchInlineSnapshot(`
          "test/fixtures/invalid/many.yaml:4:5 cluster.nodePools.General: a node pool name must be a DNS-1123 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters, got "General"
          test/fixtures/invalid/many.yaml:13:14 app.tiers.web.image: must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest, got "nginx"
          test/fixtures/invalid/many.yaml:16:33 app.tiers.web.autoscale.max: must be >= min (3), got 2; raise max or lower min
          test/fixtures/invalid/many.yaml:17:17 app.tiers.web.replicas: conflicts with autoscale (the autoscaler owns the replica count), got 4; remove replicas or autoscale
          test/fixtures/invalid/many.yaml:18:25 app.tiers.web.resources.cpu: must be a CPU quantity such as 250m, 0.5 or 2, got "1core"
          test/fixtures/invalid/many.yaml:18:40 app.tiers.web.resources.memory: must be a memory quantity such as 128Mi, 1Gi or 512M, got "1GB"
          test/fixtures/invalid/many.yaml:19:22 app.tiers.web.talksTo[1]: names an unknown tier, got "db"; did you mean "web"?
          test/fixtures/invalid/many.yaml:21:14 app.tiers.web.env.API: reference "\${apii.url}" names an unknown tier; did you mean "api"?
          test/fixtures/invalid/many.yaml:23:14 app.tiers.api.image: must pin a tag or digest; ':latest' changes under you, got "example/api:latest"
          test/fixtures/invalid/many.yaml:25:7 app.tiers.api.replica: unknown key "replica"; did you mean "replicas"?
          test/fixtures/invalid/many.yaml:26:16 app.tiers.api.waitFor: forms a dependency cycle api -> worker -> api; remove one of these waitFor entries
          test/fixtures/invalid/many.yaml:28:14 app.tiers.worker.image: has a malformed digest; use @sha256: followed by 64 hex digits, got "example/worker@sha256:1234"
          test/fixtures/invalid/many.yaml:31:29 app.tiers.worker.probes.readiness.exec[0]: must be a string, got true; quote it ("true")
          test/fixtures/invalid/many.yaml:32:28 app.tiers.worker.probes.liveness.exec[0]: must be a string, got true; quote it ("true")"
        `);
    });

    it("reports YAML syntax errors with their position", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/syntax.yaml", cloud: "aws", region: "us-east-1" })).toMatchInlineSnapshot(`"test/fixtures/invalid/syntax.yaml:4:1 cluster.nodePools.general.min: YAML syntax: Flow map in block collection must be sufficiently indented and end with a } (fix this first: the lines after it cannot be read until it is)"`);
    });

    it("reports names that would clash with objects the app derives from them", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/derived-names.yaml", cloud: "existing" })).toMatchInlineSnapshot(`
          "test/fixtures/invalid/derived-names.yaml:7:5 app.tiers.default-deny: the name "default-deny" is taken by the app's default-deny NetworkPolicy; rename the tier
          test/fixtures/invalid/derived-names.yaml:7:44 app.tiers.default-deny.ports.http--x: a port name must not contain '--', got "http--x"
          test/fixtures/invalid/derived-names.yaml:8:55 app.tiers.db.storage: a stateful tier gets a headless Service "db-headless", which clashes with the tier of that name; rename one of them
          test/fixtures/invalid/derived-names.yaml:10:68 app.tiers.web.env.B: reference "\${worker.host}" needs a port, but tier "worker" has none"
        `);
    });

    it("reports probes that are not exactly one of http/tcp/exec, and singleton conflicts", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/probes-singleton.yaml", cloud: "existing" })).toMatchInlineSnapshot(`
          "test/fixtures/invalid/probes-singleton.yaml:7:66 app.tiers.a.probes.readiness: needs exactly one of http, tcp, grpc or exec, got http and tcp; e.g. {http: /healthz}, {tcp: 8080} or {grpc: 9090}
          test/fixtures/invalid/probes-singleton.yaml:7:99 app.tiers.a.probes.liveness: needs exactly one of http, tcp, grpc or exec, got none; e.g. {http: /healthz}, {tcp: 8080} or {grpc: 9090}
          test/fixtures/invalid/probes-singleton.yaml:8:56 app.tiers.b.singleton: a singleton tier runs exactly one replica, got replicas: 3; remove one of them
          test/fixtures/invalid/probes-singleton.yaml:9:85 app.tiers.c.probes.readiness.port: only applies to an http probe, got 80; for tcp or grpc put the port in tcp: or grpc:"
        `);
    });

    it("reports duplicate node pool names", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/duplicate-pool.yaml", cloud: "existing" })).toMatchInlineSnapshot(`"test/fixtures/invalid/duplicate-pool.yaml:4:5 cluster.nodePools.general: duplicate node pool name "general": each name may appear once; rename or merge the two entries"`);
    });

    it("reports duplicate tier names", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/duplicate-tier.yaml", cloud: "existing" })).toMatchInlineSnapshot(`"test/fixtures/invalid/duplicate-tier.yaml:8:5 app.tiers.web: duplicate tier name "web": each name may appear once; rename or merge the two entries"`);
    });

    it("reports an unknown cloud with a suggestion, and a bad region format", () => {
        expect(errorsOf(guestbook({ cloud: "aw" }))).toMatchInlineSnapshot(`"examples/guestbook.yaml:12:3 cluster.cloud: must be one of aws, gcp, azure, existing, got "aw"; did you mean "aws"?"`);
        expect(errorsOf(guestbook({ cloud: "gcp", region: "us-east-1", overrides: { cluster: { gcp: { project: "kubeship-dev" } } } }))).toMatchInlineSnapshot(`"examples/guestbook.yaml:12:3 cluster.region: is not a gcp region name, got "us-east-1"; use the form europe-west4"`);
        expect(errorsOf(guestbook({ cloud: "azure", region: undefined }))).toMatchInlineSnapshot(`"examples/guestbook.yaml:12:3 cluster.region: is required on azure; set kubeship:region in the stack or cluster.region, e.g. westeurope"`);
    });

    it("requires a GCP project on gcp", () => {
        expect(errorsOf(guestbook({ cloud: "gcp", region: "europe-west4" }))).toMatchInlineSnapshot(`"examples/guestbook.yaml:12:3 cluster.gcp.project: is required on gcp; set cluster.gcp.project (in the stack's kubeship:overrides or the file)"`);
    });

    it("points stack override problems at the stack file", () => {
        const settings = guestbook({
            stackFile: "test/fixtures/stacks/Pulumi.bad-overrides.yaml",
            overrides: { cluster: { nodePools: { generall: { min: 1 } } }, app: { tiers: { frontend: { autoscale: { min: 4, max: 2 } }, web: { replicas: 2 } } } },
        });
        expect(errorsOf(settings)).toMatchInlineSnapshot(`
          "test/fixtures/stacks/Pulumi.bad-overrides.yaml:8:9 cluster.nodePools.generall: overrides node pool "generall", which the config file does not define; did you mean "general"?
          test/fixtures/stacks/Pulumi.bad-overrides.yaml:11:47 app.tiers.frontend.autoscale.max: must be >= min (4), got 2; raise max or lower min
          test/fixtures/stacks/Pulumi.bad-overrides.yaml:12:9 app.tiers.web: overrides tier "web", which the config file does not define; it defines: redis-leader, redis-follower, frontend"
        `);
    });

    it("points a missing config file at the stack line that names it", () => {
        expect(errorsOf({ configFile: "examples/nope.yaml", cloud: "aws", stackFile: "test/fixtures/stacks/Pulumi.missing-file.yaml" })).toMatchInlineSnapshot(`"test/fixtures/stacks/Pulumi.missing-file.yaml:2:20 kubeship:config: file not found: "examples/nope.yaml"; check the path (relative to the project root)"`);
    });

    it("rejects out-of-range numbers and wrong types", () => {
        const overrides = { cluster: { nodePools: { general: { max: 5000, spot: "yes" } } }, app: { tiers: { frontend: { autoscale: { min: 0, max: 10, cpu: 150 } } } } };
        expect(errorsOf(guestbook({ overrides }))).toMatchInlineSnapshot(`
          "examples/guestbook.yaml:14:7 cluster.nodePools.general.spot: must be a boolean, got "yes"
          examples/guestbook.yaml:16:12 cluster.nodePools.general.max: must be <= 1000, got 5000
          examples/guestbook.yaml:45:25 app.tiers.frontend.autoscale.min: must be >= 1, got 0
          examples/guestbook.yaml:45:42 app.tiers.frontend.autoscale.cpu: must be <= 100, got 150"
        `);
    });

    it("enforces the production guard rails", () => {
        const overrides = { app: { tiers: { frontend: { autoscale: { min: 1, max: 3 } }, "redis-follower": { replicas: 1 } } }, cluster: { nodePools: { general: { min: 1 } } } };
        expect(errorsOf(guestbook({ environment: "prod", overrides }))).toMatchInlineSnapshot(`
          "examples/guestbook.yaml:12:3 cluster.endpoint.public: a prod API endpoint must not be open to 0.0.0.0/0; set endpoint.allowedCidrs to your networks or endpoint.public: false
          examples/guestbook.yaml:15:12 cluster.nodePools.general.min: the first (system) pool must keep >= 2 nodes in prod, got 1
          examples/guestbook.yaml:33:17 app.tiers.redis-follower.replicas: must be >= 2 in prod (one replica cannot survive a node drain), got 1
          examples/guestbook.yaml:45:25 app.tiers.frontend.autoscale.min: must be >= 2 in prod (one replica cannot survive a node drain), got 1"
        `);
    });

    it("never reports a problem without a position and a path", () => {
        const message = errorsOf({ configFile: "test/fixtures/invalid/many.yaml", cloud: "aws", region: "us-east-1" });
        for (const line of message.split("\n")) expect(line).toMatch(/^test\/fixtures\/invalid\/many\.yaml:\d+:\d+ [\w.[\]-]+: .+/);
    });

    it("hides the stack trace of a config error", () => {
        try {
            loadPlatform({ configFile: "test/fixtures/invalid/syntax.yaml", cloud: "aws", region: "us-east-1" });
        } catch (e) {
            expect((e as Error).stack).not.toMatch(/\n\s+at /);
            return;
        }
        throw new Error("expected an error");
    });
});

describe("parseYaml", () => {
    it("keeps going after a syntax error and returns no value", () => {
        const { source, problems } = parseYaml("x.yaml", "a: [1, 2\nb: 3\n");
        expect(problems.length).toBeGreaterThan(0);
        expect(source.value).toBeUndefined();
    });
});
