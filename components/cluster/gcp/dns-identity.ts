/**
 * external-dns on GKE: a Google service account with roles/dns.admin on the
 * project (the external-dns GKE tutorial, docs/tutorials/gke.md, chart
 * 1.21.1), which only the external-dns Kubernetes service account may act as,
 * through Workload Identity (roles/iam.workloadIdentityUser for
 * `serviceAccount:<project>.svc.id.goog[external-dns/external-dns]`). No keys.
 * The zone is a Cloud DNS zone in the cluster's project.
 */
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember as AccountIAMMember } from "@pulumi/gcp/serviceaccount/iammember";
import type { DnsIdentity, DnsIdentityArgs } from "../../gateway/dns-identity";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT } from "../../gateway/names";
import type { DnsPlan } from "../../gateway/plan";

/** The Workload Identity member a Kubernetes service account acts as. */
export function workloadIdentityMember(workloadPool: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${workloadPool}[${namespace}/${serviceAccount}]`;
}

export function gcpDnsIdentity(name: string, args: DnsIdentityArgs & { plan: Extract<DnsPlan, { cloud: "gcp" }> }): DnsIdentity {
    const { plan, parent } = args;
    const provider = new GcpProvider(`${name}-gcp`, { project: plan.project }, { parent });
    // The workload pool exists once the cluster does.
    const opts = { parent, provider, dependsOn: args.cluster.readyResources };
    const account = new Account(`${name}-account`, {
        accountId: plan.identityName,
        displayName: `kubeship external-dns (${plan.txtOwnerId})`,
        description: `Writes records in the Cloud DNS zone ${plan.zone} for external-dns, through Workload Identity.`,
    }, opts);
    const dnsAdmin = new ProjectIAMMember(`${name}-dns-admin`, {
        project: plan.project,
        role: "roles/dns.admin",
        member: account.member,
    }, opts);
    const binding = new AccountIAMMember(`${name}-workload-identity`, {
        serviceAccountId: account.name,
        role: "roles/iam.workloadIdentityUser",
        member: workloadIdentityMember(plan.workloadPool, EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_SERVICE_ACCOUNT),
    }, opts);
    return {
        values: {
            provider: { name: "google" },
            serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": account.email } },
            extraArgs: { "google-project": plan.project, "google-zone-visibility": "public" },
        },
        dependsOn: [dnsAdmin, binding],
    };
}
