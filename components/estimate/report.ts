/** Formats a simulation: Markdown (total, unavoidable chain, critical path, Mermaid gantt) or JSON; no benchmark targets (bench/ judges those). */
import type { ChainReport } from "./chain";
import type { Simulation, Task } from "./simulate";

/** Resources shorter than this are left out of the gantt chart to keep it readable. */
export const GANTT_MIN_SECONDS = 10;

/** 754 -> "12:34"; 3725 -> "62:05". */
export function mmss(seconds: number): string {
    const s = Math.round(seconds);
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * A Mermaid gantt chart on a seconds timeline: `dateFormat X` reads task bounds
 * as Unix seconds (0 = start of the deploy), `axisFormat %M:%S` prints minutes:seconds.
 * One section per top-level component; only tasks of at least GANTT_MIN_SECONDS.
 */
export function toGantt(sim: Simulation, title = "pulumi up (simulated)"): string {
    const critical = new Set(sim.criticalPath.map((t) => t.urn));
    const sections = new Map<string, Task[]>();
    for (const t of sim.tasks) {
        if (t.duration < GANTT_MIN_SECONDS) continue;
        sections.set(t.group, [...(sections.get(t.group) ?? []), t]);
    }
    const lines = ["gantt", `    title ${label(title)}`, "    dateFormat X", "    axisFormat %M:%S"];
    let id = 0;
    for (const [group, tasks] of [...sections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        lines.push(`    section ${label(group)}`);
        for (const t of tasks) {
            const tags = critical.has(t.urn) ? "crit, " : "";
            lines.push(`    ${label(t.name)} :${tags}t${id++}, ${t.start}, ${t.finish}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

/** Mermaid gantt text may not contain `:` (it separates the task's data), `#` or `;`. */
function label(s: string): string {
    return s.replace(/[:#;]/g, " ").replace(/\s+/g, " ").trim();
}

export function toMarkdown(stack: string, sim: Simulation, chain: ChainReport): string {
    const out: string[] = [];
    out.push(`# Deploy-time estimate: ${stack}`, "");
    out.push(`Simulated \`pulumi up\` from scratch (${sim.tasks.length} resources, cloud: ${sim.cloud}): **${mmss(sim.total)}**`, "");
    out.push("## Unavoidable chain", "");
    out.push("| stage | resources | duration |", "|---|---|---|");
    for (const l of chain.links) out.push(`| ${l.stage} | ${l.tasks.map((t) => t.name).join(" → ")} | ${mmss(l.seconds)} |`);
    out.push(`| **chain** | | **${mmss(chain.seconds)}** |`, "");
    // The estimate only: how far the total may exceed the chain is a benchmark target, kept in bench/.
    if (chain.extra.length) {
        out.push("On the critical path but not in the chain (waits beyond the unavoidable ones):", "");
        for (const t of chain.extra) out.push(`- \`${t.name}\` (${t.type}, ${mmss(t.duration)})`);
        out.push("");
    }
    out.push("## Critical path", "");
    out.push("| resource | type | start | duration |", "|---|---|---|---|");
    for (const t of sim.criticalPath) out.push(`| ${t.name} | \`${t.type}\` | ${mmss(t.start)} | ${mmss(t.duration)} |`);
    out.push("");
    out.push(`## Timeline (resources of ${GANTT_MIN_SECONDS} s or more; critical ones in red)`, "");
    out.push("```mermaid", toGantt(sim, `${stack} - pulumi up (simulated)`).trimEnd(), "```", "");
    if (sim.unmeasured.length) {
        out.push("## No measured duration", "");
        out.push("These types have no entry in components/estimate/durations.ts and were given the default:", "");
        for (const u of sim.unmeasured) out.push(`- \`${u.type}\` (${u.count})`);
        out.push("");
    }
    return out.join("\n");
}

export function toJson(stack: string, sim: Simulation, chain: ChainReport): string {
    const task = (t: Task) => ({ urn: t.urn, name: t.name, type: t.type, start: t.start, duration: t.duration, finish: t.finish });
    return `${JSON.stringify({
        stack, cloud: sim.cloud, total: sim.total,
        chain: {
            seconds: chain.seconds, ratio: Number.isFinite(chain.ratio) ? chain.ratio : null,
            links: chain.links.map((l) => ({ stage: l.stage, seconds: l.seconds, resources: l.tasks.map((t) => t.name) })),
            extra: chain.extra.map(task),
        },
        criticalPath: sim.criticalPath.map(task),
        unmeasured: sim.unmeasured,
        tasks: sim.tasks.map(task),
    }, null, 2)}\n`;
}
