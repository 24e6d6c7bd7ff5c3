/** Issue 13 §4: every problem with a job, positioned, with the value and a fix; and the cron and time-zone checks. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";
import { cronProblem, timeZoneProblem } from "../../components/config/cron";

function errorsOf(configFile: string): string {
    try {
        loadPlan({ configFile, cloud: "existing" });
    } catch (e) {
        expect(ConfigError.is(e)).toBe(true);
        return (e as Error).message;
    }
    throw new Error("expected the config to be rejected");
}

describe("job problems", () => {
    it("are reported at their lines, naming the value and the fix", () => {
        expect(errorsOf("test/fixtures/invalid/jobs.yaml")).toMatchInlineSnapshot(`
          "test/fixtures/invalid/jobs.yaml:12:59 app.jobs.nightly.schedule: the day of week field must be within 0-6, got 7 in "0 3 * * 7"; e.g. "0 3 * * *" (03:00 every day) or @daily
          test/fixtures/invalid/jobs.yaml:12:83 app.jobs.nightly.runBefore: conflicts with schedule (a scheduled job runs on its own, not as part of a rollout), got runBefore: [web]; remove runBefore, or schedule to make it a migration
          test/fixtures/invalid/jobs.yaml:13:74 app.jobs.tz.timeZone: is spelled "Europe/Berlin" in the tz database (Kubernetes matches it exactly), got "europe/berlin"; use a tz database name, e.g. Europe/Berlin or UTC
          test/fixtures/invalid/jobs.yaml:14:58 app.jobs.migrate.runBefore[0]: names an unknown tier, got "webb"; did you mean "web"?
          test/fixtures/invalid/jobs.yaml:14:89 app.jobs.migrate.suspend: only applies to a scheduled job, got true; add schedule or remove suspend
          test/fixtures/invalid/jobs.yaml:15:5 app.jobs.web: a tier has this name too, and a job's ServiceAccount and NetworkPolicy take its name in the namespace; rename the job or the tier
          test/fixtures/invalid/jobs.yaml:16:71 app.jobs.loop.runBefore[0]: forms a cycle: job loop waits for web waits for db waits for job loop; a job cannot run before a tier it waits for: remove db from runBefore or from the waitFor chain
          test/fixtures/invalid/jobs.yaml:17:54 app.jobs.refs.env.DB: reference "\${dbb.host}" names an unknown tier; did you mean "db"?
          test/fixtures/invalid/jobs.yaml:17:72 app.jobs.refs.env.W: reference "\${worker.port}" needs a port, but tier "worker" has none
          test/fixtures/invalid/jobs.yaml:17:102 app.jobs.refs.talksTo[0]: names tier "worker", which has no ports to talk to; give "worker" a port or remove it
          test/fixtures/invalid/jobs.yaml:17:111 app.jobs.refs.ports: unknown key "ports"; allowed keys: image, command, args, env, secrets, resources, scratchPaths, talksTo, egress, pool, waitFor, identity, uses, files, init, sidecars, security, imagePullSecret, labels, annotations, serviceAccount, schedule, timeZone, runBefore, concurrencyPolicy, successfulJobsHistoryLimit, failedJobsHistoryLimit, startingDeadlineSeconds, suspend, backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished
          test/fixtures/invalid/jobs.yaml:18:5 app.jobs.a-name-that-is-far-too-long-for-a-cronjob-of-kubeship-x: a scheduled job's name may have at most 52 characters (the CronJob controller adds 11 characters to it for each run, and a Job's name at most 63), got 55; shorten it"
        `);
    });

    it("a valid platform with a migration and a schedule loads", () => {
        const plan = loadPlan({ configFile: "test/fixtures/valid/jobs.yaml", cloud: "existing" });
        expect(Object.keys(plan.config.app.jobs ?? {})).toEqual(["migrate", "report"]);
        expect(plan.config.app.jobs?.migrate.runBefore).toEqual(["web"]);
        // Tier fields that reach jobs by omission: every field a job shares keeps its default.
        expect(plan.config.app.jobs?.report.security).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    });
});

describe("cron schedules, as robfig/cron v3 ParseStandard reads them", () => {
    it.each(["0 3 * * *", "*/15 * * * *", "0 0 1-31/2 jan-DEC mon-fri", "5/10 * ? * *", "0 9,17 * * 1-5", "@daily", "@hourly", "@annually"])("accepts %j", (s) => {
        expect(cronProblem(s)).toBeUndefined();
    });
    it.each([
        ["0 3 * * 7", "the day of week field must be within 0-6, got 7"],
        ["60 * * * *", "the minute field must be within 0-59, got 60"],
        ["0 24 * * *", "the hour field must be within 0-23, got 24"],
        ["0 0 0 * *", "the day of month field must be within 1-31, got 0"],
        ["0 0 * 13 *", "the month field must be within 1-12, got 13"],
        ["0 0 * foo *", "the month field has \"foo\", which is not a number or a name (jan-dec)"],
        ["5-1 * * * *", "the minute field's range \"5-1\" runs backwards; write the smaller number first"],
        ["*/0 * * * *", "the minute field's step must be a positive whole number, got \"*/0\""],
        ["0,,5 * * * *", "the minute field has an empty item in \"0,,5\""],
        ["0 3 * *", "needs 5 fields (minute hour day-of-month month day-of-week), got 4"],
        ["0 0 3 * * *", "needs 5 fields (minute hour day-of-month month day-of-week), got 6"],
        ["@every 1h", "the only descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"],
        ["CRON_TZ=UTC 0 3 * * *", "a time zone cannot be part of the schedule (Kubernetes refuses TZ= and CRON_TZ=); set timeZone instead"],
    ])("refuses %j", (s, message) => {
        expect(cronProblem(s)).toBe(message);
    });
});

describe("CronJob time zones", () => {
    it("takes tz database names and refuses Local, unknown names and a wrong case", () => {
        expect(timeZoneProblem("UTC")).toBeUndefined();
        expect(timeZoneProblem("Europe/Berlin")).toBeUndefined();
        expect(timeZoneProblem("Local")).toMatch(/not "Local"/);
        expect(timeZoneProblem("Mars/Olympus")).toBe("is not an IANA time zone");
        expect(timeZoneProblem("europe/berlin")).toBe("is spelled \"Europe/Berlin\" in the tz database (Kubernetes matches it exactly)");
    });
});
