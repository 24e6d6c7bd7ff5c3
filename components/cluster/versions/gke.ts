/**
 * The dated GKE catalog: minors with their dates, valid control-plane
 * versions and each release channel's default. `pulumi up` asks GKE
 * (gcp.container.getEngineVersions) for the versions and channel defaults; GKE's
 * API has no dates, so the dates always come from this table.
 *
 * Taken on 2026-12-01 from the newest sources we could read (release notes up
 * to 2026-09-23). Where a fact could not be confirmed, the entry says so.
 */
import type { VersionCatalog } from "./types";

const SCHEDULE = "https://cloud.google.com/kubernetes-engine/docs/release-schedule";
const ENDOFLIFE = "https://endoflife.date/google-kubernetes-engine";
const RAPID_NOTES = "https://docs.cloud.google.com/feeds/gke-rapid-channel-release-notes.xml";
const REGULAR_NOTES = "https://docs.cloud.google.com/feeds/gke-regular-channel-release-notes.xml";
const STABLE_NOTES = "https://docs.cloud.google.com/feeds/gke-stable-channel-release-notes.xml";
const NO_CHANNEL_NOTES = "https://docs.cloud.google.com/feeds/gke-no-channel-release-notes.xml";

export const GKE_CATALOG: VersionCatalog = {
    cloud: "gcp",
    source: "dated",
    takenOn: "2026-12-01",
    sources: [SCHEDULE, ENDOFLIFE, RAPID_NOTES, REGULAR_NOTES, STABLE_NOTES, NO_CHANNEL_NOTES],
    // `released` is availability in the Regular channel; `endOfStandardSupport` GKE's estimate,
    // both as endoflife.date copied them from GKE's schedule (its file as of 2026-04).
    // kubeship does not use GKE's Extended channel, so no end of extended support is kept.
    minors: [
        { minor: "1.32", released: "2025-02-11", endOfStandardSupport: "2026-04-11" },
        { minor: "1.33", released: "2025-06-03", endOfStandardSupport: "2026-08-03" },
        { minor: "1.34", released: "2025-09-30", endOfStandardSupport: "2026-10-01" },
        { minor: "1.35", released: "2026-02-11", endOfStandardSupport: "2027-04-11" },
        // Rapid's default since 2026-07-10 and in Regular by autumn 2026, but we found neither its
        // Regular availability date nor its end of standard support: both left unset.
        { minor: "1.36" },
    ],
    channelDefaults: {
        RAPID: "1.36.4-gke.1391000", // release notes, 2026-09-23
        REGULAR: "1.35.8-gke.1036000", // release notes, 2026-09-17
        // NOT CONFIRMED. The last Stable default we found is 1.34.6-gke.1307000 (2026-05-27), but 1.34
        // left standard support on 2026-10-01, so Stable has moved to 1.35 since. The patch is a
        // stand-in: 1.35.8-gke.1225000, the no-channel and Extended default of 2026-09-23.
        STABLE: "1.35.8-gke.1225000",
    },
    // Versions the release notes of 2026-07-10 to 2026-09-23 list as available (1.33 only in Extended by then).
    validMasterVersions: ["1.33.12-gke.1165000", "1.34.11-gke.1209000", "1.35.8-gke.1036000", "1.35.8-gke.1225000", "1.36.4-gke.1391000"],
};
