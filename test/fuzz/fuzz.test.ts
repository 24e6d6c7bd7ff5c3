/**
 * A small, fixed-seed run of the fuzzer (fuzz.ts) so CI exercises it; the full
 * run (10,000 mutations, 200 renders) is `npm run fuzz`.
 */
import { describe, expect, it } from "vitest";
import { formatReport, fuzz } from "./fuzz";

describe("fuzzing the loader and the render", () => {
    it("300 mutations of the examples: no crash loading, no exit-1 rendering 20 accepted ones", async () => {
        const report = await fuzz({ mutations: 300, renders: 20, seed: 20_261_201 });
        expect(report.rejected).toBeGreaterThan(0);
        expect(report.accepted).toBeGreaterThan(20);
        expect(report.rendered).toBe(20);
        // On failure the report names each finding and the file that reproduces it.
        expect({ crashes: report.crashes, exit1: report.exit1 }, formatReport(report)).toEqual({ crashes: 0, exit1: 0 });
    }, 120_000);
});
