/**
 * Jobs in `kubeship render`'s summary and diagram: what runs, when, and what
 * it runs before or waits for. Pure: reads the config and the recorded resources.
 */
import { deadlineOf, isScheduled, JOB_TIMEOUT_MARGIN_SECONDS } from "../app/job";
import { JOB_DEFAULTS } from "../config/job-schema";
import { effectiveTalksTo } from "../app/talks-to";
import type { AppConfig } from "../config/schema";
import type { ResourceEntry } from "./manifests";
import { egressLabel } from "./traffic";

const JOB_TYPE = "kubernetes:batch/v1:Job";

/** The object name of a job's Job as rendered (`<job>-<hash>`): the program names the resource `<app>-<job>-job`. */
function renderedName(app: AppConfig, jobName: string, resources: ResourceEntry[]): string | undefined {
    const job = resources.find((r) => r.type === JOB_TYPE && r.name === `${app.name}-${jobName}-job`);
    return (job?.inputs.metadata as { name?: string } | undefined)?.name;
}

/** One line per job: `migrate: Job migrate-1a2b3c4d, before web; waits for db; pulumi up waits up to 1860 s`. */
export function jobLines(app: AppConfig, resources: ResourceEntry[]): string[] {
    return Object.entries(app.jobs ?? {}).map(([name, job]) => {
        const parts: string[] = [];
        if (isScheduled(job)) {
            parts.push(`CronJob "${job.schedule}"${job.timeZone ? ` ${job.timeZone}` : ""}, ${job.concurrencyPolicy ?? JOB_DEFAULTS.concurrencyPolicy}${job.suspend ? ", suspended" : ""}; each run up to ${deadlineOf(job)} s`);
        } else {
            const objectName = renderedName(app, name, resources);
            parts.push(`Job${objectName ? ` ${objectName}` : ""}${job.runBefore.length ? `, before ${job.runBefore.join(", ")}` : ", on its own"}; pulumi up waits up to ${deadlineOf(job) + JOB_TIMEOUT_MARGIN_SECONDS} s`);
        }
        if (job.waitFor.length) parts.push(`after ${job.waitFor.join(", ")}`);
        const talks = effectiveTalksTo(name, app);
        if (talks.length) parts.push(`-> ${talks.join(", ")}`);
        if (job.egress.length) parts.push(`egress ${job.egress.map((e) => { const l = egressLabel(e); return `${l.to} ${l.label}`; }).join(", ")}`);
        if (job.pool !== undefined) parts.push(`pool ${job.pool}`);
        return `  ${name}: ${parts.join("; ")}`;
    });
}

/** The jobs' nodes (inside the namespace) and edges of the diagram; `id` is the diagram's node id maker. */
export function jobMermaid(app: AppConfig, id: (kind: string, name: string) => string): { nodes: string[]; edges: string[] } {
    const nodes: string[] = [];
    const edges: string[] = [];
    for (const [name, job] of Object.entries(app.jobs ?? {})) {
        const when = isScheduled(job) ? `CronJob<br/>${job.schedule}` : "Job, once per change";
        nodes.push(`      ${id("job", name)}[/"<b>${name}</b><br/>${when}"/]`);
        for (const target of effectiveTalksTo(name, app)) edges.push(`  ${id("job", name)} --> ${id("tier", target)}`);
        for (const target of job.runBefore) edges.push(`  ${id("job", name)} -.->|"runs before"| ${id("tier", target)}`);
        for (const target of job.waitFor) edges.push(`  ${id("job", name)} -.->|"waits for"| ${id("tier", target)}`);
        for (const entry of job.egress) {
            const { to, label } = egressLabel(entry);
            edges.push(`  ${id("job", name)} -->|"${label}"| ${to === "internet" ? "internet" : `${id("net", to)}(("${to}"))`}`);
        }
        if (job.pool !== undefined) edges.push(`  ${id("job", name)} -.-|"runs on"| ${id("pool", job.pool)}`);
    }
    return { nodes, edges };
}
