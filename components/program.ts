/**
 * The platform program: stack settings in, cluster and app out. `index.ts`
 * (what `pulumi up` runs) and `kubeship render` both call `deployPlatform`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MultiTierApp } from "./app/multi-tier-app";
import { dockerConfigProblem, secretConfigRefs } from "./app/pull-secret";
import { createCluster } from "./cluster";
import type { GatewayAddons } from "./gateway/addons";
import { ConfigError, type ConfigProblem } from "./config/errors";
import { cloudTarget, loadPlan, type StackSettings } from "./config/load";
import { askDeployContext } from "./cluster/deploy-context";
import { askCloudForVersions } from "./cluster/versions/ask-cloud";
import { catalogAgeWarning, datedCatalog, resolveToday } from "./cluster/versions";
import { positionOf, readYaml } from "./config/source";
import type { PlatformConfig } from "./config/schema";
import { clusterStackProblem, stackFileProblems, stackNameProblem } from "./config/stack-keys";
import { CLUSTER_OUTPUT, KUBECONFIG_OUTPUT, type ClusterExport } from "./cluster/export";
import type { PlatformPlan } from "./plan";
import { podOwnersOf } from "./app/names";

/** The Pulumi config namespace of every kubeship key. */
export const CONFIG_NAMESPACE = "kubeship";

/**
 * Reads the stack's kubeship settings from Pulumi config (which Pulumi does not
 * type-check). The stack file, when there is one, is checked first, so that a
 * string or secret `kubeship:overrides` or a misspelt key is reported at its line.
 */
export function readStackSettings(config: pulumi.Config, stack: string, root: string): StackSettings {
    const stackFile = stackNameProblem(stack) ? undefined : path.join("stacks", `Pulumi.${stack}.yaml`);
    const hasFile = stackFile !== undefined && fs.existsSync(path.join(root, stackFile));
    if (hasFile) {
        const read = readYaml(path.join(root, stackFile), stackFile);
        const problems = read.source && !read.problems.length ? stackFileProblems(read.source) : read.problems;
        if (problems.length) throw new ConfigError(problems);
    }
    const objectOrString = (key: string): unknown => {
        try {
            return config.getObject<unknown>(key);
        } catch {
            return config.get(key);
        }
    };
    return {
        stack,
        configFile: config.get("config") ?? "",
        cloud: config.get("cloud"),
        region: config.get("region"),
        environment: config.get("environment"),
        defaults: { environment: inferEnvironment(stack) },
        overrides: objectOrString("overrides"),
        role: config.get("role"),
        clusterStack: config.get("clusterStack"),
        stackFile: hasFile ? stackFile : undefined,
    };
}

/** prod-aws → prod; staging-gcp → staging; anything else is dev. */
export function inferEnvironment(stack: string): string {
    const m = /^(dev|staging|prod)\b/.exec(stack);
    return m ? m[1] : "dev";
}

/** Every secret a tier names must be set before anything is created, or the deploy would stop half-way. */
export function missingSecrets(platform: PlatformConfig, settings: StackSettings, has: (key: string) => boolean, root: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    // The file is read again only to place a problem, so only when there is one.
    let read: ReturnType<typeof readYaml> | undefined;
    const source = () => (read ??= readYaml(path.resolve(root, settings.configFile), settings.configFile)).source;
    for (const { section, name: tier, owner } of podOwnersOf(platform.app)) {
        for (const { key, at } of secretConfigRefs(owner)) {
            if (has(key)) continue;
            const where = ["app", section, tier, ...at];
            const found = source();
            const pos = found ? placeOf(found, where) : { file: settings.configFile, line: 1, column: 1 };
            problems.push({
                file: pos.file, line: pos.line, column: pos.column, path: where.join("."),
                message: `names secret config "${CONFIG_NAMESPACE}:${key}", which the stack does not set; run: pulumi config set --secret${settings.stack ? ` --stack ${settings.stack}` : ""} ${CONFIG_NAMESPACE}:${key} <value>`,
            });
        }
    }
    return problems;
}

/** Where a tier names a key: the tier's own line, else app.defaults' (the key came from there). */
function placeOf(source: NonNullable<ReturnType<typeof readYaml>["source"]>, where: string[]) {
    const own = positionOf(source, where);
    if (own.exact || where.length < 4) return own;
    const fromDefaults = positionOf(source, ["app", "defaults", ...where.slice(3)]);
    return fromDefaults.exact ? fromDefaults : own;
}

