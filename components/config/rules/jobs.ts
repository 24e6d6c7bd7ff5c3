/**
 * Rules of `app.jobs`: what the job schema cannot see alone. Job names share
 * the namespace with tiers (a job has a ServiceAccount and a NetworkPolicy
 * named after it), runBefore and schedule exclude each other, the CronJob
 * fields need a schedule, references name tiers, and the order of tiers and
 * jobs has no cycle. They read the raw merged config, like every rule.
 */
import { DEFAULT_DENY_POLICY } from "../../app/names";
import { SOLVER_POLICY } from "../../gateway/names";
import { showValue } from "../errors";
import { closest } from "../formats";
import { asObj, has, isObj, strings, type Obj, type RuleProblem } from "./shared";
import { egressRules, poolRules } from "./traffic";
import { mountRules, resourceRules } from "./workload";

/** A CronJob's name: the controller appends 11 characters to it for each Job, whose name is at most 63 (kubernetes.io "CronJob"). */
export const MAX_CRONJOB_NAME = 52;
/**
 * A one-off Job's name is `<job>-<hash>`; the Job controller puts it in the pods'
 * `batch.kubernetes.io/job-name` label, whose value is at most 63 characters.
 */
export const JOB_HASH_LENGTH = 8;
export const MAX_JOB_NAME = 63 - JOB_HASH_LENGTH - 1;

