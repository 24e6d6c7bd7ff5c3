/**
 * Config files in a pod (`files`): the ConfigMap and Secret that hold them, and
 * the volumes and mounts that show each at its path. Pure, no Pulumi; written
 * over the `files` field alone, so any pod owner (a tier, a job) can use it.
 *
 * Each file is mounted on its own with `subPath`, read-only, rather than one
 * volume per directory: a volume mounted on a directory hides what the image
 * keeps there (`/etc/nginx/conf.d/app.conf` beside the image's own
 * `/etc/nginx/nginx.conf`), a subPath mount shows exactly one file. A subPath
 * mount does not follow later changes of its ConfigMap, which does not matter
 * here: the ConfigMap's name carries a hash of the files, so a change makes a
 * new ConfigMap and a new pod template, and the workload rolls.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes/types/input";
import type { PathProblem } from "../config/errors";
import type { FileConfig, TierConfig } from "../config/schema";
import { MAX_CONFIGMAP_BYTES } from "../config/pod-schema";

type Files = Record<string, FileConfig>;

/** The volume of the plain files (the ConfigMap). */
export const FILES_VOLUME = "files";
/** The volume of the secret files (the Secret). */
export const SECRET_FILES_VOLUME = "secret-files";
/** Mode of plain files: readable by any user, since the image's user is not known. @default 0444 */
export const FILE_MODE = 0o444;
/**
 * Mode of secret files: owner (root) and group read. The pod then gets an
 * fsGroup (security.ts), which the kubelet gives the files as their group and
 * every container as a supplementary group, so the non-root user reads them
 * and no other user does. @default 0440
 */
export const SECRET_FILE_MODE = 0o440;

/** Hex characters of the content hash in the ConfigMap's name. @default 10 */
const HASH_LENGTH = 10;
/** Characters a ConfigMap or Secret key may have ([-._a-zA-Z0-9]+, ConfigMap.data, core/v1). */
const KEY_CHAR = /[^-._a-zA-Z0-9]/g;

const isSecret = (f: FileConfig) => f.secret !== undefined;

/** Whether a pod mounts any secret file (and so needs a Secret and an fsGroup). */
export function hasSecretFiles(files: Files): boolean {
    return Object.values(files).some(isSecret);
}

/**
 * The key of each file in its ConfigMap or Secret, from its path:
 * `/etc/app/settings.yaml` → `etc_app_settings.yaml`. Characters a key cannot
 * hold become '-', a key never starts with '.', stays within 253 characters,
 * and a key made twice gets `-2`, `-3` (in config order).
 */
