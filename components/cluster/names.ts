/**
 * Physical names that carry the stack. Every stack of a repo usually deploys
 * into one account (or project, or subscription), and the clouds refuse a
 * second cluster, log group, role or key alias of the same name there: so an
 * explicit name is `<base>-<stack>`, cut to the cloud's limit with a short
 * hash of the whole that keeps two long names apart. Pure.
 */
import { createHash } from "node:crypto";

/** Characters of the hash that keeps a shortened name unique. */
const HASH_LENGTH = 6;

/**
 * `<base>-<stack>` in lower-case letters, digits and '-', starting with a
 * letter and ending with a letter or digit, at most `max` characters. Without a
 * stack (a TypeScript program that builds one cluster), `base` alone.
 * When too long, the name is cut and ends in a hash of the full name.
 */
export function stackScopedName(base: string, stack: string | undefined, max: number): string {
    const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
    let full = clean(stack ? `${base}-${stack}` : base);
    if (!/^[a-z]/.test(full)) full = full ? `k-${full}` : "k";
    if (full.length <= max) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
    return `${full.slice(0, max - HASH_LENGTH - 1).replace(/-+$/, "")}-${hash}`;
}
