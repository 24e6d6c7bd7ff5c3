/** Formats shared by the schema and the cross-field rules. Pure, no Pulumi. */

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
 * Why an image reference is not pinned, or undefined when it is.
 * Pinned means a digest (`@sha256:…`) or an explicit tag other than `latest`.
 */
export function imagePinProblem(image: string): string | undefined {
    if (/\s/.test(image)) return "must not contain white space";
    const at = image.indexOf("@");
    if (at >= 0) {
        return /^sha256:[a-f0-9]{64}$/.test(image.slice(at + 1))
            ? undefined
            : "has a malformed digest; use @sha256: followed by 64 hex digits";
    }
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    if (colon < 0) return "must pin a tag or digest (e.g. nginx:1.27.3); an untagged image means :latest";
    const tag = lastSegment.slice(colon + 1);
    if (tag === "latest") return "must pin a tag or digest; ':latest' changes under you";
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return `has an invalid tag '${tag}'`;
    return undefined;
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
