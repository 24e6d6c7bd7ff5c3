/**
 * The corpus harness checks itself: each check must fail on the outcome it
 * exists to catch, or the corpus could pass while the product is broken.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExpectation, parseHeader, type CorpusCase } from "./cases";
import { agreementProblems, cliProblems, emptyResult, parseLine, registrationProblems, relatedPaths, type StageResult } from "./harness";
import { installJail } from "./sandbox";

const kase = (over: Partial<CorpusCase> = {}): CorpusCase => ({
    id: "001-x", kind: "file", area: "t", why: "t", file: "cases/001-x.yaml", direct: true, agree: true,
    args: ["render", "--config", "{file}", "--cloud", "aws"], expect: [], forbid: [], ...over,
});
const LINE = 'cases/001-x.yaml:12:7 app.tiers.web.ports.http: must be TCP or UDP, got "SCTP"';
const result = (over: Partial<StageResult> = {}): StageResult => ({
    ...emptyResult("cli"), argv: ["render", "--config", "cases/001-x.yaml", "--cloud", "aws", "--out", "/tmp/o"], exit: 2, stderr: `${LINE}\n`, ms: 50, ...over,
});

describe("error lines", () => {
    it("parses positioned lines for the files a case may name, quoted keys included", () => {
        const files = ["cases/001-x.yaml", "(command line)"];
        expect(parseLine(LINE, files)).toMatchObject({ file: "cases/001-x.yaml", line: 12, column: 7, path: "app.tiers.web.ports.http" });
        expect(parseLine('cases/001-x.yaml:3:5 app.tiers["my tier"].image: must pin a tag', files)?.path).toBe('app.tiers["my tier"].image');
        expect(parseLine("(command line):1:1 --out: is the project root; choose another folder", files)?.path).toBe("--out");
        expect(parseLine("(stack):1:1 kubeship:config: file not found", files)).toBeUndefined();
        expect(parseLine("kubeship: internal error: invalid EKS cluster config:", files)).toBeUndefined();
        expect(parseLine("cases/001-x.yaml:0:1 app: must be a map", files)).toBeUndefined();
    });

    it("relates a path to its ancestors and descendants only", () => {
        expect(relatedPaths("app.tiers.web.ports", "app.tiers.web.ports.http")).toBe(true);
        expect(relatedPaths("app.tiers.web.ports[0]", "app.tiers.web.ports")).toBe(true);
        expect(relatedPaths("(file)", "(root)")).toBe(true);
        expect(relatedPaths("app.tiers.webapp", "app.tiers.web")).toBe(false);
    });

    it("reads a case header", () => {
        const h = parseHeader("# kubeship: render --config {file} --cloud gcp\n# area: s2\n# why: w\n# expect: app.name @3 ~ must be\n# forbid: got a map\ncluster: {}\n# expect: ignored\n");
        expect(h?.args).toEqual(["render", "--config", "{file}", "--cloud", "gcp"]);
        expect(h?.expect).toEqual([parseExpectation("app.name @3 ~ must be")]);
        expect(h?.expect[0]).toMatchObject({ path: "app.name", line: 3, text: "must be" });
        expect(h?.forbid.map((f) => f.source)).toEqual(["got a map"]);
    });
});

describe("the checks", () => {
    it("pass a good outcome", () => {
        expect(cliProblems(kase({ expect: [parseExpectation("app.tiers.web.ports ~ TCP or UDP")] }), result())).toEqual([]);
    });

    it.each<[string, Partial<StageResult>, RegExp]>([
        ["an accepted input", { exit: 0, stderr: "" }, /^exit 0, want 2/],
        ["an internal error", { exit: 1, stderr: "kubeship: internal error: boom\n" }, /not "<file>/],
        ["a stack trace", { stderr: `${LINE}\n    at render (render.ts:3:4)\n` }, /stack-trace-like|not "<file>/],
        ["a written --out folder", { outExists: true }, /wrote the --out folder/],
        ["a temporary folder left behind", { outLeftovers: [".kubeship-tmp-o-1"] }, /beside the --out folder/],
        ["a changed project", { changed: ["removed project/stacks"] }, /changed the project/],
        ["a write outside the sandbox", { refused: ["renameSync /"] }, /outside the sandbox/],
        ["a hang", { timedOut: true, exit: null, stderr: "", hang: "cut off after 10 s" }, /^hangs/],
        ["a slow exit 2", { ms: 12_000 }, /took/],
        ["an unhandled rejection", { stray: ["unhandled rejection: x"] }, /unhandled/],
    ])("catch %s", (_what, over, want) => {
        expect(cliProblems(kase(), result(over)).some((p) => want.test(p))).toBe(true);
    });

    it("hold a case to its expected line, forbidden text and file", () => {
        expect(cliProblems(kase({ expect: [parseExpectation("app.name")] }), result())).toEqual(['no line for "app.name"']);
        expect(cliProblems(kase({ expect: [parseExpectation("app.tiers.web.ports @13")] }), result())).toHaveLength(1);
        expect(cliProblems(kase({ expect: [parseExpectation("app.tiers.web.ports ~ port is required")] }), result())).toHaveLength(1);
        expect(cliProblems(kase({ forbid: [/got "SCTP"/] }), result())).toEqual(['a line matches /got "SCTP"/']);
        expect(cliProblems(kase({ reportedIn: "examples/x.yaml" }), result())).toEqual(["no line names examples/x.yaml"]);
    });

    it("compare validate with render line by line", () => {
        expect(agreementProblems({ cli: result(), validate: { ...result(), stage: "validate" } })).toEqual([]);
        expect(agreementProblems({ cli: result({ exit: 1, stderr: "kubeship: internal error: x\n" }), validate: { ...result(), exit: 0, stderr: "" } }))
            .toEqual(["validate exits 0, render 1", 'only render says: "kubeship: internal error: x"']);
    });

    it("count what was registered before the failure, under render and directly", () => {
        const direct = (over: Partial<StageResult>) => ({ ...emptyResult("direct"), ...over });
        expect(registrationProblems(kase(), { cli: result(), direct: direct({ outcome: "config" }) })).toEqual([]);
        expect(registrationProblems(kase(), { cli: result({ exit: 1, evaluated: true, registered: 45 }), direct: direct({ skipped: "same" }) }))
            .toEqual(["render registered 45 resources before it failed"]);
        expect(registrationProblems(kase(), { cli: result(), direct: direct({ outcome: "config", registered: 3 }) })).toEqual(["the program registered 3 resources before it failed"]);
        expect(registrationProblems(kase(), { cli: result(), direct: direct({ outcome: "ResourceError: invalid app" }) })).toEqual(["the program failed with ResourceError: invalid app, not a config error"]);
        expect(registrationProblems(kase(), { cli: result(), direct: direct({ outcome: "ok", registered: 80 }) })).toEqual(["the program accepted it and registered 80 resources"]);
    });
});

describe("the jail", () => {
    it("refuses writes outside the sandbox while enabled, and allows them inside", () => {
        const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-jail-")));
        const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-jail-outside-")));
        const jail = installJail(root);
        try {
            jail.enabled = true;
            fs.writeFileSync(path.join(root, "inside.txt"), "ok");
            expect(() => fs.writeFileSync(path.join(outside, "x.txt"), "no")).toThrow(/corpus jail: refused/);
            expect(() => fs.renameSync(root, `${root}-moved`)).toThrow(/corpus jail: refused/);
            expect(() => fs.rmSync(outside, { recursive: true })).toThrow(/corpus jail: refused/);
            expect(() => fs.mkdtempSync(path.join(outside, "t-"))).toThrow(/corpus jail: refused/);
            fs.mkdirSync(outside, { recursive: true }); // exists: changes nothing
            expect(jail.refused).toHaveLength(4);
            expect(fs.existsSync(outside)).toBe(true);
        } finally {
            jail.enabled = false;
            fs.rmSync(root, { recursive: true, force: true });
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });
});
