/**
 * Rules that span several fields or tiers. They read the merged config before
 * schema defaults are applied, guard every access (the schema reports wrong
 * types), and return problems as `{path, message}`; the loader adds positions.
 */
// The Kubernetes names the app derives from tier names, from the one place that makes them.
import { DEFAULT_DENY_POLICY, headlessServiceName } from "../app/names";
import { contains, parseCidr, type Cidr } from "../cluster/cidr";
import { closest, REGION_FORMATS } from "./formats";
import { showValue } from "./errors";
import { namespaceRules, protoKeys } from "./rules/names";
import { gatewayRules } from "./rules/gateway";
import { jobRules } from "./rules/jobs";
import { metadataRules } from "./rules/metadata";
import { registryRules } from "./rules/registries";
import { asObj, has, isObj, strings, type Obj, type RuleProblem } from "./rules/shared";
import { trafficRules } from "./rules/traffic";
import { backingRules } from "./rules/backing";
import { mountRules, portRules, resourceRules } from "./rules/workload";
import { podRules } from "./rules/pod";

export type { RuleProblem } from "./rules/shared";

/** `${tier.attr}` references in env values. */
export const ENV_REFERENCE = /\$\{([^}]*)\}/g;
export const REFERENCE_ATTRIBUTES = ["host", "port", "url", "name"] as const;
/**
 * A reference, or the escape `$$` (a literal `$`), as the app's env resolution
 * reads them; and a `${` that no `}` closes (group 2), which it would keep as text.
 */
