/**
 * Mutations of the example platform files, drawn with fast-check: change,
 * delete, duplicate and retype values, rename keys, insert Object.prototype
 * names, push numbers to their boundaries, and break the YAML text itself.
 * Pure: a plan plus a base document in, YAML text out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";

const REPO = path.resolve(__dirname, "../..");

export const CLOUDS = ["aws", "gcp", "azure", "existing"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** Names that an object lookup with `in` or `obj[name]` finds on every object. */
export const PROTO_NAMES = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__"] as const;

type Json = unknown;
type Key = string | number;

/**
 * The examples as plain data, with a GCP project and a closed API endpoint (that
 * EKS deploys can reach), so that gcp and prod mutants are not all rejected for lacking them.
 * A file's `source` becomes its `content` (a mutant is written elsewhere, without the example's
 * config/ folder beside it).
 */
export function bases(): { name: string; doc: Json }[] {
    return ["guestbook", "shop", "webapp"].map((name) => {
        const doc = parse(fs.readFileSync(path.join(REPO, "examples", `${name}.yaml`), "utf8"), { merge: true }) as { cluster: Record<string, unknown> };
        inlineSources(doc, path.join(REPO, "examples"));
        doc.cluster.gcp = { project: "kubeship-fuzz" };
        doc.cluster.endpoint = { allowedCidrs: ["198.18.0.0/15"] };
        doc.cluster.aws = { deployFrom: ["198.18.0.0/15"] };
        return { name, doc };
    });
}

/** Every `{source: F}` file entry, with F read (relative to `dir`) into `content`. */
function inlineSources(node: Json, dir: string): void {
    if (Array.isArray(node)) node.forEach((n) => inlineSources(n, dir));
    else if (node && typeof node === "object") {
        const o = node as Record<string, Json>;
        if (typeof o.source === "string" && fs.existsSync(path.join(dir, o.source))) {
            o.content = fs.readFileSync(path.join(dir, o.source), "utf8");
            delete o.source;
        }
        Object.values(o).forEach((n) => inlineSources(n, dir));
    }
}

const INTERESTING: Json[] = [
    0, -1, 1, 2, 15, 16, 63, 64, 100, 101, 1000, 1001, 3600, 3601, 65535, 65536, 2147483647, 2147483648, 4294967296, 1.5, -0.5, 1e21,
    "", " ", "x", "constructor", "__proto__", "toString", "${", "${x.host}", "${frontend.url}", "$${x}", "0.0.0.0/0", "10.0.0.0/33",
    "10.999.0.0/16", "10.0.0.0/30", "kube-system", "default", "/tmp", "/", "data", "UDP", "SCTP", "TCP", "public", "internal-lb",
    "nginx", "HTTPS://x/y:1", "a:1:2", "Repo/App:1", "redis:7", "1.33", "us-east-1a", "prod", "0", "0Gi", "100m", "1Ei",
    "arn:aws:iam::123456789012:role/x", "vpc-0abc", "subnet-1", true, false, null, [], {}, ["a"], [1, 2], { a: 1 }, { port: 53, protocol: "UDP" },
];

export const valueArb: fc.Arbitrary<Json> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...INTERESTING) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.integer() },
);

const BAD_CIDRS = ["10.0.0.0/33", "10.999.0.0/16", "10.0.0.1/16", "10.0.0.0/25", "10.0.0.0/8", "169.254.0.0/16", "0.0.0.0/0"];
const REFS = [...PROTO_NAMES, "frontend", "redis", "redis-leader", "postgres", "gateway", "mailer", "catalog"];
/**
 * Values that mean something at a given key (`name[]` for a list's items,
 * `name{}` for a map's values): what a user might plausibly write there, and
 * what the API server or the cloud would refuse.
 */
