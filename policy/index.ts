/**
 * The kubeship policy pack: `pulumi preview --policy-pack policy`.
 * Mandatory in prod, advisory in dev and staging (see enforcement.ts).
 */
import { PolicyPack } from "@pulumi/policy";
import { levelFor, packContext } from "./enforcement";
import { policiesFor } from "./policies";

const { stack, environment, source } = packContext();

new PolicyPack("kubeship", {
    description: `kubeship secure defaults for Kubernetes workloads and EKS/GKE/AKS clusters (${environment}, from ${source === "config" ? "kubeship:environment" : `stack name "${stack}"`}).`,
    enforcementLevel: levelFor("environment", environment),
    policies: policiesFor(environment),
});
