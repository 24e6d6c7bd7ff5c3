/**
 * `kubeship init`, then `kubeship render` in the new project, as a user runs
 * them: real processes in an empty folder. The project's `kubeship/program`
 * resolves to this checkout (a two-line shim in its node_modules), so the
 * render runs the project's own index.ts over the code under test.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { initOptions, planInit, projectDependencies, projectName } from "../../components/cli/init";

const ROOT = path.resolve(__dirname, "../..");
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(ROOT, "cli/kubeship.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, KUBESHIP_DEBUG: "1" } });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-init-"));

/** node_modules as `npm install` would leave them for this checkout: kubeship/program and the Pulumi SDKs. */
function linkKubeship(dir: string): void {
    const pkg = path.join(dir, "node_modules", "kubeship");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "kubeship", exports: { "./program": "./program.ts" } }));
    fs.writeFileSync(path.join(pkg, "program.ts"), `export * from ${JSON.stringify(path.join(ROOT, "components/program"))};\n`);
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"));
}

const EXTRA = `import * as k8s from "@pulumi/kubernetes";
import { deployPlatform } from "kubeship/program";

export = async () => {
    const platform = await deployPlatform();
    const provider = new k8s.Provider("extra", { kubeconfig: platform.kubeconfig });
    new k8s.core.v1.ConfigMap("extra-settings", { metadata: { namespace: platform.namespace }, data: { team: "web" } }, { provider });
    return platform;
};
`;

describe("kubeship init then render, in an empty folder", () => {
    for (const cloud of ["aws", "gcp", "azure", "existing"] as const) {
        it(`${cloud}: renders dev-${cloud} with the project's own program, extra resources included`, () => {
            const dir = tmp();
            const init = run(["init", "--cloud", cloud], dir);
            expect(init.stderr).toBe("");
            expect(init.status).toBe(0);
            expect(fs.readdirSync(path.join(dir, "stacks")).sort()).toEqual([`Pulumi.dev-${cloud}.yaml`, `Pulumi.prod-${cloud}.yaml`, `Pulumi.staging-${cloud}.yaml`]);
            expect(init.stdout).toContain(`npx kubeship render --stack dev-${cloud}`);
            expect(fs.readdirSync(path.join(dir, ".github/workflows")).sort()).toEqual(["deploy.yml", "offline-comment.yml", "offline.yml", "preview.yml", "pulumi-stack.yml", "stacks.yml"]);
            linkKubeship(dir);
            fs.writeFileSync(path.join(dir, "index.ts"), EXTRA);
            const r = run(["render", "--stack", `dev-${cloud}`, "--quiet"], dir);
            expect(r.stderr).toBe("");
            expect(r.status).toBe(0);
            const resources = JSON.parse(fs.readFileSync(path.join(dir, "out", `dev-${cloud}`, "resources.json"), "utf8")) as { urn: string; type: string }[];
            const project = path.basename(dir);
            // The project's name in every URN, the template's app, and the resource only the project's index.ts creates.
            expect(resources.every((x) => x.urn.startsWith(`urn:pulumi:dev-${cloud}::${project}::`))).toBe(true);
            expect(resources.some((x) => x.urn.endsWith("::web-ns"))).toBe(true);
            expect(resources.filter((x) => x.urn.endsWith("::extra-settings")).map((x) => x.type)).toEqual(["kubernetes:core/v1:ConfigMap"]);
            if (cloud !== "existing") expect(resources.some((x) => x.type.startsWith(`${cloud === "azure" ? "azure-native" : cloud}:`))).toBe(true);
        });
    }

    it("renders the other environments' stacks too (prod on a private endpoint, a system pool of 3)", () => {
        const dir = tmp();
        expect(run(["init", "--cloud", "gcp,existing", "--env", "prod", "--template", "guestbook"], dir).status).toBe(0);
        linkKubeship(dir);
        for (const stack of ["prod-gcp", "prod-existing"]) {
            const r = run(["render", "--stack", stack, "--quiet"], dir);
            expect({ stack, stderr: r.stderr, status: r.status }).toEqual({ stack, stderr: "", status: 0 });
        }
    });

    it("refuses to overwrite: names every file it would replace, exits 2 and writes nothing", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "index.ts"), "// mine\n");
        fs.mkdirSync(path.join(dir, "stacks"));
        fs.writeFileSync(path.join(dir, "stacks", "Pulumi.dev-aws.yaml"), "config: {}\n");
        const r = run(["init", "--cloud", "aws"], dir);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(/^\(command line\):1:1 \.: would overwrite index\.ts, stacks\/Pulumi\.dev-aws\.yaml in "\."; kubeship init never overwrites a file/);
        expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toBe("// mine\n");
        expect(fs.readdirSync(dir).sort()).toEqual(["index.ts", "stacks"]);
        expect(fs.readdirSync(path.join(dir, "stacks"))).toEqual(["Pulumi.dev-aws.yaml"]);
    });

    it("leaves an existing package.json alone and prints the npm install to run instead", () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "package.json"), '{"name":"mine"}\n');
        const r = run(["init", "--cloud", "gcp", "--env", "dev"], dir);
        expect(r.status).toBe(0);
        expect(fs.readFileSync(path.join(dir, "package.json"), "utf8")).toBe('{"name":"mine"}\n');
        expect(r.stdout).toContain('npm install @pulumi/gcp@"^9.37.0" @pulumi/kubernetes@"^4.34.2" @pulumi/pulumi@"^3.248.0" kubeship@"^0.1.0"');
    });

    it("has --help, and reports a bad flag value with the closest choice", () => {
        const dir = tmp();
        const help = run(["init", "--help"], dir);
        expect(help.status).toBe(0);
        expect(help.stdout).toMatch(/^kubeship init — scaffold a project/);
        expect(help.stdout).toContain("--template T");
        expect(run(["help"], dir).stdout).toMatch(/\n {2}init {7}scaffold a project/);
        const bad = run(["init", "--cloud", "gpc"], dir);
        expect(bad.status).toBe(2);
        expect(bad.stderr).toBe('(command line):1:1 --cloud: must be aws, gcp, azure, existing (comma-separated), got "gpc"; did you mean gcp? (kubeship init --help shows its usage)\n');
        expect(run(["init"], dir).stderr).toContain("--cloud: is needed");
        expect(fs.readdirSync(dir)).toEqual([]);
    });
});

