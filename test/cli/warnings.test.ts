/**
 * Warnings (issue 14 §5): exit 0, on stderr, positioned. A plaintext value in
 * the stack file for a key a tier reads as a secret; `$(VAR)` that Kubernetes
 * would leave unexpanded; a pool no tier can use. Also the missing-secret hint.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { envValueForKubernetes, kubernetesReferences, unexpandedReferenceWarnings, unusablePoolWarnings } from "../../components/config/warnings";
import type { AppConfig, PlatformConfig } from "../../components/config/schema";

function project(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-warn-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

async function run(argv: string[]) {
    let out = "", err = "";
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, env: {}, progressAfterMs: 60_000 });
    return { code, out, err };
}

const PLATFORM = `cluster:
  nodePools:
    general: { min: 1, max: 2 }
    gpu:
      min: 0
      max: 2
      taints:
        - { key: nvidia.com/gpu, effect: NoSchedule }
    quiet:
      taints:
        - { key: example.com/soft, effect: PreferNoSchedule }
app:
  name: demo
  tiers:
    api:
      image: example/api:1.0.0
      ports: { http: 8080 }
      args: ["--db=$(DB_URL)", "--port=$(PORT)", "$$(LITERAL)", "$(DB_PASWORD)"]
      env:
        DB_URL: "postgres://u:$(DB_PASSWORD)@db/x?h=$(HOST)"
        HOST: x
        LITERAL: "$$$$(NOT_EXPANDED) \${api.port}"
      secrets:
        DB_PASSWORD: dbPassword
`;

let cwd: string;
beforeEach(() => { cwd = process.cwd(); });
afterEach(() => { process.chdir(cwd); });

describe("warnings", () => {
    it("validate prints the valid line, then each warning at its line, and exits 0", async () => {
        process.chdir(project({ "package.json": "{}", "platform.yaml": PLATFORM }));
        const r = await run(["validate", "platform.yaml", "--cloud", "aws", "--region", "us-east-1"]);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^platform\.yaml: valid \(aws;/);
        expect(r.err.trimEnd().split("\n")).toEqual([
            "warning: platform.yaml:18:32 app.tiers.api.args[1]: $(PORT) names no variable of tier \"api\", so Kubernetes passes it on unexpanded; define PORT under env or secrets, or write $$(PORT) for the literal text",
            "warning: platform.yaml:18:65 app.tiers.api.args[3]: $(DB_PASWORD) names no variable of tier \"api\", so Kubernetes passes it on unexpanded (did you mean $(DB_PASSWORD)?); define DB_PASWORD under env or secrets, or write $$(DB_PASWORD) for the literal text",
            "warning: platform.yaml:20:17 app.tiers.api.env.DB_URL: $(HOST) names HOST, which comes after DB_URL; Kubernetes expands only variables defined before (the tier's secrets, then env in order), so it stays \"$(HOST)\"; move HOST above DB_URL",
            "warning: platform.yaml:4:5 cluster.nodePools.gpu: no tier can run on this pool: its nodes are tainted (nvidia.com/gpu:NoSchedule) and no tier sets pool: gpu, so its nodes would stay empty; set pool: gpu on the tiers meant to run there, or remove the taint or the pool",
        ]);
    });

    it("render warns about a plaintext secret at its stack-file line, never shows the value, and still exits 0", async () => {
        process.chdir(project({
            "package.json": "{}",
            "platform.yaml": PLATFORM,
            "stacks/Pulumi.demo.yaml": "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n  kubeship:dbPassword: hunter2-plaintext\n",
        }));
        const r = await run(["render", "--stack", "demo", "--out", "out/demo", "--quiet"]);
        expect(r.code).toBe(0);
        const lines = r.err.trimEnd().split("\n");
        expect(lines).toContain(
            "warning: stacks/Pulumi.demo.yaml:4:3 kubeship:dbPassword: is in plaintext in the stack file, but app.tiers.api.secrets.DB_PASSWORD reads it as a secret; encrypt it (the value is not shown here): pulumi config set --secret --stack demo kubeship:dbPassword <value>",
        );
        expect(r.err).not.toContain("hunter2");
        // $(VAR) warnings hold on an existing cluster too; pools are not placed there, so no pool warning.
        expect(lines.filter((l) => l.includes("app.tiers.api.args"))).toHaveLength(2);
        expect(r.err).not.toContain("cluster.nodePools");
        for (const line of lines) expect(line).toMatch(/^(warning|note): /);
    });

    it("gives no plaintext warning for an encrypted value, and places an override's $(VAR) in the stack file", async () => {
        process.chdir(project({
            "package.json": "{}",
            "platform.yaml": PLATFORM.replace(/ {6}args: .*\n/, ""),
            "stacks/Pulumi.demo.yaml": [
                "config:", "  kubeship:config: platform.yaml", "  kubeship:cloud: existing",
                "  kubeship:dbPassword:", "    secure: v1:abcdefgh",
                "  kubeship:overrides:", "    app:", "      tiers:", "        api:", "          command: [\"/bin/app\", \"$(NOPE_VAR)\"]", "",
            ].join("\n"),
        }));
        const r = await run(["render", "--stack", "demo", "--out", "out/demo", "--quiet"]);
        expect(r.code).toBe(0);
        expect(r.err).not.toContain("plaintext");
        expect(r.err).toContain("warning: stacks/Pulumi.demo.yaml:10:33 app.tiers.api.command[1]: $(NOPE_VAR) names no variable of tier \"api\"");
    });

    it("reads the `$(VAR)` grammar as the kubelet does", () => {
        expect(kubernetesReferences("a $(A) b $(B_2)")).toEqual(["A", "B_2"]);
        expect(kubernetesReferences("$$(A)")).toEqual([]); // escaped
        expect(kubernetesReferences("$$$(A)")).toEqual(["A"]); // `$$` then a reference
        expect(kubernetesReferences("$(A")).toEqual([]); // unterminated: plain text
        expect(kubernetesReferences("${A} $A")).toEqual([]); // not Kubernetes syntax
        // kubeship's own env syntax first: `$$` is one `$`, `${tier.x}` resolves to text.
        expect(envValueForKubernetes("$$(A)")).toBe("$(A)");
        expect(envValueForKubernetes("$$$$(A) ${db.host}")).toBe("$$(A) ");
    });

    it("counts a bucket's variables for a tier that uses it, and the identity webhooks' only for a tier with an identity", () => {
        const args = ["$(BUCKET_ASSETS_URL)", "$(AWS_REGION)", "$(OTHER)"];
        const app = {
            buckets: { assets: {} },
            tiers: { user: { args, uses: { assets: "read" } }, plain: { args }, constructor: { args: ["$(X)"], env: { X: "1" } } },
        } as unknown as AppConfig;
        expect(unexpandedReferenceWarnings(app).map((w) => `${w.path.join(".")} ${w.message.split(" ")[0]}`)).toEqual([
            "app.tiers.user.args.2 $(OTHER)",
            "app.tiers.plain.args.0 $(BUCKET_ASSETS_URL)",
            "app.tiers.plain.args.1 $(AWS_REGION)",
            "app.tiers.plain.args.2 $(OTHER)",
        ]);
    });

    it("does not warn about a pool a tier or a job targets, a PreferNoSchedule pool, or any pool on an existing cluster", () => {
        const taint = [{ key: "k", effect: "NoSchedule" as const }];
        const config = (cloud: string, app: object) => ({ cluster: { cloud, nodePools: { a: {}, b: {}, c: {} } }, app }) as unknown as PlatformConfig;
        const taints = { a: taint, b: taint, c: [{ key: "k", effect: "PreferNoSchedule" as const }] };
        const app = { tiers: { web: { pool: "a" } }, jobs: { nightly: { pool: "b" } } };
        expect(unusablePoolWarnings(config("aws", app), taints)).toEqual([]);
        expect(unusablePoolWarnings(config("aws", { tiers: { web: {} } }), taints).map((w) => w.path)).toEqual([["cluster", "nodePools", "a"], ["cluster", "nodePools", "b"]]);
        expect(unusablePoolWarnings(config("existing", { tiers: { web: {} } }), taints)).toEqual([]);
        // A tier named like an Object.prototype member is a tier like any other.
        expect(unusablePoolWarnings(config("aws", { tiers: { constructor: { pool: "a" }, toString: { pool: "b" } } }), taints)).toEqual([]);
    });

    it("warns about the spot taint AKS adds to a spot pool no tier targets", async () => {
        process.chdir(project({
            "package.json": "{}",
            "platform.yaml": "cluster:\n  nodePools:\n    general: {}\n    cheap: { spot: true }\napp:\n  name: demo\n  tiers:\n    web: { image: example/web:1.0.0, ports: { http: 8080 } }\n",
        }));
        const r = await run(["validate", "platform.yaml", "--cloud", "azure", "--region", "westeurope"]);
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/^warning: platform\.yaml:4:5 cluster\.nodePools\.cheap: no tier can run on this pool: its nodes are tainted \(kubernetes\.azure\.com\/scalesetpriority=spot:NoSchedule\)/);
    });
});

describe("the missing-secret hint", () => {
    it("names the stack, so the command sets the secret where it is missing", async () => {
        process.chdir(project({
            "package.json": "{}",
            "platform.yaml": PLATFORM,
            "stacks/Pulumi.demo.yaml": "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n",
        }));
        const r = await run(["render", "--stack", "demo", "--out", "out/demo"]);
        expect(r.code).toBe(2);
        expect(r.err).toBe('platform.yaml:24:22 app.tiers.api.secrets.DB_PASSWORD: names secret config "kubeship:dbPassword", which the stack does not set; run: pulumi config set --secret --stack demo kubeship:dbPassword <value>\n');
    });
});
