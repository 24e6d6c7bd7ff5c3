/**
 * The rules as `@pulumi/policy` policies, with enforcement levels for one
 * environment. Kept apart from index.ts, because constructing a `PolicyPack`
 * starts the analyzer's gRPC server (and only one may run per process).
 */
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { levelFor, type Environment } from "./enforcement";
import { resourceRules, stackRules } from "./rules";
import type { Rule, StackRule } from "./types";

export function toResourcePolicy(rule: Rule, environment: Environment): ResourceValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: levelFor(rule.scope ?? "environment", environment),
        validateResource: (args, reportViolation) => {
            if (!rule.types.includes(args.type)) return;
            for (const message of rule.check(args.type, args.props)) reportViolation(message);
        },
    };
}

export function toStackPolicy(rule: StackRule, environment: Environment): StackValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: levelFor(rule.scope ?? "environment", environment),
        validateStack: (args, reportViolation) => {
            const resources = args.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props }));
            for (const v of rule.check(resources)) reportViolation(v.message, v.urn);
        },
    };
}

/** Every policy of the pack, enforced as `environment` requires. */
export function policiesFor(environment: Environment): Policies {
    return [
        ...resourceRules.map((r) => toResourcePolicy(r, environment)),
        ...stackRules.map((r) => toStackPolicy(r, environment)),
    ];
}
