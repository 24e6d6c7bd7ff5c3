/**
 * Every kind of backing resource an app may declare. Adding a kind (a
 * database, a queue) is adding its module beside bucket.ts and one line
 * here: the app schema, the `uses` checks, the plan and the cloud modules
 * read this list.
 */
import type { z } from "zod";
import { ACCESS_LEVELS } from "./schema";
import { bucketEnvNames, bucketSchema, BUCKETS_KEY } from "./bucket";

export interface BackingKind {
    /** Its key under `app`: `app.buckets`. */
    key: string;
    /** One resource's config. */
    schema: z.ZodType;
    /** Singular, for messages. */
    noun: string;
    /** The access levels `uses` may give. */
    access: readonly string[];
    /** The environment variables a user of resource `name` gets. */
    envNames(name: string): string[];
}

export const BACKING_KINDS: readonly BackingKind[] = [
    { key: BUCKETS_KEY, schema: bucketSchema, noun: "bucket", access: ACCESS_LEVELS, envNames: bucketEnvNames },
];
