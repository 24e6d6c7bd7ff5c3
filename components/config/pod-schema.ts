/**
 * What a pod may hold besides its main container: config files (`files`) and
 * extra containers (`init`, `sidecars`). Any pod owner's schema can take these
 * fields (tiers today); `tierSchema` adds them with `podFields(probe)`.
 * Cross-field rules (paths that clash, names used twice) are in rules/pod.ts.
 */
import { z } from "zod";
import { CPU_QUANTITY, DNS_1123_LABEL, ENV_NAME, MEMORY_QUANTITY, imagePinProblem } from "./formats";

/**
 * The most a ConfigMap holds: the API server refuses one whose values add up to
 * more than 1 MiB ("The data stored in a ConfigMap cannot exceed 1 MiB",
 * https://kubernetes.io/docs/concepts/configuration/configmap/; ValidateConfigMap and
 * ValidateSecret in kubernetes pkg/apis/core/validation/validation.go sum the values'
 * lengths against core.MaxSecretSize, 1 MiB, seen for ValidateSecret at kubernetes@7fbb384).
 * kubeship counts the keys too: a few bytes of margin, never a refusal the API server would accept
 * short of the last bytes.
 */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;

/** The longest name of an init container or sidecar: its own /tmp volume is named `tmp-<name>` (a DNS label, at most 63). */
export const MAX_EXTRA_CONTAINER_NAME = 59;

/** Pulumi config key, as `secrets` takes them. */
const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Why `p` cannot be a file's mount path, or undefined. Paths are compared after normalizing elsewhere. */
export function filePathProblem(p: string): string | undefined {
    // The schema adds ", got <path>" to a key's problem.
    if (!p.startsWith("/")) return "must be an absolute path such as /etc/app/settings.yaml";
    if (p.includes("\0")) return "must not contain a NUL character";
    if (p.endsWith("/")) return "must name a file, not a directory (no trailing '/'), e.g. /etc/app/settings.yaml";
    if (p.split("/").some((s) => s === ".." || s === ".")) return "must not contain \".\" or \"..\" segments; write the path plainly";
    if (p.length > 4096) return `must be at most 4096 characters (PATH_MAX), not ${p.length}`;
    return undefined;
}

/** Why an inline `content` cannot go into a ConfigMap's `data`, or undefined. */
export function textProblem(text: string): string | undefined {
    // data holds UTF-8 text only ("Values with non-UTF-8 byte sequences must use the BinaryData field", ConfigMap core/v1).
    if (text.includes("\0")) return "holds a NUL character, which marks binary content; config files must be UTF-8 text";
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) return "holds a lone UTF-16 surrogate, which is not UTF-8 text; fix the escape (\\u...) in the string";
    return undefined;
}

const refine = (problem: (v: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: value, message });
};

/** One config file: exactly one of content, source or secret. */
export const fileEntrySchema = z.strictObject({
    content: z.string().superRefine(refine(textProblem)).optional().describe("The file's text, written inline."),
    source: z.string().min(1).optional()
        .describe("A file to read, relative to the platform file's folder and inside the project; UTF-8 text, at most 1 MiB."),
    secret: z.string().regex(CONFIG_KEY, { message: "must be a Pulumi config key" }).optional()
        .describe("Secret config key whose value is the file: pulumi config set --secret kubeship:<key> < file. Stored in a Secret, mounted with mode 0440."),
    /** @default the main container only */
    containers: z.array(z.string().min(1)).min(1).optional()
        .describe("Containers that mount the file, by name (the main container is named after its tier); the main container only by default."),
}).superRefine((f, ctx) => {
    const kinds = (["content", "source", "secret"] as const).filter((k) => f[k] !== undefined);
    if (kinds.length !== 1) {
        ctx.addIssue({ code: "custom", path: [], input: f, message: `needs exactly one of content, source or secret, got ${kinds.length ? kinds.join(" and ") : "none"}; e.g. {source: config/settings.yaml}` });
    }
}).describe("A config file: {content}, {source} or {secret}.");

export const filesSchema = z.record(z.string().superRefine(refine(filePathProblem)), fileEntrySchema).default({})
    .describe("Config files by absolute mount path, each mounted read-only on its own (subPath); plain files share one immutable ConfigMap named <owner>-files-<hash of names and content>, secret ones a Secret.");

