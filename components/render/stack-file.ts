/**
 * Reads `stacks/Pulumi.<stack>.yaml` the way the Pulumi CLI would hand it to
 * the program: every `config:` key as a string (structured values as JSON),
 * with `secure:` values marked secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, type ConfigProblem } from "../config/errors";
import { readYaml } from "../config/source";
import { stackFileProblems, stackNameProblem } from "../config/stack-keys";

/** Stands in for a `secure:` value the offline engine cannot decrypt. */
export const SECRET_PLACEHOLDER = "kubeship-render-placeholder";

export interface StackConfig {
    stack: string;
    /** Path of the stack file relative to the project root. */
    file: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/** The stack name a render of a platform file without a stack takes: examples/guestbook.yaml on aws → guestbook-aws. */
export function fileStackName(configFile: string, cloud: string): string {
    return `${path.basename(configFile).replace(/\.ya?ml$/, "")}-${cloud}`;
}

export function stackFilePath(stack: string): string {
    return path.join("stacks", `Pulumi.${stack}.yaml`);
}

/** Throws unless `stack` is a valid stack name with a stack file: checked before any path is built from it. */
export function checkStack(stack: string, root: string): void {
    const bad = stackNameProblem(stack);
    if (bad) throw new ConfigError([{ file: "(command line)", line: 1, column: 1, path: "--stack", message: bad }]);
    const file = stackFilePath(stack);
    if (!fs.existsSync(path.join(root, file))) {
        throw new ConfigError([{ file, line: 1, column: 1, path: "--stack", message: `file not found: ${JSON.stringify(file)}; check the path (relative to the project root); stacks: ${listStacks(root).join(", ") || "none"}` }]);
    }
}

export function readStackConfig(stack: string, root: string): StackConfig {
    checkStack(stack, root);
    const file = stackFilePath(stack);
    const read = readYaml(path.join(root, file), file);
    if (!read.source || read.problems.length) throw new ConfigError(read.problems);
    const keyProblems = stackFileProblems(read.source);
    if (keyProblems.length) throw new ConfigError(keyProblems);
    const doc = read.source.value as Record<string, unknown> | null;
    const problems: ConfigProblem[] = [];
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const entries = doc && typeof doc === "object" && doc.config && typeof doc.config === "object" ? Object.entries(doc.config as object) : [];
    if (entries.length === 0) {
        problems.push({ file, line: 1, column: 1, path: "config", message: "is missing: a stack file needs a config: map with at least kubeship:config" });
    }
    for (const [key, value] of entries) {
        const fullKey = key.includes(":") ? key : `kubeship:${key}`;
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            config[fullKey] = SECRET_PLACEHOLDER;
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    if (problems.length) throw new ConfigError(problems);
    return { stack, file, config, secretKeys };
}

export function listStacks(root: string): string[] {
    try {
        return fs.readdirSync(path.join(root, "stacks"))
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => Boolean(s))
            .sort();
    } catch {
        return [];
    }
}
