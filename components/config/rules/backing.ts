/**
 * Rules for cloud identities and backing resources: `uses` names a declared
 * resource with an access level it offers; an existing cluster has no cloud
 * to make identities or buckets in; the variables a resource gives do not
 * clash with the workload's own. They read the merged config before defaults.
 */
import { BACKING_KINDS } from "../../backing/registry";
import { showValue } from "../errors";
import { closest } from "../formats";
import { asObj, has, type Obj, type RuleProblem } from "./shared";

/** Tiers and (when declared) jobs: everything that owns pods and may have `identity` or `uses`. */
function podOwners(app: Obj): { at: (string | number)[]; owner: Obj }[] {
    return ["tiers", "jobs"].flatMap((section) =>
        Object.entries(asObj(app[section])).map(([name, owner]) => ({ at: ["app", section, name], owner: asObj(owner) })));
}

export function backingRules(root: Obj): RuleProblem[] {
    const out: RuleProblem[] = [];
    const app = asObj(root.app);
    const cloud = asObj(root.cluster).cloud;
    // Every declared resource, by name, across kinds: one name, one resource.
    const declared = new Map<string, (typeof BACKING_KINDS)[number]>();
    for (const kind of BACKING_KINDS) {
        for (const name of Object.keys(asObj(app[kind.key]))) {
            const other = declared.get(name);
            if (other && other !== kind) out.push({ path: ["app", kind.key, name], key: true, message: `the name "${name}" is taken by app.${other.key}.${name}; backing resources share one set of names, rename one` });
            else declared.set(name, kind);
        }
        if (cloud === "existing" && Object.keys(asObj(app[kind.key])).length) {
            out.push({ path: ["app", kind.key], key: true, message: `an existing cluster has no cloud to create ${kind.noun}s in; remove app.${kind.key}, or deploy this stack to aws, gcp or azure` });
        }
    }
    for (const { at, owner } of podOwners(app)) {
        if (cloud === "existing" && owner.identity !== undefined) {
            out.push({ path: [...at, "identity"], key: true, message: "an existing cluster has no cloud identity kubeship can make; remove identity, or deploy this stack to aws, gcp or azure" });
        }
        for (const [name, access] of Object.entries(asObj(owner.uses))) {
            const kind = declared.get(name);
            if (!kind) {
                const known = [...declared.keys()];
                const near = closest(name, known);
                out.push({ path: [...at, "uses", name], key: true, message: `names no backing resource, got "${name}"; ${near ? `did you mean "${near}"? ` : ""}declare it under app.buckets${known.length ? ` (declared: ${known.join(", ")})` : ""}` });
                continue;
            }
            if (typeof access === "string" && !kind.access.includes(access)) {
                out.push({ path: [...at, "uses", name], message: `must be ${kind.access.join(" or ")} for a ${kind.noun}, got ${showValue(access)}` });
            }
            const env = asObj(owner.env);
            const secrets = asObj(owner.secrets);
            for (const variable of kind.envNames(name)) {
                if (has(env, variable) || has(secrets, variable)) {
                    out.push({ path: [...at, has(env, variable) ? "env" : "secrets", variable], key: true, message: `is set by kubeship for ${kind.noun} "${name}" (uses), so it cannot be set here too; rename the variable` });
                }
            }
        }
    }
    return out;
}
