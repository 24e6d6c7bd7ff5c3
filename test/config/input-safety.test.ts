/**
 * Stack and file input safety (issue 9, sections 3 and 4): stack keys, the
 * platform path, command-line flags against the file, and input size limits.
 * Each case pins the exact line a user sees.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { settingsFromFlags } from "../../components/config/flags";
import { loadPlatform } from "../../components/config/load";
import { MAX_INPUT_BYTES, readYaml } from "../../components/config/source";
import { readStackSettings } from "../../components/program";
import { render, userErrorLines, type RenderTarget } from "../../components/render/render";

const ROOT = path.resolve(__dirname, "../..");
const SECRET_TEXT = "root:x:0:0:TOP-SECRET-CONTENT";
const PLATFORM = `cluster:
  environment: prod
  region: eu-west-1
  nodePools:
    general: { min: 2, max: 3 }
  endpoint: { allowedCidrs: ["198.18.0.0/15"] }
  aws: { deployFrom: ["198.18.0.0/15"] }
app:
  name: demo
  tiers:
    api:
      image: example/api:1.0.0
      ports: { http: 8080 }
      replicas: 2
`;

/** A project folder with a platform file, a stack per entry of `stacks`, and a secret file beside (outside) it. */
function project(stacks: Record<string, string> = {}): string {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-input-")));
    const root = path.join(base, "project");
    fs.mkdirSync(path.join(root, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(base, "passwd"), `${SECRET_TEXT}\n`);
    fs.writeFileSync(path.join(root, "platform.yaml"), PLATFORM);
    for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(root, "stacks", `Pulumi.${name}.yaml`), text);
    return root;
}

const stack = (...lines: string[]) => ["config:", "  kubeship:config: platform.yaml", "  kubeship:cloud: aws", ...lines, ""].join("\n");

/** The error lines of a render, or a failure if it renders. */
async function renderError(target: RenderTarget, root: string): Promise<string> {
    const err = await render(target, root).then(() => undefined, (e: unknown) => e);
    const lines = userErrorLines(err);
    if (lines === undefined) throw new Error(`expected a positioned error, got ${String(err)}`);
    return lines;
}

/** The error lines of the program's own reading of the stack, as under `pulumi up`. */
function programError(root: string, name: string, config: Record<string, string>): string {
    pulumi.runtime.setAllConfig(config);
    try {
        readStackSettings(new pulumi.Config("kubeship"), name, root);
    } catch (e) {
        expect(ConfigError.is(e)).toBe(true);
        return (e as Error).message;
    }
    throw new Error("expected the stack to be rejected");
}

describe("kubeship:overrides must be a plain map", () => {
    it("as a string: a positioned line, in render and under pulumi up", async () => {
        const root = project({ demo: stack('  kubeship:overrides: "cluster: x"') });
        const line = 'stacks/Pulumi.demo.yaml:4:23 kubeship:overrides: must be a map shaped like the config file (e.g. cluster: {nodePools: {general: {max: 3}}}), got "cluster: x"; write it as nested keys, not a string';
        expect(await renderError({ stack: "demo" }, root)).toBe(line);
        expect(programError(root, "demo", { "kubeship:config": "platform.yaml", "kubeship:overrides": "cluster: x" })).toBe(line);
    });

    it("as a JSON-looking string, which Pulumi would parse: still refused", async () => {
        const root = project({ demo: stack(`  kubeship:overrides: '{"cluster": {}}'`) });
        expect(await renderError({ stack: "demo" }, root)).toMatch(/^stacks\/Pulumi\.demo\.yaml:4:23 kubeship:overrides: must be a map shaped like the config file .*, got "\{\\"cluster\\": \{\}\}"/);
    });

    it("as a secret: a positioned line, in render and under pulumi up", async () => {
        const root = project({ demo: stack("  kubeship:overrides:", "    secure: v1:AAAABBBB") });
        const line = "stacks/Pulumi.demo.yaml:5:5 kubeship:overrides: cannot be a secret: overrides are merged into the platform and written to renders; set each secret as its own key (pulumi config set --secret kubeship:<key> <value>) and name it in a tier's secrets:";
        expect(await renderError({ stack: "demo" }, root)).toBe(line);
        expect(programError(root, "demo", { "kubeship:config": "platform.yaml", "kubeship:overrides": '{"cluster": {}}' })).toBe(line);
    });

    it("as a secret setting of another kind", async () => {
        const root = project({ demo: ["config:", "  kubeship:config: platform.yaml", "  kubeship:cloud: { secure: v1:AAAA }", ""].join("\n") });
        expect(await renderError({ stack: "demo" }, root)).toBe("stacks/Pulumi.demo.yaml:3:19 kubeship:cloud: cannot be a secret: it is a plain setting; set it with pulumi config set kubeship:cloud <value>");
    });
});

