/** Issue 12 §4: env references are talksTo edges; talksTo is for traffic no env var names. */
import { describe, expect, it } from "vitest";
import { effectiveTalksTo, envReferencedTiers, talkersTo } from "../../components/app/talks-to";
import { resolveValue } from "../../components/app/env";
import { app } from "./fixtures";
import { renderExample } from "./render";

describe("effective talksTo", () => {
    const a = app({
        web: { image: "w:1", ports: { http: 8080 }, talksTo: ["cache"], env: { API: "${api.url}", DB: "${db.host}:${db.port}", SELF: "${web.host}", NAME: "${db.name}", LIT: "$${api.host}" } },
        api: { image: "a:1", ports: { http: { port: 80, targetPort: 8080 } } },
        db: { image: "d:1", ports: { pg: 5432 } },
        cache: { image: "c:1", ports: { redis: 6379 } },
    });

    it("adds every tier an env value names with host, port or url; not itself, not ${x.name}, not $${...}", () => {
        expect(envReferencedTiers("web", a.tiers.web, a)).toEqual(["api", "db"]);
        expect(effectiveTalksTo("web", a)).toEqual(["api", "db", "cache"]); // in declaration order
        expect(talkersTo("api", a)).toEqual(["web"]);
        expect(talkersTo("web", a)).toEqual([]);
    });

    it("${tier.port} is the Service port, ${tier.url} http://host:Service port, ${tier.host} the Service's DNS name", () => {
        expect(resolveValue("${api.port}", a)).toBe("80");
        expect(resolveValue("${api.url}", a)).toBe("http://api.demo.svc.cluster.local:80");
        expect(resolveValue("${api.host}", a)).toBe("api.demo.svc.cluster.local");
        expect(resolveValue("${api.name}", a)).toBe("api");
    });
});

describe("removing a tier from talksTo while an env var still names it", () => {
    it("changes nothing in the rendered manifests", async () => {
        const before = await renderExample("examples/shop.yaml");
        // The shop's gateway names storefront, catalog, cart and checkout in env; drop them all from talksTo.
        const after = await renderExample("examples/shop.yaml", { edit: (p) => { for (const t of Object.values(p.app.tiers)) t.talksTo = []; } });
        const strip = (ms: typeof before.manifests) => ms.map(({ resource: _r, ...m }) => m);
        expect(strip(after.manifests)).toEqual(strip(before.manifests));
        // It is not vacuous: the gateway's policy does reach the tiers its env names.
        const gateway = before.manifests.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === "gateway")!;
        expect(gateway.spec.egress.map((r: any) => r.to?.[0]?.podSelector?.matchLabels?.["app.kubernetes.io/name"]).filter(Boolean))
            .toEqual(["storefront", "catalog", "cart", "checkout"]);
    });

    it("while removing one that no env var names does change them", async () => {
        const before = await renderExample("examples/shop.yaml");
        const after = await renderExample("examples/shop.yaml", { edit: (p) => { p.app.tiers.mailer.talksTo = []; p.app.tiers.mailer.env = {}; } });
        const policy = (ms: typeof before.manifests) => ms.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === "mailer")!.spec;
        expect(policy(after.manifests)).not.toEqual(policy(before.manifests));
    });
});
