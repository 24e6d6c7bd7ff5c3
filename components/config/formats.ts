/** Formats shared by the schema and the cross-field rules. Pure, no Pulumi. */
import { posix } from "node:path";
import { showValue } from "./errors";

/** RFC 1123 label, as Kubernetes checks Service and namespace names (we also require a leading letter). */
export const DNS_1123_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes CPU quantity: "2", "0.5", "250m". */
export const CPU_QUANTITY = /^(\d+(\.\d+)?|\.\d+)m?$/;

/** Kubernetes memory quantity: "128Mi", "1Gi", "512M", "1000000". */
export const MEMORY_QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** A POSIX-ish environment variable name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Region name formats per cloud. */
export const REGION_FORMATS = {
    aws: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, example: "us-east-1" },
    gcp: { pattern: /^[a-z]+-[a-z]+\d$/, example: "europe-west4" },
    azure: { pattern: /^[a-z]+[a-z0-9]*$/, example: "westeurope" },
} as const;

/**
 * An image reference split into its parts, following the grammar of the
 * distribution reference (github.com/distribution/reference, reference.go and
 * regexp.go), which the kubelet applies through its normalizing parser:
 *
 *     reference        := name [":" tag] ["@" digest]
 *     name             := [domain "/"] path-component ["/" path-component]...
 *     domain           := (domain-name | "[" ipv6 "]") [":" port-number]
 *     domain-name      := domain-component ["." domain-component]...
 *     domain-component := `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`
 *     path-component   := alpha-numeric [separator alpha-numeric]...
 *     alpha-numeric    := `[a-z0-9]+`
 *     separator        := `[._]|__|-+`
 *     tag              := `[\w][\w.-]{0,127}`
 *     digest           := algorithm ":" hex
 *     algorithm        := part [`[-_+.]` part]...;  part := `[A-Za-z][A-Za-z0-9]*` ;  hex := `[0-9a-fA-F]{32,}`
 *
 * The first component is the domain when a "/" follows it and it has a "." or
 * a ":", is "localhost", or has upper-case letters (as normalize.go decides);
 * otherwise the whole name is the path. The name is at most 255 characters.
 */
export interface ImageReference {
    domain?: string;
    path: string;
    tag?: string;
    digest?: string;
}

const ALPHA_NUMERIC = "[a-z0-9]+";
const PATH_COMPONENT = new RegExp(`^${ALPHA_NUMERIC}(?:(?:[._]|__|-+)${ALPHA_NUMERIC})*$`);
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Digests a registry accepts: the algorithm and its lower-case hex length (opencontainers/go-digest). */
const DIGEST_ALGORITHMS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const NAME_MAX = 255;
const MALFORMED_DIGEST = "has a malformed digest; use @sha256: followed by 64 hex digits";

