import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockSize, contains, formatCidr, formatIp, overlaps, parseCidr, subBlock, type Cidr } from "../../components/cluster/cidr";

const parsed = (s: string): Cidr => {
    const c = parseCidr(s);
    if (typeof c === "string") throw new Error(c);
    return c;
};

/** Any address, 0.0.0.0 to 255.255.255.255. */
const address = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Any aligned network, /0 to /32, anywhere in the address space. */
const network = fc.record({ addr: address, prefix: fc.integer({ min: 0, max: 32 }) })
    .map(({ addr, prefix }): Cidr => ({ base: addr - (addr % blockSize(prefix)), prefix }));
/** A network, a longer prefix inside it and the index of one of its blocks of that prefix. */
const parentAndBlock = network.chain((parent) => fc.integer({ min: parent.prefix, max: Math.min(32, parent.prefix + 20) })
    .chain((prefix) => fc.record({
        parent: fc.constant(parent),
        prefix: fc.constant(prefix),
        index: fc.integer({ min: 0, max: 2 ** (prefix - parent.prefix) - 1 }),
    })));

describe("parseCidr and formatCidr", () => {
    it("round-trip every aligned network, /0 to /32", () => {
        fc.assert(fc.property(network, (c) => {
            expect(parseCidr(formatCidr(c))).toEqual(c);
        }), { numRuns: 1000 });
    });

    it("handle the edges of the address space and of the prefix", () => {
        expect(parsed("0.0.0.0/0")).toEqual({ base: 0, prefix: 0 });
        expect(parsed("255.255.255.255/32")).toEqual({ base: 2 ** 32 - 1, prefix: 32 });
        expect(parsed("128.0.0.0/1")).toEqual({ base: 2 ** 31, prefix: 1 });
        expect(formatCidr({ base: 2 ** 32 - 256, prefix: 24 })).toBe("255.255.255.0/24");
        expect(formatIp(2 ** 31 + 1)).toBe("128.0.0.1");
    });

    it("suggest the aligned network for host bits, and it contains the address given", () => {
        fc.assert(fc.property(address, fc.integer({ min: 0, max: 32 }), (addr, prefix) => {
            const text = `${formatIp(addr)}/${prefix}`;
            const out = parseCidr(text);
            if (addr % blockSize(prefix) === 0) {
                expect(out).toEqual({ base: addr, prefix });
                return;
            }
            const fixed = /did you mean "([^"]+)"\?$/.exec(out as string)?.[1];
            expect(out).toBe(`has host bits set, got "${text}"; did you mean "${fixed}"?`);
            expect(contains(parsed(fixed!), { base: addr, prefix: 32 })).toBe(true);
            expect(parsed(fixed!).prefix).toBe(prefix);
        }), { numRuns: 1000 });
    });

    it("reject host bits, bad octets and bad prefixes with one message each", () => {
        expect(parseCidr("10.0.1.0/16")).toBe(`has host bits set, got "10.0.1.0/16"; did you mean "10.0.0.0/16"?`);
        expect(parseCidr("1.0.0.0/0")).toBe(`has host bits set, got "1.0.0.0/0"; did you mean "0.0.0.0/0"?`);
        expect(parseCidr("10.0.300.0/16")).toBe(`has an octet above 255 (300), got "10.0.300.0/16"; e.g. 10.0.0.0/16`);
        expect(parseCidr("10.0.0.0/33")).toBe(`has a prefix above /32 (/33), got "10.0.0.0/33"; e.g. 10.0.0.0/16`);
        expect(parseCidr("10.0.0.0")).toBe(`must be an IPv4 CIDR such as 10.0.0.0/16, got "10.0.0.0"`);
    });
});

describe("subBlock", () => {
    it("lies inside its parent, with the prefix asked for", () => {
        fc.assert(fc.property(parentAndBlock, ({ parent, prefix, index }) => {
            const block = subBlock(parent, prefix, index);
            expect(block.prefix).toBe(prefix);
            expect(contains(parent, block)).toBe(true);
            expect(parseCidr(formatCidr(block))).toEqual(block); // aligned
        }), { numRuns: 1000 });
    });

    it("gives disjoint siblings", () => {
        fc.assert(fc.property(parentAndBlock, fc.nat(), ({ parent, prefix, index }, other) => {
            const count = 2 ** (prefix - parent.prefix);
            const j = other % count;
            fc.pre(j !== index);
            expect(overlaps(subBlock(parent, prefix, index), subBlock(parent, prefix, j))).toBe(false);
        }), { numRuns: 1000 });
    });

    it("reaches the last address of /0 and throws a RangeError outside the parent", () => {
        expect(formatCidr(subBlock({ base: 0, prefix: 0 }, 32, 2 ** 32 - 1))).toBe("255.255.255.255/32");
        expect(formatCidr(subBlock({ base: 0, prefix: 0 }, 1, 1))).toBe("128.0.0.0/1");
        expect(() => subBlock(parsed("10.0.0.0/16"), 15, 0)).toThrow(RangeError);
        expect(() => subBlock(parsed("10.0.0.0/16"), 17, 2)).toThrow(RangeError);
        expect(() => subBlock(parsed("10.0.0.0/16"), 17, -1)).toThrow(RangeError);
        expect(() => subBlock(parsed("10.0.0.0/16"), 33, 0)).toThrow(RangeError);
    });
});

describe("overlaps and contains", () => {
    it("detects overlap and containment", () => {
        expect(overlaps(parsed("10.0.0.0/24"), parsed("10.0.0.128/25"))).toBe(true);
        expect(overlaps(parsed("10.0.0.0/25"), parsed("10.0.0.128/25"))).toBe(false);
        expect(contains(parsed("10.0.0.0/16"), parsed("10.0.255.0/24"))).toBe(true);
        expect(contains(parsed("10.0.0.0/16"), parsed("10.1.0.0/24"))).toBe(false);
        expect(overlaps(parsed("0.0.0.0/0"), parsed("255.255.255.255/32"))).toBe(true);
        expect(contains(parsed("0.0.0.0/0"), parsed("255.255.255.255/32"))).toBe(true);
    });

    it("overlaps is symmetric, and true exactly when one block contains the other", () => {
        fc.assert(fc.property(network, network, (a, b) => {
            expect(overlaps(a, b)).toBe(overlaps(b, a));
            // Aligned blocks either nest or are disjoint.
            expect(overlaps(a, b)).toBe(contains(a, b) || contains(b, a));
        }), { numRuns: 1000 });
    });

    it("every block contains and overlaps itself", () => {
        fc.assert(fc.property(network, (c) => contains(c, c) && overlaps(c, c)));
    });
});
