import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitVpcCidr } from "../../components/cluster/aws/cidr";
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from "../../components/cluster/cidr";

const parsed = (s: string): Cidr => {
    const c = parseCidr(s);
    if (typeof c === "string") throw new Error(c);
    return c;
};

/** An aligned network with a prefix AWS accepts for a VPC. */
const vpcCidr = fc.record({ raw: fc.integer({ min: 0, max: 2 ** 32 - 1 }), prefix: fc.integer({ min: 16, max: 24 }) })
    .map(({ raw, prefix }) => formatCidr({ base: Math.floor(raw / 2 ** (32 - prefix)) * 2 ** (32 - prefix), prefix }));

describe("splitVpcCidr", () => {
    it("gives three /18 private and three /20 public subnets for 10.0.0.0/16", () => {
        expect(splitVpcCidr("10.0.0.0/16", 3)).toEqual({
            private: ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"],
            public: ["10.0.192.0/20", "10.0.208.0/20", "10.0.224.0/20"],
        });
    });

    it("keeps every subnet inside the VPC and disjoint from the others", () => {
        fc.assert(fc.property(vpcCidr, fc.integer({ min: 1, max: 7 }), (cidr, zones) => {
            const layout = splitVpcCidr(cidr, zones);
            fc.pre(typeof layout !== "string");
            if (typeof layout === "string") return;
            const vpc = parsed(cidr);
            const all = [...layout.private, ...layout.public].map(parsed);
            expect(layout.private).toHaveLength(zones);
            expect(layout.public).toHaveLength(zones);
            for (const s of all) {
                expect(contains(vpc, s)).toBe(true);
                expect(s.prefix).toBeLessThanOrEqual(28);
            }
            for (let i = 0; i < all.length; i++) {
                for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i], all[j])).toBe(false);
            }
        }), { numRuns: 300 });
    });

    it("round-trips every subnet it returns through parseCidr (aligned, well-formed)", () => {
        fc.assert(fc.property(vpcCidr, (cidr) => {
            const layout = splitVpcCidr(cidr, 3);
            if (typeof layout === "string") return;
            for (const s of [...layout.private, ...layout.public]) expect(formatCidr(parsed(s))).toBe(s);
        }));
    });

    it("gives private subnets more room than public ones", () => {
        fc.assert(fc.property(vpcCidr, (cidr) => {
            const layout = splitVpcCidr(cidr, 3);
            if (typeof layout === "string") return;
            expect(parsed(layout.private[0]).prefix).toBeLessThan(parsed(layout.public[0]).prefix);
        }));
    });

    it("explains what is wrong with a bad VPC CIDR", () => {
        expect(splitVpcCidr("10.0.0.1/16", 3)).toBe('has host bits set, got "10.0.0.1/16"; did you mean "10.0.0.0/16"?');
        expect(splitVpcCidr("10.0.0.0/8", 3)).toBe("must be /16 or smaller (AWS's largest VPC), got /8");
        expect(splitVpcCidr("10.0.0.0/26", 3)).toBe("is too small for 3 private and 3 public subnets of at least /28; use /24 or larger, got /26");
        expect(splitVpcCidr("300.0.0.0/16", 3)).toBe('has an octet above 255 (300), got "300.0.0.0/16"; e.g. 10.0.0.0/16');
    });
});
