/**
 * GKE physical names (issue 11, part 1): every name kubeship gives carries the
 * stack, fits GCP's limit for its kind however long the names the schema
 * allows, and three stacks in one project share none.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../components/config/load";
import type { ResolvedClusterConfig } from "../../components/cluster/types";
import { GkeCluster } from "../../components/cluster/gcp/gke-cluster";
import { gkeNames, GKE_CLUSTER_NAME_MAX, SERVICE_ACCOUNT_ID_MAX } from "../../components/cluster/gcp/names";
import { GKE_POOL_KEY_MAX } from "../../components/cluster/gcp/pool-identity";
import type { RecordedResource } from "../../components/render/engine";
import { evaluateWithMocks } from "../helpers/evaluate";
import { gkePlan } from "../helpers/plan";

/** RFC 1035 labels: what Compute Engine and GKE accept as a name. */
const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Limits per resource type, and where the physical name is (sources: gcp/names.ts, pool-identity.ts). */
const LIMITS: Record<string, { max: number; min?: number; field: string }> = {
    "gcp:container/cluster:Cluster": { max: GKE_CLUSTER_NAME_MAX, field: "name" },
    "gcp:container/nodePool:NodePool": { max: 40, field: "name" },
    "gcp:compute/network:Network": { max: 63, field: "name" },
    "gcp:compute/subnetwork:Subnetwork": { max: 63, field: "name" },
    "gcp:compute/router:Router": { max: 63, field: "name" },
    "gcp:compute/routerNat:RouterNat": { max: 63, field: "name" },
    "gcp:serviceaccount/account:Account": { min: 6, max: SERVICE_ACCOUNT_ID_MAX, field: "accountId" },
};
/** Types that name nothing of their own: a binding, an API switched on. */
const UNNAMED = new Set(["gcp:projects/iAMMember:IAMMember", "gcp:projects/service:Service"]);

function config(name: string, stack: string, pools: string[] = ["general"], project = "kubeship-shared"): ResolvedClusterConfig {
    const platform = loadPlatform({
        configFile: "examples/guestbook.yaml", cloud: "gcp", region: "europe-west4", environment: "dev",
        overrides: { cluster: { gcp: { project } } },
    });
    const general = platform.cluster.nodePools.general;
    const nodePools = Object.fromEntries(pools.map((p, i) => [p, { ...general, min: 1, max: 2, spot: i % 2 === 1 }]));
    return { ...platform.cluster, name, stack, nodePools };
}

async function renderGke(c: ResolvedClusterConfig) {
    return evaluateWithMocks(async () => {
        new GkeCluster(c.name, { plan: gkePlan(c) });
    }, { cloud: "gcp", stack: c.stack });
}

/** Every physical name a render gives, by type. */
function physicalNames(resources: RecordedResource[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of resources.filter((x) => x.type.startsWith("gcp:") && !UNNAMED.has(x.type))) {
        const limit = LIMITS[r.type];
        if (!limit) throw new Error(`no name limit known for ${r.type}: add it to LIMITS`);
        out.set(r.type, [...(out.get(r.type) ?? []), String(r.outputs[limit.field])]);
    }
    return out;
}

describe("the longest names the schema allows", async () => {
    const longName = `g${"x".repeat(61)}1`;
    const longStack = `prod-${"s".repeat(51)}-gcp`;
    const pools = [`p${"a".repeat(GKE_POOL_KEY_MAX - 1)}`, `q${"b".repeat(GKE_POOL_KEY_MAX - 1)}`];
    const r = await renderGke(config(longName, longStack, pools));

    it("uses a 63-character cluster name, 33-character pool names and a 60-character stack", () => {
        expect([longName.length, longStack.length, ...pools.map((p) => p.length)]).toEqual([63, 60, 33, 33]);
    });

    it("keeps every physical name within its GCP limit and alphabet", () => {
        const names = physicalNames(r.resources);
        expect([...names.keys()].sort()).toEqual(Object.keys(LIMITS).sort());
        for (const [type, list] of names) {
            for (const n of list) {
                expect(n.length, `${type} ${n}`).toBeLessThanOrEqual(LIMITS[type].max);
                expect(n.length, `${type} ${n}`).toBeGreaterThanOrEqual(LIMITS[type].min ?? 1);
                expect(n, type).toMatch(RFC1035);
            }
        }
    });

    it("keeps a readable start and the role at the end", () => {
        const names = physicalNames(r.resources);
        expect(names.get("gcp:container/cluster:Cluster")![0]).toMatch(/^gxxxx[a-z0-9-]*-[0-9a-f]{6}$/);
        expect(names.get("gcp:serviceaccount/account:Account")![0]).toMatch(/^gxxxx[a-z0-9-]*-[0-9a-f]{6}-nodes$/);
        expect(names.get("gcp:compute/routerNat:RouterNat")![0]).toMatch(/-nat$/);
    });
});