const resources = z.strictObject({
    /** @default "100m" */
    cpu: z.string().regex(CPU_QUANTITY, { message: "must be a CPU quantity such as 250m, 0.5 or 2" }).default("100m").describe("CPU request."),
    /** @default "128Mi" */
    memory: z.string().regex(MEMORY_QUANTITY, { message: "must be a memory quantity such as 128Mi, 1Gi or 512M" }).default("128Mi")
        .describe("Memory request; also the memory limit unless limits.memory is set."),
    limits: z.strictObject({
        cpu: z.string().regex(CPU_QUANTITY, { message: "must be a CPU quantity such as 250m, 0.5 or 2" }).optional().describe("CPU limit; none by default."),
        memory: z.string().regex(MEMORY_QUANTITY, { message: "must be a memory quantity such as 128Mi, 1Gi or 512M" }).optional().describe("Memory limit; the memory request by default."),
    }).default({}).describe("Limits beyond the defaults."),
});

/** The fields every extra container has. */
const containerFields = {
    name: z.string().regex(DNS_1123_LABEL, { message: "must be a DNS-1123 label: lower-case letters, digits and '-', starting with a letter" })
        .max(MAX_EXTRA_CONTAINER_NAME, { message: `must be at most ${MAX_EXTRA_CONTAINER_NAME} characters (its /tmp volume is named tmp-<name>)` })
        .describe("Container name, unique in the pod (the main container is named after its tier)."),
    image: z.string().min(1).superRefine(refine(imagePinProblem)).describe("Container image with a pinned tag or digest."),
    command: z.array(z.string()).optional().describe("Overrides the image's entrypoint."),
    args: z.array(z.string()).optional().describe("Overrides the image's arguments."),
    env: z.record(z.string().regex(ENV_NAME, { message: "must be an environment variable name" }), z.union([z.string(), z.number(), z.boolean()]))
        .default({}).describe("Environment variables; ${tier.host}, ${tier.port} and ${tier.url} name tiers, as in the main container."),
};

const sidecarPort = z.union([
    z.number().int().min(1).max(65535),
    z.strictObject({
        port: z.number().int().min(1).max(65535).describe("Port the container listens on."),
        protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("Transport protocol."),
    }),
]);

/**
 * The pod fields, given the probe schema (schema.ts owns it, and importing it
 * here would make the two modules import each other).
 */
export function podFields<P extends z.ZodType>(probe: P) {
    return {
        files: filesSchema,
        init: z.array(z.strictObject({
            ...containerFields,
            /** @default the main container's resources (an init container adds nothing to the pod's request while it stays below them) */
            resources: resources.optional().describe("Requests and limits; the main container's by default (init containers run before it, so the pod's request does not grow)."),
        }).describe("An init container: runs to completion before the main container starts.")).default([])
            .describe("Init containers, run in order after the sidecars have started and before the main container; each gets the tier's container security settings."),
        sidecars: z.array(z.strictObject({
            ...containerFields,
            ports: z.record(z.string().regex(DNS_1123_LABEL, { message: "must be a port name: lower-case letters, digits and '-'" }).max(15), sidecarPort).default({})
                .describe("Container ports by name (not added to the Service or the NetworkPolicy): `metrics: 9090` or `{port: 9090, protocol: UDP}`."),
            /** @default cpu 100m, memory 128Mi (a sidecar adds to the pod's request for as long as it runs) */
            resources: resources.optional().describe("Requests and limits; 100m CPU and 128Mi memory by default (a sidecar adds to the pod's request)."),
            probes: z.strictObject({
                readiness: probe.optional().describe("Counts toward the pod's readiness; none by default."),
                liveness: probe.optional().describe("Restarts the sidecar when it fails; none by default."),
                startup: probe.optional().describe("Holds back the containers after it until it passes; none by default."),
            }).default({}).describe("Probes on the sidecar's own ports (or exec); none by default."),
        }).describe("A native sidecar: an init container with restartPolicy Always, running beside the main container (Kubernetes 1.29 or later).")).default([])
            .describe("Sidecars, started first in order and kept running beside the main container (native sidecars, Kubernetes 1.29 or later); each gets the tier's container security settings."),
    };
}