describe("misspelt stack keys", () => {
    it("names the setting meant, at the key", async () => {
        const root = project({ demo: stack("  kubeship:enviroment: prod", "  kubeship:regoin: us-east-1") });
        expect(await renderError({ stack: "demo" }, root)).toBe([
            'stacks/Pulumi.demo.yaml:4:3 kubeship:enviroment: unknown key "kubeship:enviroment"; did you mean "kubeship:environment"?',
            'stacks/Pulumi.demo.yaml:5:3 kubeship:regoin: unknown key "kubeship:regoin"; did you mean "kubeship:region"?',
        ].join("\n"));
        expect(programError(root, "demo", {})).toContain('did you mean "kubeship:environment"?');
    });

    it("leaves other namespaces, secrets and unrelated kubeship keys alone", async () => {
        const root = project({ demo: stack("  kubeship:region: eu-west-1", "  aws:regoin: us-east-1", "  kubeship:regions: { secure: v1:AAAA }", "  kubeship:dbPassword: plain") });
        const r = await render({ stack: "demo" }, root);
        expect(r.platform.cluster.region).toBe("eu-west-1");
    });
});

describe("render --config and validate use the file's region and environment", () => {
    it("takes them from the file when no flag is given", async () => {
        const root = project();
        const r = await render({ configFile: "platform.yaml", cloud: "aws" }, root);
        expect(r.platform.cluster).toMatchObject({ environment: "prod", region: "eu-west-1" });
        expect(settingsFromFlags("platform.yaml", { cloud: "aws" }, root)).toEqual({ configFile: "platform.yaml", cloud: "aws", environment: "prod", region: "eu-west-1", fileSets: new Set(["region", "environment"]) });
    });

    it("defaults the region only when neither the file nor a flag sets it", async () => {
        const root = project();
        fs.writeFileSync(path.join(root, "platform.yaml"), PLATFORM.replace("  region: eu-west-1\n", ""));
        const r = await render({ configFile: "platform.yaml", cloud: "aws" }, root);
        expect(r.platform.cluster.region).toBe("us-east-1");
    });

    it("accepts a flag that agrees with the file, and refuses one that does not, at the file's line", async () => {
        const root = project();
        expect((await render({ configFile: "platform.yaml", cloud: "aws", environment: "prod", region: "eu-west-1" }, root)).platform.cluster.environment).toBe("prod");
        expect(await renderError({ configFile: "platform.yaml", cloud: "aws", environment: "dev", region: "us-east-2" }, root)).toBe([
            'platform.yaml:2:16 cluster.environment: is "prod" in the file, but --env says "dev"; drop --env or change the file',
            'platform.yaml:3:11 cluster.region: is "eu-west-1" in the file, but --region says "us-east-2"; drop --region or change the file',
        ].join("\n"));
    });

    it("validate does the same", () => {
        const r = spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), "validate", "platform.yaml", "--cloud", "aws", "--env", "dev"], { cwd: project(), encoding: "utf8" });
        expect(r.stderr).toBe('platform.yaml:2:16 cluster.environment: is "prod" in the file, but --env says "dev"; drop --env or change the file\n');
        expect(r.status).toBe(2);
    });
});

