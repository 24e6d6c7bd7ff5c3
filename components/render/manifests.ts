/**
 * Turns recorded resources into the files `kubeship render` writes:
 * resources.json entries and Kubernetes manifests as the API server receives them.
 */
import { stringify } from "yaml";
import { REDACTED, type RecordedResource } from "./engine";

/** A recorded resource as resources.json lists it: no outputs or revealed inputs, and `provider` is the URN alone. */
export type ResourceEntry = Omit<RecordedResource, "outputs" | "rawInputs">;

/** One entry per resource, sorted by URN so that renders of the same input are byte-identical. */
export function toResourceEntries(resources: RecordedResource[]): ResourceEntry[] {
    return resources
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            // A provider reference is `urn::id`; the URN alone names it.
            ...(r.provider ? { provider: r.provider.split("::").slice(0, 4).join("::") } : {}),
            custom: r.custom,
            inputs: r.inputs,
            dependencies: r.dependencies,
            options: r.options,
        }))
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** `kubernetes:apps/v1:Deployment` → `{apiVersion: "apps/v1", kind: "Deployment"}`; undefined for non-manifests. */
export function kubernetesKind(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
    if (!m || m[1].startsWith("helm.sh") || m[1].startsWith("yaml") || m[1].startsWith("kustomize")) return undefined;
    const [group, version] = m[1].split("/");
    if (!version) return undefined;
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind: m[2] };
}

const KIND_ORDER = [
    "Namespace", "StorageClass", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
    "Secret", "ConfigMap", "NetworkPolicy", "Service", "StatefulSet", "Deployment", "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
];

/** One recorded Kubernetes object as the API server would receive it, or undefined for anything else. */
export function manifestOf(r: RecordedResource): Record<string, unknown> | undefined {
    const kind = kubernetesKind(r.type);
    if (!kind || !r.custom) return undefined;
    const inputs = { ...r.inputs };
    delete inputs.apiVersion;
    delete inputs.kind;
    const metadata = { ...(inputs.metadata as Record<string, unknown> | undefined) };
    const named = r.outputs.metadata as Record<string, unknown> | undefined;
    // The provider auto-names objects without a name; show the name it would use.
    if (metadata.name === undefined && named?.name) metadata.name = named.name;
    const obj: Record<string, unknown> = { apiVersion: kind.apiVersion, kind: kind.kind, ...inputs, metadata };
    if (kind.kind === "Secret") {
        for (const field of ["data", "stringData"]) {
            const data = obj[field];
            if (data && typeof data === "object") obj[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
            else if (data !== undefined) obj[field] = REDACTED;
        }
    }
    return obj;
}

/** Every Kubernetes object, in apply order (namespaces first), then by namespace and name. */
export function toManifests(resources: RecordedResource[]): Record<string, unknown>[] {
    const out: { rank: number; key: string; obj: Record<string, unknown> }[] = [];
    for (const r of resources) {
        const obj = manifestOf(r);
        if (!obj) continue;
        const kind = String(obj.kind);
        const metadata = obj.metadata as Record<string, unknown>;
        const rank = KIND_ORDER.indexOf(kind);
        out.push({ rank: rank < 0 ? KIND_ORDER.length : rank, key: `${kind}/${String(metadata.namespace ?? "")}/${String(metadata.name ?? "")}/${r.urn}`, obj });
    }
    return out.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.obj);
}

export function manifestsYaml(manifests: Record<string, unknown>[]): string {
    return manifests.map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}
