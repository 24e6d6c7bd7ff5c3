/**
 * The labels and annotations a user adds to a tier's pods, Service and
 * service account (for meshes, Prometheus, cloud controllers), checked
 * against the keys kubeship owns and the API server's size limit.
 */
import { LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF } from "../../app/names";
import { loadBalancerAnnotations } from "../../cluster/load-balancer-annotations";
import { CLOUDS, type Cloud } from "../schema";
import { showValue } from "../errors";
import { asObj, isObj, type Obj, type RuleProblem } from "./shared";

/** Labels kubeship selects and manages a tier's pods by: changing one would orphan the pods or replace the workload. */
export const OWNED_LABELS: readonly string[] = [LABEL_NAME, LABEL_PART_OF, LABEL_MANAGED_BY];

/**
 * Key prefixes that belong to kubeship (`kubeship.io/`) and to the clouds'
 * workload identity, which kubeship sets from `identity`: AKS
 * (`azure.workload.identity/`), EKS IRSA (`eks.amazonaws.com/`), GKE (`iam.gke.io/`).
 */
export const RESERVED_PREFIXES: readonly string[] = ["kubeship.io", "azure.workload.identity", "eks.amazonaws.com", "iam.gke.io"];

/**
 * The API server refuses an object whose annotations, keys and values together,
 * exceed 256 KiB (apimachinery ValidateAnnotations, TotalAnnotationSizeLimitB =
 * 256 * (1 << 10); https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validation/objectmeta.go).
 */
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** Why kubeship keeps a key, or undefined when the user may set it. */
export function ownedKeyProblem(key: string, kind: "label" | "annotation"): string | undefined {
    if (kind === "label" && OWNED_LABELS.includes(key)) {
        return `is a label kubeship selects and manages the tier's pods by, got ${showValue(key)}; use another key (e.g. app.kubernetes.io/component)`;
    }
    const slash = key.indexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : "";
    const owner = RESERVED_PREFIXES.find((p) => prefix === p || prefix.endsWith(`.${p}`));
    if (!owner) return undefined;
    return owner === "kubeship.io"
        ? `is kubeship's own ${kind} (${owner}/), got ${showValue(key)}; use a prefix of your own`
        : `is a workload identity ${kind} (${owner}/), which kubeship sets from the tier's identity, got ${showValue(key)}; remove it and use identity`;
}

const bytes = (map: Obj) => Object.entries(map).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === "string" ? Buffer.byteLength(v) : 0), 0);

/** The problems of one labels or annotations map at `at` (the schema checks each key's and label value's form). */
function mapProblems(at: (string | number)[], map: unknown, kind: "label" | "annotation", taken: Readonly<Record<string, string>> = {}, exposure = ""): RuleProblem[] {
    if (!isObj(map)) return [];
    const out: RuleProblem[] = [];
    for (const key of Object.keys(map)) {
        const owned = ownedKeyProblem(key, kind);
        if (owned) out.push({ path: [...at, key], key: true, message: owned });
        else if (Object.hasOwn(taken, key)) {
            out.push({ path: [...at, key], key: true, message: `is set by kubeship for a ${exposure} load balancer (${key}: ${JSON.stringify(taken[key])}), got ${showValue(key)}; remove it, or use expose: internal and your own load balancer annotations` });
        }
    }
    if (kind === "annotation" && bytes(map) > MAX_ANNOTATION_BYTES) {
        out.push({ path: at, message: `add up to ${bytes(map)} bytes, over the API server's limit of ${MAX_ANNOTATION_BYTES} (256 KiB) for one object's annotations; move large values to a ConfigMap (files) or env` });
    }
    return out;
}

/** Every tier's (and job's) labels and annotations, after app.defaults are merged. */
export function metadataRules(root: Obj): RuleProblem[] {
    const app = asObj(root.app);
    const rawCloud = asObj(root.cluster).cloud;
    const cloud = (CLOUDS as readonly unknown[]).includes(rawCloud) ? rawCloud as Cloud : undefined;
    const out: RuleProblem[] = [];
    for (const group of ["tiers", "jobs"] as const) {
        for (const [name, t] of Object.entries(asObj(app[group]))) {
            if (!isObj(t)) continue;
            const at = ["app", group, name];
            out.push(...mapProblems([...at, "labels"], t.labels, "label"));
            out.push(...mapProblems([...at, "annotations"], t.annotations, "annotation"));
            out.push(...mapProblems([...at, "serviceAccount", "annotations"], asObj(t.serviceAccount).annotations, "annotation"));
            // A load-balanced tier (public or internal-lb, not routed through the gateway) gets the cloud's annotations.
            const exposure = t.expose === "public" || t.expose === "internal-lb" ? t.expose : undefined;
            const taken = cloud && exposure && t.http === undefined ? loadBalancerAnnotations(cloud, exposure) : {};
            out.push(...mapProblems([...at, "service", "annotations"], asObj(t.service).annotations, "annotation", taken, exposure));
        }
    }
    return out;
}
