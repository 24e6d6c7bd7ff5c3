import { describe, expect, it } from "vitest";
import { estimateCommand, simulate, unavoidableChain } from "../../components/estimate";
import { render } from "../../components/render/render";

describe("estimate end to end", () => {
    it("estimates the guestbook on an existing cluster", async () => {
        const rendered = await render({ configFile: "examples/guestbook.yaml", cloud: "existing" });
        const sim = simulate(rendered.resources);
        expect(sim.total).toBeGreaterThan(0);
        expect(sim.criticalPath.length).toBeGreaterThan(0);
        expect(sim.criticalPath.at(-1)!.finish).toBe(sim.total);
        const chain = unavoidableChain(sim);
        expect(chain.links.map((l) => l.stage)).toEqual(["app"]);
        expect(chain.links[0].tasks.at(-1)?.type).toBe("kubernetes:apps/v1:StatefulSet");
    });

    it("prints a report or a one-line error", async () => {
        const out: string[] = [], err: string[] = [];
        const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
        expect(await estimateCommand(["--from", "/nonexistent-dir"], io)).toBe(2);
        expect(err.join("")).toMatch(/^kubeship estimate: cannot read .*resources\.json: ENOENT\n$/);
        expect(await estimateCommand(["--from", "x", "--format", "yaml"], io)).toBe(2);
        expect(await estimateCommand([], io)).toBe(2);
    });
});
