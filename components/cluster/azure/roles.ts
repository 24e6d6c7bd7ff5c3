/**
 * Built-in Azure role ids, and the role definition id in the subscription of a
 * scope (role assignments must name the definition in their own subscription).
 */
import * as pulumi from "@pulumi/pulumi";

/** @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles */
export const ROLE = {
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** Pull images from a container registry (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers#acrpull). */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
} as const;

/** The subscription id in an Azure resource id, e.g. `/subscriptions/<id>/resourceGroups/...`. */
export function subscriptionOf(resourceId: string): string {
    const m = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
    if (!m) throw new Error(`not an Azure resource id: ${JSON.stringify(resourceId)}`);
    return m[1];
}

export function builtInRoleId(scope: pulumi.Input<string>, role: string): pulumi.Output<string> {
    return pulumi.output(scope).apply((id) => `/subscriptions/${subscriptionOf(id)}/providers/Microsoft.Authorization/roleDefinitions/${role}`);
}
