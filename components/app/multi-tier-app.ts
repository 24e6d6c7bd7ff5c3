/**
 * `MultiTierApp`: the `app` section of the platform config on any `Cluster`.
 * A Namespace that enforces the Pod Security Standard, a default-deny
 * NetworkPolicy, and one `Tier` per tier, created in `waitFor` order.
 *
 * Usable from TypeScript as well as from YAML:
 * `new MultiTierApp("shop", { cluster, tiers: { web: { image: "nginx:1.27.3", ports: { http: 8080 } } } })`,
 * or with a loaded config: `new MultiTierApp("shop", { cluster, app: platform.app, secrets })`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { appSchema, type AppConfig, type TierDefaultsInput, type TierInput } from "../config/schema";
import type { GatewayInput } from "../config/gateway-schema";
import type { JobInput } from "../config/job-schema";
import { fromZodIssue, withAppDefaults } from "../config/load";
import { checkRules } from "../config/rules";
import { dottedPath, formatPathProblem } from "../config/errors";
import type { Cluster } from "../cluster/types";
import { HttpsEntry, type GatewayAddonsRef } from "../gateway/https-entry";
import { planEntry } from "../gateway/routes";
import { jobNamed, LABEL_MANAGED_BY, LABEL_PART_OF, namespaceOf, tierNamed } from "./names";
import { toDefaultDenyPolicy } from "./network-policy";
import { namespaceSecurityLabels } from "./security";
import { Tier } from "./tier";
import { appProblems, workloadOrder } from "./validate";
import { AppJob } from "./app-job";
import { jobsBefore } from "./job";
import type { AppCloud } from "../backing/cloud";
import { AppBacking } from "../backing/component";
import { needsBacking } from "../backing/plan";

export type MultiTierAppArgs = {
    cluster: Cluster;
    /** Values for every config key named in a tier's `secrets`; stored as Pulumi secrets. @default {} */
    secrets?: Record<string, pulumi.Input<string>>;
    /**
     * The cluster's HTTPS add-ons (`createGatewayAddons`), which routed tiers (`http`) need.
     * @default none: an app with a routed tier is refused without them
     */
    gatewayAddons?: GatewayAddonsRef;
    /**
     * The cloud side of the app (`createAppCloud(name, plan.backing, cluster)`): its buckets and
     * its workloads' identities, which `identity`, `uses` and `app.buckets` need.
     * @default none: an app with any of them is refused without it
     */
    cloud?: AppCloud;
} & (
    | {
        /** The app section of a loaded config, after schema defaults (`loadPlatform(...).app`). */
        app: AppConfig;
    }
    | {
        /** Tiers as written in YAML; validated and given their defaults here. */
        tiers: Record<string, TierInput>;
        /** @default the component's name */
        namespace?: string;
        /** The app's HTTPS entry settings (app.gateway), for tiers with http. @default none */
        gateway?: GatewayInput;
        /** Jobs as written in YAML (app.jobs). @default none */
        jobs?: Record<string, JobInput>;
        /** Tier fields merged under every tier, as `app.defaults` in YAML. @default none */
        defaults?: TierDefaultsInput;
    }
);

/**
 * The app config from either form of the args. Tiers given directly go through
 * the same schema and rules as a YAML file; problems are reported together.
 */
export function resolveApp(name: string, args: MultiTierAppArgs): { app: AppConfig } | { problems: string[] } {
    if ("app" in args) return { app: args.app };
    const written = { name, ...(args.namespace ? { namespace: args.namespace } : {}), ...(args.gateway ? { gateway: args.gateway } : {}), ...(args.defaults ? { defaults: args.defaults } : {}), tiers: args.tiers, ...(args.jobs ? { jobs: args.jobs } : {}) };
    // The same merge as the loader's: app.defaults under every tier (and job).
    const raw = withAppDefaults({ app: written }).app as typeof written;
    const parsed = appSchema.safeParse(raw, { reportInput: true });
    const here = () => ({ file: "", line: 1, column: 1 });
    const problems = [
        ...(parsed.success ? [] : parsed.error.issues.flatMap((i) => fromZodIssue({ ...i, path: ["app", ...i.path] } as typeof i, here, { app: raw }))
            .map((p) => `${p.path}: ${p.message}`)),
        ...checkRules({ app: raw }).map((r) => `${dottedPath(r.path)}: ${r.message}`),
    ];
    return parsed.success && problems.length === 0 ? { app: parsed.data } : { problems };
}