export function fileKeys(files: Files): Map<string, string> {
    const out = new Map<string, string>();
    const used = new Set<string>();
    for (const p of Object.keys(files)) {
        let base = p.replace(/^\/+/, "").replace(/\//g, "_").replace(KEY_CHAR, "-");
        if (base.startsWith(".")) base = `f${base}`;
        if (base.length > 240) base = `${base.slice(0, 229)}-${shortHash(base)}`;
        let key = base;
        for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
        used.add(key);
        out.set(p, key);
    }
    return out;
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

/** The plain files' ConfigMap data, by key; a `source` file carries the content the loader read. */
function plainData(files: Files): [string, string][] {
    const keys = fileKeys(files);
    return Object.entries(files).filter(([, f]) => !isSecret(f)).map(([p, f]) => {
        if (f.content === undefined) throw new Error(`files["${p}"]: the source ${JSON.stringify(f.source)} was not read; the loader reads it (TypeScript callers pass content)`);
        return [keys.get(p)!, f.content];
    });
}

/** Bytes the API server counts for a ConfigMap's data: every key and value. */
export function configMapBytes(data: Record<string, string>): number {
    return Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/**
 * The ConfigMap of a pod's plain files, or undefined when it has none. Its
 * name is `<owner>-files-<hash>`, the hash over every key and content: a
 * changed file makes a new ConfigMap (created first; the old one goes once
 * the workload has rolled), so it is immutable.
 */
export function toFilesConfigMap(owner: string, files: Files): { name: string; data: Record<string, string> } | undefined {
    const entries = plainData(files);
    if (entries.length === 0) return undefined;
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { name: `${owner}-files-${shortHash(JSON.stringify(sorted))}`, data: Object.fromEntries(entries) };
}

/** The logical name of a pod's secret files' Secret; the provider names the object, as for env secrets (env.ts). */
export function filesSecretName(owner: string): string {
    return `${owner}-files-secret`;
}

/** The secret files: each one's key in the Secret and the config key that holds its value. */
export function secretFileKeys(files: Files): { key: string; configKey: string }[] {
    const keys = fileKeys(files);
    return Object.entries(files).flatMap(([p, f]) => (f.secret !== undefined ? [{ key: keys.get(p)!, configKey: f.secret }] : []));
}

/**
 * Every secret config key a tier reads, with where it is named (relative to
 * the tier): `secrets` env values and `{secret}` files. The program asks the
 * stack for each, and a missing one is reported at that place.
 */
export function secretKeyUses(tier: Pick<TierConfig, "secrets" | "files">): { key: string; at: string[] }[] {
    return [
        ...Object.entries(tier.secrets).map(([env, key]) => ({ key, at: ["secrets", env] })),
        ...Object.entries(tier.files).flatMap(([p, f]) => (f.secret !== undefined ? [{ key: f.secret, at: ["files", p, "secret"] }] : [])),
    ];
}

/** Who mounts a file: the containers it lists, else the main container. */
function mountedIn(f: FileConfig, container: string, main: string): boolean {
    return f.containers ? f.containers.includes(container) : container === main;
}

/**
 * The volumes of a pod's files and the mounts of one container. `secretRef`
 * names the secret files' Secret (an Output when the provider names it);
 * `mainContainer` is the container that mounts a file that lists none.
 */
export function toFileVolumes(owner: string, files: Files, secretRef: pulumi.Input<string> = filesSecretName(owner), mainContainer = owner): {
    volumes: k8s.core.v1.Volume[];
    mountsFor(container: string): k8s.core.v1.VolumeMount[];
} {
    const keys = fileKeys(files);
    const configMap = toFilesConfigMap(owner, files);
    const volumes: k8s.core.v1.Volume[] = [
        ...(configMap ? [{ name: FILES_VOLUME, configMap: { name: configMap.name, defaultMode: FILE_MODE } }] : []),
        ...(hasSecretFiles(files) ? [{ name: SECRET_FILES_VOLUME, secret: { secretName: secretRef, defaultMode: SECRET_FILE_MODE } }] : []),
    ];
    return {
        volumes,
        mountsFor: (container) => Object.entries(files).filter(([, f]) => mountedIn(f, container, mainContainer)).map(([mountPath, f]) => ({
            name: isSecret(f) ? SECRET_FILES_VOLUME : FILES_VOLUME,
            mountPath,
            subPath: keys.get(mountPath)!,
            readOnly: true,
        })),
    };
}

/**
 * What only the read files show: a `source` that was never read (a TypeScript
 * caller's; the loader reads the platform file's), and plain files that
 * together overflow a ConfigMap. `at` is the owner's path (`app.tiers.web`).
 */
export function filesProblems(at: (string | number)[], files: Files): PathProblem[] {
    const unread = Object.entries(files).filter(([, f]) => !isSecret(f) && f.content === undefined);
    if (unread.length) {
        return unread.map(([p, f]) => ({ path: [...at, "files", p, "source"], message: `is read only when loading a platform file, got ${JSON.stringify(f.source)}; from TypeScript, pass the file's text as content` }));
    }
    const configMap = toFilesConfigMap("x", files);
    const bytes = configMap ? configMapBytes(configMap.data) : 0;
    if (bytes <= MAX_CONFIGMAP_BYTES) return [];
    const largest = Object.entries(files).filter(([, f]) => !isSecret(f))
        .map(([p, f]) => ({ p, n: Buffer.byteLength(f.content ?? "") })).sort((a, b) => b.n - a.n).slice(0, 3)
        .map(({ p, n }) => `${p} (${n} bytes)`).join(", ");
    return [{ path: [...at, "files"], message: `hold ${bytes} bytes of plain files, more than a ConfigMap takes (${MAX_CONFIGMAP_BYTES} bytes, 1 MiB, keys included); the largest: ${largest}; shrink them, or bake large files into the image` }];
}