const CONTEXT: Record<string, Json[]> = {
    "waitFor[]": REFS, "talksTo[]": REFS, waitFor: [["constructor"], [], ["toString", "toString"]], talksTo: [["__proto__"], []],
    cidr: BAD_CIDRS, "allowedCidrs[]": BAD_CIDRS, allowedCidrs: [[], ["0.0.0.0/0"]],
    zones: [[], ["us-east-1a"], ["eu-west-1a"], ["4"], ["europe-west4-b"], ["westeurope-2"], ["us-east-1"], "us-east-1a"],
    "zones[]": ["us-east-1a", "eu-west-1a", "4", "0", "europe-west4-b", "us-central1-a", "westeurope-2"],
    image: ["HTTPS://x/y:1", "Repo/App:1", "a:1:2", "redis", "redis:latest", "x@sha256:abc", "-x/y:1", "docker.io//x:1"],
    ports: [{ dns: { port: 53, protocol: "UDP" } }, { a: 80, b: 80 }, { http: { targetPort: 8080 } }, {}, { http: 80, alt: { port: 81, targetPort: 80 } }],
    "ports{}": [{ port: 53, protocol: "UDP" }, { port: 80, protocol: "SCTP" }, { targetPort: 8080 }, 0, 65536],
    protocol: ["UDP", "SCTP", "tcp"], port: [0, 53, 65536, 80, "constructor"], targetPort: [0, 53, 65536, 8080],
    runAsUser: [2147483648, 4294967296, -1, 0], size: ["0", "0Gi", "0.0Gi", "huge", "1Ei"], diskGiB: [19, 2001, 20],
    path: ["/tmp", "/", "data", "/data/", "/tmp/"], scratchPaths: [["/tmp"], ["/data", "/data/"], ["/tmp/"], ["//data"]],
    namespace: ["kube-system", "default", "kube-public", "kube-node-lease"], name: ["kube-system", "default", "constructor", "a".repeat(41), "a".repeat(64)],
    "env{}": ["${", "${constructor.host}", "${toString.port}", "$${x}", "${frontend.url", "${mailer.url}", "${__proto__.name}"],
    tcp: ["dns", 53, "constructor", "redis"], http: ["/", "x", ""],
    readiness: [{ tcp: 53 }, { http: "/" }, { exec: [] }, { tcp: "toString" }], liveness: [{ tcp: "dns" }, { http: "/", port: "constructor" }],
    min: [0, 1, 1000, 1001], max: [0, 1, 1000, 1001], replicas: [0, 1, 1000], desired: [0, 1000],
    cpu: ["1", "0", "100", "1000m"], memory: ["1", "100Gi", "0"], limits: [{ cpu: "1m" }, { memory: "1Mi" }, { cpu: "1m", memory: "1Mi" }],
    adminRoleArns: [["arn:aws:sts::123456789012:assumed-role/A/b"], ["arn:aws:iam::1:role/x"], ["arn:"]], vnetSubnetId: ["subnet-1", "/subscriptions/x"],
    environment: ["prod", "production"], regional: [false], project: ["x", "Kubeship"], expose: ["public", "internal-lb"], singleton: [true, false],
    autoscale: [{ min: 1, max: 1 }, { min: 3, max: 2 }, { min: 2, max: 4, cpu: 0 }],
    storage: [{ size: "0", path: "/tmp" }, { size: "1Gi", path: "/data" }, { size: "1Gi", path: "/tmp" }],
    secrets: [{ A: "constructor" }, { GET_HOSTS_FROM: "x" }], labels: [{ "bad key!": "x" }, { constructor: "x" }],
    aws: [{ vpcId: "vpc-0abc" }, { adminRoleArns: ["arn:aws:iam::123456789012:group/x"] }], azure: [{ vnetSubnetId: "subnet-1" }],
    endpoint: [{ public: true, allowedCidrs: [] }, { public: false }], network: [{ cidr: "10.0.0.0/33" }, { cidr: "10.0.0.0/20" }, { cidr: "10.0.0.0/25" }],
};

/** The key CONTEXT knows a path by. */
function contextKey(p: Key[]): string {
    const last = p[p.length - 1];
    const parent = String(p[p.length - 2] ?? "");
    if (typeof last === "number") return `${parent}[]`;
    if (parent === "env" || parent === "ports") return `${parent}{}`;
    return String(last);
}

const TEXT_EDITS = ["delete-char", "colon", "open-brace", "unindent", "indent", "tab", "alias", "merge", "duplicate-line", "truncate", "quote", "dash"] as const;

export type Op =
    /** `ctx` picks a value that means something at that key (CONTEXT), when there is one. */
    | { kind: "set"; at: number; value: Json; ctx: number | null }
    | { kind: "delete"; at: number }
    | { kind: "duplicate"; at: number }
    | { kind: "retype"; at: number; to: "list" | "map" | "string" | "number" | "bool" | "null" }
    | { kind: "rename"; at: number; to: string }
    | { kind: "proto"; at: number; name: string }
    | { kind: "boundary"; at: number; pick: number }
    | { kind: "text"; at: number; edit: (typeof TEXT_EDITS)[number] };

const at = fc.nat({ max: 1_000_000 });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("set" as const), at, value: valueArb, ctx: fc.option(fc.nat({ max: 1000 }), { freq: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("retype" as const), at, to: fc.constantFrom("list" as const, "map" as const, "string" as const, "number" as const, "bool" as const, "null" as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("rename" as const), at, to: fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.constantFrom("replica", "Image", "ports ", "min", "max", "web", "x"), fc.string({ minLength: 1, maxLength: 8 })) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("proto" as const), at, name: fc.constantFrom(...PROTO_NAMES) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("boundary" as const), at, pick: fc.nat({ max: 9 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("text" as const), at, edit: fc.constantFrom(...TEXT_EDITS) }) },
);

export interface Plan { base: number; cloud: Cloud; env: "dev" | "staging" | "prod"; ops: Op[] }

export const planArb: fc.Arbitrary<Plan> = fc.record({
    base: fc.nat({ max: 2 }),
    cloud: fc.constantFrom(...CLOUDS),
    env: fc.constantFrom("dev" as const, "dev" as const, "staging" as const, "prod" as const),
    ops: fc.array(opArb, { minLength: 1, maxLength: 3 }),
});

