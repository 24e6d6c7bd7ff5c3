/**
 * Renders the examples through MultiTierApp under the offline engine, and
 * turns recorded Kubernetes resources back into manifests.
 */
import { manifestOf } from "../../components/render/manifests";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { ExistingCluster } from "../../components/cluster/existing";
import type { Cluster, ClusterFacts } from "../../components/cluster/types";
import { MultiTierApp } from "../../components/app/multi-tier-app";
import { loadPlatform } from "../../components/config/load";
import type { PlatformConfig } from "../../components/config/schema";
import type { RecordedResource } from "../../components/render/engine";
import { evaluateWithMocks } from "../helpers/evaluate";
import { existingPlan } from "../helpers/plan";

export const EXAMPLES = ["examples/guestbook.yaml", "examples/shop.yaml"] as const;

/**
 * An example's config as an existing cluster takes it. The shop places a tier
 * on its spot pool, which an existing cluster refuses (it has no kubeship
 * pools): such an example is loaded as for aws and its `pool` settings left
 * out, as a user running it locally would.
 */
export function loadExample(file: string): PlatformConfig {
    const platform = loadPlatform({ configFile: file, cloud: "aws", region: "us-east-1" });
    for (const tier of Object.values(platform.app.tiers)) delete tier.pool;
    return { ...platform, cluster: { ...platform.cluster, cloud: "existing", region: undefined } };
}

/** AWS-like facts, as an EKS cluster would report them. */
export const AWS_FACTS: ClusterFacts = {
    cloud: "aws",
    environment: "dev",
    publicLoadBalancerAnnotations: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    },
    internalLoadBalancerAnnotations: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    },
    storageClass: "gp3",
    loadBalancerAddress: "hostname",
    internalCidrs: ["10.0.0.0/16", "10.100.0.0/16", "172.20.0.0/16"],
    poolTaints: {},
};

/** Stands in for a cloud network that app resources must be deleted before. */
class FakeNetwork extends pulumi.CustomResource {
    constructor(name: string) {
        super("kubeship:test:Network", name, {});
    }
}

/** A hand-made Cluster: a provider and a stand-in for the network, with the given facts. */
export function fakeCluster(name: string, facts: ClusterFacts): Cluster {
    const network = new FakeNetwork(`${name}-network`);
    const provider = new Provider(`${name}-k8s`, {}, { dependsOn: [network] });
    return {
        provider,
        kubeconfig: pulumi.secret("fake"),
        clusterName: pulumi.output(name),
        nodePools: [],
        facts,
        readyResources: [network, provider],
        storageReadyResources: [],
    };
}

export interface RenderOptions {
    /** "existing" uses ExistingCluster; "aws" a fake cluster with AWS facts under the AWS mocks. */
    cluster?: "existing" | "aws";
    /** Secret config values; every key the example names gets a default when left out. */
    secrets?: Record<string, string>;
    /** Mutates the loaded config before rendering. */
    edit?: (p: PlatformConfig) => void;
}

export async function renderExample(file: string, opts: RenderOptions = {}) {
    const platform = loadExample(file);
    opts.edit?.(platform);
    const kind = opts.cluster ?? "existing";
    const r = await evaluateWithMocks(async () => {
        const cluster = kind === "existing"
            ? new ExistingCluster(platform.app.name, { plan: existingPlan({ ...platform.cluster, name: platform.app.name }) })
            : fakeCluster(platform.app.name, AWS_FACTS);
        const secrets: Record<string, pulumi.Output<string>> = {};
        for (const tier of Object.values(platform.app.tiers)) {
            for (const key of Object.values(tier.secrets)) secrets[key] = pulumi.secret(opts.secrets?.[key] ?? `value-of-${key}`);
        }
        const app = new MultiTierApp(platform.app.name, { cluster, app: platform.app, secrets });
        return { namespace: app.namespace, endpoints: app.endpoints };
    }, { cloud: kind });
    return { ...r, platform, manifests: toManifests(r.resources) };
}

export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: Record<string, any>;
    spec?: any;
    [key: string]: any;
    /** The recorded resource it came from. */
    resource: RecordedResource;
}

/** Every Kubernetes object recorded, built exactly as `kubeship render` writes it, with its record attached. */
export function toManifests(resources: RecordedResource[]): Manifest[] {
    return resources.flatMap((resource) => {
        const m = manifestOf(resource);
        return m ? [{ ...m, resource } as Manifest] : [];
    });
}

/** Strips the test's bookkeeping, leaving a plain Kubernetes object. */
export function plain(m: Manifest): Record<string, unknown> {
    const { resource: _resource, ...rest } = m;
    return rest;
}
