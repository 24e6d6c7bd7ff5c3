/**
 * The pack as Pulumi runs it: `@pulumi/pulumi/cmd/run-policy-pack` started in
 * policy/ (ts-node compiles index.ts; `new PolicyPack` serves the analyzer over
 * gRPC and prints its port). A child process, because the constructor starts a
 * server and only one pack may run per process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { insecureDeployment } from "./fixtures";

// Generated gRPC stubs without type declarations for these paths: typed by hand below.
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerClient: new (addr: string, creds: grpc.ChannelCredentials) => any };
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as { AnalyzeRequest: new () => any; AnalyzerResourceOptions: new () => any; EnforcementLevel: Record<string, number> };

const packDir = __dirname;
const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
const started: ChildProcess[] = [];
afterAll(() => { for (const p of started) p.kill(); });

/** Starts the pack for `stack` and resolves with a connected analyzer client. */
function startPack(stack: string): Promise<any> {
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
        cwd: packDir, env: { ...process.env, PULUMI_NODEJS_STACK: stack, PULUMI_CONFIG: "{}" }, stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(child);
    return new Promise((resolve, reject) => {
        let out = "", err = "";
        child.stderr!.on("data", (d) => { err += d; });
        child.stdout!.on("data", (d) => {
            out += d;
            const m = /^(\d+)\s*$/m.exec(out);
            if (m) resolve(new analyzerGrpc.AnalyzerClient(`127.0.0.1:${m[1]}`, grpc.credentials.createInsecure()));
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}:\n${out}\n${err}`)));
    });
}

const call = <T>(client: any, method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) => client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))));

const LEVEL = Object.fromEntries(Object.entries(analyzerPb.EnforcementLevel).map(([k, v]) => [v, k.toLowerCase()]));

describe("the policy pack process", () => {
    it("starts under Pulumi's runner and enforces by stack: mandatory for prod-aws, advisory for dev-aws", async () => {
        const [prod, dev] = await Promise.all([startPack("prod-aws"), startPack("dev-aws")]);
        const info = async (client: any) => {
            const r = await call<any>(client, "getAnalyzerInfo", new Empty());
            return { name: r.getName(), levels: Object.fromEntries(r.getPoliciesList().map((p: any) => [p.getName(), LEVEL[p.getEnforcementlevel()]])) };
        };
        const p = await info(prod);
        const d = await info(dev);
        expect(p.name).toBe("kubeship");
        expect(p.levels["k8s-run-as-non-root"]).toBe("mandatory");
        expect(p.levels["eks-imdsv2"]).toBe("mandatory");
        expect(p.levels["k8s-loadbalancer-public-only"]).toBe("advisory");
        expect(d.levels["k8s-run-as-non-root"]).toBe("advisory");
        expect(d.levels["gke-deletion-protection"]).toBe("disabled");

        // The planted insecure Deployment, sent the way the engine sends it.
        const req = new analyzerPb.AnalyzeRequest();
        req.setType("kubernetes:apps/v1:Deployment");
        req.setName("bad");
        req.setUrn("urn:pulumi:prod-aws::kubeship::kubernetes:apps/v1:Deployment::bad");
        req.setProperties(Struct.fromJavaScript(insecureDeployment()));
        req.setOptions(new analyzerPb.AnalyzerResourceOptions());
        const res = await call<any>(prod, "analyze", req);
        const diags = res.getDiagnosticsList().map((x: any) => ({ policy: x.getPolicyname(), level: LEVEL[x.getEnforcementlevel()] }));
        expect([...new Set(diags.map((x: any) => x.policy))].sort()).toEqual([
            "k8s-container-probes", "k8s-container-resources", "k8s-dedicated-service-account", "k8s-drop-all-capabilities",
            "k8s-image-pinned", "k8s-min-replicas", "k8s-no-host-namespaces", "k8s-no-privilege-escalation", "k8s-read-only-root-filesystem",
            "k8s-run-as-non-root", "k8s-seccomp-runtime-default", "k8s-secrets-by-reference", "k8s-topology-spread",
        ]);
        expect(diags.every((x: any) => x.level === "mandatory")).toBe(true);
    }, 120_000);
});
