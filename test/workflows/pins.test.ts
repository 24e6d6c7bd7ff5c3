/**
 * Every external action is pinned by a full commit SHA with its tag in a
 * comment, each pin is recorded in .github/ACTIONS.md (tag, SHA, where and when
 * it was read), and the Pulumi CLI the workflows install is the SDK's release.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, ".github/workflows");
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

/** Every `uses:` line of a workflow, with its line number. */
function usesLines(file: string): { line: number; text: string }[] {
    return fs.readFileSync(path.join(dir, file), "utf8").split("\n")
        .map((text, i) => ({ line: i + 1, text }))
        .filter((l) => /^\s*(-\s+)?uses:/.test(l.text));
}

const PIN = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40}) # (v\d+(?:\.\d+){0,2})\s*$/;

/** The table rows of ACTIONS.md: action -> {tag, sha}. */
function table(): Map<string, { tag: string; sha: string }> {
    const text = fs.readFileSync(path.join(root, ".github/ACTIONS.md"), "utf8");
    const rows = new Map<string, { tag: string; sha: string }>();
    for (const m of text.matchAll(/^\| `([\w.-]+\/[\w.-]+)` \| (v[\d.]+) \| `([0-9a-f]{40})` \| (\d{4}-\d{2}-\d{2}) \| (\d{4}-\d{2}-\d{2}) \|$/gm)) {
        expect(rows.has(m[1]), `${m[1]} listed twice`).toBe(false);
        rows.set(m[1], { tag: m[2], sha: m[3] });
    }
    return rows;
}

const pins = files.flatMap((file) => usesLines(file).filter((l) => !/uses:\s+\.\//.test(l.text)).map((l) => ({ file, ...l })));

describe("action pins", () => {
    it("there are pins to check, and a table", () => {
        expect(pins.length).toBeGreaterThan(10);
        expect(table().size).toBeGreaterThan(5);
        expect(fs.readFileSync(path.join(root, ".github/ACTIONS.md"), "utf8")).toContain("Checked on 2026-12-02");
    });

    it.each(pins.map((p) => [`${p.file}:${p.line}`, p] as const))("%s is owner/repo@<40-hex SHA> # vX.Y.Z", (_, p) => {
        expect(p.text, "pin by commit SHA with the tag in a comment").toMatch(PIN);
    });

    it("every pin is in the table with the same tag and SHA, and every row is used", () => {
        const rows = table();
        const used = new Set<string>();
        for (const p of pins) {
            const m = PIN.exec(p.text);
            if (!m) continue; // reported above
            const action = m[1].split("/").slice(0, 2).join("/");
            used.add(action);
            expect(rows.get(action), `${p.file}:${p.line} ${action} is not in .github/ACTIONS.md`).toEqual({ tag: m[3], sha: m[2] });
        }
        expect([...rows.keys()].sort()).toEqual([...used].sort());
    });

    it("one action, one pin: no workflow uses another SHA of an action", () => {
        const seen = new Map<string, string>();
        for (const p of pins) {
            const m = PIN.exec(p.text);
            if (!m) continue;
            const prior = seen.get(m[1]);
            if (prior) expect(m[2], `${p.file}:${p.line} ${m[1]}`).toBe(prior);
            seen.set(m[1], m[2]);
        }
    });
});

describe("the Pulumi CLI", () => {
    it("is pinned once, to the @pulumi/pulumi release in package-lock.json", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        const sdk = lock.packages["node_modules/@pulumi/pulumi"].version;
        expect(sdk).toMatch(/^\d+\.\d+\.\d+$/);
        const versions = files.flatMap((f) => {
            const wf = parse(fs.readFileSync(path.join(dir, f), "utf8")) as { jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> };
            return Object.values(wf.jobs).flatMap((j) => j.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@")).map((s) => s.with?.["pulumi-version"]);
        });
        expect(versions).toEqual([sdk]);
    });
});
