/**
 * The Pulumi SDKs kubeship runs on, as the package declares them
 * (package.json peerDependencies; test/package/manifest.test.ts keeps the two equal).
 * Each cloud's SDK is an optional peer: a GCP-only project installs no AWS or Azure SDK.
 * Ranges admit every later minor of the major kubeship is tested with (the exact
 * devDependencies pins); checked 2026-12-02 against the npm registry
 * (`npm view <sdk> dist-tags.latest`): @pulumi/pulumi 3.276.0, @pulumi/kubernetes 4.34.2,
 * @pulumi/aws 7.48.0, @pulumi/gcp 9.37.0, @pulumi/azure-native 3.28.0.
 */
export const PEER_SDKS = {
    "@pulumi/pulumi": "^3.248.0",
    "@pulumi/kubernetes": "^4.34.2",
    "@pulumi/aws": "^7.48.0",
    "@pulumi/gcp": "^9.37.0",
    "@pulumi/azure-native": "^3.28.0",
} as const;

/** The SDK each cloud's modules import; an existing cluster needs none. */
export const CLOUD_SDK = { aws: "@pulumi/aws", gcp: "@pulumi/gcp", azure: "@pulumi/azure-native" } as const;

export type SdkCloud = keyof typeof CLOUD_SDK;

/**
 * The dev tools of a project `kubeship init` writes: those of `pulumi new typescript`
 * (pulumi/templates@65db26bfbdb2fef067d2a10dcadef7b553b36d60 typescript/package.json),
 * with @types/node at kubeship's own floor, Node 20; and @pulumi/policy, which the
 * installed policy pack (dist/policy) that the project's CI runs needs (kubeship tests
 * with 1.21.0, the registry's latest on 2026-12-02).
 */
export const PROJECT_DEV_TOOLS = { "@pulumi/policy": "^1.21.0", "@types/node": "^20", typescript: "^5.0.0" } as const;
