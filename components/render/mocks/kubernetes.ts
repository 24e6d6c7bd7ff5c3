/** Mock Kubernetes provider: auto-names objects, gives LoadBalancer Services an address. */
import type { CloudMocks, MockContext } from "./context";

type Obj = Record<string, any>;

export const kubernetesMocks: CloudMocks = {
    resource(args, ctx) {
        if (!args.type.startsWith("kubernetes:") || args.type === "pulumi:providers:kubernetes") return undefined;
        const inputs: Obj = args.inputs ?? {};
        const metadata: Obj = { ...(inputs.metadata ?? {}) };
        // The provider auto-names objects as <logical name>-<8 random characters>.
        if (!metadata.name) metadata.name = `${args.name}-${ctx.hash(8, args.type, args.name)}`;
        const clusterScoped = /:(Namespace|ClusterRole|ClusterRoleBinding|StorageClass|PersistentVolume|CustomResourceDefinition|PriorityClass|GatewayClass|ClusterIssuer)$/.test(args.type);
        if (!clusterScoped && !metadata.namespace) metadata.namespace = "default";
        metadata.uid = `${ctx.hash(8, "uid", args.type, metadata.name)}-${ctx.hash(4, "a", args.name)}-${ctx.hash(4, "b", args.name)}-${ctx.hash(4, "c", args.name)}-${ctx.hash(12, "d", args.name)}`;
        const state: Obj = { ...inputs, metadata, status: statusFor(args.type, inputs, ctx, metadata.name) };
        const id = clusterScoped ? metadata.name : `${metadata.namespace}/${metadata.name}`;
        return { id, state };
    },
};

function statusFor(type: string, inputs: Obj, ctx: MockContext, name: string): Obj | undefined {
    if (type === "kubernetes:core/v1:Service" && inputs.spec?.type === "LoadBalancer") {
        const internal = Object.entries(inputs.metadata?.annotations ?? {}).some(([k, v]) =>
            /internal|load-balancer-scheme|load-balancer-type/i.test(k) && /^(internal|true)$/i.test(String(v)));
        return { loadBalancer: { ingress: [loadBalancerAddress(ctx, name, internal)] } };
    }
    return undefined;
}

/** AWS load balancers report a hostname; GCP and Azure report an IP. */
export function loadBalancerAddress(ctx: MockContext, name: string, internal: boolean): Obj {
    const h = ctx.hash(8, "lb", name);
    const n = Number.parseInt(h, 16);
    switch (ctx.cloud) {
        case "aws":
            return { hostname: `${internal ? "internal-" : ""}a${ctx.hash(31, "elb", name)}-${n % 1e9}.elb.${ctx.region}.amazonaws.com` };
        case "gcp":
        case "azure":
            return { ip: internal ? `10.0.${(n >> 8) & 255}.${(n & 253) + 2}` : `203.0.113.${(n % 250) + 2}` };
        default:
            return { ip: `172.18.255.${(n % 250) + 2}` };
    }
}
