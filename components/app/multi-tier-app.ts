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
import { fromZodIssue, withAppDefaults } from "../config/load";
import { checkRules } from "../config/rules";
import { dottedPath, formatPathProblem } from "../config/errors";
import type { Cluster } from "../cluster/types";
import { HttpsEntry, type GatewayAddonsRef } from "../gateway/https-entry";
import { planEntry } from "../gateway/routes";
import { LABEL_MANAGED_BY, LABEL_PART_OF, namespaceOf, tierNamed } from "./names";
import { toDefaultDenyPolicy } from "./network-policy";
import { namespaceSecurityLabels } from "./security";
import { Tier } from "./tier";
import { appProblems, creationOrder } from "./validate";

export type MultiTierAppArgs = {
    cluster: Cluster;
    /** Values for every config key named in a tier's `secrets`; stored as Pulumi secrets. @default {} */
    secrets?: Record<string, pulumi.Input<string>>;
    /**
     * The cluster's HTTPS add-ons (`createGatewayAddons`), which routed tiers (`http`) need.
     * @default none: an app with a routed tier is refused without them
     */
    gatewayAddons?: GatewayAddonsRef;
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
    const written = { name, ...(args.namespace ? { namespace: args.namespace } : {}), ...(args.gateway ? { gateway: args.gateway } : {}), ...(args.defaults ? { defaults: args.defaults } : {}), tiers: args.tiers };
    // The same merge as the loader's: app.defaults under every tier.
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

        // Maps, not plain objects: a tier may be called "constructor".
        const tiers = new Map<string, Tier>();
        for (const tierName of creationOrder(app)) {
            const tier = tierNamed(app, tierName);
            const t = new Tier(`${name}-${tierName}`, {
                cluster, app, tierName, namespace: this.namespace, secrets,
                waitFor: (tier?.waitFor ?? []).flatMap((dep) => tiers.get(dep)?.workload ?? []),
            }, { parent: this });
            tiers.set(tierName, t);
        }
        this.tiers = Object.fromEntries(tiers);
        // A routed tier's endpoint is its first host over HTTPS; a load-balanced tier's, its load balancer's address.
        this.endpoints = Object.fromEntries([...tiers].flatMap(([n, t]) => {
            const routed = https?.endpoints.get(n);
            return routed ? [[n, pulumi.output(routed)]] : t.endpoint ? [[n, t.endpoint]] : [];
        }));
        this.registerOutputs({ namespace: this.namespace, endpoints: this.endpoints });
    }
}
