/**
 * The shapes every rule shares. A check is a pure function of a resource's
 * type token and its inputs (plain JSON, as the engine hands them to a policy
 * pack): it returns one message per violation and never touches Pulumi.
 */

/** One violation message per entry: the property, the value found and the fix. */
export type Check = (type: string, props: Record<string, any>) => string[];

/** Where a rule is enforced. */
export type RuleScope =
    /** Mandatory in prod, advisory elsewhere. */
    | "environment"
    /** Checked in prod only (mandatory there); disabled elsewhere. */
    | "prod-only"
    /** Always advisory: a hint a reviewer should look at, never a blocker. */
    | "advisory"
    /** A note in prod only (advisory there); disabled elsewhere, where it is only noise. */
    | "prod-advisory";

export interface Rule {
    /** kebab-case policy name, unique in the pack. */
    name: string;
    description: string;
    /** Type tokens the rule looks at, e.g. `kubernetes:apps/v1:Deployment`. */
    types: readonly string[];
    check: Check;
    /** @default "environment" */
    scope?: RuleScope;
}

/** A resource as a stack policy sees it (outputs) or a render records it (inputs). */
export interface StackResource {
    type: string;
    name: string;
    urn?: string;
    props: Record<string, any>;
}

export interface StackViolation {
    message: string;
    /** The offending resource, when there is one. */
    urn?: string;
}

/** A rule over the whole stack, for facts no single resource shows (an HPA and its Deployment). */
export interface StackRule {
    name: string;
    description: string;
    check: (resources: readonly StackResource[]) => StackViolation[];
    /** @default "environment" */
    scope?: RuleScope;
}
