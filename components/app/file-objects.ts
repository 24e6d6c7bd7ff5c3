/**
 * The Kubernetes objects behind a pod owner's `files` (a tier's or a job's):
 * a ConfigMap named with a hash of its files, and a provider-named Secret for
 * the files that come from secret config; and the image pull Secret
 * (`imagePullSecret`). Both Tier and AppJob make them.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { TierConfig } from "../config/schema";
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
