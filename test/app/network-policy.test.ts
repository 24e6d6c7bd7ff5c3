/** The NetworkPolicy graph: a tier accepts only from its talkers, egress only to its targets and DNS. */
import { describe, expect, it } from "vitest";
import { DNS_PEERS, talkersTo, toNetworkPolicies, toTierNetworkPolicy } from "../../components/app/network-policy";
import { app, threeTier } from "./fixtures";

const fromNames = (rule: any): string[] => (rule.from ?? []).map((p: any) => p.podSelector?.matchLabels?.["app.kubernetes.io/name"] ?? p.ipBlock?.cidr);
const toNames = (rule: any): string[] => (rule.to ?? []).map((p: any) => p.podSelector?.matchLabels?.["app.kubernetes.io/name"]);

describe("network policies", () => {
    const a = threeTier();

    it("starts with a default deny of all ingress and egress", () => {
        const [deny] = toNetworkPolicies(a);
        expect(deny).toEqual({ name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
    });

    it("a tier accepts exactly the tiers that talk to it, on its pod ports", () => {
        expect(talkersTo("api", a)).toEqual(["web", "worker"]);
        const api = toTierNetworkPolicy("api", a).spec as any;
        expect(api.podSelector.matchLabels["app.kubernetes.io/name"]).toBe("api");
        expect(api.policyTypes).toEqual(["Ingress", "Egress"]);
        expect(api.ingress).toHaveLength(1);
        expect(fromNames(api.ingress[0])).toEqual(["web", "worker"]);
        expect(api.ingress[0].ports).toEqual([{ port: 8080, protocol: "TCP" }, { port: 9090, protocol: "TCP" }]);
        const db = toTierNetworkPolicy("db", a).spec as any;
        expect(db.ingress.map(fromNames)).toEqual([["api"]]);
    });

    it("nobody talks to a tier: no ingress at all", () => {
        expect((toTierNetworkPolicy("worker", a).spec as any).ingress).toEqual([]);
        expect((toTierNetworkPolicy("web", a).spec as any).ingress.flatMap(fromNames)).not.toContain("api");
    });

    it("a public tier accepts traffic from any source, on its target port only", () => {
        // Load-balancer traffic (externalTrafficPolicy Cluster) arrives SNATed to a node IP, which Cilium
        // (AKS, GKE Dataplane V2) never matches with an ipBlock: "CIDR rules do not apply to traffic where
        // both sides ... use an IP belonging to a node in the cluster" (docs.cilium.io, Layer 3 policies).
        // A rule without `from` "matches all sources" (NetworkPolicyIngressRule.from).
        const web = toTierNetworkPolicy("web", a).spec as any;
        expect(web.ingress).toEqual([{ ports: [{ port: 8080, protocol: "TCP" }] }]);
        expect(web.ingress.some((rule: any) => rule.from?.some((peer: any) => peer.ipBlock))).toBe(false);
    });

    it("an internal-lb tier also accepts any source; an internal tier never does", () => {
        const b = app({ svc: { image: "x:1", ports: { http: 8080 }, expose: "internal-lb" }, c: { image: "c:1", talksTo: ["svc"] } });
        expect((toTierNetworkPolicy("svc", b).spec as any).ingress).toContainEqual({ ports: [{ port: 8080, protocol: "TCP" }] });
        expect((toTierNetworkPolicy("api", a).spec as any).ingress.every((rule: any) => rule.from?.length)).toBe(true);
    });

    it("egress: DNS, then exactly the tiers it talks to, on their pod ports", () => {
        const web = toTierNetworkPolicy("web", a).spec as any;
        expect(web.egress[0]).toEqual({ to: DNS_PEERS, ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] });
        expect(web.egress.slice(1).map(toNames)).toEqual([["api"]]);
        expect(web.egress[1].ports).toEqual([{ port: 8080, protocol: "TCP" }, { port: 9090, protocol: "TCP" }]);
        const db = toTierNetworkPolicy("db", a).spec as any;
        expect(db.egress).toHaveLength(1); // DNS only
    });
});
