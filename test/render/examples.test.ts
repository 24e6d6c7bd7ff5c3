/**
 * Issue 4's "done when": `kubeship render` of both examples on every cloud
 * writes manifests that pass the Kubernetes schema and the security checks.
 * The manifests checked are the very objects written to manifests.yaml.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { resourceRules, stackRules, violationsOf } from "../../policy/rules";
import type { StackResource } from "../../policy/types";
import { validateManifest } from "../helpers/k8s-models";

const ROOT = path.resolve(__dirname, "../..");
const CLOUDS = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: "" } as const;

/** A project folder with the examples and one stack per example and cloud (secrets set, as `pulumi config set --secret` would). */
function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-examples-"));
    fs.cpSync(path.join(ROOT, "examples"), path.join(root, "examples"), { recursive: true });
    // An existing cluster has no kubeship pools: its copy of the shop leaves out `pool` (the one edit a local run needs).
    const shop = fs.readFileSync(path.join(ROOT, "examples/shop.yaml"), "utf8");
    fs.writeFileSync(path.join(root, "examples/shop-existing.yaml"), shop.replace(/^ +pool: .*\n/gm, ""));
    fs.mkdirSync(path.join(root, "stacks"));
    for (const example of ["guestbook", "shop"]) {
        for (const [cloud, region] of Object.entries(CLOUDS)) {
            fs.writeFileSync(path.join(root, "stacks", `Pulumi.${example}-${cloud}.yaml`), [
                "config:",
                `  kubeship:config: examples/${example}${example === "shop" && cloud === "existing" ? "-existing" : ""}.yaml`,
                `  kubeship:cloud: ${cloud}`,
                ...(region ? [`  kubeship:region: ${region}`] : []),
                ...(cloud === "gcp" ? ["  kubeship:overrides:", "    cluster:", "      gcp: { project: kubeship-dev }"] : []),
                "  kubeship:dbPassword: { secure: v1:AAAA }",
                "  kubeship:redisPassword: { secure: v1:BBBB }",
                "",
            ].join("\n"));
        }
    }
    return root;
}

const root = project();

describe.each(["guestbook", "shop"])("examples/%s.yaml", (example) => {
    it.each(Object.keys(CLOUDS))("on %s: every manifest validates and passes the security checks", async (cloud) => {
        const r = await render({ stack: `${example}-${cloud}` }, root);
        const manifests = parseAllDocuments(r.files["manifests.yaml"]).map((d) => d.toJS() as Record<string, any>);
        expect(manifests.length).toBe(r.manifests.length);
        for (const m of manifests) expect(() => validateManifest(m), `${m.kind} ${m.metadata?.name}`).not.toThrow();

        // The policy pack's Kubernetes checks over the app: all but the prod-only replica minimums (these stacks are dev).
        const app: StackResource[] = r.resources
            .filter((x) => x.type.startsWith("kubernetes:") && x.urn.includes("kubeship:app:MultiTierApp"))
            .map((x) => ({ type: x.type, name: x.name, urn: x.urn, props: x.inputs as Record<string, any> }));
        const findings: Record<string, string[]> = {};
        for (const res of app) {
            const v = violationsOf(res.type, res.props, resourceRules.filter((rule) => !rule.name.startsWith("k8s-") || (rule.scope !== "prod-only" && rule.scope !== "prod-advisory")));
            for (const [rule, msgs] of Object.entries(v)) findings[`${res.name} ${rule}`] = msgs;
        }
        for (const rule of stackRules) {
            const msgs = rule.check(app).map((v) => v.message);
            if (msgs.length) findings[rule.name] = msgs;
        }
        expect(findings).toEqual({});

        // Only public tiers get an internet load balancer.
        const publicTiers = Object.entries(r.platform.app.tiers).filter(([, t]) => t.expose === "public").map(([n]) => n).sort();
        const internetLbs = manifests.filter((m) => m.kind === "Service" && m.spec.type === "LoadBalancer" && m.metadata.labels?.["kubeship.io/expose"] === "public").map((m) => m.metadata.name).sort();
        expect(internetLbs).toEqual(publicTiers);
    });
});
