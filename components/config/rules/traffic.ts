/**
 * Rules for a tier's traffic and placement that need more than the tier:
 * egress a cluster cannot enforce (FQDN), the metadata address, allowFrom
 * ports checked against the tier's ports, and `pool` against the cluster's
 * pools. They read the merged config before defaults, like every rule.
 */
import { METADATA_CIDR } from "../../app/egress";
import { contains, parseCidr } from "../../cluster/cidr";
import { showValue } from "../errors";
import { closest } from "../formats";
import { INTERNET } from "../tier-network";
import { asObj, has, isObj, type Obj, type RuleProblem } from "./shared";

/**
 * Why each target refuses `{host: ...}` egress. kubeship emits no FQDN policy
 * yet: each cloud's kind needs a cluster feature kubeship does not turn on.
 */
export const FQDN_UNAVAILABLE: Record<string, string> = {
    aws: "EKS's network policy agent (VPC CNI) has no FQDN policies",
    gcp: "GKE's FQDNNetworkPolicy needs GKE Enterprise and the cluster's enableFqdnNetworkPolicy, which kubeship does not turn on",
    azure: "AKS filters by FQDN only with Advanced Container Networking Services (a paid add-on), which kubeship does not turn on",
    existing: "kubeship emits no FQDN policy for an existing cluster",
};

/** A declared port as the rules see it: its name, Service port and container port. */
interface DeclaredPort { name: string; port?: number; targetPort?: number }

function declaredPorts(tier: Obj): DeclaredPort[] {
    return Object.entries(asObj(tier.ports)).map(([name, v]) => {
        if (typeof v === "number") return { name, port: v, targetPort: v };
        const o = asObj(v);
        const port = typeof o.port === "number" ? o.port : undefined;
        return { name, port, targetPort: typeof o.targetPort === "number" ? o.targetPort : port };
    });
}

export function trafficRules(root: Obj): RuleProblem[] {
    const cluster = asObj(root.cluster);
    const app = asObj(root.app);
    const namespace = typeof app.namespace === "string" ? app.namespace : app.name;
    const out: RuleProblem[] = [];
    for (const [name, t] of Object.entries(asObj(app.tiers))) {
        if (!isObj(t) || name === "__proto__") continue;
        out.push(...egressRules(name, t, cluster), ...allowFromRules(name, t, namespace), ...poolRules(name, t, cluster));
    }
    return out;
}

export function egressRules(name: string, tier: Obj, cluster: Obj): RuleProblem[] {
    if (!Array.isArray(tier.egress)) return [];
    const cloud = typeof cluster.cloud === "string" && Object.hasOwn(FQDN_UNAVAILABLE, cluster.cloud) ? cluster.cloud : undefined;
    const metadata = parseCidr(METADATA_CIDR) as { base: number; prefix: number };
    return tier.egress.flatMap((entry, i): RuleProblem[] => {
        const at = ["app", "tiers", name, "egress", i];
        const cidr = typeof entry === "string" ? entry : asObj(entry).cidr;
        if (isObj(entry) && typeof entry.host === "string" && entry.cidr === undefined && cloud) {
            return [{ path: [...at, "host"], message: `FQDN egress is not available on ${cloud}: ${FQDN_UNAVAILABLE[cloud]}, got ${showValue(entry.host)}; allow the service's published address ranges instead, e.g. {cidr: 52.0.0.0/8, ports: [443]}, or {cidr: internet, ports: [443]}` }];
        }
        if (typeof cidr === "string" && cidr !== INTERNET) {
            const parsed = parseCidr(cidr);
            if (typeof parsed !== "string" && contains(metadata, parsed)) {
                return [{ path: typeof entry === "string" ? at : [...at, "cidr"], message: `is the cloud metadata address, which egress never opens (it hands out the node's credentials), got ${showValue(cidr)}; remove it` }];
            }
        }
        return [];
    });
}

function allowFromRules(name: string, tier: Obj, namespace: unknown): RuleProblem[] {
    if (!Array.isArray(tier.allowFrom)) return [];
    const ports = declaredPorts(tier);
    const names = ports.map((p) => p.name);
    const out: RuleProblem[] = [];
    tier.allowFrom.forEach((entry, i) => {
        if (!isObj(entry)) return;
        const at = ["app", "tiers", name, "allowFrom", i];
        if (ports.length === 0) {
            out.push({ path: at, message: `tier "${name}" has no ports to receive traffic on; give it a port or remove allowFrom` });
            return;
        }
        if (typeof entry.namespace === "string" && entry.namespace === namespace) {
            out.push({ path: [...at, "namespace"], message: `is the app's own namespace, got ${showValue(entry.namespace)}; tiers of the app reach each other through talksTo (or an env reference)` });
        }
        if (!Array.isArray(entry.ports)) return;
        entry.ports.forEach((p, j) => {
            const where = [...at, "ports", j];
            if (typeof p === "string" && !names.includes(p)) {
                const hint = closest(p, names);
                out.push({ path: where, message: `names an unknown port, got ${showValue(p)}; ${hint ? `did you mean "${hint}"?` : `ports: ${names.join(", ")}`}` });
            } else if (typeof p === "number" && !ports.some((d) => d.targetPort === p || d.port === p)) {
                out.push({ path: where, message: `is not one of the tier's ports, got ${p}; ports: ${ports.map((d) => `${d.name} (${d.targetPort})`).join(", ")}` });
            }
        });
    });
    return out;
}

export function poolRules(name: string, tier: Obj, cluster: Obj): RuleProblem[] {
    if (typeof tier.pool !== "string") return [];
    const at = ["app", "tiers", name, "pool"];
    // On an existing cluster too: its nodes carry no kubeship pool label, so the placement is
    // not applied there (the render notes it), but the app file stays the one that runs everywhere.
    const pools = Object.keys(asObj(cluster.nodePools));
    if (has(cluster.nodePools, tier.pool)) return [];
    const hint = closest(tier.pool, pools);
    return [{ path: at, message: `names an unknown node pool, got ${showValue(tier.pool)}; ${hint ? `did you mean "${hint}"?` : `cluster.nodePools: ${pools.join(", ") || "none"}`}` }];
}
