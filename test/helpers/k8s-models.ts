/** Kubernetes OpenAPI validation of plain manifests, through kubernetes-models. */
import { Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
    "v1/Namespace": Namespace, "v1/Secret": Secret, "v1/Service": Service, "v1/ServiceAccount": ServiceAccount,
    "apps/v1/Deployment": Deployment, "apps/v1/StatefulSet": StatefulSet,
    "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
    "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
    "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
    "storage.k8s.io/v1/StorageClass": StorageClass,
};

/** Throws when the manifest does not validate (or no model knows its kind). */
export function validateManifest(m: Record<string, any>): void {
    const model = MODELS[`${m.apiVersion}/${m.kind}`];
    if (!model) throw new Error(`no kubernetes-models class for ${m.apiVersion} ${m.kind}`);
    new model(m).validate();
}
