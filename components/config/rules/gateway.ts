/**
 * Rules of the HTTPS entry (`http` on tiers, `app.gateway`): what the schema
 * cannot see alone. Like every rule module, they read the raw merged config
 * and guard every access; the schema reports wrong types.
 */
import { REDIRECT_ROUTE, SOLVER_POLICY } from "../../gateway/names";
import { showValue } from "../errors";
import { closest } from "../formats";
import { asObj, has, isObj, strings, type Obj, type RuleProblem } from "./shared";

/** A Gateway holds at most 64 listeners: one for plain HTTP, one per host. */
export const MAX_HOSTS = 63;

/** The hosts of a tier's `http`, with the path to each, as written. */
function hostsOf(http: Obj): { host: string; path: (string | number)[] }[] {
    if (typeof http.host === "string") return [{ host: http.host, path: ["host"] }];
    return strings(http.host).map(({ value, index }) => ({ host: value, path: ["host", index] }));
}

/** Whether `host` is `zone` or a name inside it. */
export const inZone = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);

export function gatewayRules(root: Obj): RuleProblem[] {
    const cluster = asObj(root.cluster);
    const app = asObj(root.app);
    const tiers = asObj(app.tiers);
    const gateway = app.gateway === undefined ? undefined : asObj(app.gateway);
    const zone = typeof gateway?.zone === "string" ? gateway.zone : undefined;
    const out: RuleProblem[] = [];
    const routed = Object.keys(tiers).filter((n) => n !== "__proto__" && isObj(tiers[n]) && isObj(asObj(tiers[n]).http));
    const seen = new Map<string, string>();
    const hosts = new Set<string>();

    for (const name of routed) {
        const tier = asObj(tiers[name]);
        const http = asObj(tier.http);
        const at = (...p: (string | number)[]) => ["app", "tiers", name, "http", ...p];
        if ([REDIRECT_ROUTE, SOLVER_POLICY].includes(name)) {
            out.push({ path: ["app", "tiers", name], key: true, message: `the name "${name}" is taken by the app's gateway objects; rename the tier` });
        }
        out.push(...portProblems(name, tier, http));
        if (tier.expose === "internal-lb") {
            out.push({ path: ["app", "tiers", name, "expose"], message: `a tier with http is reached through the app's internet-facing gateway, got expose: "internal-lb"; use expose: public or internal with http, or remove http` });
        }
        const paths = Array.isArray(http.paths) ? strings(http.paths) : [{ value: "/", index: -1 }];
        for (const { host, path } of hostsOf(http)) {
            hosts.add(host);
            if (zone !== undefined && !inZone(host, zone)) {
                out.push({ path: at(...path), message: `is not in the DNS zone ${showValue(zone)} (app.gateway.zone), got ${showValue(host)}; use a name ending in .${zone}, or change the zone` });
            }
            for (const { value, index } of paths) {
                const key = `${host}${value}`;
                const other = seen.get(key);
                if (other !== undefined && other !== name) {
                    out.push({ path: index < 0 ? at(...path) : at("paths", index), message: `routes ${host}${value}, which tier "${other}" already routes; give one of them another host or path` });
                } else seen.set(key, name);
            }
        }
    }
    if (routed.length === 0) return out;

    if (hosts.size > MAX_HOSTS) {
        out.push({ path: ["app", "tiers", routed[0], "http"], message: `the app routes ${hosts.size} hosts, more than a Gateway's ${MAX_HOSTS} HTTPS listeners; use fewer hosts` });
    }
    if (gateway === undefined) {
        out.push({ path: ["app", "tiers", routed[0], "http"], message: "needs certificates for its hosts; add app.gateway: {certificates: {acme: {email: ops@example.com}}}" });
        return out;
    }
    const cloud = cluster.cloud;
    if (zone !== undefined && cloud === "existing") {
        out.push({ path: ["app", "gateway", "zone"], message: "cannot be managed on an existing cluster: kubeship has no workload identity there to grant DNS writes to (and never uses static keys); remove zone and point each host at the gateway's address yourself" });
    }
    if (zone !== undefined && cloud === "azure" && gateway.zoneResourceGroup === undefined) {
        out.push({ path: ["app", "gateway", "zone"], message: `needs app.gateway.zoneResourceGroup on azure: the resource group that holds the DNS zone ${showValue(zone)}` });
    }
    if (gateway.zoneResourceGroup !== undefined && (cloud !== "azure" || zone === undefined)) {
        out.push({ path: ["app", "gateway", "zoneResourceGroup"], message: `applies only to a zone on azure, got ${showValue(gateway.zoneResourceGroup)} ${cloud === "azure" ? "without app.gateway.zone" : `on ${String(cloud)}`}; remove it` });
    }
    if (cluster.environment === "prod") {
        if (gateway.redirectHttp === false) {
            out.push({ path: ["app", "gateway", "redirectHttp"], message: "must be true in prod: with false, every routed tier is also served over plain HTTP, without TLS" });
        }
        const acme = asObj(asObj(gateway.certificates).acme);
        if (acme.server === "letsencrypt-staging") {
            out.push({ path: ["app", "gateway", "certificates", "acme", "server"], message: "must be letsencrypt in prod: letsencrypt-staging issues certificates no browser trusts" });
        }
    }
    return out;
}

/** The port a route sends to must be one of the tier's TCP Service ports. */
function portProblems(name: string, tier: Obj, http: Obj): RuleProblem[] {
    const ports = asObj(tier.ports);
    const names = Object.keys(ports);
    const at = ["app", "tiers", name, "http"];
    if (names.length === 0) return [{ path: at, message: `a routed tier needs a port for the gateway to send to; add ports, e.g. ports: {http: 8080}` }];
    const number = (v: unknown) => (typeof v === "number" ? v : asObj(v).port);
    const protocol = (v: unknown) => (isObj(v) && v.protocol !== undefined ? v.protocol : "TCP");
    const chosen = http.port;
    let key: string | undefined;
    if (chosen === undefined) key = names[0];
    else if (typeof chosen === "string") {
        if (!has(ports, chosen)) {
            const hint = closest(chosen, names);
            return [{ path: [...at, "port"], message: `names an unknown port, got ${showValue(chosen)}; ${hint ? `did you mean "${hint}"?` : `ports: ${names.join(", ")}`}` }];
        }
        key = chosen;
    } else if (typeof chosen === "number") {
        key = names.find((n) => number(ports[n]) === chosen);
        if (key === undefined) {
            const byTarget = names.find((n) => asObj(ports[n]).targetPort === chosen);
            return [{ path: [...at, "port"], message: `is not a Service port of the tier, got ${chosen}; ${byTarget ? `${chosen} is the container port of "${byTarget}": name the Service port, ${number(ports[byTarget])} or "${byTarget}"` : `ports: ${names.map((n) => `${n} (${String(number(ports[n]))})`).join(", ")}`}` }];
        }
    }
    if (key !== undefined && protocol(ports[key]) === "UDP") {
        return [{ path: chosen === undefined ? at : [...at, "port"], message: `the gateway speaks HTTP over TCP, but port "${key}" is UDP; ${chosen === undefined ? "add http.port naming a TCP port, or put a TCP port first" : "name a TCP port"}` }];
    }
    return [];
}