/**
 * Every image pull secret whose value is not a docker config JSON, found before
 * anything is created. Only where the values are real (`pulumi up`, `preview`):
 * a render stands in placeholders for secrets.
 */
export function pullSecretProblems(platform: PlatformConfig, settings: StackSettings, get: (key: string) => string | undefined, root: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const read = () => readYaml(path.resolve(root, settings.configFile), settings.configFile).source;
    for (const [tier, t] of Object.entries(platform.app.tiers)) {
        const key = t.imagePullSecret;
        const value = key === undefined ? undefined : get(key);
        const problem = value === undefined ? undefined : dockerConfigProblem(value);
        if (!problem) continue;
        const where = ["app", "tiers", tier, "imagePullSecret"];
        const found = read();
        const pos = found ? placeOf(found, where) : { file: settings.configFile, line: 1, column: 1 };
        problems.push({ file: pos.file, line: pos.line, column: pos.column, path: where.join("."), message: `names secret config "${CONFIG_NAMESPACE}:${key}", whose value ${problem}` });
    }
    return problems;
}

export interface PlatformOutputs {
    clusterName: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    namespace: pulumi.Output<string>;
    endpoints: Record<string, pulumi.Output<string>>;
    /** Each bucket's URL (s3://, gs://, https://<account>.blob.core.windows.net/<container>), by its key in app.buckets. */
    buckets: Record<string, pulumi.Output<string>>;
    /** The Kubernetes minor the cluster is built with (for AKS unpinned: the one AKS picks, per the catalog); absent for an existing cluster. */
    kubernetesVersion?: string;
}

/**
 * Asks the cloud which Kubernetes versions it offers and, under the engine, who
 * runs the deploy (invokes only: nothing is registered), then validates
 * everything in the loader's one pass (throws ConfigError before any resource
 * exists), then builds the plan. Nothing after the first resource rejects
 * input: the components take the resolved plan.
 * @param settings the stack's settings; @default readStackSettings of the current stack (then config errors become a RunError)
 */
/** What a stack exports: a platform's (cluster and app), or a cluster stack's (`kubeship:role: cluster`). */
export type DeployOutputs = PlatformOutputs | ClusterStackOutputs;

