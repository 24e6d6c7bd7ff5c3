/** Every Kubernetes object of every example validates against the Kubernetes OpenAPI schema. */
import { describe, expect, it } from "vitest";
import { Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { EXAMPLES, plain, renderExample, type Manifest } from "./render";

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
    "v1/Namespace": Namespace, "v1/Secret": Secret, "v1/Service": Service, "v1/ServiceAccount": ServiceAccount,
    "apps/v1/Deployment": Deployment, "apps/v1/StatefulSet": StatefulSet,
    "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
    "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
    "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};

function validate(m: Manifest | Record<string, any>): void {
    const model = MODELS[`${m.apiVersion}/${m.kind}`];
    if (!model) throw new Error(`no kubernetes-models class for ${m.apiVersion} ${m.kind}`);
    new model("resource" in m ? plain(m as Manifest) : m).validate();
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
