/** Every Kubernetes object of every example validates against the Kubernetes OpenAPI schema. */
import { describe, expect, it } from "vitest";
import { validateManifest } from "../helpers/k8s-models";
import { EXAMPLES, plain, renderExample, type Manifest } from "./render";

function validate(m: Manifest | Record<string, any>): void {
    validateManifest("resource" in m ? plain(m as Manifest) : m);
}

for (const file of EXAMPLES) {
    for (const cluster of ["existing", "aws"] as const) {
        describe(`${file} on ${cluster}`, async () => {
            const r = await renderExample(file, { cluster });
            it("renders every kind it should", () => {
                const kinds = new Set(r.manifests.map((m) => m.kind));
                for (const k of ["Namespace", "ServiceAccount", "Service", "Deployment", "StatefulSet", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"]) expect(kinds).toContain(k);
            });
            it.each(r.manifests.map((m) => [`${m.kind} ${m.metadata.name}`, m] as const))("%s validates", (_, m) => {
                expect(() => validate(m)).not.toThrow();
            });
        });
    }
}

describe("the validator itself", () => {
    it("rejects a malformed object, so the tests above can fail", async () => {
        const r = await renderExample("examples/guestbook.yaml");
        const d = plain(r.manifests.find((m) => m.kind === "Deployment")!) as any;
        const broken = { ...d, spec: { ...d.spec, replicas: "two" } };
        expect(() => validate(broken)).toThrow();
        const noSelector = { ...d, spec: { ...d.spec, selector: undefined } };
        expect(() => validate(noSelector)).toThrow();
        expect(() => validate({ apiVersion: "v1", kind: "Pod" })).toThrow(/no kubernetes-models class/);
    });
});
