/**
 * A dedicated, least-privilege service account for the nodes, instead of the
 * Compute Engine default account (which holds Editor on the project). Pods
 * get their own identities through Workload Identity, never this one.
 */
import type * as pulumi from "@pulumi/pulumi";
import { IAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { NODE_SERVICE_ACCOUNT_ROLES, type ResolvedGke } from "./resolve";

export interface NodeIdentity {
    account: Account;
    /** One binding per role; nodes must not boot before these exist (logging and image pulls fail). */
    roles: IAMMember[];
}

export function createNodeIdentity(name: string, r: ResolvedGke, opts: pulumi.CustomResourceOptions): NodeIdentity {
    const account = new Account(`${name}-nodes`, {
        project: r.project,
        accountId: r.names.nodeServiceAccount,
        displayName: `GKE nodes of ${r.clusterName}`,
        description: "kubeship: least-privilege node identity (GKE's default node role, Artifact Registry pulls)",
    }, opts);
    const roles = NODE_SERVICE_ACCOUNT_ROLES.map((role) => new IAMMember(`${name}-nodes-${roleSlug(role)}`, {
        project: r.project,
        role,
        member: account.member,
    }, opts));
    return { account, roles };
}

/** `roles/monitoring.metricWriter` -> `monitoring-metricwriter`: a stable, URN-safe name part. */
export function roleSlug(role: string): string {
    return role.replace(/^roles\//, "").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
}
