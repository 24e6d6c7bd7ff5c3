/**
 * Property tests: whatever the input, loading either succeeds or throws a
 * ConfigError whose every line has a file, a position and a path.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ConfigError } from "../../components/config/errors";
import { loadPlatform } from "../../components/config/load";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-prop-"));
const LINE = /^[^\s:]+:\d+:\d+ (\S+|\S*\["[^\n]*"\]\S*): \S.*$/;

function check(text: string, cloud = "aws") {
    const file = path.join(dir, "platform.yaml");
    fs.writeFileSync(file, text);
    try {
        loadPlatform({ configFile: "platform.yaml", cloud, region: "us-east-1" }, { root: dir });
    } catch (e) {
        if (!ConfigError.is(e)) throw new Error(`threw ${String(e)} (not a ConfigError) for:\n${text}`);
        expect(e.problems.length).toBeGreaterThan(0);
        for (const line of e.message.split("\n")) expect(line).toMatch(LINE);
        for (const p of e.problems) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(p.path.length).toBeGreaterThan(0);
        }
    }
}

const examples = ["examples/guestbook.yaml", "examples/shop.yaml"].filter((f) => fs.existsSync(f)).map((f) => parse(fs.readFileSync(f, "utf8")));

type Json = unknown;
/** Every path in a value, for picking mutation points. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [prefix];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
    return out;
}

function mutate(doc: Json, at: (string | number)[], op: "set" | "delete" | "rename", value: Json, newKey: string): Json {
    const copy = structuredClone(doc) as Record<string | number, Json>;
    if (at.length === 0) return op === "set" ? value : copy;
    let parent: any = copy;
    for (const k of at.slice(0, -1)) parent = parent[k];
    const last = at[at.length - 1];
    if (op === "set") parent[last] = value;
    else if (op === "delete") Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
    else if (!Array.isArray(parent)) { parent[newKey] = parent[last]; delete parent[last]; }
    return copy;
}

describe("config loader properties", () => {
    it("never throws anything but ConfigError on arbitrary text", () => {
        fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => check(text)), { numRuns: 300 });
    });

    it("never throws anything but ConfigError on arbitrary YAML documents", () => {
        const value = fc.anything({ maxDepth: 4, withNullPrototype: false, withBigInt: false, withDate: false, withMap: false, withSet: false, withTypedArray: false, withSparseArray: false, withBoxedValues: false, withObjectString: false });
        fc.assert(fc.property(value, (v) => check(stringify(v ?? null))), { numRuns: 300 });
    });

    it("never throws anything but ConfigError on mutations of the examples", () => {
        expect(examples.length).toBeGreaterThan(0);
        const arb = fc.constantFrom(...examples).chain((doc) => fc.record({
            doc: fc.constant(doc),
            at: fc.constantFrom(...paths(doc)),
            op: fc.constantFrom("set" as const, "delete" as const, "rename" as const),
            value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("", "latest", "nginx:latest", "${x.host}", "-1", "1.33", "0.0.0.0/0", -1, 0, 1e9, true, null)),
            newKey: fc.constantFrom("replica", "Image", "tiers", "talksto", "__proto__", "constructor", "x"),
            cloud: fc.constantFrom("aws", "gcp", "azure", "existing"),
        }));
        fc.assert(fc.property(arb, ({ doc, at, op, value, newKey, cloud }) => check(stringify(mutate(doc, at, op, value, newKey)), cloud)), { numRuns: 400 });
    });
});
