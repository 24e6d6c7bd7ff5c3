/**
 * `GatewayAddons`: what a cluster needs before an app can have an HTTPS entry,
 * the same on every target: Envoy Gateway (the Gateway API implementation,
 * with the Gateway API CRDs), the `kubeship` GatewayClass, cert-manager with its
 * Gateway API support on, and, when a DNS zone is given, external-dns with the
 * cloud identity from dns-identity.ts. Helm releases (`helm.v3.Release`, as the
 * EKS autoscaler), their charts pinned in components/cluster/versions/gateway.ts.
 * One per cluster: every app on the cluster shares it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { ConfigMap, Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import type { Cluster } from "../cluster/types";
import type { ChartPin } from "../cluster/versions/gateway";
import { createDnsIdentity, type DnsIdentity } from "./dns-identity";
import { CERT_MANAGER_NAMESPACE, ENVOY_GATEWAY_NAMESPACE, EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT, GATEWAY_CLASS } from "./names";
import { toGatewayClass } from "./objects";
import type { DnsPlan, GatewayAddonsPlan } from "./plan";

/** The chart and repository options of a pinned chart (an `oci://` chart has no repository). */
export function chartOf(pin: ChartPin): { chart: string; version: string; repositoryOpts?: { repo: string } } {
    return { chart: pin.chart, version: pin.version, ...(pin.repo ? { repositoryOpts: { repo: pin.repo } } : {}) };
}

/** cert-manager's values: its CRDs (kept on uninstall) and its Gateway API integration (ControllerConfiguration v1alpha1, v1.21). */
export const CERT_MANAGER_VALUES = {
    crds: { enabled: true, keep: true },
    config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", gatewayAPI: { enabled: true } },
} as const;

/** external-dns's values, before the cloud identity's: the Gateway API source, this zone, records owned through TXT records. */
export function externalDnsValues(dns: DnsPlan): Record<string, unknown> {
    return {
        fullnameOverride: EXTERNAL_DNS_SERVICE_ACCOUNT,
        serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
        sources: ["gateway-httproute"],
        // sync: records of hosts no route names any more are removed, but only those this cluster's TXT records claim.
        policy: "sync",
        registry: "txt",
        txtOwnerId: dns.txtOwnerId,
        domainFilters: [dns.zone],
    };
}

export interface GatewayAddonsArgs {
    cluster: Cluster;
    plan: GatewayAddonsPlan;
    /** The cloud identity external-dns uses; required when the plan has a zone (see `createGatewayAddons`). */
    dnsIdentity?: DnsIdentity;
}

export class GatewayAddons extends pulumi.ComponentResource {
    /** The GatewayClass every app's Gateway names. */
    readonly className: string = GATEWAY_CLASS;
    /** What an app's Gateway, routes and certificates wait for: the CRDs, the controllers, the class. */
    readonly readyResources: pulumi.Resource[];

    constructor(name: string, args: GatewayAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:gateway:GatewayAddons", name, {}, opts);
        const { cluster, plan } = args;
        const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider, dependsOn: cluster.readyResources };
        const v = plan.versions;

        const envoy = new Release(`${name}-envoy-gateway`, {
            name: "envoy-gateway",
            namespace: ENVOY_GATEWAY_NAMESPACE,
            createNamespace: true,
            ...chartOf(v.envoyGateway),
            values: {},
        }, child);
        const gatewayClass = toGatewayClass();
        const cls = new CustomResource(`${name}-class`, gatewayClass, { ...child, dependsOn: [...cluster.readyResources, envoy] });
        // The Gateway API CRDs (from Envoy Gateway's chart) must exist before cert-manager starts, or its Gateway support stays off.
        const certManager = new Release(`${name}-cert-manager`, {
            name: "cert-manager",
            namespace: CERT_MANAGER_NAMESPACE,
            createNamespace: true,
            ...chartOf(v.certManager),
            values: CERT_MANAGER_VALUES,
        }, { ...child, dependsOn: [...cluster.readyResources, envoy] });

        if (plan.dns) {
            if (!args.dnsIdentity) throw new pulumi.ResourceError("kubeship bug: a DNS zone without a cloud identity for external-dns", this);
            const identity = args.dnsIdentity;
            const ns = new Namespace(`${name}-external-dns-ns`, { metadata: { name: EXTERNAL_DNS_NAMESPACE } }, child);
            const files = identity.files ? new ConfigMap(`${name}-external-dns-config`, {
                metadata: { name: "external-dns-config", namespace: ns.metadata.name },
                data: identity.files,
            }, child) : undefined;
            new Release(`${name}-external-dns`, {
                name: "external-dns",
                namespace: EXTERNAL_DNS_NAMESPACE,
                ...chartOf(v.externalDns),
                values: mergeValues(externalDnsValues(plan.dns), identity.values, files ? {
                    extraVolumes: [{ name: "cloud-config", configMap: { name: "external-dns-config" } }],
                    extraVolumeMounts: [{ name: "cloud-config", mountPath: "/etc/kubernetes", readOnly: true }],
                } : {}),
            }, { ...child, dependsOn: [...cluster.readyResources, envoy, ns, ...(files ? [files] : []), ...identity.dependsOn] });
        }
        this.readyResources = [envoy, cls, certManager];
        this.registerOutputs({ className: this.className });
    }
}

/** Chart values merged map by map (later wins); lists and Outputs are replaced whole. */
export function mergeValues(...layers: Record<string, unknown>[]): Record<string, unknown> {
    const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);
    const out: Record<string, unknown> = {};
    for (const layer of layers) {
        for (const [k, v] of Object.entries(layer)) {
            const prev = out[k];
            out[k] = isMap(prev) && isMap(v) ? mergeValues(prev, v) : v;
        }
    }
    return out;
}

/**
 * The cluster's add-ons, with external-dns's cloud identity when the plan has
 * a zone (its cloud's module loaded only then).
 */
export async function createGatewayAddons(name: string, cluster: Cluster, plan: GatewayAddonsPlan, opts?: pulumi.ComponentResourceOptions): Promise<GatewayAddons> {
    if (!plan.dns) return new GatewayAddons(name, { cluster, plan }, opts);
    // The identity's cloud resources under a component of their own, beside the add-ons that use it.
    const holder = new IdentityHolder(`${name}-dns-identity`, opts);
    const dnsIdentity = await createDnsIdentity(`${name}-dns`, { plan: plan.dns, cluster, parent: holder });
    holder.done();
    return new GatewayAddons(name, { cluster, plan, dnsIdentity }, opts);
}

/** The component the DNS identity's cloud resources are grouped under. */
class IdentityHolder extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("kubeship:gateway:DnsIdentity", name, {}, opts);
    }
    done(): void {
        this.registerOutputs({});
    }
}
