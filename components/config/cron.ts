/**
 * The schedule syntax of a CronJob, checked as the API server checks it. Pure.
 *
 * Kubernetes validates `spec.schedule` with robfig/cron v3's `ParseStandard`
 * (five fields, or a descriptor) and refuses a `TZ=`/`CRON_TZ=` prefix in
 * favour of `spec.timeZone`. The bounds, names and range forms below are
 * robfig/cron@bc59245fe10efaed9d51b56900192527ed733435 spec.go and parser.go
 * (`getRange`): minutes 0-59, hours 0-23, days 1-31, months 1-12 or jan-dec,
 * weekdays 0-6 or sun-sat (7 is refused), `*` or `?`, `a`, `a-b`, `a/n`
 * (a to the maximum), `a-b/n`, `*∕n`, lists with `,`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */

interface Field { name: string; min: number; max: number; names?: readonly string[] }

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export const CRON_FIELDS: readonly Field[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    // Month names count from 1 (jan), weekday names from 0 (sun).
    { name: "month", min: 1, max: 12, names: ["", ...MONTHS] },
    { name: "day of week", min: 0, max: 6, names: WEEKDAYS },
];

/** The descriptors ParseStandard accepts (`@every <duration>` aside, which kubeship does not take). */
export const CRON_DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"] as const;

const INTEGER = /^\d+$/;

/** A number or a name of the field, or a message. */
function valueOf(text: string, field: Field): number | string {
    if (INTEGER.test(text)) return Number(text);
    const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
    if (named > 0 || (named === 0 && field.names?.[0] !== "")) return named;
    const names = field.names?.filter(Boolean);
    return `the ${field.name} field has ${JSON.stringify(text)}, which is not a number${names ? ` or a name (${names[0]}-${names[names.length - 1]})` : ""}`;
}

/** One comma-separated item of a field, or a message. */
function itemProblem(item: string, field: Field): string | undefined {
    const [range, step, ...moreSlashes] = item.split("/");
    if (moreSlashes.length) return `the ${field.name} field has two '/' in ${JSON.stringify(item)}`;
    if (step !== undefined && (!INTEGER.test(step) || Number(step) === 0)) {
        return `the ${field.name} field's step must be a positive whole number, got ${JSON.stringify(item)}`;
    }
    if (range === "*" || range === "?") return undefined;
    const [low, high, ...moreHyphens] = range.split("-");
    if (moreHyphens.length) return `the ${field.name} field has two '-' in ${JSON.stringify(item)}`;
    const start = valueOf(low, field);
    if (typeof start === "string") return start;
    const end = high === undefined ? (step !== undefined ? field.max : start) : valueOf(high, field);
    if (typeof end === "string") return end;
    const bounds = `${field.min}-${field.max}`;
    if (start < field.min || start > field.max) return `the ${field.name} field must be within ${bounds}, got ${low}`;
    if (end < field.min || end > field.max) return `the ${field.name} field must be within ${bounds}, got ${high}`;
    if (start > end) return `the ${field.name} field's range ${JSON.stringify(range)} runs backwards; write the smaller number first`;
    return undefined;
}

/**
 * Why a schedule is not one the API server takes, or undefined when it is.
 * The message says which field is wrong; the caller adds the value and a fix.
 */
export function cronProblem(schedule: string): string | undefined {
    const text = schedule.trim();
    if (/^(CRON_)?TZ=/.test(text)) return "a time zone cannot be part of the schedule (Kubernetes refuses TZ= and CRON_TZ=); set timeZone instead";
    if (text.startsWith("@")) {
        return (CRON_DESCRIPTORS as readonly string[]).includes(text) ? undefined : `the only descriptors are ${CRON_DESCRIPTORS.join(", ")}`;
    }
    const fields = text.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) return `needs 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
    for (const [i, field] of CRON_FIELDS.entries()) {
        for (const item of fields[i].split(",")) {
            if (item === "") return `the ${field.name} field has an empty item in ${JSON.stringify(fields[i])}`;
            const problem = itemProblem(item, field);
            if (problem) return problem;
        }
    }
    return undefined;
}

/**
 * Why a CronJob time zone is refused, or undefined. Kubernetes (GA in 1.27)
 * loads it with Go's `time.LoadLocation` and refuses "Local"; names are
 * case-sensitive there, so only the tz database's own spelling passes.
 * Node's Intl knows the same database (ICU), and stands in for it here.
 */
export function timeZoneProblem(zone: string): string | undefined {
    if (zone.toLowerCase() === "local") return "must name a zone, not \"Local\" (the controller's zone, which Kubernetes refuses)";
    let resolved: string;
    try {
        resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
        return "is not an IANA time zone";
    }
    if (resolved === zone || Intl.supportedValuesOf("timeZone").includes(zone)) return undefined;
    return resolved.toLowerCase() === zone.toLowerCase() ? `is spelled "${resolved}" in the tz database (Kubernetes matches it exactly)` : undefined;
}
