/**
 * Runs a piece of Pulumi code under the offline engine (the same mocks as
 * `kubeship render`) and returns what it registered, for assertions.
 */
import { evaluate, type RecordedResource } from "../../components/render/engine";
import { createMocks } from "../../components/render/mocks";
import type { MockContext } from "../../components/render/mocks/context";

export interface EvaluateInput {
    cloud: MockContext["cloud"];
    region?: string;
    stack?: string;
    config?: Record<string, string>;
    secretKeys?: string[];
}

export async function evaluateWithMocks(program: () => Promise<Record<string, unknown> | void>, input: EvaluateInput) {
    const stack = input.stack ?? `test-${input.cloud}`;
    const region = input.region ?? { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: "local" }[input.cloud];
    const result = await evaluate(program, {
        project: "kubeship", stack, config: input.config ?? {}, secretKeys: input.secretKeys,
        mocks: createMocks({ cloud: input.cloud, region, stack }),
    });
    return { ...result, ...query(result.resources) };
}

/** Small finders over recorded resources. */
export function query(resources: RecordedResource[]) {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const one = (type: string, nameIncludes = ""): RecordedResource => {
        const found = ofType(type).filter((r) => r.name.includes(nameIncludes));
        if (found.length !== 1) throw new Error(`expected one ${type} named *${nameIncludes}*, found ${found.map((r) => r.name).join(", ") || "none"}`);
        return found[0];
    };
    const byUrn = (urn: string) => resources.find((r) => r.urn === urn);
    /** Whether `r` waits for `target`, directly or through other resources' dependencies or parents. */
    const dependsOn = (r: RecordedResource, target: RecordedResource, seen = new Set<string>()): boolean => {
        for (const d of r.dependencies) {
            if (d === target.urn) return true;
            if (seen.has(d)) continue;
            seen.add(d);
            const next = byUrn(d);
            if (next && dependsOn(next, target, seen)) return true;
        }
        return false;
    };
    return { ofType, one, byUrn, dependsOn };
}
