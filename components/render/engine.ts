/**
 * The offline engine: runs a Pulumi program in-process against a recording
 * mock monitor and returns every resource it registered, with the inputs,
 * parent, provider, dependencies and options the real engine would receive.
 *
 * Where Pulumi's own MockMonitor falls short of the real engine it does better:
 * URNs carry the full parent type chain, duplicate URNs are an error, and
 * resources are auto-named (deterministically) by the mock providers.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as state from "@pulumi/pulumi/runtime/state";
import type { MockCallArgs, MockResourceArgs, Mocks } from "@pulumi/pulumi/runtime/mocks";

/** The sentinel Pulumi uses on the wire for secret values. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const REDACTED = "[secret]";

export interface ResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    retainOnDelete?: boolean;
    replaceOnChanges?: string[];
}

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    /** Provider reference, `urn::id`, when set explicitly or inherited. */
    provider?: string;
    custom: boolean;
    /** Inputs as sent to the engine; secrets replaced by "[secret]". */
    inputs: Record<string, unknown>;
    /** URNs this resource waits for: from its inputs and `dependsOn`. */
    dependencies: string[];
    options: ResourceOptions;
    /** Outputs the mock provider returned, secrets redacted. Not written to resources.json. */
    outputs: Record<string, unknown>;
    /** Inputs with secrets revealed, for the engine's own use (never written out). */
    rawInputs: Record<string, unknown>;
}

export interface EvaluateOptions {
    project: string;
    stack: string;
    /** Full config keys (`kubeship:config`) to string values, as `pulumi config` stores them. */
    config: Record<string, string>;
    secretKeys?: string[];
    mocks: Mocks;
}

export interface Evaluation {
    resources: RecordedResource[];
    /** Stack outputs with secrets redacted. */
    outputs: Record<string, unknown>;
}

/** A problem the real engine would also refuse (duplicate URN, a failing resource). */
export class EngineError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EngineError";
    }
}

/** The parts of Pulumi's MockMonitor we build on; it marks them private or internal in its .d.ts. */
interface MonitorBase {
    registerResource(req: any, callback: (err: any, resp?: any) => void): Promise<void>;
    registerResourceOutputs(req: any, callback: (err: any, resp?: any) => void): void;
}
const BaseMonitor = MockMonitor as unknown as new (mocks: Mocks) => MonitorBase;
/** Internal runtime functions (present in the JS, marked @internal in the types). */
const internals = {
    store: () => (state as unknown as { getStore(): Record<string, unknown> }).getStore(),
    waitForRPCs: () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs(),
};

class RecordingMonitor extends BaseMonitor {
    readonly recorded = new Map<string, RecordedResource>();
    readonly errors: Error[] = [];
    private readonly typeOf = new Map<string, string>();

    /** The real engine's URN: the parent's full qualified type, the root stack excepted. */
    newUrn(parent: string, type: string, name: string): string {
        const parentType = parent ? this.typeOf.get(parent) : undefined;
        const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
        return `urn:pulumi:${settings.getStack()}::${settings.getProject()}::${qualified}::${name}`;
    }