describe("the platform path", () => {
    it("reports a missing --config file as that file", async () => {
        expect(await renderError({ configFile: "examples/nope.yaml", cloud: "aws" }, ROOT)).toBe(
            'examples/nope.yaml:1:1 (file): file not found: "examples/nope.yaml"; check the path (relative to the project root)',
        );
    });

    it.each([
        ["../passwd", 'stacks/Pulumi.demo.yaml:2:20 kubeship:config: is outside the project folder, got "../passwd"; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml'],
        ["../../../../../../../etc/passwd", "stacks/Pulumi.demo.yaml:2:20 kubeship:config: is outside the project folder, got \"../../../../../../../etc/passwd\"; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml"],
        ["/etc/passwd", 'stacks/Pulumi.demo.yaml:2:20 kubeship:config: is outside the project folder, got "/etc/passwd"; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml'],
        ["escape.yaml", 'stacks/Pulumi.demo.yaml:2:20 kubeship:config: is outside the project folder, got "escape.yaml"; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml'],
    ])("refuses a stack naming %s, without reading or quoting it", async (file, line) => {
        const root = project({ demo: stack().replace("platform.yaml", file) });
        fs.symlinkSync(path.join(root, "../passwd"), path.join(root, "escape.yaml"));
        const err = await renderError({ stack: "demo" }, root);
        expect(err).toBe(line);
        // Under pulumi up: the stack file itself is fine, and the loader refuses the path.
        pulumi.runtime.setAllConfig({ "kubeship:config": file, "kubeship:cloud": "aws" });
        const settings = readStackSettings(new pulumi.Config("kubeship"), "demo", root);
        expect(() => loadPlatform(settings, { root })).toThrow(line);
    });

    it("refuses --config outside the project, at the command line", async () => {
        const root = project();
        fs.symlinkSync(path.join(root, "../passwd"), path.join(root, "escape.yaml"));
        for (const file of ["../passwd", "escape.yaml", path.join(root, "../passwd")]) {
            const err = await renderError({ configFile: file, cloud: "aws" }, root);
            expect(err).toBe(`(command line):1:1 --config: is outside the project folder, got ${JSON.stringify(file)}; keep platform files inside the project and name them relative to its root, e.g. examples/guestbook.yaml`);
            expect(err).not.toContain("TOP-SECRET");
        }
        expect(() => loadPlatform({ configFile: "escape.yaml", cloud: "aws" }, { root })).toThrow(/^\(command line\):1:1 --config: is outside the project folder/);
    });
});

describe("input size limits", () => {
    it("refuses a platform file over 1 MiB before reading it", async () => {
        const root = project();
        // A sparse 50 MB file: reading it would take seconds and gigabytes of memory.
        fs.closeSync(fs.openSync(path.join(root, "big.yaml"), "w"));
        fs.truncateSync(path.join(root, "big.yaml"), 50 * 1024 * 1024);
        const started = Date.now();
        expect(await renderError({ configFile: "big.yaml", cloud: "aws" }, root)).toBe(
            "big.yaml:1:1 (file): is too large (52428800 bytes); platform and stack files may be at most 1048576 bytes (1 MiB)",
        );
        expect(Date.now() - started).toBeLessThan(2000);
    });

    it("refuses a stack file over 1 MiB, and reads one of exactly 1 MiB", async () => {
        const root = project({ big: `${stack()}#${"x".repeat(MAX_INPUT_BYTES)}\n` });
        expect(await renderError({ stack: "big" }, root)).toBe(
            `stacks/Pulumi.big.yaml:1:1 (file): is too large (${fs.statSync(path.join(root, "stacks/Pulumi.big.yaml")).size} bytes); platform and stack files may be at most 1048576 bytes (1 MiB)`,
        );
        const exact = path.join(root, "exact.yaml");
        fs.writeFileSync(exact, `a: 1\n#${"x".repeat(MAX_INPUT_BYTES - 7)}\n`);
        expect(fs.statSync(exact).size).toBe(MAX_INPUT_BYTES);
        expect(readYaml(exact, "exact.yaml").source?.value).toEqual({ a: 1 });
    });
});
