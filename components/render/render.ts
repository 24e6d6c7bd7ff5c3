/**
 * `kubeship render`: evaluate the Pulumi program offline and write what
 * `pulumi up` would create. Nothing is written unless everything succeeded;
 * `writeRender` (write.ts) replaces only an earlier render.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { settingsFromFlags } from "../config/flags";
import { loadPlan, type StackSettings } from "../config/load";
import { formatWarning, planWarnings } from "../config/warnings";
import { catalogAgeWarning, datedCatalog, resolveToday, type KubernetesVersionPlan } from "../cluster/versions";
import type { PlatformConfig } from "../config/schema";
import type { GatewayPlan } from "../gateway/plan";
import { secretConfigRefs } from "../app/pull-secret";
import { CONFIG_NAMESPACE, deployPlatform, inferEnvironment, missingSecrets } from "../program";
import { toMermaid } from "./diagram";
import { evaluate, type RecordedResource } from "./engine";
import { manifestsYaml, toManifests, toResourceEntries, type ResourceEntry } from "./manifests";
import { createMocks } from "./mocks";
import { projectProgram } from "./project";
import { fileStackName, readStackConfig, SECRET_PLACEHOLDER, stackFilePath } from "./stack-file";
import { summarize } from "./summary";
import { CLUSTER_OUTPUT, KUBECONFIG_OUTPUT } from "../cluster/export";
import { referencedStackName } from "../config/stack-keys";
import { podOwnersOf } from "../app/names";

export { writeRender } from "./write";

export type RenderTarget =
    | { stack: string }
    | { configFile: string; cloud: string; region?: string; environment?: string };

export interface Rendered {
    stack: string;
    platform: PlatformConfig;
    resources: ResourceEntry[];
    recorded: RecordedResource[];
    manifests: Record<string, unknown>[];
    outputs: Record<string, unknown>;
    /** outputs.json: a cluster stack's outputs (kubeship:role: cluster), which its app stacks' renders read. */
    files: { "resources.json": string; "manifests.yaml": string; "diagram.mmd": string; "outputs.json"?: string };
    summary: string;
    /** The Kubernetes version chosen and its support; undefined for an existing cluster. */
    kubernetes?: KubernetesVersionPlan;
    /** An app stack's cluster stack (its stack name, kubeship:clusterStack's last segment); undefined otherwise. */
    clusterStack?: string;
    /** The HTTPS entry's plan; undefined when no tier has http. */
    gateway?: GatewayPlan;
    /** Lines for stderr that do not fail the render: a stale version catalog, a newer minor the catalog cannot build. */
    warnings: string[];
}

const DEFAULT_REGION: Record<string, string> = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: "" };

/** The Pulumi config a render hands the program, as `pulumi up` would for that stack. */
function configFor(target: RenderTarget, root: string): { stack: string; config: Record<string, string>; secretKeys: string[]; settings: StackSettings } {
    if ("stack" in target) {
        const s = readStackConfig(target.stack, root);
        const get = (k: string) => s.config[`${CONFIG_NAMESPACE}:${k}`];
        const overrides = get("overrides");
        return {
            stack: s.stack, config: s.config, secretKeys: s.secretKeys,
            settings: {
                stack: s.stack,
                configFile: get("config") ?? "", cloud: get("cloud"), region: get("region"),
                environment: get("environment"),
                defaults: { environment: inferEnvironment(s.stack) },
                overrides: overrides === undefined ? undefined : parseOverrides(overrides),
                role: get("role"),
                clusterStack: get("clusterStack"),
                stackFile: stackFilePath(s.stack),
            },
        };
    }
    // The file's cluster.region and environment count unless a flag sets them (a flag that disagrees is an error).
    const flags = settingsFromFlags(target.configFile, { cloud: target.cloud, region: target.region, environment: target.environment }, root);
    const stack = fileStackName(target.configFile, target.cloud);
    // What the program is handed, as a stack would: the flag or the file's value. A file that sets no
    // region gets the cloud's default one; a value of the wrong type is left for the loader to report.
    const environment = flags.environment ?? (flags.fileSets.has("environment") ? undefined : "dev");
    const region = flags.region ?? (flags.fileSets.has("region") ? undefined : DEFAULT_REGION[target.cloud] || undefined);
    const config: Record<string, string> = {
        [`${CONFIG_NAMESPACE}:config`]: target.configFile,
        [`${CONFIG_NAMESPACE}:cloud`]: target.cloud,
    };
    if (environment) config[`${CONFIG_NAMESPACE}:environment`] = environment;
    if (region) config[`${CONFIG_NAMESPACE}:region`] = region;
    return {
        stack, config, secretKeys: [],
        settings: { stack, configFile: target.configFile, cloud: target.cloud, region, environment },
    };
}

/** Overrides as Pulumi hands them (JSON); the stack file check has already refused strings and secrets. */
function parseOverrides(json: string): unknown {
    try {
        return JSON.parse(json);
    } catch {
        return json; // the loader reports it: "must be a map shaped like the config file"
    }
}