export async function deployPlatform(settings?: StackSettings, config = new pulumi.Config(CONFIG_NAMESPACE), root = process.cwd()): Promise<DeployOutputs> {
    // A project's program (kubeship init's index.ts) calls it bare: the current stack's settings, errors without a stack trace.
    if (settings === undefined) {
        try {
            return await deployPlatform(readStackSettings(config, pulumi.getStack(), root), config, root);
        } catch (e) {
            throw asRunError(e);
        }
    }
    const today = resolveToday();
    // An app stack reads its cluster stack's output first: the loader checks the app against it.
    const clusterStack = settings.clusterStack !== undefined ? await readClusterStack(settings.clusterStack) : undefined;
    if (clusterStack) settings = { ...settings, ...clusterStack.settings };
    const target = settings.clusterStack === undefined ? cloudTarget(settings, { root }) : undefined;
    const versionCatalog = target ? await askCloudForVersions(target, today) : undefined;
    // Who deploys, and from where: real only under the engine (a render's identity is the mocks').
    const deploy = target && pulumi.runtime.hasEngine() ? await askDeployContext(target) : undefined;
    const plan = loadPlan(settings, { root, today, versionCatalog, deploy });
    const kubernetes = plan.kubernetes;
    // Under `kubeship render` (mocks, no engine) the render prints these itself.
    if (kubernetes && pulumi.runtime.hasEngine()) {
        const stale = kubernetes.catalog.source === "dated" ? catalogAgeWarning(datedCatalog(kubernetes.cloud), today) : undefined;
        for (const line of [...(stale ? [stale] : []), ...kubernetes.notes]) void pulumi.log.warn(line);
    }
    if (pulumi.runtime.hasEngine()) for (const line of plan.gateway?.addons.notes ?? []) void pulumi.log.warn(line);
    const platform = plan.config;
    const missing = missingSecrets(platform, settings, (key) => config.get(key) !== undefined, root);
    if (missing.length) throw new ConfigError(missing);
    const badPullSecrets = pulumi.runtime.hasEngine() ? pullSecretProblems(platform, settings, (key) => config.get(key), root) : [];
    if (badPullSecrets.length) throw new ConfigError(badPullSecrets);
    const secrets: Record<string, pulumi.Output<string>> = {};
    for (const { owner } of podOwnersOf(platform.app)) {
        // Own properties only: a config key named "constructor" or "toString" is a key like any other.
        for (const { key } of secretConfigRefs(owner)) if (!Object.hasOwn(secrets, key)) secrets[key] = config.requireSecret(key);
    }

    if (plan.role === "cluster") return deployClusterStack(plan, kubernetes?.minor);
    const cluster = plan.role === "app"
        ? new (await import("./cluster/referenced")).ReferencedCluster(plan.clusterName, { exported: settings.reference as ClusterExport, kubeconfig: clusterStack!.kubeconfig })
        : await createCluster(plan.clusterName, plan.cluster);
    // The HTTPS entry's add-ons, only for an app that routes tiers (their modules load only then).
    let gateway: GatewayAddons | undefined;
    if (plan.gateway) {
        const { createGatewayAddons } = await import("./gateway/addons");
        gateway = await createGatewayAddons(`${plan.clusterName}-gateway`, cluster, plan.gateway.addons);
    }
    // The cloud side of the app (buckets, workload identities), only when it has one (its cloud's module loads only then).
    const cloud = plan.backing ? await (await import("./backing/cloud")).createAppCloud(`${platform.app.name}-cloud`, plan.backing, cluster) : undefined;
    const app = new MultiTierApp(platform.app.name, { cluster, app: platform.app, secrets, ...(gateway ? { gatewayAddons: gateway } : {}), ...(cloud ? { cloud } : {}) });
    return {
        clusterName: cluster.clusterName,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        namespace: app.namespace,
        endpoints: app.endpoints,
        buckets: app.buckets,
        ...(kubernetes ? { kubernetesVersion: kubernetes.minor } : {}),
    };
}

/** What a cluster stack (kubeship:role: cluster) exports: its cluster, and the `kubeship` output app stacks read. */
export interface ClusterStackOutputs {
    clusterName: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    /** ClusterExport's fields, some of them outputs; no secret (the kubeconfig is its own output). */
    kubeship: pulumi.Inputs;
    kubernetesVersion?: string;
}

async function deployClusterStack(plan: PlatformPlan, minor: string | undefined): Promise<ClusterStackOutputs> {
    const cluster = await createCluster(plan.clusterName, plan.cluster);
    const { exportCluster } = await import("./cluster/referenced");
    return {
        clusterName: cluster.clusterName,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        [CLUSTER_OUTPUT]: exportCluster(cluster, plan, plan.stack ?? pulumi.getStack()),
        ...(minor ? { kubernetesVersion: minor } : {}),
    } as ClusterStackOutputs;
}

/**
 * Reads the cluster stack's `kubeship` output through a StackReference (a read:
 * it creates nothing). Under `kubeship render` the mocks answer it from the
 * cluster stack's local render.
 */
async function readClusterStack(name: string): Promise<{ settings: Pick<StackSettings, "reference" | "referenceMissing">; kubeconfig: pulumi.Output<string> }> {
    if (clusterStackProblem(name)) return { settings: {}, kubeconfig: pulumi.output("") }; // the stack file's check reports it
    const ref = new pulumi.StackReference(`${CONFIG_NAMESPACE}-cluster-stack`, { name });
    const details = await ref.getOutputDetails(CLUSTER_OUTPUT);
    const value = details.value ?? details.secretValue;
    const kubeconfig = pulumi.secret(ref.requireOutput(KUBECONFIG_OUTPUT) as pulumi.Output<string>);
    return value === undefined
        ? { settings: { referenceMissing: `names ${name}, which has no "${CLUSTER_OUTPUT}" output; give that stack kubeship:role: cluster and run pulumi up there first` }, kubeconfig }
        : { settings: { reference: value }, kubeconfig };
}

/** Turns config errors into Pulumi's RunError, which `pulumi up` prints without a stack trace. */
export function asRunError(e: unknown): unknown {
    return ConfigError.is(e) ? new pulumi.RunError(`invalid kubeship config:\n${e.message}`) : e;
}
