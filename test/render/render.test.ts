/**
 * The offline engine end to end on an `existing` cluster (no cloud SDK), and
 * the program's own checks: secrets must be set before anything is created.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render, userErrorLines } from "../../components/render/render";

function tempProject(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-render-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

const PLATFORM = `cluster:
  nodePools:
    general: { min: 1, max: 2 }
app:
  name: demo
  tiers:
    api:
      image: example/api:1.0.0
      ports: { http: 8080 }
      secrets:
        DB_PASSWORD: dbPassword
`;

describe("render", () => {
    it("fails before registering anything when a stack lacks a secret the config names", async () => {
        const root = tempProject({
            "platform.yaml": PLATFORM,
            "stacks/Pulumi.demo.yaml": "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n",
        });
        const err = await render({ stack: "demo" }, root).then(() => undefined, (e: unknown) => e);
        expect(userErrorLines(err)).toBe(
            'platform.yaml:11:22 app.tiers.api.secrets.DB_PASSWORD: names secret config "kubeship:dbPassword", which the stack does not set; run: pulumi config set --secret --stack demo kubeship:dbPassword <value>',
        );
    });

    it("accepts a stack whose secret is set (encrypted) and never writes its value", async () => {
        const root = tempProject({
            "platform.yaml": PLATFORM,
            "stacks/Pulumi.demo.yaml": "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n  kubeship:dbPassword:\n    secure: v1:abcdefgh\n",
        });
        const r = await render({ stack: "demo" }, root);
        const all = Object.values(r.files).join("\n");
        expect(all).not.toContain("kubeship-render-placeholder");
        expect(all).not.toContain("v1:abcdefgh");
        expect(JSON.stringify(r.outputs)).not.toContain("kubeship-render-placeholder");
        expect(r.outputs.kubeconfig).toBe("[secret]");
    });

    it("reads a secret whose config key is named like an Object.prototype member", async () => {
        const root = tempProject({
            "platform.yaml": PLATFORM.replace("dbPassword", "constructor"),
            "stacks/Pulumi.demo.yaml": "config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: existing\n  kubeship:constructor:\n    secure: v1:abcdefgh\n",
        });
        const r = await render({ stack: "demo" }, root);
        const secret = r.manifests.find((m) => m.kind === "Secret") as { stringData?: Record<string, string> } | undefined;
        expect(Object.keys(secret?.stringData ?? {})).toEqual(["DB_PASSWORD"]);
    });

    it("is byte-identical across two renders of the same input", async () => {
        const a = await render({ stack: "local" });
        const b = await render({ stack: "local" });
        expect(b.files).toEqual(a.files);
    });

    it("writes URNs with the full parent type chain, as the real engine does", async () => {
        const r = await render({ stack: "local" });
        const ns = r.resources.find((x) => x.type === "kubernetes:core/v1:Namespace");
        expect(ns?.urn).toMatch(/^urn:pulumi:local::kubeship::kubeship:app:MultiTierApp\$kubernetes:core\/v1:Namespace::/);
        // Every parent and dependency named in resources.json is itself in resources.json.
        const urns = new Set(r.resources.map((x) => x.urn));
        for (const x of r.resources) {
            if (x.parent) expect(urns).toContain(x.parent);
            for (const d of x.dependencies) expect(urns).toContain(d);
            if (x.provider) expect(urns).toContain(x.provider);
        }
    });
});
