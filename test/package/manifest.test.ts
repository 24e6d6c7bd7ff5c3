/**
 * package.json as a package: peers and their ranges, entry points, papers. Pure
 * and fast; test/package/tarball.test.ts installs the real tarball.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCloudModule, missingSdkError } from "../../components/cluster/cloud-sdk";
import { CLOUD_SDK, PEER_SDKS } from "../../components/cluster/versions/sdks";

const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** Whether an exact version satisfies a caret range ^M.m.p (the only form kubeship's peers use). */
function caret(range: string, version: string): boolean {
    const [rM, rm, rp] = range.replace(/^\^/, "").split(".").map(Number);
    const [M, m, p] = version.split(".").map(Number);
    return M === rM && (m > rm || (m === rm && p >= rp));
}

describe("package.json", () => {
    it("declares the Pulumi SDKs as peers with the ranges the code names (components/cluster/versions/sdks.ts)", () => {
        expect(pkg.peerDependencies).toEqual(PEER_SDKS);
        for (const name of Object.keys(PEER_SDKS)) expect(pkg.dependencies?.[name]).toBeUndefined();
    });

    it("makes each cloud SDK an optional peer, and only those", () => {
        expect(Object.keys(pkg.peerDependenciesMeta).sort()).toEqual(Object.values(CLOUD_SDK).sort());
        for (const sdk of Object.values(CLOUD_SDK)) expect(pkg.peerDependenciesMeta[sdk]).toEqual({ optional: true });
    });

    it("tests with exact pins inside the peer ranges, which admit the releases of late 2026", () => {
        for (const [name, range] of Object.entries(PEER_SDKS)) {
            expect(pkg.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
            expect(caret(range, pkg.devDependencies[name]), `${name} ${pkg.devDependencies[name]} in ${range}`).toBe(true);
        }
        // The registry's latest on 2026-12-02 (`npm view @pulumi/pulumi dist-tags.latest`), which needs Node 22.
        expect(caret(PEER_SDKS["@pulumi/pulumi"], "3.276.0")).toBe(true);
        expect(caret("^3.248.0", "4.0.0")).toBe(false);
    });

    it("points both entry points at the build, also for node10 resolution (program/package.json)", () => {
        expect(pkg.exports["."]).toEqual({ types: "./dist/components/index.d.ts", default: "./dist/components/index.js" });
        expect(pkg.exports["./program"]).toEqual({ types: "./dist/components/program.d.ts", default: "./dist/components/program.js" });
        const legacy = JSON.parse(fs.readFileSync(path.join(ROOT, "program/package.json"), "utf8"));
        expect(path.join("program", legacy.main)).toBe(path.normalize(pkg.exports["./program"].default));
        expect(path.join("program", legacy.types)).toBe(path.normalize(pkg.exports["./program"].types));
        expect(pkg.main).toBe("dist/components/index.js");
        expect(pkg.engines.node).toBe(">=20");
    });

    it("has a LICENSE that is the Apache License 2.0 it names, and a CHANGELOG entry for its version", () => {
        expect(pkg.license).toBe("Apache-2.0");
        const license = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
        expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\/\s+TERMS AND CONDITIONS/);
        expect(license).toContain("END OF TERMS AND CONDITIONS");
        expect(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")).toContain(`\n## ${pkg.version} `);
    });
});

describe("a missing cloud SDK", () => {
    const notFound = (message: string, code = "MODULE_NOT_FOUND") => Object.assign(new Error(message), { code });

    it("is reported with the npm install to run (require's and import's wording)", async () => {
        await expect(loadCloudModule("gcp", () => Promise.reject(notFound("Cannot find module '@pulumi/gcp/container'\nRequire stack:\n- x.js")))).rejects.toThrow(
            'the gcp cloud needs the Pulumi SDK @pulumi/gcp, which is not installed (kubeship declares it an optional peer dependency); run: npm install @pulumi/gcp@"^9.37.0"',
        );
        expect(missingSdkError("azure", notFound("Cannot find package '@pulumi/azure-native' imported from /x.js", "ERR_MODULE_NOT_FOUND"))?.message).toContain('npm install @pulumi/azure-native@"^3.28.0"');
    });

    it("is told apart from any other failure, which passes through unchanged", async () => {
        const other = notFound("Cannot find module './eks-cluster'");
        await expect(loadCloudModule("aws", () => Promise.reject(other))).rejects.toBe(other);
        // Another package missing (a dependency of the SDK), or a prefix of the SDK's name.
        expect(missingSdkError("aws", notFound("Cannot find module '@pulumi/awsx'"))).toBeUndefined();
        expect(missingSdkError("aws", new TypeError("'@pulumi/aws' is broken"))).toBeUndefined();
        await expect(loadCloudModule("aws", async () => 42)).resolves.toBe(42);
    });
});