    override async registerResource(req: any, callback: (err: any, resp?: any) => void): Promise<void> {
        const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
        if (this.recorded.has(urn)) {
            const err = new EngineError(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            this.errors.push(err);
            callback(err);
            return;
        }
        const qualifiedType = urn.split("::")[2];
        this.typeOf.set(urn, qualifiedType);
        const rawInputs = rpc.deserializeProperties(req.getObject(), true) as Record<string, unknown>;
        const propertyDeps: string[] = [];
        req.getPropertydependenciesMap().forEach((v: { getUrnsList(): string[] }) => propertyDeps.push(...v.getUrnsList()));
        const options: ResourceOptions = {};
        if (req.getProtect()) options.protect = true;
        if (req.getIgnorechangesList().length) options.ignoreChanges = [...req.getIgnorechangesList()];
        if (req.getDeletebeforereplace()) options.deleteBeforeReplace = true;
        if (req.getRetainondelete()) options.retainOnDelete = true;
        if (req.getReplaceonchangesList().length) options.replaceOnChanges = [...req.getReplaceonchangesList()];
        const inputs = redact(rawInputs) as Record<string, unknown>;
        if (req.getType() === "kubernetes:core/v1:Secret") {
            // The SDK marks a Secret's whole data secret; keep its keys (env var names), never its values.
            for (const field of ["data", "stringData"]) {
                const raw = reveal(rawInputs[field]);
                if (raw && typeof raw === "object") inputs[field] = Object.fromEntries(Object.keys(raw).map((k) => [k, REDACTED]));
            }
        }
        const record: RecordedResource = {
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            custom: req.getCustom(),
            inputs,
            dependencies: [...new Set([...req.getDependenciesList(), ...propertyDeps])].sort(),
            options,
            outputs: {},
            rawInputs: reveal(rawInputs) as Record<string, unknown>,
        };
        this.recorded.set(urn, record);
        return super.registerResource(req, (err: any, resp?: any) => {
            if (err) this.errors.push(err instanceof Error ? err : new Error(String(err)));
            else if (resp) record.outputs = redact(rpc.deserializeProperties(resp.getObject(), true)) as Record<string, unknown>;
            callback(err, resp);
        });
    }

    override registerResourceOutputs(req: any, callback: (err: any, resp?: any) => void): void {
        const record = this.recorded.get(req.getUrn());
        if (record && req.getOutputs()) record.outputs = redact(rpc.deserializeProperties(req.getOutputs(), true)) as Record<string, unknown>;
        super.registerResourceOutputs(req, callback);
    }
}

/** The evaluation that ran last: its sequence number and what it had registered so far. */
let latest: { seq: number; monitor?: RecordingMonitor } = { seq: 0 };

/**
 * What the latest evaluation registered, also when the program threw or never
 * finished, with the root Stack left out: a failure that leaves this non-empty
 * is a partial deployment under `pulumi up`. `seq` tells evaluations apart.
 */
export function latestEvaluation(): { seq: number; registered: RecordedResource[] } {
    const registered = [...(latest.monitor?.recorded.values() ?? [])].filter((r) => r.type !== "pulumi:pulumi:Stack");
    return { seq: latest.seq, registered };
}

/**
 * Runs `program` as `pulumi up` would (not a preview: every apply runs) and
 * returns what it registered. The program's exceptions propagate unchanged.
 */
export async function evaluate(program: () => Promise<Record<string, unknown> | void>, opts: EvaluateOptions): Promise<Evaluation> {
    const monitor = new RecordingMonitor(opts.mocks);
    latest = { seq: latest.seq + 1, monitor };
    settings.setMockOptions(monitor, opts.project, opts.stack, false);
    const store = internals.store();
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsOutputValues = false;
    store.supportsDeletedWith = true;
    store.supportsAliasSpecs = true;
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys ?? []);

    // A failing program also rejects promises inside Pulumi's runtime that nobody awaits;
    // collect them here instead of letting Node crash the process with a stack trace.
    const stray: unknown[] = [];
    const onRejection = (reason: unknown) => { stray.push(reason); };
    process.on("unhandledRejection", onRejection);
    try {
        await pulumi.runtime.runInPulumiStack(async () => (await program()) ?? {});
        await internals.waitForRPCs();
    } finally {
        pulumi.runtime.setAllConfig({}, []);
        // Let rejections queued by the failure surface before the handler goes.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
    }
    if (monitor.errors.length) throw monitor.errors[0];
    if (stray.length) throw stray[0];
    // The stack's outputs as registered (secrets still marked, hence redacted).
    const stackRecord = [...monitor.recorded.values()].find((r) => r.type === "pulumi:pulumi:Stack");
    return { resources: [...monitor.recorded.values()], outputs: stackRecord?.outputs ?? {} };
}

function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Replaces secret values by "[secret]" and resource references by their URN. */
export function redact(v: unknown): unknown {
    if (isSecret(v)) return REDACTED;
    if (v === UNKNOWN) return "[unknown]";
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === RESOURCE_SIG) return o.urn;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, redact(x)]));
    }
    return v;
}

/** Unwraps secrets (for the engine's own bookkeeping only). */
export function reveal(v: unknown): unknown {
    if (isSecret(v)) return reveal(v.value);
    if (Array.isArray(v)) return v.map(reveal);
    if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === RESOURCE_SIG) return o.urn;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, reveal(x)]));
    }
    return v;
}

export type { MockCallArgs, MockResourceArgs, Mocks };
