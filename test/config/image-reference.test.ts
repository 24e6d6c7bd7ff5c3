/**
 * The image reference parser against the grammar of the distribution
 * reference: every reference built from the grammar parses back into its
 * parts, and the known-bad forms are refused with a reason.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { imagePinProblem, parseImageReference } from "../../components/config/formats";

const alphaNumeric = fc.stringMatching(/^[a-z0-9]{1,5}$/);
const separator = fc.constantFrom(".", "_", "__", "-", "--", "---");
const pathComponent = fc.tuple(alphaNumeric, fc.array(fc.tuple(separator, alphaNumeric), { maxLength: 2 }))
    .map(([head, rest]) => head + rest.map(([s, a]) => s + a).join(""));
const path = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((c) => c.join("/"));
const domainComponent = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 }).map((n) => `:${n}`);
const domainName = fc.array(domainComponent, { minLength: 1, maxLength: 3 }).map((c) => c.join("."));
const ipv6 = fc.stringMatching(/^[a-f0-9:]{2,12}$/).map((h) => `[${h}]`);
/** A domain the parser must see as one: it has a '.', a port, upper case, or is localhost (normalize.go's rule). */
const domain = fc.oneof(
    fc.tuple(domainName, domainComponent).map(([a, b]) => `${a}.${b}`),
    fc.tuple(fc.oneof(domainName, ipv6), port).map(([h, p]) => h + p),
    fc.constant("localhost"),
    domainComponent.filter((c) => c !== c.toLowerCase()),
);
const tag = fc.stringMatching(/^[\w][\w.-]{0,127}$/);
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const digest = fc.oneof(
    hex(64).map((h) => `sha256:${h}`),
    hex(128).map((h) => `sha512:${h}`),
    fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,4}([-_+.][A-Za-z][A-Za-z0-9]{0,3})?$/).filter((a) => !/^sha(256|384|512)$/.test(a)), fc.stringMatching(/^[0-9a-fA-F]{32,70}$/))
        .map(([a, h]) => `${a}:${h}`),
);
const reference = fc.record({
    domain: fc.option(domain, { nil: undefined }),
    path,
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
}).filter((r) => `${r.domain ? `${r.domain}/` : ""}${r.path}`.length <= 255);
const text = (r: { domain?: string; path: string; tag?: string; digest?: string }) =>
    `${r.domain ? `${r.domain}/` : ""}${r.path}${r.tag !== undefined ? `:${r.tag}` : ""}${r.digest !== undefined ? `@${r.digest}` : ""}`;

describe("parseImageReference", () => {
    it("parses every reference the grammar builds back into its parts", () => {
        fc.assert(fc.property(reference, (r) => {
            const parsed = parseImageReference(text(r));
            if (!("ref" in parsed)) throw new Error(`${text(r)}: ${parsed.problem}`);
            const { domain, path: p, tag: t, digest: d } = parsed.ref;
            // Without a domain, a first component with a '.' is read as one (as docker does); the name is the same.
            expect([domain, p].filter((x) => x !== undefined).join("/")).toBe([r.domain, r.path].filter((x) => x !== undefined).join("/"));
            if (r.domain !== undefined) expect(domain).toBe(r.domain);
            expect({ t, d }).toEqual({ t: r.tag, d: r.digest });
        }), { numRuns: 2000 });
    });

    it("refuses the known-bad forms, each with a reason", () => {
        const pinned = reference.filter((r) => r.tag !== undefined && r.digest === undefined);
        const broken = fc.tuple(pinned, fc.constantFrom(
            (s: string) => `https://${s}`,
            (s: string) => `http://${s}`,
            (s: string) => `${s}:${"1"}`,                                 // two tags
            (s: string) => `/${s}`,                                       // empty first component
            (s: string) => s.replace(/:([^:/]*)$/, "/:$1"),                // empty last component
            (s: string) => s.replace(/\//, "//").replace(/^([^/]*)$/, "a//$1"), // two '/' in a row
            (s: string) => s.replace(/:([^:/]*)$/, ":"),                   // empty tag
            (s: string) => s.replace(/:([^:/]*)$/, ":.$1"),                // tag starting with '.'
            (s: string) => s.replace(/:([^:/]*)$/, ":-$1"),                // tag starting with '-'
            (s: string) => s.replace(/:([^:/]*)$/, `:${"v".repeat(129)}`), // tag over 128
            (s: string) => `${s} `,                                       // white space
            (s: string) => `${s}@sha256:abc`,                              // short digest
            (s: string) => `${s}@@sha256:${"a".repeat(64)}`,               // two '@'
        ));
        fc.assert(fc.property(broken, ([r, breakIt]) => {
            const bad = breakIt(text(r));
            expect("problem" in parseImageReference(bad), bad).toBe(true);
        }), { numRuns: 2000 });
    });

    it("refuses upper case in the repository, with or without a registry", () => {
        fc.assert(fc.property(reference, fc.nat(), (r, i) => {
            // Without a registry, upper case in a first component followed by '/' makes it a registry host (normalize.go).
            const from = r.domain === undefined && r.path.includes("/") ? r.path.indexOf("/") : 0;
            const letters = [...r.path].map((c, j) => ({ c, j })).filter(({ c, j }) => /[a-z]/.test(c) && j >= from);
            fc.pre(letters.length > 0);
            const { j } = letters[i % letters.length];
            const upper = { ...r, path: r.path.slice(0, j) + r.path[j].toUpperCase() + r.path.slice(j + 1) };
            const parsed = parseImageReference(text(upper));
            expect(parsed, text(upper)).toMatchObject({ problem: expect.stringMatching(/^has upper case in the repository/) });
        }), { numRuns: 1000 });
    });

    it("names what is wrong", () => {
        expect(parseImageReference("nginx:1.27:3")).toEqual({ problem: `has two tags ("1.27" and "3"), got "nginx:1.27:3"; keep one, e.g. "nginx:1.27"` });
        expect(parseImageReference("[::1]:5000/app:v1")).toEqual({ ref: { domain: "[::1]:5000", path: "app", tag: "v1" } });
        expect(parseImageReference("us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5")).toEqual({
            ref: { domain: "us-docker.pkg.dev", path: "google-samples/containers/gke/gb-frontend", tag: "v5" },
        });
        expect(parseImageReference("example/worker@sha256:1234")).toEqual({ problem: "has a malformed digest; use @sha256: followed by 64 hex digits" });
    });
});

describe("imagePinProblem", () => {
    it("accepts a reference pinned by a tag other than latest, or by a digest, and nothing else", () => {
        fc.assert(fc.property(reference, (r) => {
            const problem = imagePinProblem(text(r));
            if (r.digest !== undefined || (r.tag !== undefined && r.tag !== "latest")) expect(problem).toBeUndefined();
            else expect(problem).toMatch(/^must pin a tag or digest/);
        }), { numRuns: 1000 });
    });
});