/** Parses an image reference; the problem says what is wrong and how to write it. */
export function parseImageReference(image: string): { ref: ImageReference } | { problem: string } {
    if (image === "") return { problem: "must not be empty; e.g. nginx:1.27.3" };
    if (/\s/.test(image)) return { problem: "must not contain white space" };
    const got = `got ${showValue(image)}`;
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(image);
    if (scheme) {
        return { problem: `must not start with a scheme, ${got}; an image is [registry/]repository:tag: drop the ${JSON.stringify(scheme[0])}` };
    }
    const [name, digest, ...extra] = image.split("@");
    if (extra.length) return { problem: `has more than one '@', ${got}; a reference has at most one digest` };
    if (digest !== undefined) {
        const [algorithm, hex] = digest.split(":");
        if (!DIGEST.test(digest) || (Object.hasOwn(DIGEST_ALGORITHMS, algorithm) && !new RegExp(`^[a-f0-9]{${DIGEST_ALGORITHMS[algorithm]}}$`).test(hex))) {
            return { problem: MALFORMED_DIGEST };
        }
    }
    const colon = name.lastIndexOf(":");
    const hasTag = colon > name.lastIndexOf("/");
    const repository = hasTag ? name.slice(0, colon) : name;
    const tag = hasTag ? name.slice(colon + 1) : undefined;
    if (repository === "") return { problem: `has no repository name, ${got}; e.g. nginx:1.27.3` };

    const slash = repository.indexOf("/");
    const first = slash < 0 ? "" : repository.slice(0, slash);
    // A first component that looks like a host but is not one is still a valid path component ("a.b_c/app").
    const isDomain = slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase())
        && (DOMAIN.test(first) || !PATH_COMPONENT.test(first));
    const domain = isDomain ? first : undefined;
    const path = isDomain ? repository.slice(slash + 1) : repository;
    if (domain !== undefined && !DOMAIN.test(domain)) {
        return { problem: `has an invalid registry host ${JSON.stringify(domain)}, ${got}; a host is letters, digits, '-' and '.', with an optional :port (e.g. ghcr.io or localhost:5000)` };
    }
    const components = path.split("/");
    if (components.some((c) => c === "")) {
        return { problem: `has an empty path component (a '/' at the start or end, or two in a row), ${got}; remove the extra '/'` };
    }
    const last = components[components.length - 1];
    if (last.includes(":") && tag !== undefined) {
        const first = last.slice(last.indexOf(":") + 1);
        return { problem: `has two tags (${JSON.stringify(first)} and ${JSON.stringify(tag)}), ${got}; keep one, e.g. ${JSON.stringify(repository)}` };
    }
    if (path !== path.toLowerCase()) {
        const fixed = `${domain ? `${domain}/` : ""}${path.toLowerCase()}${tag !== undefined ? `:${tag}` : ""}${digest !== undefined ? `@${digest}` : ""}`;
        return { problem: `has upper case in the repository, ${got}; repositories are lower case: write ${JSON.stringify(fixed)}` };
    }
    const bad = components.find((c) => !PATH_COMPONENT.test(c));
    if (bad !== undefined) {
        return { problem: `has an invalid repository component ${JSON.stringify(bad)}, ${got}; use lower-case letters and digits separated by '.', '_', '__' or '-'` };
    }
    if (repository.length > NAME_MAX) return { problem: `has a name of ${repository.length} characters, ${got}; the limit is ${NAME_MAX}` };
    if (tag !== undefined && !TAG.test(tag)) {
        return { problem: tag === ""
            ? `has an empty tag after ':', ${got}; write one, e.g. nginx:1.27.3`
            : `has an invalid tag ${JSON.stringify(tag)}, ${got}; a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'` };
    }
    return { ref: { ...(domain !== undefined ? { domain } : {}), path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}

/**
 * Why an image reference is invalid or not pinned, or undefined when it is a
 * valid reference pinned by a digest (`@sha256:…`) or a tag other than `latest`.
 */
export function imagePinProblem(image: string): string | undefined {
    const parsed = parseImageReference(image);
    if ("problem" in parsed) return parsed.problem;
    const { tag, digest } = parsed.ref;
    if (digest !== undefined) return undefined;
    if (tag === undefined) return "must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest";
    if (tag === "latest") return "must pin a tag or digest; ':latest' changes under you";
    return undefined;
}

/**
 * A Kubernetes quantity as an exact fraction (num / den), or undefined when the
 * text is not one. Grammar (apimachinery resource.Quantity):
 *
 *     quantity := ["+" | "-"] number suffix
 *     number   := digits | digits "." [digits] | "." digits
 *     suffix   := binary (Ki Mi Gi Ti Pi Ei) | decimal (n u m "" k M G T P E) | ("e" | "E") [sign] digits
 *
 * Exact, so that "1Gi" equals "1024Mi" and "0.1" equals "100m".
 */
export interface Quantity { num: bigint; den: bigint }

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export function parseQuantity(text: string): Quantity | undefined {
    const m = QUANTITY.exec(text);
    if (!m) return undefined;
    const [, sign, number, suffix = ""] = m;
    const [whole, fraction = ""] = number.split(".");
    let num = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
    let den = 10n ** BigInt(fraction.length);
    // "Ei" (exbibytes) starts with an "E" too: only "e"/"E" followed by digits is an exponent.
    const exp10 = /^[eE][+-]?\d+$/.test(suffix) ? Number(suffix.slice(1)) : Object.hasOwn(DECIMAL_SUFFIX, suffix) ? DECIMAL_SUFFIX[suffix] : 0;
    if (Object.hasOwn(BINARY_SUFFIX, suffix)) num *= 2n ** BigInt(BINARY_SUFFIX[suffix]);
    if (Math.abs(exp10) > 1000) return undefined;
    if (exp10 >= 0) num *= 10n ** BigInt(exp10);
    else den *= 10n ** BigInt(-exp10);
    return { num, den };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
    const l = a.num * b.den;
    const r = b.num * a.den;
    return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * An absolute path as the container runtime sees it: "." and ".." resolved,
 * repeated and trailing slashes dropped ("/data/./" and "/data/" are "/data").
 */
export function normalizeMountPath(p: string): string {
    const normal = posix.normalize(p);
    return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}

/** The closest candidate to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) { best = c; bestDistance = d; }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why a label or taint key is not a Kubernetes qualified name, or undefined:
 * an optional DNS subdomain prefix (at most 253 characters) and "/", then a
 * name of at most 63 letters, digits, '-', '_' and '.', starting and ending
 * with a letter or digit (apimachinery IsQualifiedName).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function qualifiedNameProblem(key: string): string | undefined {
    const slash = key.indexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) {
        return "has a prefix that is not a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters, before one '/')";
    }
    if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
        return "must be a Kubernetes label key: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, optionally after a prefix such as example.com/";
    }
    return undefined;
}

/** Why a label or taint value is not valid, or undefined: empty, or at most 63 characters of the label-name alphabet. */
export function labelValueProblem(value: string): string | undefined {
    if (value === "") return undefined;
    return value.length <= 63 && LABEL_NAME.test(value)
        ? undefined
        : "must be a Kubernetes label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
}
