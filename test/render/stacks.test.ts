/**
 * Every stack in stacks/ renders, and its resources.json shows what the
 * cluster issue promises: the cluster, every pool with its autoscaling bounds,
 * the autoscaler where the cloud needs one, metrics-server on EKS, protection in prod.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render, type Rendered } from "../../components/render/render";
import { listStacks } from "../../components/render/stack-file";

const ROOT = path.resolve(__dirname, "../..");
const stacks = listStacks(ROOT);
const cache = new Map<string, Promise<Rendered>>();
const rendered = (stack: string) => {
    if (!cache.has(stack)) cache.set(stack, render({ stack }, ROOT));
    return cache.get(stack)!;
};
const ofType = (r: Rendered, type: string) => r.resources.filter((x) => x.type === type);
const input = (o: unknown, p: string): any => p.split(".").reduce((v: any, k) => v?.[k], o);

describe("every stack renders", () => {
    it("has the stacks the issues ask for", () => {
        for (const env of ["dev", "staging", "prod"]) for (const cloud of ["aws", "gcp", "azure"]) expect(stacks).toContain(`${env}-${cloud}`);
        expect(stacks).toContain("local");
    });

    it.each(stacks)("%s renders with a cluster, its pools and the app", async (stack) => {
        const r = await rendered(stack);
        const cloud = r.platform.cluster.cloud;
        const pools = Object.entries(r.platform.cluster.nodePools);
        if (cloud === "aws") {
            expect(ofType(r, "aws:eks/cluster:Cluster")).toHaveLength(1);
            // One node group per zone and pool, labelled with the pool; their bounds sum to the pool's.
            const groups = ofType(r, "aws:eks/nodeGroup:NodeGroup");
            for (const [name, pool] of pools) {
                const own = groups.filter((g) => (input(g.inputs, "labels") as Record<string, string>)["kubeship.io/pool"] === name);
                expect(own.length).toBeGreaterThanOrEqual(1);
                const sum = (k: "minSize" | "maxSize") => own.reduce((a, g) => a + (input(g.inputs, "scalingConfig") as Record<string, number>)[k], 0);
                expect([sum("minSize"), sum("maxSize")]).toEqual([pool.min, pool.max]);
                for (const g of own) expect(g.options.ignoreChanges).toContain("scalingConfig.desiredSize");
            }
            const addons = ofType(r, "aws:eks/addon:Addon").map((a) => a.inputs.addonName);
            expect(addons).toEqual(expect.arrayContaining(["metrics-server", "vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver"]));
            const releases = ofType(r, "kubernetes:helm.sh/v3:Release").map((x) => x.inputs.chart);
            expect(releases).toContain("cluster-autoscaler");
        } else if (cloud === "gcp") {
            expect(ofType(r, "gcp:container/cluster:Cluster")).toHaveLength(1);
            const nodePools = ofType(r, "gcp:container/nodePool:NodePool");
            expect(nodePools).toHaveLength(pools.length);
            for (const [i, [, pool]] of pools.entries()) {
                expect(nodePools[i].inputs.autoscaling).toMatchObject({ totalMinNodeCount: pool.min, totalMaxNodeCount: pool.max });
            }
        } else if (cloud === "azure") {
            expect(ofType(r, "azure-native:containerservice:ManagedCluster")).toHaveLength(1);
            const agentPools = ofType(r, "azure-native:containerservice:AgentPool");
            expect(agentPools).toHaveLength(pools.length);
            for (const [i, [, pool]] of pools.entries()) {
                expect(agentPools[i].inputs).toMatchObject({ enableAutoScaling: true, minCount: pool.min, maxCount: pool.max });
            }
        }
        // The app is there on every cloud, with one workload per tier.
        const workloads = r.resources.filter((x) => /^kubernetes:apps\/v1:(Deployment|StatefulSet)$/.test(x.type));
        expect(workloads).toHaveLength(Object.keys(r.platform.app.tiers).length);
        if (r.platform.cluster.environment === "prod") {
            const protectedTypes = r.resources.filter((x) => x.options.protect).map((x) => x.type);
            expect(protectedTypes.length).toBeGreaterThan(1);
        } else {
            expect(r.resources.filter((x) => x.options.protect)).toEqual([]);
        }
    });

    it("writes byte-identical files for identical input (dev-aws)", async () => {
        const a = await rendered("dev-aws");
        const b = await render({ stack: "dev-aws" }, ROOT);
        expect(b.files).toEqual(a.files);
    });

    it("deploys the same app unchanged on every cloud: the same Kubernetes objects", async () => {
        const kinds = async (stack: string) => (await rendered(stack)).manifests
            .filter((m) => (m.metadata as { namespace?: string }).namespace === "guestbook" || m.kind === "Namespace")
            .map((m) => `${String(m.kind)}/${String((m.metadata as { name: string }).name)}`).sort();
        const aws = await kinds("dev-aws");
        expect(await kinds("dev-gcp")).toEqual(aws);
        expect(await kinds("dev-azure")).toEqual(aws);
        expect(await kinds("local")).toEqual(aws);
    });

    it("makes only stateful tiers wait for the EBS driver and its StorageClass (dev-aws)", async () => {
        const r = await rendered("dev-aws");
        const byName = (n: string) => r.resources.find((x) => x.name === n)!;
        const gp3 = r.resources.find((x) => x.type === "kubernetes:storage.k8s.io/v1:StorageClass")!;
        expect(byName("guestbook-redis-leader-statefulset").dependencies).toContain(gp3.urn);
        for (const n of ["guestbook-frontend-deployment", "guestbook-redis-follower-deployment", "guestbook-frontend-service"]) {
            expect(byName(n).dependencies).not.toContain(gp3.urn);
            expect(byName(n).dependencies.some((d) => d.includes("eks/addon:Addon"))).toBe(false);
        }
    });

    it("mounts scratchPaths as emptyDirs and keeps the root filesystem read-only (guestbook frontend)", async () => {
        const r = await rendered("local");
        const frontend = r.manifests.find((m) => m.kind === "Deployment" && (m.metadata as { name: string }).name === "frontend") as any;
        const pod = frontend.spec.template.spec;
        expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
        const mounts = pod.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath);
        expect(mounts).toEqual(["/tmp", "/var/run/apache2", "/var/lock/apache2", "/var/log/apache2"]);
        const volumes = pod.volumes.map((v: { name: string; emptyDir?: object }) => [v.name, v.emptyDir]);
        expect(volumes).toEqual([["tmp", {}], ["scratch-0", {}], ["scratch-1", {}], ["scratch-2", {}]]);
    });

    it("loads only the chosen cloud's SDK", () => {
        // A fresh process, so that nothing else has loaded an SDK: render dev-aws, then list loaded modules.
        const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
        const script = `
            require("tsx/cjs/api").register();
            const { render } = require("./components/render/render.ts");
            render({ stack: process.argv[1] }).then(() => {
                const loaded = Object.keys(require.cache).map((f) => (f.match(/node_modules\\/(@pulumi\\/[^/]+)/) || [])[1]).filter(Boolean);
                process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
            });`;
        const sdks = (stack: string) => {
            const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script, stack], { cwd: ROOT, encoding: "utf8" });
            expect(r.status, r.stderr).toBe(0);
            return JSON.parse(r.stdout) as string[];
        };
        expect(sdks("dev-aws")).toEqual(["@pulumi/aws", "@pulumi/kubernetes", "@pulumi/pulumi"]);
        expect(sdks("dev-gcp")).toEqual(["@pulumi/gcp", "@pulumi/kubernetes", "@pulumi/pulumi"]);
        expect(sdks("local")).toEqual(["@pulumi/kubernetes", "@pulumi/pulumi"]);
    });
});

describe("no secret ever reaches a written file", () => {
    it.each(stacks.filter((s) => fs.existsSync(path.join(ROOT, "stacks", `Pulumi.${s}.yaml`))))("%s: the kubeconfig output is redacted", async (stack) => {
        const r = await rendered(stack);
        expect(r.outputs.kubeconfig).toBe("[secret]");
        for (const text of Object.values(r.files)) expect(text).not.toContain("kubeship-render-placeholder");
    });
});
