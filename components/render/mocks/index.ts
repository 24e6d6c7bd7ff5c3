/**
 * Mock providers for the offline engine. Each cloud's file returns realistic
 * outputs for what the program reads; anything else echoes its inputs, with a
 * deterministic id and an auto-generated `name` as the real provider would add.
 */
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import { awsMocks } from "./aws";
import { azureMocks } from "./azure";
import { type CloudMocks, type MockContext, makeHash } from "./context";
import { gcpMocks } from "./gcp";
import { kubernetesMocks } from "./kubernetes";

export type { MockContext } from "./context";

export class MissingMockError extends Error {
    constructor(token: string) {
        super(`the offline engine has no mock for the call ${token}; add one in components/render/mocks/`);
        this.name = "MissingMockError";
    }
}

/** Builds the mocks for one render. `seed` (the stack name) makes ids stable across runs. */
export function createMocks(opts: { cloud: MockContext["cloud"]; region: string; stack: string; stackOutputs?: Record<string, unknown> }): Mocks {
    const ctx: MockContext = { cloud: opts.cloud, region: opts.region, stack: opts.stack, hash: makeHash(opts.stack) };
    const all: CloudMocks[] = [kubernetesMocks, awsMocks, gcpMocks, azureMocks];
    return {
        newResource(args) {
            // A StackReference is a read of pulumi:pulumi:StackReference whose `outputs` are the other
            // stack's (@pulumi/pulumi stackReference.js): an app stack's cluster stack, from its render.
            if (args.type === "pulumi:pulumi:StackReference") {
                return { id: args.id ?? args.name, state: { name: args.inputs.name, outputs: opts.stackOutputs ?? {}, secretOutputNames: [] } };
            }
            for (const m of all) {
                const r = m.resource?.(args, ctx);
                if (r) return { id: r.id ?? defaultId(args.type, args.name, ctx), state: { ...args.inputs, ...r.state } };
            }
            const state: Record<string, unknown> = { ...args.inputs };
            // Providers auto-name resources whose name is not given: <logical name>-<7 hex>.
            if (!args.type.startsWith("pulumi:providers:") && state.name === undefined) state.name = `${args.name}-${ctx.hash(7, args.type, args.name)}`;
            return { id: defaultId(args.type, args.name, ctx), state };
        },
        call(args) {
            for (const m of all) {
                const r = m.call?.(args, ctx);
                if (r) return r;
            }
            throw new MissingMockError(args.token);
        },
    };
}

function defaultId(type: string, name: string, ctx: MockContext): string {
    return `${name}-${ctx.hash(12, "id", type, name)}`;
}