const ENV_REFERENCE_OR_ESCAPE = /\$\$|\$\{([^}]*)\}|(\$\{)/g;


export function checkRules(raw: unknown): RuleProblem[] {
    const root = asObj(raw);
    const app = asObj(root.app);
    return [...protoKeys(raw), ...clusterRules(asObj(root.cluster)), ...namespaceRules(app), ...tierRules(asObj(app.tiers)), ...trafficRules(root), ...prodRules(root), ...gatewayRules(root), ...metadataRules(root), ...registryRules(root), ...backingRules(root), ...jobRules(root),
        ...Object.entries(asObj(app.jobs)).flatMap(([name, job]) => podRules(name, asObj(job), "jobs"))];
}

/**
 * The documentation ranges (RFC 5737, https://www.rfc-editor.org/rfc/rfc5737): no real
 * client has these addresses, so an API endpoint that allows only them admits no one.
 */
export const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;

function clusterRules(cluster: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const cloud = cluster.cloud;
    if (cloud === "aws" || cloud === "gcp" || cloud === "azure") {
        // No CIDR means no one on EKS and GKE, but everyone on AKS (no authorized ranges): refuse it everywhere.
        const endpoint = asObj(cluster.endpoint);
        if (endpoint.public !== false && Array.isArray(endpoint.allowedCidrs) && endpoint.allowedCidrs.length === 0) {
            out.push({ path: ["cluster", "endpoint", "allowedCidrs"], message: "a public endpoint needs at least one CIDR, got []; list your networks or set endpoint.public: false" });
        }
        // A placeholder left in place shuts out every deploy: the API calls time out, and destroy hangs.
        for (const { value, index } of strings(endpoint.allowedCidrs)) {
            const block = parseCidr(value);
            if (typeof block !== "string" && DOCUMENTATION_RANGES.some((doc) => contains(parseCidr(doc) as Cidr, block))) {
                out.push({ path: ["cluster", "endpoint", "allowedCidrs", index], message: `is a documentation range (RFC 5737), which no real client has, got ${showValue(value)}; list the addresses your deploys and operators come from` });
            }
        }
        const fmt = REGION_FORMATS[cloud];
        if (cluster.region === undefined) {
            out.push({ path: ["cluster", "region"], message: `is required on ${cloud}; set kubeship:region in the stack or cluster.region, e.g. ${fmt.example}` });
        } else if (typeof cluster.region === "string" && !fmt.pattern.test(cluster.region)) {
            out.push({ path: ["cluster", "region"], message: `is not a ${cloud} region name, got ${showValue(cluster.region)}; use the form ${fmt.example}` });
        }
    }
    if (cloud === "gcp" && asObj(cluster.gcp).subnetwork !== undefined && asObj(cluster.gcp).network === undefined) {
        out.push({ path: ["cluster", "gcp", "network"], message: "is required when cluster.gcp.subnetwork is set; set the subnetwork's VPC (name or self link)" });
    }
    if (cloud === "gcp" && asObj(cluster.gcp).project === undefined) {
        out.push({ path: ["cluster", "gcp", "project"], message: "is required on gcp; set cluster.gcp.project (in the stack's kubeship:overrides or the file)" });
    }
    return out;
}

function tierRules(tiers: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const names = Object.keys(tiers);
    const portsOf = (name: string) => asObj(has(tiers, name) ? asObj(tiers[name]).ports : undefined);
    const refProblem = (name: string, field: string, i: number, target: string) => {
        if (target === name) return { path: ["app", "tiers", name, field, i], message: `a tier cannot name itself, got ${showValue(target)}; remove it` };
        if (!has(tiers, target)) {
            const hint = closest(target, names);
            return { path: ["app", "tiers", name, field, i], message: `names an unknown tier, got ${showValue(target)}; ${hint ? `did you mean "${hint}"?` : `known tiers: ${names.join(", ")}`}` };
        }
        return undefined;
    };

    for (const name of names) {
        // The schema says what a tier that is not a map should be; the rules say why "__proto__" cannot be a name.
        if (!isObj(tiers[name]) || name === "__proto__") continue;
        const tier = asObj(tiers[name]);
        const ports = Object.keys(portsOf(name));
        if (name === DEFAULT_DENY_POLICY) {
            out.push({ path: ["app", "tiers", name], key: true, message: `the name "${name}" is taken by the app's default-deny NetworkPolicy; rename the tier` });
        }
        if (tier.storage !== undefined) {
            if (has(tiers, headlessServiceName(name))) {
                out.push({ path: ["app", "tiers", name, "storage"], message: `a stateful tier gets a headless Service "${headlessServiceName(name)}", which clashes with the tier of that name; rename one of them` });
            }
            if (name.length > 54) {
                out.push({ path: ["app", "tiers", name], key: true, message: `a stateful tier's name may have at most 54 characters (its headless Service adds "-headless"), got ${name.length}` });
            }
        }
        out.push(...mountRules(name, tier), ...portRules(name, portsOf(name)), ...resourceRules(name, asObj(tier.resources)), ...podRules(name, tier));
        for (const port of ports) {
            if (port.includes("--")) out.push({ path: ["app", "tiers", name, "ports", port], key: true, message: `a port name must not contain '--', got "${port}"` });
        }
        for (const field of ["talksTo", "waitFor"] as const) {
            for (const { value, index } of strings(tier[field])) {
                const p = refProblem(name, field, index, value);
                if (p) out.push(p);
                else if (field === "talksTo" && Object.keys(portsOf(value)).length === 0) {
                    out.push({ path: ["app", "tiers", name, field, index], message: `names tier "${value}", which has no ports to talk to; give "${value}" a port or remove it` });
                }
            }
        }
        for (const [key, value] of Object.entries(asObj(tier.env))) {
            if (typeof value !== "string") continue;
            for (const m of value.matchAll(ENV_REFERENCE_OR_ESCAPE)) {
                const path = ["app", "tiers", name, "env", key];
                if (m[2] !== undefined) {
                    out.push({ path, message: `reference ${showValue(value.slice(m.index))} has no closing "}"; close it, or write "$\${" for a literal "\${"` });
                    continue;
                }
                if (m[1] === undefined) continue; // "$$" is a literal "$"
                const [target, attr, ...rest] = m[1].split(".");
                if (!attr || rest.length || !(REFERENCE_ATTRIBUTES as readonly string[]).includes(attr)) {
                    out.push({ path, message: `reference ${showValue(m[0])} must be \${tier.host}, \${tier.port}, \${tier.url} or \${tier.name}` });
                } else if (!has(tiers, target)) {
                    const hint = closest(target, names);
                    out.push({ path, message: `reference ${showValue(m[0])} names an unknown tier; ${hint ? `did you mean "${hint}"?` : `known tiers: ${names.join(", ")}`}` });
                } else if (attr !== "name" && Object.keys(portsOf(target)).length === 0) {
                    out.push({ path, message: `reference ${showValue(m[0])} needs a port, but tier "${target}" has none` });
                }
            }
            if (has(tier.secrets, key)) {
                out.push({ path: ["app", "tiers", name, "secrets", key], key: true, message: `sets ${key}, which env also sets; keep one` });
            }
        }
        if (ports.length === 0) {
            if (tier.expose === "public" || tier.expose === "internal-lb") {
                out.push({ path: ["app", "tiers", name, "expose"], message: `a ${showValue(tier.expose)} tier needs a port to expose; add ports, e.g. ports: {http: 8080}` });
            }
            const probes = asObj(tier.probes);
            for (const kind of ["readiness", "liveness"] as const) {
                if (probes[kind] === undefined) {
                    out.push({ path: ["app", "tiers", name, "probes"], message: `a tier without ports needs a ${kind} probe (kube-score requires one); add probes.${kind}: {exec: [...]} or a port` });
                }
            }
        }
        for (const [kind, probe] of Object.entries(asObj(tier.probes))) {
            const p = asObj(probe);
            const field = (["port", "tcp", "grpc"] as const).find((f) => p[f] !== undefined);
            const port = field && p[field];
            if (field && typeof port === "string" && !ports.includes(port)) {
                const hint = closest(port, ports);
                out.push({ path: ["app", "tiers", name, "probes", kind, field], message: `names an unknown port, got ${showValue(port)}; ${hint ? `did you mean "${hint}"?` : `ports: ${ports.join(", ") || "none"}`}` });
            }
        }
    }
    out.push(...waitForCycles(tiers));
    return out;
}

/** Every cycle in `waitFor`, reported once, at the tier where it is first entered. */
export function waitForCycles(tiers: Obj): RuleProblem[] {
    const edges = (n: string) => strings(asObj(tiers[n]).waitFor).map((s) => s.value).filter((t) => has(tiers, t) && t !== n);
    const state = new Map<string, "visiting" | "done">();
    const out: RuleProblem[] = [];
    const stack: string[] = [];
    const visit = (n: string) => {
        state.set(n, "visiting");
        stack.push(n);
        for (const next of edges(n)) {
            if (state.get(next) === "visiting") {
                const cycle = [...stack.slice(stack.indexOf(next)), next];
                out.push({ path: ["app", "tiers", next, "waitFor"], message: `forms a dependency cycle ${cycle.join(" -> ")}; remove one of these waitFor entries` });
            } else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(n, "done");
    };
    for (const n of Object.keys(tiers).sort()) if (!state.has(n)) visit(n);
    return out;
}

/** Production guard rails: high availability and a locked-down API endpoint. */
function prodRules(root: Obj): RuleProblem[] {
    const cluster = asObj(root.cluster);
    if (cluster.environment !== "prod") return [];
    const out: RuleProblem[] = [];
    for (const [name, t] of Object.entries(asObj(asObj(root.app).tiers))) {
        const tier = asObj(t);
        if (tier.singleton === true) continue;
        const auto = asObj(tier.autoscale);
        if (typeof auto.min === "number" && auto.min < 2) {
            out.push({ path: ["app", "tiers", name, "autoscale", "min"], message: `must be >= 2 in prod (one replica cannot survive a node drain), got ${auto.min}` });
        } else if (tier.autoscale === undefined && typeof tier.replicas === "number" && tier.replicas < 2) {
            out.push({ path: ["app", "tiers", name, "replicas"], message: `must be >= 2 in prod (one replica cannot survive a node drain), got ${tier.replicas}` });
        }
    }
    const endpoint = asObj(cluster.endpoint);
    if (cluster.cloud !== "existing" && endpoint.public !== false) {
        const cidrs = endpoint.allowedCidrs;
        if (cidrs === undefined || (Array.isArray(cidrs) && cidrs.includes("0.0.0.0/0"))) {
            out.push({ path: ["cluster", "endpoint", cidrs === undefined ? "public" : "allowedCidrs"], message: "a prod API endpoint must not be open to 0.0.0.0/0; set endpoint.allowedCidrs to your networks or endpoint.public: false" });
        }
    }
    const pools = Object.entries(asObj(cluster.nodePools));
    if (pools.length > 0) {
        const [firstName, first] = pools[0];
        const min = asObj(first).min;
        if (typeof min === "number" && min < 2) {
            out.push({ path: ["cluster", "nodePools", firstName, "min"], message: `the first (system) pool must keep >= 2 nodes in prod, got ${min}` });
        }
    }
    return out;
}