/** Runs the program offline. Throws ConfigError (or pulumi.RunError carrying one) for bad input. */
export async function render(target: RenderTarget, root = process.cwd(), opts: RenderOptions = {}): Promise<Rendered> {
    const { stack, config, secretKeys, settings: stackSettings } = configFor(target, root);
    // An app stack's cluster is its cluster stack's local render (or the file given).
    const settings = stackSettings.clusterStack === undefined ? stackSettings : { ...stackSettings, ...readLocalClusterStack(stackSettings.clusterStack, root, opts.clusterOutputs) };
    // Validate first: a bad config must fail before the program registers anything.
    const today = resolveToday();
    const plan = loadPlan(settings, { root, today });
    const platform = plan.config;
    const kubernetes = plan.kubernetes;
    const stale = kubernetes ? catalogAgeWarning(datedCatalog(kubernetes.cloud), today) : undefined;
    const warnings = [...(stale ? [stale] : []), ...[...(kubernetes?.notes ?? []), ...(plan.gateway?.addons.notes ?? [])].map((n) => `note: ${n}`)];
    warnings.push(...planWarnings(plan, settings, root).map(formatWarning));
    if ("stack" in target) {
        const missing = missingSecrets(platform, settings, (key) => config[`${CONFIG_NAMESPACE}:${key}`] !== undefined, root);
        if (missing.length) throw new ConfigError(missing);
    } else {
        // Without a stack there is no secret config: stand in for every secret the tiers name.
        for (const { owner } of podOwnersOf(platform.app)) {
            for (const { key } of secretConfigRefs(owner)) {
                if (secretKeys.includes(`${CONFIG_NAMESPACE}:${key}`)) continue;
                config[`${CONFIG_NAMESPACE}:${key}`] = SECRET_PLACEHOLDER;
                secretKeys.push(`${CONFIG_NAMESPACE}:${key}`);
            }
        }
    }
    const cloud = platform.cluster.cloud;
    // The project's own program (in kubeship's repo, its index.ts), else the bundled one.
    const project = projectProgram(root);
    const programModule = (project.main ? await import(project.main) : { default: () => deployPlatform() }) as { default?: () => Promise<Record<string, unknown>> };
    const program = programModule.default ?? (programModule as unknown as () => Promise<Record<string, unknown>>);

    const cwd = process.cwd();
    if (path.resolve(root) !== cwd) process.chdir(root);
    let evaluation;
    try {
        evaluation = await evaluate(program, {
            project: project.name, stack, config, secretKeys,
            mocks: createMocks({ cloud, region: platform.cluster.region ?? "", stack, ...(settings.reference !== undefined ? { stackOutputs: { [CLUSTER_OUTPUT]: settings.reference, [KUBECONFIG_OUTPUT]: SECRET_PLACEHOLDER } } : {}) }),
        });
    } finally {
        if (process.cwd() !== cwd) process.chdir(cwd);
    }
    const resources = toResourceEntries(evaluation.resources);
    const manifests = toManifests(evaluation.resources);
    const files = {
        // A cluster stack's outputs, for its app stacks' renders (secrets are "[secret]").
        ...(plan.role === "cluster" ? { "outputs.json": `${JSON.stringify(evaluation.outputs, null, 2)}\n` } : {}),
        "resources.json": `${JSON.stringify(resources, null, 2)}\n`,
        "manifests.yaml": manifestsYaml(manifests),
        "diagram.mmd": toMermaid(platform, kubernetes?.minor, plan.gateway, plan.backing),
    };
    return {
        stack, platform, resources, recorded: evaluation.resources, manifests, outputs: evaluation.outputs, files,
        summary: summarize(stack, platform, resources, evaluation.outputs, kubernetes, plan.gateway, plan.backing),
        kubernetes,
        ...(settings.clusterStack !== undefined ? { clusterStack: referencedStackName(settings.clusterStack) } : {}),
        ...(plan.gateway ? { gateway: plan.gateway } : {}),
        warnings,
    };
}

export interface RenderOptions {
    /**
     * An app stack's cluster stack outputs: a JSON file holding the `kubeship` output, as
     * a render's outputs.json or `pulumi stack output --json` writes it.
     * @default out/<cluster stack>/outputs.json, the cluster stack's local render
     */
    clusterOutputs?: string;
}

/** The referenced cluster stack's `kubeship` output, from a local render or a file; a message for the loader when there is none. */
export function readLocalClusterStack(clusterStack: string, root: string, file?: string): Pick<StackSettings, "reference" | "referenceMissing"> {
    const stack = referencedStackName(clusterStack);
    const shown = file ?? path.join("out", stack, "outputs.json");
    const fix = file ? "pass a file that holds it (pulumi stack output --json, or a render's outputs.json)" : `run kubeship render --stack ${stack} first (or pass --cluster-outputs FILE)`;
    let text: string;
    try {
        text = fs.readFileSync(path.resolve(root, shown), "utf8");
    } catch {
        return { referenceMissing: `names ${clusterStack}, which has no render at ${shown}; ${fix}` };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        return { referenceMissing: `names ${clusterStack}, but ${shown} is not JSON (${(e as Error).message}); ${fix}` };
    }
    const value = parsed !== null && typeof parsed === "object" && Object.hasOwn(parsed, CLUSTER_OUTPUT) ? (parsed as Record<string, unknown>)[CLUSTER_OUTPUT] : undefined;
    return value === undefined ? { referenceMissing: `names ${clusterStack}, but ${shown} has no "${CLUSTER_OUTPUT}" output: is it a cluster stack's (kubeship:role: cluster)? ${fix}` } : { reference: value };
}

/** The error lines for a bad input, or undefined when `e` is not the user's fault. */
export function userErrorLines(e: unknown): string | undefined {
    if (ConfigError.is(e)) return e.message;
    if (e instanceof pulumi.RunError) return e.message.replace(/^invalid kubeship config:\n/, "");
    return undefined;
}
