/** Short flags (-s, -c, -o, -q) work as their long forms; an unknown one is refused. In its own file: it renders in-process. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main";

async function run(argv: string[]) {
    let out = "", err = "";
    const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, env: {} });
    return { code, out, err };
}

describe("short flags", () => {
    it("accepts the short flags (-s, -c, -o, -q) and refuses an unknown one", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-short-"));
        fs.rmSync(out, { recursive: true });
        const r = await run(["render", "-c", "examples/guestbook.yaml", "--cloud", "existing", "-o", out, "-q"]);
        expect(r).toMatchObject({ code: 0, out: "" });
        expect(fs.existsSync(path.join(out, "resources.json"))).toBe(true);
        const bad = await run(["render", "-x", "-s", "local"]);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/^\(command line\):1:1 -x: is not a flag of render/);
    });

});
