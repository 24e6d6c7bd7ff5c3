/**
 * Pure IPv4 CIDR math shared by the cloud network layouts (aws/cidr.ts,
 * gcp/cidr.ts, azure/network-layout.ts). No Pulumi here; property-tested in
 * test/cluster/cidr.test.ts.
 *
 * Addresses are plain numbers in 0..2^32-1 and every step is arithmetic
 * (multiply, divide, modulo), never 32-bit bit operators: `1 << 32` is 1 and
 * `x & y` is signed in JavaScript, which gets /0 and addresses from 128.0.0.0
 * up wrong unless every step is patched with `>>> 0`.
 */

/** An IPv4 block: `base` is the network address as an unsigned 32-bit number. */
export interface Cidr {
    base: number;
    prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns a message (naming no property, so each caller can
 * prefix its own) instead of throwing when the text is not a valid IPv4 network
 * address; for host bits set it suggests the aligned network.
 */
export function parseCidr(text: string): Cidr | string {
    const m = CIDR_PATTERN.exec(text);
    const notCidr = `must be an IPv4 CIDR such as 10.0.0.0/16, got ${JSON.stringify(text)}`;
    if (!m) return notCidr;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    const big = octets.find((o) => o > 255);
    if (big !== undefined) return `has an octet above 255 (${big}), got ${JSON.stringify(text)}; e.g. 10.0.0.0/16`;
    if (prefix > 32) return `has a prefix above /32 (/${prefix}), got ${JSON.stringify(text)}; e.g. 10.0.0.0/16`;
    const addr = octets.reduce((a, o) => a * 256 + o, 0);
    const base = addr - (addr % blockSize(prefix));
    if (base !== addr) return `has host bits set, got ${JSON.stringify(text)}; did you mean "${formatCidr({ base, prefix })}"?`;
    return { base, prefix };
}

/** Dotted-quad text of an address (0..2^32-1). */
export function formatIp(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

export function formatCidr(c: Cidr): string {
    return `${formatIp(c.base)}/${c.prefix}`;
}

/** Number of addresses in a block of this prefix: 2^32 for /0, 1 for /32. */
export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/**
 * The `index`-th block of prefix `prefix` inside `parent` (0-based, in address order).
 * Throws a RangeError when no such block fits in `parent`.
 */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
    if (!Number.isInteger(prefix) || prefix < parent.prefix || prefix > 32) throw new RangeError(`/${prefix} does not fit in /${parent.prefix}`);
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** (prefix - parent.prefix)) {
        throw new RangeError(`block ${index} of /${prefix} is outside /${parent.prefix}`);
    }
    return { base: parent.base + index * blockSize(prefix), prefix };
}

/** Whether two blocks share any address. Symmetric. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** Whether `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix
        && inner.base >= outer.base
        && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix);
}
