import { describe, expect, it } from "vitest";
import type { ResourceEntry } from "../../components/render/manifests";
import {
    CLUSTER_IP_SERVICE, DURATIONS, EstimateError, LOAD_BALANCER, durationOf, simulate, toGantt, toMarkdown, unavoidableChain,
} from "../../components/estimate";

const STACK = "urn:pulumi:t::p::pulumi:pulumi:Stack::p-t";
const urn = (name: string) => `urn:pulumi:t::p::x::${name}`;

/** A hand-made entry; `deps` and `parent`/`provider` take short names. */
function res(name: string, type: string, o: { deps?: string[]; parent?: string; provider?: string; custom?: boolean; inputs?: Record<string, unknown> } = {}): ResourceEntry {
    return {
        urn: urn(name), type, name, custom: o.custom ?? true, inputs: o.inputs ?? {}, options: {},
        dependencies: (o.deps ?? []).map(urn),
        parent: o.parent === undefined ? STACK : urn(o.parent),
        ...(o.provider ? { provider: urn(o.provider) } : {}),
    };
}
const stack: ResourceEntry = { urn: STACK, type: "pulumi:pulumi:Stack", name: "p-t", custom: false, inputs: {}, dependencies: [], options: {} };
const VPC = "aws:ec2/vpc:Vpc", CLUSTER = "aws:eks/cluster:Cluster", POOL = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon", DEPLOY = "kubernetes:apps/v1:Deployment", SVC = "kubernetes:core/v1:Service";
const COMP = "kubeship:test:Component";
const secs = (t: string) => DURATIONS[t].seconds;

describe("simulate", () => {
    it("sums a linear chain", () => {
        const sim = simulate([stack, res("vpc", VPC), res("cluster", CLUSTER, { deps: ["vpc"] }), res("pool", POOL, { deps: ["cluster"] })]);
        expect(sim.total).toBe(secs(VPC) + secs(CLUSTER) + secs(POOL));
        expect(sim.byUrn.get(urn("pool"))!.start).toBe(secs(VPC) + secs(CLUSTER));
    });

    it("takes the max of parallel branches", () => {
        const sim = simulate([stack, res("vpc", VPC), res("cluster", CLUSTER, { deps: ["vpc"] }), res("addon", ADDON, { deps: ["vpc"] })]);
        expect(sim.total).toBe(secs(VPC) + Math.max(secs(CLUSTER), secs(ADDON)));
        expect(sim.byUrn.get(urn("addon"))!.start).toBe(secs(VPC));
    });

    it("waits for every descendant of a component it depends on", () => {
        const sim = simulate([
            stack,
            res("net", COMP, { custom: false }),
            res("vpc", VPC, { parent: "net" }),
            res("inner", COMP, { custom: false, parent: "net" }),
            res("cluster", CLUSTER, { parent: "inner" }),
            res("app", DEPLOY, { deps: ["net"] }),
        ]);
        expect(sim.byUrn.get(urn("app"))!.start).toBe(secs(CLUSTER));
        expect(sim.byUrn.get(urn("app"))!.waitsFor).toEqual([urn("cluster"), urn("vpc")].sort());
    });

    it("makes children wait for their ancestors' dependencies", () => {
        const sim = simulate([
            stack, res("cluster", CLUSTER),
            res("app", COMP, { custom: false, deps: ["cluster"] }),
            res("tier", COMP, { custom: false, parent: "app" }),
            res("web", DEPLOY, { parent: "tier" }),
        ]);
        expect(sim.byUrn.get(urn("web"))!.start).toBe(secs(CLUSTER));
    });

    it("counts the provider as a dependency", () => {
        const sim = simulate([
            stack, res("cluster", CLUSTER),
            res("k8s", "pulumi:providers:kubernetes", { deps: ["cluster"] }),
            res("web", DEPLOY, { provider: "k8s" }),
        ]);
        expect(sim.byUrn.get(urn("k8s"))!.duration).toBe(0);
        expect(sim.byUrn.get(urn("web"))!.start).toBe(secs(CLUSTER));
        expect(sim.total).toBe(secs(CLUSTER) + secs(DEPLOY));
    });

    it("walks the critical path back through the dependency that finished last", () => {
        const sim = simulate([
            stack, res("vpc", VPC), res("cluster", CLUSTER, { deps: ["vpc"] }),
            res("addon", ADDON, { deps: ["vpc"] }),
            res("pool", POOL, { deps: ["cluster", "addon"] }),
            res("side", DEPLOY, { deps: ["vpc"] }),
        ]);
        expect(sim.criticalPath.map((t) => t.name)).toEqual(["vpc", "cluster", "pool"]);
    });

    it("reports a dependency cycle instead of hanging", () => {
        const cyclic = [stack, res("a", VPC, { deps: ["c"] }), res("b", VPC, { deps: ["a"] }), res("c", VPC, { deps: ["b"] })];
        expect(() => simulate(cyclic)).toThrow(EstimateError);
        expect(() => simulate(cyclic)).toThrow(/dependency cycle: a -> c -> b -> a/);
    });

    it("gives unknown types the default and lists them", () => {
        const sim = simulate([stack, res("x", "aws:foo/bar:Baz"), res("y", "aws:foo/bar:Baz")]);
        expect(sim.total).toBe(5);
        expect(sim.unmeasured).toEqual([{ type: "aws:foo/bar:Baz", count: 2 }]);
        expect(toMarkdown("t", sim, unavoidableChain(sim))).toContain("aws:foo/bar:Baz");
    });
});

