/**
 * Names such as "constructor", "toString" or "__proto__" are names like any
 * other: they never crash the loader, never find an Object method, and never
 * add or drop a tier or pool. Names are drawn from Object.prototype itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError } from "../../components/config/errors";
import { DNS_1123_LABEL } from "../../components/config/formats";
import { creationOrder, appProblems } from "../../components/app/validate";
import { resolveEnv } from "../../components/app/env";
import { toNetworkPolicies } from "../../components/app/network-policy";
import { toWorkloadSpec } from "../../components/app/workload";
import { deepMerge } from "../../components/config/load";
import { errorsIn, loadText, oneTier, writeText } from "./load-text";

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
/** The ones the schema accepts where it wants a DNS-1123 label (tier, pool and port names). */
const DNS_PROTO_NAMES = PROTO_NAMES.filter((n) => DNS_1123_LABEL.test(n));
const LINE = /^[^\s:]+:\d+:\d+ \S.*: \S.*$/;

/** Own keys, built so that "__proto__" is a key and not the prototype. */
const own = (entries: [string, unknown][]) => Object.fromEntries(entries);

/** Mostly names that fit (so that many files load), sometimes any member of Object.prototype. */
const pick = (likely: readonly string[]) => (likely.length
    ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) })
    : fc.constantFrom(...PROTO_NAMES));
const tierName = pick([...DNS_PROTO_NAMES, "web", "api"]);
const poolName = pick([...DNS_PROTO_NAMES, "general"]);
const portName = pick([...DNS_PROTO_NAMES, "http"]);
const envName = pick(PROTO_NAMES.filter((n) => n !== "__proto__"));
const configKey = pick(PROTO_NAMES.filter((n) => /^[A-Za-z]/.test(n)));

/** A tier whose references (talksTo, waitFor, ${x.host}) name another tier or a prototype member. */
const tier = (self: string, tiers: string[]) => {
    const ref = pick(tiers.filter((t) => t !== self));
    return fc.record({
        ports: fc.uniqueArray(portName, { minLength: 1, maxLength: 2 }),
        vars: fc.uniqueArray(envName, { maxLength: 3 }),
        secretCount: fc.nat({ max: 2 }),
        values: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant("plain") }, ref.map((n) => `\${${n}.host}`), ref.map((n) => `\${${n}.name}`)), { minLength: 4, maxLength: 4 }),
        configKeys: fc.array(configKey, { minLength: 2, maxLength: 2 }),
        talksTo: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, fc.uniqueArray(ref, { minLength: 1, maxLength: 2 })),
        waitFor: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, ref.map((r) => [r])),
    }).map((t) => {
        const secrets = t.vars.slice(0, t.secretCount);
        const env = t.vars.slice(t.secretCount);
        return own([
            ["image", "nginx:1.27.3"],
            ["ports", own(t.ports.map((p, i) => [p, 8080 + i]))],
            ["env", own(env.map((k, i) => [k, t.values[i]]))],
            ["secrets", own(secrets.map((k, i) => [k, t.configKeys[i]]))],
            ["talksTo", t.talksTo],
            // Only to tiers earlier in the file, so that most files have no waitFor cycle.
            ["waitFor", t.waitFor.filter((w) => !tiers.includes(w) || tiers.indexOf(w) < tiers.indexOf(self))],
            ["probes", { readiness: { exec: ["true"] }, liveness: { exec: ["true"] } }],
        ]);
    });
};

const platform = fc.record({
    tierNames: fc.uniqueArray(tierName, { minLength: 1, maxLength: 3 }),
    pools: fc.uniqueArray(poolName, { minLength: 1, maxLength: 2 }),
}).chain(({ tierNames, pools }) => fc.record({
    pools: fc.constant(pools),
    tiers: fc.tuple(...tierNames.map((n) => tier(n, tierNames).map((t) => [n, t] as [string, Record<string, unknown>]))),
    overridePools: fc.uniqueArray(pick(pools), { maxLength: 1 }),
    overrideTiers: fc.uniqueArray(pick(tierNames), { maxLength: 1 }),
}));

describe("names from Object.prototype", () => {
    it("either fail with positioned lines, or load with exactly the tiers, pools and ports of the file", () => {
        let loads = 0;
        fc.assert(fc.property(platform, ({ pools, tiers, overridePools, overrideTiers }) => {
            const file = {
                cluster: { nodePools: own(pools.map((p) => [p, { min: 1, max: 2 }])) },
                app: { name: "shop", tiers: own(tiers) },
            };
            const overrides = {
                cluster: { nodePools: own(overridePools.map((p) => [p, { max: 3 }])) },
                app: { tiers: own(overrideTiers.map((t) => [t, { replicas: 3 }])) },
            };
            writeText("Pulumi.names.yaml", stringify({ config: { "kubeship:config": "platform.yaml", "kubeship:overrides": overrides } }));
            let loaded;
            try {
                loaded = loadText(stringify(file), { stackFile: "Pulumi.names.yaml", overrides });
            } catch (e) {
                if (!ConfigError.is(e)) throw e;
                for (const line of e.message.split("\n")) expect(line).toMatch(LINE);
                return;
            }
            loads++;
            expect(Object.keys(loaded.cluster.nodePools).sort()).toEqual([...pools].sort());
            expect(Object.keys(loaded.app.tiers).sort()).toEqual(tiers.map(([n]) => n).sort());
            for (const [n, t] of tiers) {
                expect(Object.hasOwn(loaded.app.tiers, n)).toBe(true);
                expect(Object.keys(loaded.app.tiers[n].ports)).toEqual(Object.keys(t.ports as object));
                expect(Object.keys(loaded.app.tiers[n].env)).toEqual(Object.keys(t.env as object));
            }
            // And the builders take such names without a crash or a stray lookup.
            expect(creationOrder(loaded.app).sort()).toEqual(Object.keys(loaded.app.tiers).sort());
            expect(appProblems(loaded.app)).toEqual([]);
            resolveEnv(loaded.app);
            toNetworkPolicies(loaded.app);
            for (const [n, t] of Object.entries(loaded.app.tiers)) toWorkloadSpec(n, t, loaded.app, "standard");
        }), { numRuns: 300 });
        // The property says little unless many files load.
        expect(loads).toBeGreaterThan(30);
    });
});

