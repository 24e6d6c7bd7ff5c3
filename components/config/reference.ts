/**
 * The config reference in the README, generated from the JSON Schema (itself
 * generated from the zod schema), so the docs list every field and default.
 */
import { platformJsonSchema } from "./json-schema";

type S = Record<string, any>;
export interface ReferenceRow { path: string; type: string; default: string; description: string }

export function referenceRows(): ReferenceRow[] {
    const rows: ReferenceRow[] = [];
    const walk = (schema: S, path: string, required: boolean) => {
        if (path) {
            rows.push({
                path,
                type: typeOf(schema),
                default: schema.default !== undefined ? JSON.stringify(schema.default) : required ? "required" : "—",
                description: (schema.description ?? "").replace(/\|/g, "\\|"),
            });
        }
        const obj = objectBranch(schema);
        // app.defaults takes the tier fields, listed once under app.tiers.<name>.
        if (!obj || path === "app.defaults") return;
        if (obj.properties) {
            const req = new Set<string>(obj.required ?? []);
            for (const [k, v] of Object.entries<S>(obj.properties)) walk(v, path ? `${path}.${k}` : k, req.has(k));
        } else if (obj.additionalProperties && typeof obj.additionalProperties === "object") {
            walk(obj.additionalProperties, `${path}.<name>`, false);
        }
        if (schema.type === "array" && schema.items && objectBranch(schema.items)?.properties) walk(schema.items, `${path}[]`, false);
    };
    walk(platformJsonSchema(), "", true);
    return rows;
}

function objectBranch(schema: S): S | undefined {
    if (schema.type === "object") return schema;
    for (const alt of schema.anyOf ?? schema.allOf ?? []) {
        const o = objectBranch(alt);
        if (o && (o.properties || typeof o.additionalProperties === "object")) return o;
    }
    return undefined;
}

function typeOf(schema: S): string {
    if (schema.enum) return schema.enum.map((v: unknown) => `\`${String(v)}\``).join(" \\| ");
    if (schema.anyOf) return schema.anyOf.map(typeOf).join(" \\| ");
    if (schema.allOf) return "map";
    if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "any"}`;
    if (schema.type === "object") return typeof schema.additionalProperties === "object" ? "map" : "map";
    const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` ${schema.minimum ?? ""}..${schema.maximum ?? ""}` : "";
    return `${schema.type ?? "any"}${range}`;
}

export function referenceMarkdown(): string {
    const lines = ["| field | type | default | meaning |", "|---|---|---|---|"];
    for (const r of referenceRows()) lines.push(`| \`${r.path}\` | ${r.type} | ${r.default === "—" ? "—" : r.default === "required" ? "**required**" : `\`${r.default}\``} | ${r.description} |`);
    return lines.join("\n");
}