/** Fields that shape a CronJob only. */
export const SCHEDULE_ONLY = ["timeZone", "concurrencyPolicy", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds", "suspend", "ttlSecondsAfterFinished"] as const;

/** `$$`, a `${...}` reference, or a `${` left open (as rules.ts reads env values). */
const REFERENCE_OR_ESCAPE = /\$\$|\$\{([^}]*)\}|(\$\{)/g;
const ATTRIBUTES = ["host", "port", "url", "name"];

/** The tier rules' checks, with their paths moved from app.tiers to app.jobs. */
const asJob = (problems: RuleProblem[]): RuleProblem[] =>
    problems.map((p) => (p.path[1] === "tiers" ? { ...p, path: ["app", "jobs", ...p.path.slice(2)] } : p));

export function jobRules(root: Obj): RuleProblem[] {
    const app = asObj(root.app);
    const tiers = asObj(app.tiers);
    const jobs = asObj(app.jobs);
    const tierNames = Object.keys(tiers);
    const out: RuleProblem[] = [];
    const portsOf = (tier: string) => Object.keys(asObj(asObj(tiers[tier]).ports));
    const unknownTier = (target: string) => {
        const hint = closest(target, tierNames);
        return hint ? `did you mean "${hint}"?` : `known tiers: ${tierNames.join(", ") || "none"}`;
    };
    for (const [name, j] of Object.entries(jobs)) {
        if (!isObj(j) || name === "__proto__") continue;
        const at = (...p: (string | number)[]) => ["app", "jobs", name, ...p];
        const scheduled = j.schedule !== undefined;
        if (has(tiers, name)) {
            out.push({ path: at(), key: true, message: `a tier has this name too, and a job's ServiceAccount and NetworkPolicy take its name in the namespace; rename the job or the tier` });
        } else if (name === DEFAULT_DENY_POLICY || name === SOLVER_POLICY) {
            out.push({ path: at(), key: true, message: `the name "${name}" is taken by one of the app's NetworkPolicies; rename the job` });
        }
        const max = scheduled ? MAX_CRONJOB_NAME : MAX_JOB_NAME;
        if (name.length > max && name.length <= 63) {
            const why = scheduled ? "the CronJob controller adds 11 characters to it for each run" : `its Job is named "<name>-<${JOB_HASH_LENGTH}-character hash>"`;
            out.push({ path: at(), key: true, message: `a ${scheduled ? "scheduled" : "one-off"} job's name may have at most ${max} characters (${why}, and a Job's name at most 63), got ${name.length}; shorten it` });
        }
        if (scheduled && Array.isArray(j.runBefore) && j.runBefore.length > 0) {
            out.push({ path: at("runBefore"), message: `conflicts with schedule (a scheduled job runs on its own, not as part of a rollout), got runBefore: [${strings(j.runBefore).map((e) => e.value).join(", ")}]; remove runBefore, or schedule to make it a migration` });
        }
        if (!scheduled) {
            for (const field of SCHEDULE_ONLY) {
                if (j[field] !== undefined) out.push({ path: at(field), message: `only applies to a scheduled job, got ${showValue(j[field])}; add schedule or remove ${field}` });
            }
        }
        for (const field of ["runBefore", "waitFor", "talksTo"] as const) {
            for (const { value, index } of strings(j[field])) {
                if (!has(tiers, value)) {
                    const other = has(jobs, value) ? `names a job, but only tiers can be named here, got ${showValue(value)}` : `names an unknown tier, got ${showValue(value)}`;
                    out.push({ path: at(field, index), message: `${other}; ${unknownTier(value)}` });
                } else if (field === "talksTo" && portsOf(value).length === 0) {
                    out.push({ path: at(field, index), message: `names tier "${value}", which has no ports to talk to; give "${value}" a port or remove it` });
                }
            }
        }
        for (const [key, value] of Object.entries(asObj(j.env))) {
            if (typeof value === "string") out.push(...referenceProblems(value, at("env", key), tiers, unknownTier));
            if (has(j.secrets, key)) out.push({ path: at("secrets", key), key: true, message: `sets ${key}, which env also sets; keep one` });
        }
        out.push(...asJob([...mountRules(name, j), ...resourceRules(name, asObj(j.resources)), ...egressRules(name, j, asObj(root.cluster)), ...poolRules(name, j, asObj(root.cluster))]));
    }
    out.push(...orderCycles(tiers, jobs));
    return out;
}

/** Env references of a job: `${tier.attr}` naming a tier (with a port, unless `name`). */
function referenceProblems(value: string, path: (string | number)[], tiers: Obj, unknownTier: (t: string) => string): RuleProblem[] {
    const out: RuleProblem[] = [];
    for (const m of value.matchAll(REFERENCE_OR_ESCAPE)) {
        if (m[2] !== undefined) {
            out.push({ path, message: `reference ${showValue(value.slice(m.index))} has no closing "}"; close it, or write "$\${" for a literal "\${"` });
        } else if (m[1] !== undefined) {
            const [target, attr, ...rest] = m[1].split(".");
            if (!attr || rest.length || !ATTRIBUTES.includes(attr)) {
                out.push({ path, message: `reference ${showValue(m[0])} must be \${tier.host}, \${tier.port}, \${tier.url} or \${tier.name}` });
            } else if (!has(tiers, target)) {
                out.push({ path, message: `reference ${showValue(m[0])} names an unknown tier; ${unknownTier(target)}` });
            } else if (attr !== "name" && Object.keys(asObj(asObj(tiers[target]).ports)).length === 0) {
                out.push({ path, message: `reference ${showValue(m[0])} needs a port, but tier "${target}" has none` });
            }
        }
    }
    return out;
}

/**
 * Cycles through a job: a job comes after the tiers it waits for, and the
 * tiers of its runBefore come after it, so `migrate: {waitFor: [web],
 * runBefore: [web]}` (directly or through tiers' waitFor) can never start.
 * Cycles of tiers alone are reported by the tier rules. Each is reported once,
 * at the runBefore entry that closes it.
 */
export function orderCycles(tiers: Obj, jobs: Obj): RuleProblem[] {
    const jobNames = Object.keys(jobs).filter((n) => n !== "__proto__" && isObj(jobs[n]) && !has(tiers, n));
    // Nodes: "t:<tier>", "j:<job>"; an edge points at what must exist first.
    const before = new Map<string, string[]>();
    const add = (node: string, dep: string) => before.set(node, [...(before.get(node) ?? []), dep]);
    for (const t of Object.keys(tiers)) for (const { value } of strings(asObj(tiers[t]).waitFor)) if (has(tiers, value) && value !== t) add(`t:${t}`, `t:${value}`);
    for (const j of jobNames) {
        for (const { value } of strings(asObj(jobs[j]).waitFor)) if (has(tiers, value)) add(`j:${j}`, `t:${value}`);
        for (const { value } of strings(asObj(jobs[j]).runBefore)) if (has(tiers, value)) add(`t:${value}`, `j:${j}`);
    }
    const out: RuleProblem[] = [];
    const show = (node: string) => (node.startsWith("j:") ? `job ${node.slice(2)}` : node.slice(2));
    for (const j of jobNames) {
        strings(asObj(jobs[j]).runBefore).forEach(({ value, index }) => {
            if (!has(tiers, value)) return;
            // Does the job (transitively) need `value` to exist first? Then `value` waiting for the job is a cycle.
            const path = findPath(`j:${j}`, `t:${value}`, before);
            if (path) {
                out.push({ path: ["app", "jobs", j, "runBefore", index], message: `forms a cycle: ${[...path, `j:${j}`].map(show).join(" waits for ")}; a job cannot run before a tier it waits for: remove ${value} from runBefore or from the waitFor chain` });
            }
        });
    }
    return out;
}

/** A path from `from` to `to` along `edges`, or undefined. */
function findPath(from: string, to: string, edges: Map<string, string[]>): string[] | undefined {
    const seen = new Set<string>();
    const walk = (node: string): string[] | undefined => {
        if (node === to) return [node];
        if (seen.has(node)) return undefined;
        seen.add(node);
        for (const next of edges.get(node) ?? []) {
            const rest = walk(next);
            if (rest) return [node, ...rest];
        }
        return undefined;
    };
    return walk(from);
}