/** Every path in a value, the root excepted. */
function paths(v: Json, prefix: Key[] = []): Key[][] {
    const out: Key[][] = prefix.length ? [prefix] : [];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
    else if (v && typeof v === "object") for (const k of Object.keys(v)) out.push(...paths((v as Record<string, Json>)[k], [...prefix, k]));
    return out;
}

function parentOf(doc: Json, p: Key[]): Record<Key, Json> {
    let node = doc as Record<Key, Json>;
    for (const k of p.slice(0, -1)) node = node[k] as Record<Key, Json>;
    return node;
}

/** Sets own properties only: a key named __proto__ must become a key, not a prototype. */
function put(obj: Record<Key, Json>, key: Key, value: Json): void {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function boundary(v: Json, pick: number): Json {
    if (typeof v === "number") return [v - 1, v + 1, 0, -1, v * 1000, 2 ** 31, 2 ** 31 - 1, 65535, 65536, 0.5][pick];
    if (typeof v === "string" && /\d/.test(v)) return [v.replace(/\d+/, "0"), v.replace(/\d+/, "99999999"), v.replace(/\d+/, "-1"), v.replace(/\d+(\.\d+)?/, "0.0001")][pick % 4];
    return v;
}

function retype(v: Json, to: Extract<Op, { kind: "retype" }>["to"]): Json {
    switch (to) {
        case "list": return [v];
        case "map": return { value: v };
        case "string": return typeof v === "object" ? JSON.stringify(v) : String(v);
        case "number": return typeof v === "number" ? String(v) : 42;
        case "bool": return true;
        case "null": return null;
    }
}

function applyStructural(doc: Json, op: Exclude<Op, { kind: "text" }>): void {
    const all = paths(doc);
    if (all.length === 0) return;
    const p = all[op.at % all.length];
    const parent = parentOf(doc, p);
    const key = p[p.length - 1];
    const value = parent[key];
    switch (op.kind) {
        case "set": {
            const pool = CONTEXT[contextKey(p)];
            put(parent, key, structuredClone(op.ctx !== null && pool ? pool[op.ctx % pool.length] : op.value));
            break;
        }
        case "delete":
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key];
            break;
        case "duplicate":
            if (Array.isArray(parent)) parent.push(structuredClone(value));
            else put(parent, `${String(key)}-copy`, structuredClone(value));
            break;
        case "retype": put(parent, key, retype(value, op.to)); break;
        case "boundary": put(parent, key, boundary(value, op.pick)); break;
        case "rename":
            if (!Array.isArray(parent)) {
                // Keep the key order: rebuild the map with the new name in the old place.
                const entries = Object.entries(parent).map(([k, v]) => [k === key ? op.to : k, v] as const);
                for (const k of Object.keys(parent)) delete parent[k];
                for (const [k, v] of entries) put(parent, k, v);
            }
            break;
        case "proto": {
            // Add the name beside the key, as a copy of its value (a tier, a pool, a port, an env var).
            if (!Array.isArray(parent)) put(parent, op.name, structuredClone(value));
            else if (typeof value === "string") parent[Number(key)] = op.name;
            break;
        }
    }
}

function applyText(text: string, op: Extract<Op, { kind: "text" }>): string {
    const lines = text.split("\n");
    const i = op.at % Math.max(1, lines.length - 1);
    const line = lines[i] ?? "";
    const col = line.length ? op.at % line.length : 0;
    switch (op.edit) {
        case "delete-char": lines[i] = line.slice(0, col) + line.slice(col + 1); break;
        case "colon": lines[i] = `${line.slice(0, col)}: ${line.slice(col)}`; break;
        case "open-brace": lines[i] = `${line.slice(0, col)}{${line.slice(col)}`; break;
        case "unindent": lines[i] = line.replace(/^ /, ""); break;
        case "indent": lines[i] = ` ${line}`; break;
        case "tab": lines[i] = line.replace(/^ {2}/, "\t"); break;
        case "alias": lines[i] = line.replace(/: (.*)$/, ": *undefined-anchor"); break;
        case "merge": lines.splice(i + 1, 0, `${line.match(/^ */)?.[0] ?? ""}<<: *undefined-anchor`); break;
        case "duplicate-line": lines.splice(i, 0, line); break;
        case "truncate": return lines.slice(0, i + 1).join("\n");
        case "quote": lines[i] = `${line.slice(0, col)}"${line.slice(col)}`; break;
        case "dash": lines[i] = line.replace(/^(\s*)/, "$1- "); break;
    }
    return lines.join("\n");
}

/** The mutant's YAML text. */
export function mutate(base: Json, plan: Plan): string {
    const doc = structuredClone(base);
    for (const op of plan.ops) if (op.kind !== "text") applyStructural(doc, op);
    let text = stringify(doc, { aliasDuplicateObjects: false });
    for (const op of plan.ops) if (op.kind === "text") text = applyText(text, op);
    return text;
}

export function describePlan(plan: Plan, baseName: string): string {
    return `${baseName} on ${plan.cloud} (${plan.env}): ${plan.ops.map((o) => JSON.stringify(o)).join(", ")}`;
}
