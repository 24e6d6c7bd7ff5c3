/**
 * The Kubernetes objects a pod owner (a tier or a job) needs besides its
 * workload: its ServiceAccount (with its cloud identity's annotations), the
 * Secret of its `secrets`, the ConfigMap and Secret behind its `files`, and
 * its image pull Secret. Tier and AppJob both make them here.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { TierConfig } from "../config/schema";
import type { WorkloadIdentity } from "../backing/cloud";
import type { PodSecretRefs } from "./workload";
import { hasSecretFiles, secretFileKeys, toFilesConfigMap } from "./files";
import { DOCKER_CONFIG_JSON } from "./pull-secret";

export interface FileObjectsArgs {
    /** The owner's key (tier or job), which names the ConfigMap. */
    owner: string;
    files: TierConfig["files"];
    namespace: pulumi.Input<string>;
    labels: Record<string, string>;
    /** A secret config key's value; throws for a key no value was given for. */
    secretValue: (key: string) => pulumi.Input<string>;
}

/**
 * The ConfigMap's name carries a hash of the files: a change replaces it, and Pulumi's
 * default replacement (never deleteBeforeReplace here) creates the new one, updates the
 * workload, which waits for its rollout, and deletes the old one last
 * (https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/).
 */
export function createFileObjects(name: string, args: FileObjectsArgs, opts: pulumi.CustomResourceOptions): { configMap?: ConfigMap; secret?: Secret } {
    const filesMap = toFilesConfigMap(args.owner, args.files);
    const configMap = filesMap
        ? new ConfigMap(`${name}-files`, { metadata: { name: filesMap.name, namespace: args.namespace, labels: args.labels }, immutable: true, data: filesMap.data }, opts)
        : undefined;
    const secret = hasSecretFiles(args.files)
        ? new Secret(`${name}-files-secret`, {
            // Provider-named like the env Secret: a new value replaces it under a new name, and the pods roll.
            metadata: { namespace: args.namespace, labels: args.labels },
            type: "Opaque",
            immutable: true,
            stringData: Object.fromEntries(secretFileKeys(args.files).map(({ key, configKey }) => [key, pulumi.secret(args.secretValue(configKey))])),
        }, opts)
        : undefined;
    return { configMap, secret };
}

/**
 * The image pull Secret (`imagePullSecret`): a docker config JSON from secret config,
 * provider-named like the env Secret, so a new value comes with a new name and rolls the pods.
 */
export function createPullSecret(
    name: string, configKey: string | undefined,
    args: Pick<FileObjectsArgs, "namespace" | "labels" | "secretValue">, opts: pulumi.CustomResourceOptions,
): Secret | undefined {
    if (configKey === undefined) return undefined;
    return new Secret(`${name}-pull-secret`, {
        metadata: { namespace: args.namespace, labels: args.labels },
        type: DOCKER_CONFIG_JSON.type,
        stringData: { [DOCKER_CONFIG_JSON.key]: pulumi.secret(args.secretValue(configKey)) },
    }, opts);
}

export interface PodObjectsArgs {
    /** The owner's key (tier or job): the ServiceAccount's and ConfigMap's names. */
    owner: string;
    config: Pick<TierConfig, "secrets" | "files" | "imagePullSecret" | "serviceAccount">;
    namespace: pulumi.Input<string>;
    labels: Record<string, string>;
    secretValue: (key: string) => pulumi.Input<string>;
    identity?: WorkloadIdentity;
}

export interface PodObjects {
    account: ServiceAccount;
    /** The provider-chosen name of the env Secret (`secrets`), when there is one. */
    secretRef?: pulumi.Output<string>;
    /** The other Secrets' names, for the pod template. */
    refs: PodSecretRefs;
    /** Every object made: the workload waits for them. */
    resources: pulumi.Resource[];
}

export function createPodObjects(name: string, args: PodObjectsArgs, opts: pulumi.CustomResourceOptions): PodObjects {
    const { owner, config, identity, labels } = args;
    const annotations = { ...config.serviceAccount?.annotations, ...identity?.serviceAccount.annotations };
    const account = new ServiceAccount(`${name}-sa`, {
        metadata: {
            name: owner, namespace: args.namespace,
            labels: { ...labels, ...identity?.serviceAccount.labels },
            ...(Object.keys(annotations).length ? { annotations } : {}),
        },
        automountServiceAccountToken: false,
    }, opts);
    const secret = Object.keys(config.secrets).length
        ? new Secret(`${name}-secret`, {
            // No name: the provider names it, so a changed value comes with a new name (env.ts secretName).
            metadata: { namespace: args.namespace, labels },
            type: "Opaque",
            // pulumi.secret even when a caller passed plain strings: the value must never be recorded in clear.
            stringData: Object.fromEntries(Object.entries(config.secrets).map(([env, key]) => [env, pulumi.secret(args.secretValue(key))])),
        }, opts)
        : undefined;
    const files = createFileObjects(name, { owner, files: config.files, namespace: args.namespace, labels, secretValue: args.secretValue }, opts);
    const pullSecret = createPullSecret(name, config.imagePullSecret, args, opts);
    return {
        account,
        ...(secret ? { secretRef: secret.metadata.name } : {}),
        refs: { filesSecretRef: files.secret?.metadata.name, pullSecretRef: pullSecret?.metadata.name },
        resources: [account, ...[secret, files.configMap, files.secret, pullSecret].filter((r): r is Secret | ConfigMap => r !== undefined)],
    };
}
