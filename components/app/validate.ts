/**
 * Invariants of an app that the config schema cannot express, checked before
 * any resource is created; and the order tiers are created in. Pure, no Pulumi.
 */
import { type PathProblem } from "../config/errors";
import type { AppConfig } from "../config/schema";
import { toExtraContainers } from "./containers";
import { toEnv } from "./env";
import { filesProblems } from "./files";
import { DEFAULT_DENY_POLICY, headlessServiceName, isStateful, jobNamed, jobsOf, portsOf, tierNamed } from "./names";
import { jobsBefore } from "./job";
import { toProbe, toProbes, type ProbeKind } from "./probes";
import { SpecError } from "./spec-error";
import type { ClusterFacts } from "../cluster/types";
import { isLoadBalanced } from "./gateway-policy";
import { secretConfigRefs } from "./pull-secret";

/** A Kubernetes port name (IANA_SVC_NAME): no leading, trailing or double '-'. */
const PORT_NAME = /^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;

/**
 * What the spec builders would refuse: env references that do not resolve,
 * probes on ports that cannot answer them. The loader runs this, so a
 * problem is reported with its position before anything is registered.
 */
export function appSpecProblems(app: AppConfig): PathProblem[] {
    const out: PathProblem[] = [];
    for (const [name, tier] of Object.entries(app.tiers)) {
        // Each probe on its own, so that every bad probe is reported, not only the first.
        const probes = Object.entries(tier.probes).flatMap(([kind, probe]) => (probe ? [() => toProbe(name, tier, kind as ProbeKind, probe)] : []));
        const extra = () => toExtraContainers(["app", "tiers", name], name, tier, app);
        for (const check of [() => toEnv(name, tier, app), ...probes, () => toProbes(name, tier), extra]) {
            try {
                check();
            } catch (e) {
                if (!(e instanceof SpecError)) throw e;
                // toProbes meets the first bad probe again: report it once.
                if (!out.some((p) => p.message === e.detail && p.path.join("\0") === e.path.join("\0"))) out.push({ path: e.path, message: e.detail });
            }
        }
        out.push(...filesProblems(["app", "tiers", name], tier.files));
    }
    // A job's env resolves like a tier's (the job rules report the same problems, positioned, first).
    for (const [name, job] of Object.entries(jobsOf(app))) {
        try {
            toEnv(name, job, app);
        } catch (e) {
            if (!(e instanceof SpecError)) throw e;
            out.push({ path: ["app", "jobs", ...e.path.slice(2)], message: e.detail });
        }
        out.push(...filesProblems(["app", "jobs", name], job.files));
    }
    return out;
}

/**
 * Every problem with an app, for TypeScript callers that pass a prebuilt
 * `app` (the loader checks the same through its rules and `appSpecProblems`).
 * `secretKeys` are the config keys a value was given for; undefined skips that check.
 * `facts`: the cluster's, to refuse Service annotations that clash with its load balancer's.
 */
export function appProblems(app: AppConfig, secretKeys?: ReadonlySet<string>, facts?: Pick<ClusterFacts, "publicLoadBalancerAnnotations" | "internalLoadBalancerAnnotations">): PathProblem[] {
    const out: PathProblem[] = [];
    const names = new Set(Object.keys(app.tiers));
    // Every secret config key a tier or job names must have been given a value.
    const checkSecrets = (at: string[], owner: Parameters<typeof secretConfigRefs>[0]) => {
        for (const { key, at: where } of secretConfigRefs(owner)) {
            if (secretKeys && !secretKeys.has(key)) out.push({ path: [...at, ...where], message: `no value was given for secret config "${key}"; pass it in secrets (pulumi config set --secret kubeship:${key} <value>)` });
        }
    };
    for (const [name, tier] of Object.entries(app.tiers)) {
        const at = ["app", "tiers", name];
        if (name === DEFAULT_DENY_POLICY) out.push({ path: at, key: true, message: `the name "${name}" is taken by the app's default-deny NetworkPolicy; rename the tier` });
        if (isStateful(tier)) {
            const headless = headlessServiceName(name);
            if (names.has(headless)) out.push({ path: at, key: true, message: `its headless Service "${headless}" clashes with the tier of that name; rename one of them` });
            if (headless.length > 63) out.push({ path: at, key: true, message: `the name is too long for its headless Service "${headless}" (${headless.length} > 63 characters); use at most 54 characters` });
        }
        for (const p of portsOf(tier)) {
            if (!PORT_NAME.test(p.name)) out.push({ path: [...at, "ports", p.name], key: true, message: `a port name must not start or end with '-' or contain '--', got "${p.name}"` });
        }
        checkSecrets(at, tier);
        // For a TypeScript caller's app (the loader's rules check the same): kubeship's load-balancer annotations are its own.
        const lbAnnotations = facts && isLoadBalanced(tier) ? (tier.expose === "public" ? facts.publicLoadBalancerAnnotations : facts.internalLoadBalancerAnnotations) : {};
        for (const key of Object.keys(tier.service?.annotations ?? {})) {
            if (Object.hasOwn(lbAnnotations, key)) out.push({ path: [...at, "service", "annotations", key], key: true, message: `is set by kubeship for the tier's load balancer (${key}: ${JSON.stringify(lbAnnotations[key])}); remove it` });
        }
    }
    for (const [name, job] of Object.entries(jobsOf(app))) checkSecrets(["app", "jobs", name], job);
    return [...out, ...appSpecProblems(app)];
}

/**
 * Tier names in an order where every tier comes after the tiers it waits for
 * (config order otherwise). The rules reject waitFor cycles; one here throws.
 */
export function creationOrder(app: AppConfig): string[] {
    const order: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string) => {
        if (state.get(name) === "done") return;
        if (state.get(name) === "visiting") throw new Error(`app.tiers.${name}.waitFor: forms a dependency cycle`);
        state.set(name, "visiting");
        for (const dep of tierNamed(app, name)?.waitFor ?? []) if (tierNamed(app, dep)) visit(dep);
        state.set(name, "done");
        order.push(name);
    };
    for (const name of Object.keys(app.tiers)) visit(name);
    return order;
}

/** A tier or a job, in the order MultiTierApp creates them. */
export interface Workload { kind: "tier" | "job"; name: string }

/**
 * Tiers and jobs in an order where each comes after what it waits for: a job
 * after the tiers of its waitFor, a tier after its waitFor and after the jobs
 * whose runBefore names it (config order otherwise, tiers first). The rules
 * reject cycles; one here throws.
 */
export function workloadOrder(app: AppConfig): Workload[] {
    const order: Workload[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (w: Workload) => {
        const key = `${w.kind}:${w.name}`;
        if (state.get(key) === "done") return;
        if (state.get(key) === "visiting") throw new Error(`app.${w.kind}s.${w.name}: forms a dependency cycle`);
        state.set(key, "visiting");
        const waitFor = (w.kind === "tier" ? tierNamed(app, w.name)?.waitFor : jobNamed(app, w.name)?.waitFor) ?? [];
        for (const dep of waitFor) if (tierNamed(app, dep)) visit({ kind: "tier", name: dep });
        if (w.kind === "tier") for (const job of jobsBefore(app, w.name)) visit({ kind: "job", name: job });
        state.set(key, "done");
        order.push(w);
    };
    for (const name of Object.keys(app.tiers)) visit({ kind: "tier", name });
    for (const name of Object.keys(jobsOf(app))) visit({ kind: "job", name });
    return order;
}
