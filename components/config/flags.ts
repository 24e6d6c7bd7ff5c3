/**
 * Settings for a platform file named on the command line (`render --config`,
 * `validate FILE`), where flags stand in for the stack. As for a stack, a flag
 * never silently wins over the file: the file's cloud, region and environment
 * are used when no flag is given, and the loader reports a flag that disagrees.
 */
import * as path from "node:path";
import { ConfigError } from "./errors";
import type { StackSettings } from "./load";
import { outsideProject, readYaml } from "./source";

/** The flags that set `cluster.cloud`, `cluster.region` and `cluster.environment`. */
export interface FileFlags {
    cloud?: string;
    region?: string;
    environment?: string;
}

const FLAG_OF = { cloud: "--cloud", region: "--region", environment: "--env" } as const;

/**
 * Stack settings for `file` and the flags: each of cloud, region and
 * environment is the flag's value, else the file's, else undefined (the loader
 * then applies its defaults). Throws ConfigError when the file lies outside
 * `root` (without reading it).
 * @param fileArg how the command line names the file, for messages. @default "--config"
 */
export function settingsFromFlags(file: string, flags: FileFlags, root: string, fileArg = "--config"): StackSettings & { fileSets: Set<keyof FileFlags> } {
    const outside = outsideProject(root, file);
    if (outside) throw new ConfigError([{ file: "(command line)", line: 1, column: 1, path: fileArg, message: outside }]);
    const settings: StackSettings & { fileSets: Set<keyof FileFlags> } = { configFile: file, ...flags, fileSets: new Set() };
    const read = readYaml(path.resolve(root, file), file);
    // Whatever keeps the file from loading is the loader's to report, with everything else.
    if (!read.source || read.problems.length) return settings;
    const source = read.source;
    const cluster = asMap(asMap(source.value).cluster);
    // A flag that contradicts the file is the loader's to report, as for a stack (loadPlan).
    for (const key of Object.keys(FLAG_OF) as (keyof FileFlags)[]) {
        const inFile = Object.hasOwn(cluster, key) ? cluster[key] : undefined;
        if (inFile === undefined || inFile === null) continue;
        settings.fileSets.add(key);
        if (flags[key] === undefined && typeof inFile === "string") settings[key] = inFile;
    }
    return settings;
}

function asMap(v: unknown): Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
