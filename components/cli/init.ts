/**
 * `kubeship init`: scaffolds a Pulumi project over the kubeship package in the
 * user's own folder. planInit is pure (the files to write, by path); initCommand
 * writes them, refusing to overwrite any file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { didYouMean, parseFlags, UsageError } from "./args";
import type { Io } from "./io";
import { PEER_SDKS, CLOUD_SDK, PROJECT_DEV_TOOLS } from "../cluster/versions/sdks";

export const INIT_CLOUDS = ["aws", "gcp", "azure", "existing"] as const;
export const INIT_TEMPLATES = ["web", "guestbook", "empty"] as const;
export const INIT_ENVIRONMENTS = ["dev", "staging", "prod"] as const;
type Cloud = (typeof INIT_CLOUDS)[number];
type Env = (typeof INIT_ENVIRONMENTS)[number];

export interface InitOptions {
    /** Pulumi.yaml's name. @default the folder's name, made a valid project name */
    name: string;
    clouds: Cloud[];
    /** @default ["dev", "staging", "prod"] */
    environments: Env[];
    /** @default "web" */
    template: (typeof INIT_TEMPLATES)[number];
    /** kubeship's own version: package.json asks for ^it. */
    version: string;
}

/** The package's root: cli/ or components/cli/ in a checkout, dist/components/cli/ when installed. */
export function packageRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "templates", "platform"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`kubeship's templates/ folder is missing above ${from}`);
    }
}

/** What `init` writes, by path relative to the project folder; package.json and tsconfig.json only where `has` says they are absent. */
export function planInit(opts: InitOptions, readTemplate: (rel: string) => string, has: (rel: string) => boolean = () => false): Map<string, string> {
    const files = new Map<string, string>();
    files.set("Pulumi.yaml", pulumiYaml(opts.name));
    files.set("index.ts", INDEX_TS);
    files.set("platform.yaml", readTemplate(`platform/${opts.template}.yaml`));
    for (const cloud of opts.clouds) for (const env of opts.environments) files.set(`stacks/Pulumi.${env}-${cloud}.yaml`, stackFile(cloud, env));
    files.set(".gitignore", "node_modules/\nbin/\nout/\n*.log\n");
    if (!has("package.json")) files.set("package.json", `${JSON.stringify(packageJson(opts), null, 2)}\n`);
    // `pulumi new typescript`'s tsconfig (pulumi/templates@65db26bfbdb2fef067d2a10dcadef7b553b36d60 typescript/tsconfig.json).
    if (!has("tsconfig.json")) files.set("tsconfig.json", `${JSON.stringify(TSCONFIG, null, 4)}\n`);
    return files;
}

/** The packages the project needs: kubeship, the Pulumi SDK, Kubernetes, and only the chosen clouds' SDKs. */
export function projectDependencies(opts: Pick<InitOptions, "clouds" | "version">): Record<string, string> {
    const deps: Record<string, string> = { kubeship: `^${opts.version}`, "@pulumi/pulumi": PEER_SDKS["@pulumi/pulumi"], "@pulumi/kubernetes": PEER_SDKS["@pulumi/kubernetes"] };
    for (const cloud of opts.clouds) if (cloud !== "existing") deps[CLOUD_SDK[cloud]] = PEER_SDKS[CLOUD_SDK[cloud]];
    return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
}

function packageJson(opts: InitOptions) {
    return { name: opts.name.toLowerCase(), private: true, main: "index.ts", scripts: { render: `kubeship render --stack dev-${opts.clouds[0]}` }, dependencies: projectDependencies(opts), devDependencies: PROJECT_DEV_TOOLS };
}

