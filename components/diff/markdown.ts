/**
 * A RenderDiff as Markdown for a pull-request comment. Deterministic: the same
 * diff always gives the same text.
 */
import { isEmpty, summarize, type FieldChange, type RenderDiff, type ResourceChange, type ResourceRef } from "./diff";

/** Above this many field changes a resource's list is folded into <details>. */
const FOLD_FIELDS = 8;
/** Above this many resources a section is folded into <details>. */
const FOLD_RESOURCES = 15;
const MAX_VALUE = 80;

export interface MarkdownOptions {
    /** Heading of the report. @default "kubeship diff" */
    title?: string;
}

/** JSON-encoded and cut to about 80 characters. */
export function showValue(v: unknown): string {
    const s = v === undefined ? "(none)" : JSON.stringify(v);
    return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Inline code that survives backticks in the text. */
function code(s: string): string {
    const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
    const fence = "`".repeat(longest + 1);
    return longest ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

const label = (r: ResourceRef) => `${code(r.type)} ${r.name}`;

function fieldLabel(c: FieldChange): string {
    if (c.section === "inputs") return c.path || "(inputs)";
    return `[${c.section}${c.path ? `.${c.path}` : ""}]`;
}

function fieldLine(c: FieldChange): string {
    const what =
        c.kind === "added" ? `${code(showValue(c.new))} (added)` :
        c.kind === "removed" ? `${code(showValue(c.old))} (removed)` :
        `${code(showValue(c.old))} → ${code(showValue(c.new))}`;
    return `  - ${code(fieldLabel(c))}: ${what}${c.ignored ? " (ignored: ignoreChanges)" : ""}`;
}

function fold(summary: string, body: string[]): string[] {
    return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>"];
}

function changedResource(r: ResourceChange): string[] {
    const certain = r.replaceReasons.filter((x) => x.certain).map((x) => x.message);
    const likely = r.replaceReasons.filter((x) => !x.certain).map((x) => `${x.message}, likely`);
    const marker =
        r.action === "replace" ? ` **replace${certain.length ? "" : "?"}** (${[...certain, ...likely].join("; ")})` :
        r.action === "noop" ? " (no-op: every change is ignored)" : "";
    const warnings = [
        ...(r.action === "replace" && r.protected ? [" ⚠️ protected: `pulumi up` will refuse to replace it"] : []),
        ...(r.deleteBeforeReplace ? [" (deleted before the new one is created)"] : []),
    ];
    const head = `- ${label(r)}${marker}${warnings.join("")}`;
    const fields = r.changes.map(fieldLine);
    if (r.opaque.length) fields.push(`  - secret or computed, may have changed: ${r.opaque.map(code).join(", ")}`);
    return fields.length > FOLD_FIELDS ? [head, ...fold(`${r.changes.length} field changes`, fields).map((l) => `  ${l}`)] : [head, ...fields];
}

function section(title: string, lines: string[], count: number): string[] {
    if (!count) return [];
    const heading = `### ${title} (${count})`;
    return count > FOLD_RESOURCES ? ["", heading, "", ...fold(`${count} resources`, lines)] : ["", heading, "", ...lines];
}

export function toMarkdown(diff: RenderDiff, opts: MarkdownOptions = {}): string {
    if (isEmpty(diff)) return opts.title ? `## ${opts.title}\n\nNo changes.\n` : "No changes.\n";
    const s = summarize(diff);
    const noop = diff.changed.length - s.changed;
    const sortKey = (r: ResourceRef) => `${r.type}\u0000${r.name}\u0000${r.urn}`;
    const sorted = <T extends ResourceRef>(rs: T[]) => [...rs].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const of = (action: ResourceChange["action"]) => sorted(diff.changed.filter((c) => c.action === action));
    const replaced = of("replace"), updated = of("update"), ignored = of("noop");
    const lines = [
        `## ${opts.title ?? "kubeship diff"}`,
        "",
        `**${s.added} to add, ${s.changed} to change (${s.replaced} replace), ${s.removed} to delete**${noop ? `, ${noop} with ignored changes only` : ""}${diff.hazards.length ? ` · ${diff.hazards.map((h) => h.message).join(" · ")}` : ""}`,
        ...section("⚠ Needs attention", diff.hazards.map((h) => `- ${h.message}`), diff.hazards.length),
        ...section("Replace", replaced.flatMap(changedResource), replaced.length),
        ...section("Update in place", updated.flatMap(changedResource), updated.length),
        ...section("Add", sorted(diff.added).map((r) => `- ${label(r)}`), diff.added.length),
        ...section("Delete", sorted(diff.removed).map((r) => `- ${label(r)}${r.protected ? " ⚠️ protected: `pulumi up` will refuse to delete it" : ""}`), diff.removed.length),
        ...section("Changes ignored by ignoreChanges", ignored.flatMap(changedResource), ignored.length),
    ];
    if (diff.notes.length) lines.push("", ...diff.notes.map((n) => `> ${n}`));
    return `${lines.join("\n")}\n`;
}
