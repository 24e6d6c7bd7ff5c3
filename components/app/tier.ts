/**
 * `Tier`: the Kubernetes objects of one tier, built from the pure specs in
 * this folder. The component only creates resources; every decision is made
 * by a builder that tests can call without Pulumi.
 */
import * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/kubernetes/core/v1";
import { Deployment, StatefulSet } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { AppConfig } from "../config/schema";
import type { Cluster } from "../cluster/types";
import { toHpaSpec, toPdbSpec } from "./autoscaling";
import { createPodObjects } from "./pod-objects";
import { isLoadBalanced } from "./gateway-policy";
import { tierLabels, tierNamed } from "./names";
import { toTierNetworkPolicy } from "./network-policy";
import { toPlacement } from "./placement";
import { loadBalancerAddress, publicEndpoint, toHeadlessService, toService } from "./service";
import { toWorkloadSpec } from "./workload";
import type { WorkloadIdentity } from "../backing/cloud";
import { withIdentity } from "./identity";
import { volumePlanOf } from "./storage";

export interface TierArgs {
    cluster: Cluster;
    app: AppConfig;
    /** The tier's key in `app.tiers`; every object of the tier is named after it. */
    tierName: string;
    /** The app's namespace, as the Namespace resource reports it (so children wait for it). */
    namespace: pulumi.Input<string>;
    /** Values of the secret config keys the tier names; each is stored as a Pulumi secret. */
    secrets: Record<string, pulumi.Input<string>>;
    /**
     * Workloads this tier's workload is created after (its `waitFor`).
     * @default []
     */
    waitFor?: pulumi.Resource[];
    /** The tier's cloud identity (`identity`, `uses`), made by the app's `AppBacking`. @default none */
    identity?: WorkloadIdentity;
}

export class Tier extends pulumi.ComponentResource {
    /** The tier's Deployment or StatefulSet. */
    readonly workload: Deployment | StatefulSet;
    /** The tier's Service; undefined for a tier without ports. */
    readonly service?: Service;
    /** `http://<address>[:port]` of a public tier's load balancer; undefined otherwise. */
    readonly endpoint?: pulumi.Output<string>;

    constructor(name: string, args: TierArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:app:Tier", name, {}, opts);
        const { cluster, app, tierName } = args;
        const tier = tierNamed(app, tierName);
        if (!tier) throw new pulumi.ResourceError(`app.tiers has no tier "${tierName}"`, this);
        const labels = tierLabels(tierName, app.name);
        const meta = (objectName: string) => ({ name: objectName, namespace: args.namespace, labels });
        // Created after, and deleted before, the cluster and its network (FIELD-NOTES: DependencyViolation).
        const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider, dependsOn: cluster.readyResources };

        // Config keys are user-chosen: "constructor" is a key, not Object's constructor.
        const secretValue = (key: string): pulumi.Input<string> => {
            if (!Object.hasOwn(args.secrets, key)) throw new pulumi.ResourceError(`app.tiers.${tierName}: no value was given for secret config "${key}"`, this);
            return args.secrets[key];
        };
        const identity = args.identity;
        // Its ServiceAccount, Secrets and files' ConfigMap (pod-objects.ts); the workload waits for them.
        const pod = createPodObjects(name, { owner: tierName, config: tier, namespace: args.namespace, labels, secretValue, identity }, child);

        const storage = tier.storage ? cluster.storageReadyResources : [];
        const workloadOpts = { ...child, dependsOn: [...cluster.readyResources, ...storage, ...pod.resources, ...(args.waitFor ?? []), ...(identity?.dependsOn ?? [])] };
        const workload = withIdentity(toWorkloadSpec(tierName, tier, app, volumePlanOf(tier, cluster.facts), pod.secretRef, toPlacement(tier, cluster.facts.poolTaints, cluster.facts.cloud), pod.refs), identity);
        this.workload = workload.kind === "StatefulSet"
            ? new StatefulSet(`${name}-statefulset`, { metadata: meta(tierName), spec: workload.spec }, workloadOpts)
            : new Deployment(`${name}-deployment`, { metadata: meta(tierName), spec: workload.spec }, workloadOpts);

        const service = toService(tierName, tier, app.name, cluster.facts);
        if (service) {
            this.service = new Service(`${name}-service`, { metadata: { ...service.metadata, namespace: args.namespace }, spec: service.spec }, child);
        }
        const headless = toHeadlessService(tierName, tier, app.name);
        if (headless) {
            new Service(`${name}-headless`, { metadata: { ...headless.metadata, namespace: args.namespace }, spec: headless.spec }, child);
        }

        const hpa = toHpaSpec(tierName, tier);
        if (hpa) new HorizontalPodAutoscaler(`${name}-hpa`, { metadata: meta(tierName), spec: hpa }, child);
        new PodDisruptionBudget(`${name}-pdb`, { metadata: meta(tierName), spec: toPdbSpec(tierName, app.name) }, child);
        const policy = toTierNetworkPolicy(tierName, app, cluster.facts);
        new NetworkPolicy(`${name}-netpol`, { metadata: meta(policy.name), spec: policy.spec }, child);

        if (this.service && tier.expose === "public" && isLoadBalanced(tier)) {
            const prefer = cluster.facts.loadBalancerAddress;
            this.endpoint = this.service.status.apply((s) => publicEndpoint(loadBalancerAddress(s?.loadBalancer?.ingress, prefer), tier));
        }
        this.registerOutputs({ workload: this.workload.metadata.name, ...(this.endpoint ? { endpoint: this.endpoint } : {}) });
    }
}