const TSCONFIG = {
    compilerOptions: {
        strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true,
        experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

function pulumiYaml(name: string): string {
    return `name: ${name}
description: A Kubernetes platform from one YAML file (platform.yaml), through kubeship.
# Pulumi's default TypeScript runtime (ts-node, transpile only) runs index.ts.
runtime: nodejs
main: index.ts
stackConfigDir: stacks
`;
}

export const INDEX_TS = `/**
 * The Pulumi program: kubeship builds the cluster and the app that the stack's
 * platform file describes (stacks/Pulumi.<stack>.yaml names it). Add your own
 * resources below; \`kubeship render --stack <stack>\` renders them too.
 */
import { deployPlatform } from "kubeship/program";

export = async () => {
    const platform = await deployPlatform();
    return platform;
};
`;

const REGION: Record<Cloud, string | undefined> = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: undefined };

/** One stack file: the cloud, region and environment, and the settings each cloud needs before a first deploy. */
export function stackFile(cloud: Cloud, env: Env): string {
    const lines = [`# ${env}-${cloud}: platform.yaml on ${cloud === "existing" ? "an existing cluster" : cloud.toUpperCase()}, environment ${env}.`, "config:", "  kubeship:config: platform.yaml", `  kubeship:cloud: ${cloud}`];
    if (REGION[cloud]) lines.push(`  kubeship:region: ${REGION[cloud]}`);
    lines.push(`  kubeship:environment: ${env}`, "  kubeship:overrides:", "    cluster:", ...CLOUD_SETTINGS[cloud](env));
    return `${lines.join("\n")}\n`;
}

/** prod as kubeship's own prod stacks have it: a private API endpoint and a system pool of 3 (the prod rules refuse less). */
const PROD_POOL = ["      nodePools:", "        general: { min: 3 }   # prod keeps >= 2 system nodes; 3 spreads them over zones"];
const PRIVATE_ENDPOINT = ["      endpoint:", "        public: false"];

const CLOUD_SETTINGS: Record<Cloud, (env: Env) => string[]> = {
    aws: (env) => [
        "      aws:",
        "        # Every identity that runs `pulumi up` needs an access entry (the cluster gives its",
        "        # creator none): CI's deploy role and yours. Replace the account and role names.",
        "        adminRoleArns:",
        "          - arn:aws:iam::123456789012:role/kubeship-deployer",
        ...(env === "prod"
            ? ["        # prod deploys from a self-hosted runner inside the VPC (network.cidr): the endpoint is private.", "        deployFrom: [10.0.0.0/16]", ...PRIVATE_ENDPOINT, ...PROD_POOL]
            : ["        deployFrom: github-hosted"]),
    ],
    gcp: (env) => [
        "      gcp:",
        `        project: my-project-${env}   # your GCP project id`,
        ...(env === "prod" ? ["      # Private IP endpoints; Pulumi reaches GKE's DNS endpoint, authorized by IAM.", ...PRIVATE_ENDPOINT, ...PROD_POOL] : []),
    ],
    azure: (env) => [
        "      azure:",
        "        # CI's GitHub OIDC token; on a laptop: AAD_LOGIN_METHOD=azurecli pulumi preview",
        "        kubeloginMode: workloadidentity",
        ...(env === "prod" ? ["        deployFrom: vnet   # a self-hosted runner in the VNet: the endpoint is private", ...PRIVATE_ENDPOINT, ...PROD_POOL] : []),
    ],
    existing: (env) => ["      existing:", "        context: kind-kind   # kubectl config get-contexts", ...(env === "prod" ? PROD_POOL : [])],
};

/** A folder name as a Pulumi project name (letters, digits, -, _ and .). */
export function projectName(dir: string): string {
    const name = path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
    return name || "kubeship-project";
}

const FLAGS = { cloud: { type: "string" }, env: { type: "string" }, template: { type: "string", short: "t" }, name: { type: "string" } } as const;

/** Parses `init [DIR] --cloud C[,C] [--env E[,E]] [--template T] [--name N]`. Throws UsageError. */
export function initOptions(args: string[], version: string): { dir: string; options: InitOptions } {
    const { values, positionals } = parseFlags("init", args, { ...FLAGS });
    if (positionals.length > 1) throw new UsageError(`takes at most one DIR, got ${positionals.length}: ${positionals.join(" ")}`, "init");
    const dir = positionals[0] ?? ".";
    const v = values as Record<string, string | undefined>;
    if (v.cloud === undefined) throw new UsageError("is needed: aws, gcp, azure or existing (several: --cloud aws,gcp)", "init", "--cloud");
    const list = <T extends string>(flag: string, value: string, allowed: readonly T[]): T[] => {
        const items = value.split(",").map((s) => s.trim());
        for (const item of items) {
            if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`must be ${allowed.join(", ")} (comma-separated), got ${JSON.stringify(item)}${didYouMean(item, allowed)}`, "init", flag);
        }
        return [...new Set(items)] as T[];
    };
    const template = v.template ?? "web";
    if (!(INIT_TEMPLATES as readonly string[]).includes(template)) throw new UsageError(`must be ${INIT_TEMPLATES.join(", ")}, got ${JSON.stringify(template)}${didYouMean(template, INIT_TEMPLATES)}`, "init", "--template");
    const name = v.name ?? projectName(dir);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`must hold only letters, digits, -, _ and . (a Pulumi project name), got ${JSON.stringify(name)}`, "init", "--name");
    return {
        dir,
        options: { name, clouds: list("--cloud", v.cloud, INIT_CLOUDS), environments: list("--env", v.env ?? INIT_ENVIRONMENTS.join(","), INIT_ENVIRONMENTS), template: template as InitOptions["template"], version },
    };
}

/** Writes the project; refuses (exit 2, nothing written) when any file it would write exists. */
export function initCommand(args: string[], io: Io, version: string): number {
    const { dir, options } = initOptions(args, version);
    const root = packageRoot();
    const has = (rel: string) => fs.existsSync(path.join(dir, rel));
    const files = planInit(options, (rel) => fs.readFileSync(path.join(root, "templates", rel), "utf8"), has);
    for (const [rel, text] of workflowFiles(root)) files.set(rel, text);
    const existing = [...files.keys()].filter(has);
    if (existing.length) {
        throw new UsageError(`would overwrite ${existing.join(", ")} in ${JSON.stringify(dir)}; kubeship init never overwrites a file: move them away or init another folder`, "init", dir);
    }
    for (const [rel, text] of files) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text, { flag: "wx", mode: rel.endsWith(".sh") ? 0o755 : 0o644 });
    }
    const first = `dev-${options.clouds[0]}`;
    const install = has("package.json") && !files.has("package.json")
        ? `npm install ${Object.entries(projectDependencies(options)).map(([n, r]) => `${n}@"${r}"`).join(" ")}`
        : "npm install";
    const cd = path.resolve(dir) === process.cwd() ? "" : `  cd ${dir}\n`;
    io.out(`wrote ${files.size} files in ${dir}: ${[...files.keys()].join(", ")}\n\nnext:\n${cd}  ${install}\n  npx kubeship render --stack ${first}\n  pulumi stack init ${first} && pulumi up --stack ${first}\n`);
    return 0;
}

/** The CI workflows and their script, from the package's templates/github/ (npm run templates), written under .github/. */
function workflowFiles(root: string): Map<string, string> {
    const files = new Map<string, string>();
    const base = path.join(root, "templates", "github");
    if (!fs.existsSync(base)) return files;
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(base, rel), { withFileTypes: true })) {
            const r = path.posix.join(rel, entry.name);
            if (entry.isDirectory()) walk(r);
            else files.set(path.posix.join(".github", r), fs.readFileSync(path.join(base, r), "utf8"));
        }
    };
    walk("");
    return files;
}