describe("the cases from the issue", () => {
    const web = "image: nginx:1.27.3\nports: {http: 80}";

    it("refuses waitFor and talksTo naming a prototype member, as an unknown tier", () => {
        expect(errorsIn(oneTier(`${web}\nwaitFor: [constructor]\ntalksTo: [toString]\nenv: {A: "\${hasOwnProperty.host}"}`)).join("\n")).toMatchInlineSnapshot(`
          "platform.yaml:10:17 app.tiers.web.waitFor[0]: names an unknown tier, got "constructor"; known tiers: web
          platform.yaml:11:17 app.tiers.web.talksTo[0]: names an unknown tier, got "toString"; known tiers: web
          platform.yaml:12:16 app.tiers.web.env.A: reference "\${hasOwnProperty.host}" names an unknown tier; known tiers: web"
        `);
    });

    it("lets a tier be called constructor, and others wait for it", () => {
        const text = oneTier(`${web}\nwaitFor: [constructor]\ntalksTo: [constructor]\nenv: {A: "\${constructor.url}"}`)
            .replace("  tiers:\n", "  tiers:\n    constructor: {image: \"nginx:1.27.3\", ports: {http: 8080}}\n");
        const app = loadText(text).app;
        expect(creationOrder(app)).toEqual(["constructor", "web"]);
        expect(resolveEnv(app).web).toEqual([{ name: "A", value: "http://constructor.shop.svc.cluster.local:8080" }]);
    });

    it("does not let an override create a pool or tier the file lacks", () => {
        writeText("Pulumi.ctor.yaml", "config:\n  kubeship:overrides:\n    cluster:\n      nodePools:\n        constructor: {min: 1}\n    app:\n      tiers:\n        toString: {replicas: 2}\n");
        const overrides = { cluster: { nodePools: { constructor: { min: 1 } } }, app: { tiers: { toString: { replicas: 2 } } } };
        expect(errorsIn(oneTier(web), { stackFile: "Pulumi.ctor.yaml", overrides }).join("\n")).toMatchInlineSnapshot(`
          "Pulumi.ctor.yaml:5:9 cluster.nodePools.constructor: overrides node pool "constructor", which the config file does not define; it defines: general
          Pulumi.ctor.yaml:8:9 app.tiers.toString: overrides tier "toString", which the config file does not define; it defines: web"
        `);
    });

    it("keeps env keys and secrets named after prototype members apart", () => {
        const app = loadText(oneTier(`${web}\nenv: {toString: a, valueOf: b}\nsecrets: {constructor: db-password}`)).app;
        expect(Object.keys(app.tiers.web.env)).toEqual(["toString", "valueOf"]);
        expect(Object.keys(app.tiers.web.secrets)).toEqual(["constructor"]);
    });

    it("refuses __proto__ as a key wherever it is written, at the key", () => {
        const text = oneTier(`${web}\nenv: {__proto__: x}`).replace("  tiers:\n", "  tiers:\n    __proto__: {image: \"nginx:1.27.3\"}\n");
        expect(errorsIn(text).join("\n")).toMatchInlineSnapshot(`
          "platform.yaml:7:5 app.tiers.__proto__: "__proto__" cannot be used as a name or key (JavaScript reserves it); rename it
          platform.yaml:11:13 app.tiers.web.env.__proto__: "__proto__" cannot be used as a name or key (JavaScript reserves it); rename it"
        `);
    });

    it("merges stack overrides key by key as own keys, never into a prototype", () => {
        const merged = deepMerge({ app: { tiers: { web: { replicas: 2 } } } }, JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"x": 1}, "app": {"tiers": {"web": {"replicas": 3}}}}'));
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
        expect(Object.keys(merged)).toEqual(["app", "__proto__", "constructor"]);
        expect(merged.app).toEqual({ tiers: { web: { replicas: 3 } } });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("points a __proto__ key in the stack's overrides at the stack file", () => {
        writeText("Pulumi.proto.yaml", "config:\n  kubeship:overrides:\n    app:\n      __proto__: {name: other}\n");
        const overrides = JSON.parse('{"app": {"__proto__": {"name": "other"}}}');
        expect(errorsIn(oneTier(web), { stackFile: "Pulumi.proto.yaml", overrides }).join("\n")).toMatchInlineSnapshot(`"Pulumi.proto.yaml:4:7 app.__proto__: "__proto__" cannot be used as a name or key (JavaScript reserves it); rename it"`);
    });
});
