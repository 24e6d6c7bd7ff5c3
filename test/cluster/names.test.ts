/** Physical names that carry the stack, within each cloud's limit. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stackScopedName } from "../../components/cluster/names";

describe("stackScopedName", () => {
    it("joins the base and the stack when they fit", () => {
        expect(stackScopedName("guestbook", "prod-aws", 100)).toBe("guestbook-prod-aws");
        expect(stackScopedName("guestbook", undefined, 100)).toBe("guestbook");
        expect(stackScopedName("Guest_Book", "Dev.Eu", 100)).toBe("guest-book-dev-eu");
        expect(stackScopedName("1app", "dev", 100)).toBe("k-1app-dev");
    });

    it("always fits, keeps the cloud-safe alphabet, and keeps long names of different stacks apart", () => {
        const part = fc.string({ minLength: 1, maxLength: 120 });
        fc.assert(fc.property(part, part, part, fc.integer({ min: 12, max: 120 }), (base, a, b, max) => {
            const x = stackScopedName(base, a, max);
            expect(x.length).toBeLessThanOrEqual(max);
            expect(x).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/);
            if (stackScopedName("", a, 1000) !== stackScopedName("", b, 1000)) expect(stackScopedName(base, b, max)).not.toBe(x);
        }), { numRuns: 500 });
    });
});
