/** Kubernetes quantities, compared exactly: what the request-above-limit rule rests on. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareQuantities, parseQuantity } from "../../components/config/formats";

const q = (s: string) => {
    const v = parseQuantity(s);
    if (!v) throw new Error(`not a quantity: ${s}`);
    return v;
};

describe("parseQuantity", () => {
    it("reads every suffix, binary, decimal and exponent, exactly", () => {
        expect(compareQuantities(q("1Gi"), q("1024Mi"))).toBe(0);
        expect(compareQuantities(q("0.1"), q("100m"))).toBe(0);
        expect(compareQuantities(q("1Ei"), q("1024Pi"))).toBe(0);
        expect(compareQuantities(q("1E"), q("1000P"))).toBe(0);
        expect(compareQuantities(q("1e3"), q("1k"))).toBe(0);
        expect(compareQuantities(q("1Ei"), q("1E"))).toBe(1);
        expect(parseQuantity("1Ex")).toBeUndefined();
    });

    it("never throws on any text, and reads every well-formed quantity", () => {
        const suffix = fc.constantFrom("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E", "e3", "E-2");
        fc.assert(fc.property(fc.string(), (s) => { parseQuantity(s); }), { numRuns: 2000 });
        fc.assert(fc.property(fc.nat(), suffix, (n, s) => parseQuantity(`${n}${s}`) !== undefined), { numRuns: 2000 });
    });
});
