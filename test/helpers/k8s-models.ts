/**
 * Kubernetes OpenAPI validation of plain manifests, through kubernetes-models;
 * the HTTPS entry's custom resources against their published CRD schemas, through
 * @kubernetes-models/gateway-api 0.5.1 (Gateway API v1.0.0, standard and
 * experimental channels) and @kubernetes-models/cert-manager 4.4.4 (cert-manager
 * v1.11.2): the newest that install on Node 20, older than the releases kubeship
 * installs (Gateway API v1.6.1, cert-manager v1.21.1). They check types, enums,
 * patterns and required fields, not CEL rules, and accept unknown fields.
 */
import { Certificate, Issuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import { Gateway, GatewayClass, HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";

type Model = new (data: any) => { validate(): void };
const MODELS: Record<string, Model> = {
    "v1/Namespace": Namespace, "v1/ConfigMap": ConfigMap, "v1/Secret": Secret, "v1/Service": Service, "v1/ServiceAccount": ServiceAccount,
    "apps/v1/Deployment": Deployment, "apps/v1/StatefulSet": StatefulSet,
    "batch/v1/Job": Job, "batch/v1/CronJob": CronJob,
    "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
    "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
    "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
    "storage.k8s.io/v1/StorageClass": StorageClass,
    "gateway.networking.k8s.io/v1/GatewayClass": GatewayClass as unknown as Model,
    "gateway.networking.k8s.io/v1/Gateway": Gateway as unknown as Model,
    "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute as unknown as Model,
    "cert-manager.io/v1/Issuer": Issuer as unknown as Model,
    "cert-manager.io/v1/Certificate": Certificate as unknown as Model,
};

/** Throws when the manifest does not validate (or no model knows its kind). */
export function validateManifest(m: Record<string, any>): void {
    const model = MODELS[`${m.apiVersion}/${m.kind}`];
    if (!model) throw new Error(`no kubernetes-models class for ${m.apiVersion} ${m.kind}`);
    new model(m).validate();
}
