/**
 * "Today", which decides what is in support. Production uses the clock (UTC);
 * tests and reproducible renders pin it with KUBESHIP_TODAY=YYYY-MM-DD.
 */
import { ConfigError } from "../../config/errors";
import { CLOUD_NAME } from "./catalog";
import type { VersionCatalog } from "./types";

/** The environment variable that pins today. */
export const TODAY_ENV = "KUBESHIP_TODAY";

/** Days a dated catalog may age before the render warns. */
export const CATALOG_MAX_AGE_DAYS = 90;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
    const m = DAY.exec(text);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === text;
}

/**
 * Today as YYYY-MM-DD: `explicit` if given, else $KUBESHIP_TODAY, else the clock's UTC date.
 * A malformed value is a ConfigError naming where it came from.
 */
export function resolveToday(explicit?: string, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
    const [value, where] = explicit !== undefined ? [explicit, "today"] : [env[TODAY_ENV], TODAY_ENV];
    if (value === undefined || value === "") return now().toISOString().slice(0, 10);
    if (!isDay(value)) {
        throw new ConfigError([{ file: "(environment)", line: 1, column: 1, path: where, message: `must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}; unset it to use today's date` }]);
    }
    return value;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A warning line when a dated catalog is more than 90 days older than today, else undefined. */
export function catalogAgeWarning(catalog: VersionCatalog, today: string): string | undefined {
    if (catalog.source !== "dated") return undefined;
    const age = daysBetween(catalog.takenOn, today);
    if (age <= CATALOG_MAX_AGE_DAYS) return undefined;
    const file = { aws: "eks.ts", gcp: "gke.ts", azure: "aks.ts" }[catalog.cloud];
    return `warning: the ${CLOUD_NAME[catalog.cloud]} version catalog was taken on ${catalog.takenOn}, ${age} days before today (${today}); `
        + `its versions and support dates may be stale: update components/cluster/versions/${file}`;
}