describe("planInit (pure)", () => {
    const opts = initOptions(["my app", "--cloud", "aws,existing", "--env", "dev,prod", "--template", "empty"], "1.2.3").options;

    it("takes the folder's name as the project's, made a valid Pulumi name", () => {
        expect(opts.name).toBe("my-app");
        expect(projectName("/x/.hidden.")).toBe("hidden");
    });

    it("writes the stacks for each cloud and environment, each naming the platform file and its cloud", () => {
        const files = planInit(opts, (rel) => `# ${rel}\n`);
        const stacks = [...files.keys()].filter((f) => f.startsWith("stacks/"));
        expect(stacks).toEqual(["stacks/Pulumi.dev-aws.yaml", "stacks/Pulumi.prod-aws.yaml", "stacks/Pulumi.dev-existing.yaml", "stacks/Pulumi.prod-existing.yaml"]);
        const prodAws = parse(files.get("stacks/Pulumi.prod-aws.yaml")!).config;
        expect(prodAws["kubeship:config"]).toBe("platform.yaml");
        expect(prodAws["kubeship:cloud"]).toBe("aws");
        expect(prodAws["kubeship:overrides"].cluster.endpoint).toEqual({ public: false });
        expect(files.get("platform.yaml")).toBe("# platform/empty.yaml\n");
        expect(parse(files.get("Pulumi.yaml")!)).toMatchObject({ name: "my-app", runtime: "nodejs", main: "index.ts", stackConfigDir: "stacks" });
    });

    it("installs only the chosen clouds' SDKs (an existing cluster needs none)", () => {
        expect(Object.keys(projectDependencies({ clouds: ["existing"], version: "1.2.3" }))).toEqual(["@pulumi/kubernetes", "@pulumi/pulumi", "kubeship"]);
        expect(projectDependencies({ clouds: ["azure"], version: "1.2.3" })).toMatchObject({ "@pulumi/azure-native": "^3.28.0", kubeship: "^1.2.3" });
    });
});
