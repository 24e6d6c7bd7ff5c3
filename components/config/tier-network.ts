/**
 * The schema of a tier's traffic beyond its own app: `egress` (where its pods
 * may connect outside the app) and `allowFrom` (who in other namespaces may
 * connect to them). Rules that need the rest of the config (the cloud, the
 * tier's ports) live in rules/traffic.ts.
 */
import { z } from "zod";
import { parseCidr } from "../cluster/cidr";
import { DNS_1123_LABEL, labelValueProblem, qualifiedNameProblem } from "./formats";

/** The egress shorthand for every public address (see network-policy.ts: `internetPeer`). */
export const INTERNET = "internet";

const portNumber = z.number().int().min(1).max(65535);

/** `internet`, or an IPv4 network with no host bits set. */
const egressDestination = z.string().superRefine((text, ctx) => {
    if (text === INTERNET) return;
    const parsed = parseCidr(text);
    if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", input: text, message: `must be "internet" or an IPv4 CIDR such as 52.0.0.0/8, got ${JSON.stringify(text)}${parsed.includes("did you mean") ? `; ${parsed.slice(parsed.indexOf("did you mean"))}` : ""}` });
    }
});

/** A DNS name as a FQDN policy matches it: labels of letters, digits and '-', at least two of them. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const egressEntrySchema = z.union([
    egressDestination,
    z.strictObject({
        cidr: egressDestination.optional().describe("\"internet\" or an IPv4 CIDR."),
        host: z.string().regex(HOST_NAME, { message: "must be a lower-case DNS name such as api.stripe.com" }).optional()
            .describe("A DNS name (FQDN policy); refused on clusters without FQDN network policies (see the README)."),
        /** @default every port */
        ports: z.array(portNumber).min(1).optional().describe("Destination ports; every port when left out."),
        /** @default "TCP" */
        protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("Protocol of the ports."),
    }).superRefine((e, ctx) => {
        const set = (["cidr", "host"] as const).filter((k) => e[k] !== undefined);
        if (set.length !== 1) {
            ctx.addIssue({ code: "custom", path: [], input: e, message: `needs exactly one of cidr or host, got ${set.length ? set.join(" and ") : "none"}; e.g. {cidr: 52.0.0.0/8, ports: [443]}` });
        }
    }),
]).describe("\"internet\", an IPv4 CIDR, or {cidr | host, ports, protocol}.");

export const allowFromSchema = z.strictObject({
    namespace: z.string().regex(DNS_1123_LABEL, { message: "must be a namespace name (a DNS-1123 label)" }).max(63)
        .describe("The other namespace, matched by its kubernetes.io/metadata.name label."),
    /** @default every pod of the namespace */
    podLabels: z.record(z.string().superRefine((k, ctx) => {
        const problem = qualifiedNameProblem(k);
        if (problem) ctx.addIssue({ code: "custom", input: k, message: problem });
    }), z.string().superRefine((v, ctx) => {
        const problem = labelValueProblem(v);
        if (problem) ctx.addIssue({ code: "custom", input: v, message: problem });
    })).optional().describe("Only pods with these labels; every pod of the namespace when left out."),
    /** @default every port of the tier */
    ports: z.array(z.union([portNumber, z.string().min(1)])).min(1).optional()
        .describe("The tier's ports, by name or number; all of them when left out."),
}).describe("Pods of another namespace allowed to connect to this tier.");

export type EgressEntry = z.output<typeof egressEntrySchema>;
export type AllowFromEntry = z.output<typeof allowFromSchema>;
