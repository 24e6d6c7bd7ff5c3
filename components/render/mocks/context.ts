/** What mock providers know about the render they serve. */
import { createHash } from "node:crypto";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";

export interface MockContext {
    cloud: "aws" | "gcp" | "azure" | "existing";
    region: string;
    stack: string;
    /** Deterministic hex digest of the given parts, `length` characters long. */
    hash(length: number, ...parts: string[]): string;
}

/** Per-cloud mock behaviour; return undefined to fall back to the defaults. */
export interface CloudMocks {
    /** Output state for a resource (merged over its inputs), or undefined. */
    resource?(args: MockResourceArgs, ctx: MockContext): { id?: string; state: Record<string, unknown> } | undefined;
    /** Result of a provider function call, or undefined if this cloud does not know it. */
    call?(args: MockCallArgs, ctx: MockContext): Record<string, unknown> | undefined;
}

export function makeHash(seed: string): MockContext["hash"] {
    return (length, ...parts) => createHash("sha256").update([seed, ...parts].join("\u0000")).digest("hex").slice(0, length);
}

/** A fake but well-formed PEM certificate body, base64-encoded as clusters report it. */
export function fakeCaData(ctx: MockContext, seed: string): string {
    const body = Buffer.from(ctx.hash(64, "ca", seed).repeat(8), "hex").toString("base64");
    return Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`).toString("base64");
}
