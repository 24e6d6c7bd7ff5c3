/**
 * The "Workloads" checklist of FIELD-NOTES (what kube-score, kube-linter,
 * Polaris and Checkov check), run over every rendered manifest of every example.
 */
import { describe, expect, it } from "vitest";
import { imagePinProblem } from "../../components/config/formats";
import { EXAMPLES, renderExample, type Manifest } from "./render";

const matches = (selector: Record<string, string> = {}, labels: Record<string, string> = {}) =>
    Object.entries(selector).every(([k, v]) => labels[k] === v);

for (const file of EXAMPLES) {
    for (const cluster of ["existing", "aws"] as const) {
        describe(`${file} on ${cluster}`, async () => {
            const r = await renderExample(file, { cluster });
            const tiers = r.platform.app.tiers;
            const of = (kind: string) => r.manifests.filter((m) => m.kind === kind);
            const workloads = [...of("Deployment"), ...of("StatefulSet")];
            const podLabels = (w: Manifest) => w.spec.template.metadata.labels as Record<string, string>;
            const pods = workloads.map((w) => ({ w, pod: w.spec.template.spec, c: w.spec.template.spec.containers[0], tier: tiers[w.metadata.name] }));

            it("one workload per tier", () => {
                expect(workloads.map((w) => w.metadata.name).sort()).toEqual(Object.keys(tiers).sort());
            });

            it("selectors match pod template labels; Services and PDBs select a workload", () => {
                for (const w of workloads) expect(matches(w.spec.selector.matchLabels, podLabels(w)), w.metadata.name).toBe(true);
                for (const s of of("Service")) expect(workloads.filter((w) => matches(s.spec.selector, podLabels(w))).map((w) => w.metadata.name), s.metadata.name).toHaveLength(1);
                for (const p of of("PodDisruptionBudget")) expect(workloads.some((w) => matches(p.spec.selector.matchLabels, podLabels(w))), p.metadata.name).toBe(true);
            });

            it("each HPA targets an existing workload, which has no replicas", () => {
                const hpas = of("HorizontalPodAutoscaler");
                expect(hpas.map((h) => h.metadata.name).sort()).toEqual(Object.keys(tiers).filter((t) => tiers[t].autoscale).sort());
                for (const h of hpas) {
                    const ref = h.spec.scaleTargetRef;
                    const target = workloads.find((w) => w.kind === ref.kind && w.metadata.name === ref.name && ref.apiVersion === "apps/v1");
                    expect(target, h.metadata.name).toBeDefined();
                    expect(target!.spec, h.metadata.name).not.toHaveProperty("replicas");
                }
            });

            it("replicas >= 2 or HPA min >= 2, except singletons", () => {
                for (const { w, tier } of pods) {
                    if (tier.singleton) expect(w.spec.replicas, w.metadata.name).toBe(1);
                    else if (tier.autoscale) expect(tier.autoscale.min, w.metadata.name).toBeGreaterThanOrEqual(2);
                    else expect(w.spec.replicas, w.metadata.name).toBeGreaterThanOrEqual(2);
                }
            });

            it("every tier has a PDB that still allows an eviction", () => {
                expect(of("PodDisruptionBudget").map((p) => p.metadata.name).sort()).toEqual(Object.keys(tiers).sort());
                for (const p of of("PodDisruptionBudget")) {
                    const w = workloads.find((x) => matches(p.spec.selector.matchLabels, podLabels(x)))!;
                    const replicas = w.spec.replicas ?? tiers[w.metadata.name].autoscale?.min;
                    if (p.spec.minAvailable !== undefined) expect(p.spec.minAvailable, p.metadata.name).toBeLessThan(replicas);
                    else expect(p.spec.maxUnavailable, p.metadata.name).toBeGreaterThanOrEqual(1);
                }
            });

            it("only public and internal-lb tiers get a LoadBalancer", () => {
                for (const s of of("Service")) {
                    const tier = tiers[s.metadata.labels["app.kubernetes.io/name"]];
                    expect(s.spec.type === "LoadBalancer", s.metadata.name).toBe(tier.expose !== "internal" && !s.metadata.name.endsWith("-headless"));
                }
            });

            it("pods: non-root, no escalation, read-only root unless opted out, drop ALL, seccomp, no host namespaces", () => {
                for (const { w, pod, c, tier } of pods) {
                    const n = w.metadata.name;
                    expect(pod.securityContext.runAsNonRoot && c.securityContext.runAsNonRoot, n).toBe(true);
                    expect(c.securityContext.allowPrivilegeEscalation, n).toBe(false);
                    expect(c.securityContext.privileged, n).toBe(false);
                    expect(c.securityContext.readOnlyRootFilesystem, n).toBe(tier.security.readOnlyRootFilesystem);
                    expect(c.securityContext.capabilities.drop, n).toEqual(["ALL"]);
                    expect(c.securityContext.capabilities.add, n).toBeUndefined();
                    expect(pod.securityContext.seccompProfile.type, n).toBe("RuntimeDefault");
                    expect([pod.hostNetwork, pod.hostPID, pod.hostIPC], n).toEqual([false, false, false]);
                    expect(pod.volumes, n).toContainEqual({ name: "tmp", emptyDir: {} });
                }
                const defaults = pods.filter((p) => p.tier.security.readOnlyRootFilesystem);
                expect(defaults.length).toBeGreaterThan(0);
            });

            it("a dedicated ServiceAccount per tier, with no automounted token", () => {
                for (const { w, pod } of pods) {
                    expect(pod.serviceAccountName, w.metadata.name).toBe(w.metadata.name);
                    expect(pod.automountServiceAccountToken, w.metadata.name).toBe(false);
                    const sa = of("ServiceAccount").find((s) => s.metadata.name === pod.serviceAccountName);
                    expect(sa?.automountServiceAccountToken, w.metadata.name).toBe(false);
                }
            });

            it("requests CPU and memory, limits memory", () => {
                for (const { w, c } of pods) {
                    expect(c.resources.requests.cpu, w.metadata.name).toBeTruthy();
                    expect(c.resources.requests.memory, w.metadata.name).toBeTruthy();
                    expect(c.resources.limits.memory, w.metadata.name).toBeTruthy();
                }
            });

            it("readiness and liveness probes, not identical", () => {
                for (const { w, c } of pods) {
                    expect(c.readinessProbe, w.metadata.name).toBeDefined();
                    expect(c.livenessProbe, w.metadata.name).toBeDefined();
                    expect(c.readinessProbe, w.metadata.name).not.toEqual(c.livenessProbe);
                }
            });

            it("pinned image tags; topology spread", () => {
                for (const { w, c, pod } of pods) {
                    expect(imagePinProblem(c.image), w.metadata.name).toBeUndefined();
                    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey), w.metadata.name).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
                }
            });

            it("secrets by reference only", () => {
                for (const { w, c, tier } of pods) {
                    for (const name of Object.keys(tier.secrets)) {
                        const e = c.env.find((x: any) => x.name === name);
                        expect(e, `${w.metadata.name} ${name}`).toEqual({ name, valueFrom: { secretKeyRef: { name: expect.any(String), key: name } } });
                        // The reference names the tier's own Secret (provider-named), which holds that key.
                        const secret = of("Secret").find((s) => s.metadata.name === e.valueFrom.secretKeyRef.name);
                        expect(secret?.metadata.labels["app.kubernetes.io/name"], `${w.metadata.name} ${name}`).toBe(w.metadata.name);
                        expect(Object.keys(secret?.stringData ?? {})).toContain(name);
                    }
                }
            });

            it("the namespace enforces restricted Pod Security", () => {
                expect(of("Namespace")[0].metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
            });

            it("NetworkPolicy on every pod: a default deny, and a policy per tier", () => {
                const policies = of("NetworkPolicy");
                const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 || Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0);
                expect(deny?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
                expect(deny?.spec.ingress ?? []).toEqual([]);
                expect(deny?.spec.egress ?? []).toEqual([]);
                for (const w of workloads) {
                    const own = policies.filter((p) => p !== deny && matches(p.spec.podSelector.matchLabels, podLabels(w)));
                    expect(own.map((p) => p.metadata.name), w.metadata.name).toEqual([w.metadata.name]);
                }
            });

            it("a tier accepts in-cluster traffic only from the tiers that talk to it", () => {
                for (const p of of("NetworkPolicy").filter((x) => x.metadata.name in tiers)) {
                    // talksTo, or an env value that names the tier's host, port or url (README "Who talks to whom").
                    const names = (t: string) => Object.values(tiers[t].env).some((v) => String(v).includes(`\${${p.metadata.name}.`) && /\.(host|port|url)\}/.test(String(v)));
                    const talkers = Object.keys(tiers).filter((t) => t !== p.metadata.name && (tiers[t].talksTo.includes(p.metadata.name) || names(t))).sort();
                    const from = (p.spec.ingress as any[]).flatMap((rule) => (rule.from ?? []).map((f: any) => f.podSelector?.matchLabels["app.kubernetes.io/name"]).filter(Boolean)).sort();
                    expect(from, p.metadata.name).toEqual(talkers);
                    // Outside traffic: a rule with ports and no `from` (all sources, incl. SNATed node IPs); never an ipBlock.
                    const outside = (p.spec.ingress as any[]).some((rule) => rule.from === undefined && rule.ports?.length);
                    expect(outside, p.metadata.name).toBe(tiers[p.metadata.name].expose !== "internal");
                    expect((p.spec.ingress as any[]).some((rule) => (rule.from ?? []).some((f: any) => f.ipBlock)), p.metadata.name).toBe(false);
                }
            });
        });
    }
}