describe("three stacks in one project", async () => {
    // One at a time: Pulumi's runtime state is global.
    const dev = await renderGke(config("guestbook", "dev-gcp"));
    const staging = await renderGke(config("guestbook", "staging-gcp"));
    const prod = await renderGke(config("guestbook", "prod-gcp"));

    it("give every explicitly named resource a name that carries the stack", () => {
        const names = physicalNames(dev.resources);
        expect(Object.fromEntries([...names].map(([t, l]) => [t.split(":")[2], t.endsWith("NodePool") ? l.map((n) => n.replace(/-[0-9a-f]{6}$/, "-<hash>")) : l]))).toEqual({
            Cluster: ["guestbook-dev-gcp"],
            Network: ["guestbook-dev-gcp-network"],
            Subnetwork: [expect.stringMatching(/^guestbook-dev-gcp-subnet-[0-9a-f]{6}$/)],
            Router: [expect.stringMatching(/^guestbook-dev-gcp-router-[0-9a-f]{6}$/)],
            RouterNat: ["guestbook-dev-gcp-nat"],
            Account: ["guestbook-dev-gcp-nodes"],
            // Pools are unique per cluster (and the cluster's name carries the stack).
            NodePool: ["general-<hash>"],
        });
    });

    it("share no name of one type (the project refuses a second one)", () => {
        const [a, b, c] = [dev, staging, prod].map((x) => physicalNames(x.resources));
        for (const type of Object.keys(LIMITS).filter((t) => !t.endsWith("NodePool"))) {
            const all = [...a.get(type)!, ...b.get(type)!, ...c.get(type)!];
            expect(new Set(all).size, type).toBe(all.length);
        }
    });
});

describe("gkeNames", () => {
    it("fits every limit for any name and stack, and keeps two stacks apart", () => {
        const base = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
        const stack = fc.stringMatching(/^[A-Za-z0-9_.-]{1,60}$/);
        fc.assert(fc.property(base, stack, stack, fc.string(), (n, s1, s2, key) => {
            const a = gkeNames(n, s1, key);
            expect(a.cluster.length).toBeLessThanOrEqual(40);
            expect(a.nodeServiceAccount.length).toBeGreaterThanOrEqual(6);
            expect(a.nodeServiceAccount.length).toBeLessThanOrEqual(30);
            for (const x of [a.network, a.subnetwork, a.router, a.nat]) expect(x.length).toBeLessThanOrEqual(63);
            for (const x of Object.values(a)) expect(x).toMatch(RFC1035);
            const b = gkeNames(n, s2, key);
            if (gkeNames("k", s1, "").cluster !== gkeNames("k", s2, "").cluster) {
                for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k], k).not.toBe(a[k]);
            }
        }), { numRuns: 300 });
    });

    it("renames the subnetwork and router, and nothing else, when what they are built on changes", () => {
        const a = gkeNames("guestbook", "dev-gcp", '{"kind":"create","ranges":"10.0.0.0/16"}');
        const b = gkeNames("guestbook", "dev-gcp", '{"kind":"create","ranges":"10.4.0.0/14"}');
        expect(Object.keys(a).filter((k) => a[k as keyof typeof a] !== b[k as keyof typeof b])).toEqual(["subnetwork", "router"]);
    });

    it("without a stack (a program that builds one cluster), keeps the names kubeship gave before", () => {
        expect(gkeNames("gb", undefined, "")).toMatchObject({ cluster: "gb", nat: "gb-nat", nodeServiceAccount: "gb-nodes" });
    });
});
