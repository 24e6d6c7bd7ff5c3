/**
 * Loads a cloud's modules, which import that cloud's Pulumi SDK: an optional
 * peer dependency of the package. A missing SDK is a setup problem, not a bug:
 * it is reported as a RunError (no stack trace) naming the `npm install` to run.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLOUD_SDK, PEER_SDKS, type SdkCloud } from "./versions/sdks";

export async function loadCloudModule<T>(cloud: SdkCloud, load: () => Promise<T>): Promise<T> {
    try {
        return await load();
    } catch (e) {
        throw missingSdkError(cloud, e) ?? e;
    }
}

/** The error to show when `e` says the cloud's SDK (or one of its modules) cannot be found; else undefined. */
export function missingSdkError(cloud: SdkCloud, e: unknown): pulumi.RunError | undefined {
    const sdk = CLOUD_SDK[cloud];
    const err = e as { code?: unknown; message?: unknown } | undefined;
    if (!err || (err.code !== "MODULE_NOT_FOUND" && err.code !== "ERR_MODULE_NOT_FOUND")) return undefined;
    // "Cannot find module '@pulumi/aws/eks'" (require) or "Cannot find package '@pulumi/aws'" (import).
    if (typeof err.message !== "string" || !new RegExp(`['"]${sdk.replace("/", "\\/")}(['"/])`).test(err.message)) return undefined;
    return new pulumi.RunError(
        `the ${cloud} cloud needs the Pulumi SDK ${sdk}, which is not installed (kubeship declares it an optional peer dependency); ` +
        `run: npm install ${sdk}@"${PEER_SDKS[sdk]}"`,
    );
}
