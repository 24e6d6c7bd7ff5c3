/**
 * The dated AKS catalog. azure-native has no call that lists AKS versions
 * (containerservice offers no listKubernetesVersions), so `pulumi up` uses this
 * table too; kubeship leaves the version out of an unpinned cluster, and AKS and
 * its upgrade channel choose. The table records which minor that means.
 *
 * Taken on 2026-12-01. AKS publishes an end of life only as "when the third newer
 * minor reaches GA" (N-2), so no end dates are kept: the GA minors below are the
 * ones AKS supports, and a minor missing from them cannot be created.
 */
import type { VersionCatalog } from "./types";

const POLICY = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions";
const RELEASE_2026_09_04 = "https://github.com/Azure/AKS/releases/tag/2026-09-04";
const RELEASE_2026_07_17 = "https://github.com/Azure/AKS/releases/tag/2026-07-17";
const RELEASE_2026_03_05 = "https://github.com/Azure/AKS/releases/tag/2026-03-05";
const RELEASE_2026_01_04 = "https://github.com/Azure/AKS/releases/tag/2026-01-04";

export const AKS_CATALOG: VersionCatalog = {
    cloud: "azure",
    source: "dated",
    takenOn: "2026-12-01",
    sources: [POLICY, RELEASE_2026_09_04, RELEASE_2026_07_17, RELEASE_2026_03_05, RELEASE_2026_01_04],
    // The 2026-09-04 release ships patches for exactly 1.34, 1.35 and 1.36 (1.33 had its last
    // patch on 2026-07-17) and starts 1.37 in preview. If 1.37 reached GA since, 1.34 leaves
    // support 30 days later; we found no such announcement.
    minors: [
        { minor: "1.34", released: "2026-01-04" }, // GA with release 2026-01-04 (as endoflife.date cites it)
        { minor: "1.35", released: "2026-03-05" }, // GA with release 2026-03-05
        { minor: "1.36" }, // GA date not found; patches 1.36.2 (2026-07-17) and 1.36.3 (2026-09-04)
    ],
    // NOT CONFIRMED: AKS's default for a new cluster has been the second-newest GA minor; the
    // default itself was not found for 2026-12.
    defaultMinor: "1.35",
};
