/** Every rule of the pack, as plain data: the single list index.ts, the tests and the docs read. */
import type { Rule, StackRule } from "./types";
import { kubernetesRules, kubernetesStackRules } from "./kubernetes";
import { awsRules } from "./aws";
import { gcpRules } from "./gcp";
import { azureRules } from "./azure";
import { gatewayRules, gatewayStackRules } from "./gateway";

export const resourceRules: readonly Rule[] = [...kubernetesRules, ...gatewayRules, ...awsRules, ...gcpRules, ...azureRules];
export const stackRules: readonly StackRule[] = [...kubernetesStackRules, ...gatewayStackRules];

/** Runs every resource rule on one resource: `{ rule: messages }` for the rules it breaks. */
export function violationsOf(type: string, props: Record<string, any>, rules: readonly Rule[] = resourceRules): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const rule of rules) {
        if (!rule.types.includes(type)) continue;
        const messages = rule.check(type, props);
        if (messages.length) out[rule.name] = messages;
    }
    return out;
}
