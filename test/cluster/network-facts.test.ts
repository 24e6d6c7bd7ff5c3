/** The network facts each cloud's plan gives the app: its address ranges and each pool's taints. */
import { describe, expect, it } from "vitest";
import { networkFactsOf, toPoolTaint } from "../../components/cluster/network-facts";
import { planCluster } from "../../components/cluster/plan";
import { clusterSchema } from "../../components/config/schema";

const pools = {
    general: { size: "medium", min: 2, max: 6 },
    spot: { size: "large", min: 0, max: 5, spot: true, taints: [{ key: "kubeship.io/spot", value: "true", effect: "NoSchedule" }] },
    constructor: { size: "small", taints: [{ key: "dedicated", effect: "NoExecute" }] },
};
const plan = (cloud: string, extra: Record<string, unknown> = {}) =>
    planCluster({ ...clusterSchema.parse({ cloud, region: { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope" }[cloud], nodePools: pools, ...extra }), name: "shop" });

describe("network facts", () => {
    it("AKS: the spot taint AKS adds comes with the configured ones", () => {
        const f = networkFactsOf(plan("azure"));
        expect(f.poolTaints.spot).toEqual([
            { key: "kubeship.io/spot", value: "true", effect: "NoSchedule" },
            { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" },
        ]);
        expect(Object.hasOwn(f.poolTaints, "constructor") && f.poolTaints.constructor).toEqual([{ key: "dedicated", effect: "NoExecute" }]);
        expect(f.internalCidrs).toEqual(["10.0.0.0/16", "10.244.0.0/16", "172.16.0.0/16"]);
    });

    it("EKS and GKE add no taint to spot pools: only the configured ones", () => {
        for (const cloud of ["aws", "gcp"]) {
            const f = networkFactsOf(plan(cloud, cloud === "gcp" ? { gcp: { project: "kubeship-test" } } : {}));
            expect(f.poolTaints.spot).toEqual([{ key: "kubeship.io/spot", value: "true", effect: "NoSchedule" }]);
            expect(f.poolTaints.general).toEqual([]);
        }
    });

    it("ranges come from the plan; an existing network's are unknown", () => {
        expect(networkFactsOf(plan("aws", { network: { cidr: "10.8.0.0/16" } })).internalCidrs).toEqual(["10.8.0.0/16", "10.100.0.0/16", "172.20.0.0/16"]);
        expect(networkFactsOf(plan("gcp", { gcp: { project: "kubeship-test" }, network: { cidr: "10.8.0.0/16" } })).internalCidrs)
            .toEqual(["10.8.0.0/20", "10.8.128.0/17", "10.8.16.0/20"]);
        expect(networkFactsOf(plan("gcp", { gcp: { project: "kubeship-test", network: "vpc", subnetwork: "sub" } })).internalCidrs).toEqual([]);
        expect(networkFactsOf(plan("existing"))).toEqual({ internalCidrs: [], poolTaints: {} });
    });

    it("reads every cloud's taint form", () => {
        expect(toPoolTaint("a=b:NoExecute")).toEqual({ key: "a", value: "b", effect: "NoExecute" });
        expect(toPoolTaint("a:PreferNoSchedule")).toEqual({ key: "a", effect: "PreferNoSchedule" });
        expect(toPoolTaint({ key: "a", value: "", effect: "NO_SCHEDULE" })).toEqual({ key: "a", effect: "NoSchedule" });
    });
});