describe("durations", () => {
    it("times a LoadBalancer Service differently from a ClusterIP one", () => {
        const lb = res("lb", SVC, { inputs: { spec: { type: "LoadBalancer" } } });
        const ip = res("ip", SVC, { inputs: { spec: { type: "ClusterIP" } } });
        const implicit = res("implicit", SVC, { inputs: { spec: {} } });
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            expect(durationOf(lb, cloud).seconds).toBe(LOAD_BALANCER[cloud].seconds);
            expect(durationOf(lb, cloud).seconds).toBeGreaterThan(durationOf(ip, cloud).seconds);
        }
        expect(durationOf(ip, "aws").seconds).toBe(CLUSTER_IP_SERVICE.seconds);
        expect(durationOf(implicit, "aws").seconds).toBe(CLUSTER_IP_SERVICE.seconds);
    });

    it("cites a source for every figure", () => {
        for (const [type, d] of [...Object.entries(DURATIONS), ...Object.entries(LOAD_BALANCER), ["ClusterIP", CLUSTER_IP_SERVICE] as const]) {
            expect(d.source.trim(), type).not.toBe("");
            expect(d.seconds, type).toBeGreaterThanOrEqual(0);
        }
    });

    it("treats components as free", () => {
        expect(durationOf(res("c", COMP, { custom: false }), "aws").seconds).toBe(0);
    });
});

describe("unavoidableChain", () => {
    const base = [
        stack, res("vpc", VPC), res("cluster", CLUSTER, { deps: ["vpc"] }), res("pool", POOL, { deps: ["cluster"] }),
        res("app", "kubeship:app:MultiTierApp", { custom: false }),
        res("tier", COMP, { custom: false, parent: "app" }),
        res("web", DEPLOY, { parent: "tier", deps: ["pool"] }),
        // A Service and its workload are created side by side, as kubeship does.
        res("web-svc", SVC, { parent: "tier", deps: ["pool"], inputs: { spec: { type: "LoadBalancer" } } }),
    ];

    it("sums network, control plane, node pool and the app's own longest path", () => {
        const chain = unavoidableChain(simulate(base, { cloud: "aws" }));
        expect(chain.links.map((l) => l.stage)).toEqual(["network", "control plane", "node pool", "app"]);
        // The load balancer is provisioned while the workload rolls out: the slower of the two counts.
        expect(chain.seconds).toBe(secs(VPC) + secs(CLUSTER) + secs(POOL) + Math.max(secs(DEPLOY), LOAD_BALANCER.aws.seconds));
        expect(chain.ratio).toBe(1);
        expect(chain.withinTarget).toBe(true);
    });

    it("counts documented prerequisites (the CNI before nodes) in the chain, but not other add-ons", () => {
        const withCni = [
            ...base.map((r) => (r.name === "pool" ? { ...r, dependencies: [...r.dependencies, urn("cni"), urn("metrics")] } : r)),
            res("cni", ADDON, { deps: ["cluster"], inputs: { addonName: "vpc-cni" } }),
            res("metrics", ADDON, { deps: ["cluster"], inputs: { addonName: "metrics-server" } }),
        ];
        const chain = unavoidableChain(simulate(withCni, { cloud: "aws" }));
        expect(chain.links.map((l) => l.stage)).toEqual(["network", "control plane", "prerequisite", "node pool", "app"]);
        expect(chain.links.find((l) => l.stage === "prerequisite")!.tasks.map((t) => t.name)).toEqual(["cni"]);
        // metrics-server takes as long as the CNI, so the total is the same: the chain explains it all.
        expect(chain.ratio).toBe(1);
    });

    it("names the critical-path resources outside the chain when the total exceeds it by more than 5 %", () => {
        const slow = base.map((r) => (r.name === "web-svc" ? { ...r, dependencies: [...r.dependencies, urn("addon")] } : r));
        slow.push(res("addon", ADDON, { deps: ["pool"] }));
        const chain = unavoidableChain(simulate(slow, { cloud: "aws" }));
        expect(chain.ratio).toBeGreaterThan(1.05);
        expect(chain.withinTarget).toBe(false);
        expect(chain.extra.map((t) => t.name)).toEqual(["addon"]);
        expect(toMarkdown("t", simulate(slow, { cloud: "aws" }), chain)).toContain("`addon`");
    });
});

describe("toGantt", () => {
    it("is a well-formed Mermaid gantt on a seconds timeline", () => {
        const sim = simulate([
            stack, res("cluster-comp", COMP, { custom: false }),
            res("vpc", VPC, { parent: "cluster-comp" }),
            res("cluster", CLUSTER, { parent: "cluster-comp", deps: ["vpc"] }),
            res("role", "aws:iam/role:Role", { parent: "cluster-comp" }),
            res("web:frontend", DEPLOY, { deps: ["cluster"] }),
        ]);
        const text = toGantt(sim);
        const lines = text.trimEnd().split("\n");
        expect(lines[0]).toBe("gantt");
        expect(lines).toContain("    dateFormat X");
        expect(lines).toContain("    axisFormat %M:%S");
        const tasks = lines.filter((l) => !/^\s*(gantt|title|dateFormat|axisFormat|section)\b/.test(l));
        expect(tasks.length).toBe(3); // the 7 s role is below the 10 s threshold
        for (const line of tasks) expect(line).toMatch(/^ {4}[^:]+ :(crit, )?t\d+, \d+, \d+$/);
        expect(lines.filter((l) => l.includes("section"))).toEqual(["    section cluster-comp (Component)", "    section web frontend (Deployment)"]);
        expect(text).toContain(`cluster :crit, t1, ${secs(VPC)}, ${secs(VPC) + secs(CLUSTER)}`);
    });
});
