/**
 * How hard the pack pushes back: mandatory in prod, advisory in dev and staging.
 *
 * The environment is decided when the pack starts, because `@pulumi/policy`
 * fixes enforcement levels at construction (`PolicyPack` args and each
 * policy's `enforcementLevel`). The Pulumi CLI starts a policy pack with the
 * stack's name and config in its environment (`PULUMI_NODEJS_STACK` /
 * `PULUMI_STACK`, and `PULUMI_CONFIG` as JSON), so we read, in order:
 *   1. the stack config `kubeship:environment` (what the program itself uses);
 *   2. the stack name: `prod*` → prod, `staging*` → staging, anything else → dev
 *      (the same rule as `inferEnvironment` in components/program.ts).
 * A single policy can still be overridden per run with Pulumi's own
 * `--policy-pack-config` file, e.g. `{"all": "mandatory"}` or
 * `{"k8s-image-pinned": "disabled"}`.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import type { RuleScope } from "./types";

export type Environment = "dev" | "staging" | "prod";

/** The environment a stack name implies: `prod-aws` → prod, `staging-gcp` → staging, else dev. */
export function environmentOf(stack: string): Environment {
    const m = /^(dev|staging|prod)/.exec(stack);
    return m ? (m[1] as Environment) : "dev";
}

/** The pack's enforcement level for a stack: mandatory in prod, advisory elsewhere. */
export function enforcementFor(stack: string, environment?: string): EnforcementLevel {
    return levelFor("environment", parseEnvironment(environment) ?? environmentOf(stack));
}

/** A rule's enforcement level, from its scope and the environment. */
export function levelFor(scope: RuleScope, environment: Environment): EnforcementLevel {
    switch (scope) {
        case "advisory": return "advisory";
        case "prod-only": return environment === "prod" ? "mandatory" : "disabled";
        case "prod-advisory": return environment === "prod" ? "advisory" : "disabled";
        case "environment": return environment === "prod" ? "mandatory" : "advisory";
    }
}

function parseEnvironment(value: unknown): Environment | undefined {
    return value === "dev" || value === "staging" || value === "prod" ? value : undefined;
}

export interface PackContext {
    stack: string;
    environment: Environment;
    /** Where the environment came from, for the pack's description. */
    source: "config" | "stack-name";
}

/** The stack and environment the Pulumi CLI started the pack for, read from `env`. */
export function packContext(env: Record<string, string | undefined> = process.env): PackContext {
    const stack = env.PULUMI_NODEJS_STACK ?? env.PULUMI_STACK ?? "";
    let configured: Environment | undefined;
    try {
        const config = JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
        configured = parseEnvironment(config["kubeship:environment"]);
    } catch {
        configured = undefined; // unreadable config: fall back to the stack name
    }
    return configured
        ? { stack, environment: configured, source: "config" }
        : { stack, environment: environmentOf(stack), source: "stack-name" };
}