export class MultiTierApp extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** URL of each public tier: `https://<host>` for a routed tier; its load balancer's hostname (AWS) or IP (elsewhere) otherwise. */
    readonly endpoints: Record<string, pulumi.Output<string>>;
    /** Every tier's component, by tier name. */
    readonly tiers: Record<string, Tier>;
    /** Each bucket's URL (s3://, gs://, https://…blob…), by its key in app.buckets. */
    readonly buckets: Record<string, pulumi.Output<string>>;
    /** Every job's component, by job name. */
    readonly jobs: Record<string, AppJob>;

    constructor(name: string, args: MultiTierAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:MultiTierApp", name, {}, opts);
        const { cluster } = args;
        const secrets = args.secrets ?? {};
        const resolved = resolveApp(name, args);
        if ("problems" in resolved) throw new pulumi.ResourceError(`invalid app "${name}":\n${resolved.problems.join("\n")}`, this);
        const { app } = resolved;
        const entry = planEntry(app);
        const problems = appProblems(app, new Set(Object.keys(secrets)), cluster.facts);
        if (entry && !args.gatewayAddons) {
            problems.push({ path: ["app", "tiers", entry.routes[0].tier, "http"], message: "needs the cluster's HTTPS add-ons; pass gatewayAddons: await createGatewayAddons(name, cluster, plan.gateway.addons)" });
        }
        if (needsBacking(app) && !args.cloud) {
            problems.push({ path: ["app"], message: "has identities or buckets, which need the cloud side; pass cloud: await createAppCloud(name, plan.backing, cluster)" });
        }
        if (problems.length) throw new pulumi.ResourceError(`invalid app "${app.name}":\n${problems.map(formatPathProblem).join("\n")}`, this);

        const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider, dependsOn: cluster.readyResources };
        const ns = new Namespace(`${name}-ns`, {
            metadata: {
                name: namespaceOf(app),
                labels: { [LABEL_PART_OF]: app.name, [LABEL_MANAGED_BY]: "kubeship", ...namespaceSecurityLabels(app) },
            },
        }, child);
        this.namespace = ns.metadata.name;

        const deny = toDefaultDenyPolicy();
        new NetworkPolicy(`${name}-default-deny`, {
            metadata: { name: deny.name, namespace: this.namespace, labels: { [LABEL_PART_OF]: app.name, [LABEL_MANAGED_BY]: "kubeship" } },
            spec: deny.spec,
        }, child);

        const https = entry && args.gatewayAddons
            ? new HttpsEntry(`${name}-https`, { cluster, entry, appName: app.name, namespace: this.namespace, addons: args.gatewayAddons }, { parent: this })
            : undefined;

        // Buckets first, then each workload's identity and grants: tiers are created after theirs.
        const backing = args.cloud ? new AppBacking(`${name}-backing`, { cloud: args.cloud }, { parent: this, dependsOn: cluster.readyResources }) : undefined;
        this.buckets = backing ? Object.fromEntries([...backing.buckets].map(([k, b]) => [k, b.address.apply((a) => a.url)])) : {};

        // Maps, not plain objects: a tier may be called "constructor".
        const tiers = new Map<string, Tier>();
        const jobs = new Map<string, AppJob>();
        // Tiers and jobs together: a migration after the tiers it waits for, before the tiers of its runBefore.
        for (const { kind, name: tierName } of workloadOrder(app)) {
            if (kind === "job") {
                const waitFor = (jobNamed(app, tierName)?.waitFor ?? []).flatMap((dep) => tiers.get(dep)?.workload ?? []);
                jobs.set(tierName, new AppJob(`${name}-${tierName}`, { cluster, app, jobName: tierName, namespace: this.namespace, secrets, waitFor,
                    ...(backing?.identities.has(tierName) ? { identity: backing.identities.get(tierName) } : {}) }, { parent: this }));
                continue;
            }
            const tier = tierNamed(app, tierName);
            const t = new Tier(`${name}-${tierName}`, {
                cluster, app, tierName, namespace: this.namespace, secrets,
                ...(backing?.identities.has(tierName) ? { identity: backing.identities.get(tierName) } : {}),
                waitFor: [...(tier?.waitFor ?? []).flatMap((dep) => tiers.get(dep)?.workload ?? []), ...jobsBefore(app, tierName).flatMap((j) => jobs.get(j)?.workload ?? [])],
            }, { parent: this });
            tiers.set(tierName, t);
        }
        this.tiers = Object.fromEntries(tiers);
        this.jobs = Object.fromEntries(jobs);
        // A routed tier's endpoint is its first host over HTTPS; a load-balanced tier's, its load balancer's address.
        this.endpoints = Object.fromEntries([...tiers].flatMap(([n, t]) => {
            const routed = https?.endpoints.get(n);
            return routed ? [[n, pulumi.output(routed)]] : t.endpoint ? [[n, t.endpoint]] : [];
        }));
        this.registerOutputs({ namespace: this.namespace, endpoints: this.endpoints, buckets: this.buckets });
    }
}
