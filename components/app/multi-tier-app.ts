/**
 * `MultiTierApp`: the `app` section of the platform config on any `Cluster`.
 * A Namespace that enforces the Pod Security Standard, a default-deny
 * NetworkPolicy, and one `Tier` per tier, created in `waitFor` order.
 *
 * Usable from TypeScript as well as from YAML:
 * `new MultiTierApp("shop", { cluster, app, secrets: { dbPassword } })`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { AppConfig } from "../config/schema";
import type { Cluster } from "../cluster/types";
import { LABEL_MANAGED_BY, LABEL_PART_OF, namespaceOf } from "./names";
import { toDefaultDenyPolicy } from "./network-policy";
import { namespaceSecurityLabels } from "./security";
import { Tier } from "./tier";
import { appProblems, creationOrder } from "./validate";

export interface MultiTierAppArgs {
    cluster: Cluster;
    /** The app section of the config, after schema defaults (`loadPlatform(...).app`). */
    app: AppConfig;
    /** Values for every config key named in a tier's `secrets`; stored as Pulumi secrets. */
    secrets: Record<string, pulumi.Input<string>>;
}

export class MultiTierApp extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** URL of each public tier's load balancer: its hostname on AWS, its IP elsewhere. */
    readonly endpoints: Record<string, pulumi.Output<string>>;
    /** Every tier's component, by tier name. */
    readonly tiers: Record<string, Tier>;

    constructor(name: string, args: MultiTierAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:MultiTierApp", name, {}, opts);
        const { cluster, app } = args;
        const problems = appProblems(app, new Set(Object.keys(args.secrets)));
        if (problems.length) throw new pulumi.ResourceError(`invalid app "${app.name}":\n${problems.join("\n")}`, this);

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

        this.tiers = {};
        this.endpoints = {};
        for (const tierName of creationOrder(app)) {
            const t = new Tier(`${name}-${tierName}`, {
                cluster, app, tierName, namespace: this.namespace, secrets: args.secrets,
                waitFor: app.tiers[tierName].waitFor.map((dep) => this.tiers[dep].workload),
            }, { parent: this });
            this.tiers[tierName] = t;
            if (t.endpoint) this.endpoints[tierName] = t.endpoint;
        }
        this.registerOutputs({ namespace: this.namespace, endpoints: this.endpoints });
    }
}
