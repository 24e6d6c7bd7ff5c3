/**
 * Buckets: the first backing resource. `app.buckets.<name>` is the cloud's
 * object store (S3, Cloud Storage, an Azure storage account's blob
 * container); the cloud modules build it (components/cluster/<cloud>/app-cloud.ts).
 * This module is what every cloud shares: the schema, the portable
 * environment variables and the plan's naming.
 */
import { z } from "zod";

/** @see registry.ts */
export const BUCKETS_KEY = "buckets";

export const bucketSchema = z.strictObject({
    /** @default false */
    versioning: z.boolean().default(false).describe("Keep every version of every object (S3 versioning, GCS object versioning, Azure blob versioning)."),
}).describe("A private object store bucket: public access blocked, encrypted at rest, access only through workload identities.");

export type BucketConfig = z.output<typeof bucketSchema>;

/** What a bucket's users are told, one value per variable (see envPrefix). */
export interface BucketAddress {
    /** s3, gcs or azure-blob. */
    provider: "s3" | "gcs" | "azure-blob";
    /** The bucket's (on Azure: the container's) physical name. */
    name: string;
    /** The region or location. */
    region: string;
    /** The object store's HTTPS endpoint (on Azure, the storage account's blob endpoint). */
    endpoint: string;
    /** A URL for the whole bucket: s3://name, gs://name, https://account.blob.core.windows.net/container. */
    url: string;
}

/** `uploads` → `BUCKET_UPLOADS`; `user-files` → `BUCKET_USER_FILES`. */
export function bucketEnvPrefix(bucket: string): string {
    return `BUCKET_${bucket.toUpperCase().replace(/-/g, "_")}`;
}

/** The variable names a workload that uses the bucket gets, in order. */
export function bucketEnvNames(bucket: string): string[] {
    const p = bucketEnvPrefix(bucket);
    return [`${p}_PROVIDER`, `${p}_NAME`, `${p}_REGION`, `${p}_ENDPOINT`, `${p}_URL`];
}

/** The portable form: BUCKET_<NAME>_{PROVIDER,NAME,REGION,ENDPOINT,URL}. */
export function bucketEnv(bucket: string, address: BucketAddress): { name: string; value: string }[] {
    const [provider, name, region, endpoint, url] = bucketEnvNames(bucket);
    return [
        { name: provider, value: address.provider },
        { name, value: address.name },
        { name: region, value: address.region },
        { name: endpoint, value: address.endpoint },
        { name: url, value: address.url },
    ];
}
