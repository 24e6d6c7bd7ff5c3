/**
 * EKS secure defaults (terraform-aws-eks): a restricted API endpoint, KMS
 * envelope encryption of Secrets, control-plane audit logs, access entries,
 * and IMDSv2 with hop limit 1 on node launch templates. Input names follow
 * `@pulumi/aws` 7 (`aws.eks.ClusterArgs`, `aws.ec2.LaunchTemplateArgs`).
 *
 * Not checked: whether node groups sit in private subnets. A subnet id does not
 * say whether the subnet routes to an internet gateway; that needs the route
 * tables, which a resource policy cannot see reliably.
 */
import type { Check, Rule } from "./types";
import { asObject, isObject, strings, violation } from "./format";

export const EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

const OPEN = ["0.0.0.0/0", "::/0"];

export const checkEksEndpoint: Check = (type, props) => {
    if (type !== EKS_CLUSTER) return [];
    const vpc = asObject(props.vpcConfig);
    // AWS defaults: public access on, from 0.0.0.0/0.
    if (vpc.endpointPublicAccess === false) return [];
    const cidrs = vpc.publicAccessCidrs === undefined ? ["0.0.0.0/0"] : strings(vpc.publicAccessCidrs);
    const open = cidrs.filter((c) => OPEN.includes(c));
    if (open.length === 0 && cidrs.length > 0) return [];
    return [violation("vpcConfig.publicAccessCidrs", "restrict a public endpoint to known CIDRs (unset means 0.0.0.0/0)", vpc.publicAccessCidrs,
        "list your office/VPN CIDRs in cluster.endpoint.allowedCidrs, or set endpointPublicAccess: false and endpointPrivateAccess: true")];
};

export const checkEksSecretsEncryption: Check = (type, props) => {
    if (type !== EKS_CLUSTER) return [];
    // An object in @pulumi/aws 6+, a list before.
    const configs = (Array.isArray(props.encryptionConfig) ? props.encryptionConfig : [props.encryptionConfig]).filter(isObject);
    const ok = configs.some((c) => strings(c.resources).includes("secrets") && isObject(c.provider) && typeof c.provider.keyArn === "string" && c.provider.keyArn !== "");
    return ok ? [] : [violation("encryptionConfig", "encrypt \"secrets\" with a KMS key", props.encryptionConfig,
        "set encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } } with a customer-managed key that has rotation on")];
};

const REQUIRED_LOGS = ["api", "audit", "authenticator"];

export const checkEksLogging: Check = (type, props) => {
    if (type !== EKS_CLUSTER) return [];
    const have = strings(props.enabledClusterLogTypes);
    const missing = REQUIRED_LOGS.filter((l) => !have.includes(l));
    return missing.length === 0 ? []
        : [violation("enabledClusterLogTypes", `include ${REQUIRED_LOGS.join(", ")}`, props.enabledClusterLogTypes, `add ${missing.map((m) => `"${m}"`).join(", ")}`)];
};

const ACCESS_ENTRY_MODES = ["API", "API_AND_CONFIG_MAP"];

export const checkEksAuthenticationMode: Check = (type, props) => {
    if (type !== EKS_CLUSTER) return [];
    const mode = isObject(props.accessConfig) ? props.accessConfig.authenticationMode : undefined;
    return ACCESS_ENTRY_MODES.includes(mode) ? []
        : [violation("accessConfig.authenticationMode", "be \"API\" or \"API_AND_CONFIG_MAP\" (unset means CONFIG_MAP)", mode,
            "set accessConfig.authenticationMode: \"API\" and grant access with access entries instead of the aws-auth ConfigMap")];
};

export const checkImdsV2: Check = (type, props) => {
    if (type !== LAUNCH_TEMPLATE) return [];
    const md = asObject(props.metadataOptions);
    if (md.httpEndpoint === "disabled") return []; // no metadata service at all
    const out: string[] = [];
    if (md.httpTokens !== "required") out.push(violation("metadataOptions.httpTokens", "be \"required\" (IMDSv2)", md.httpTokens, "set metadataOptions.httpTokens: \"required\""));
    if (md.httpPutResponseHopLimit !== 1) {
        out.push(violation("metadataOptions.httpPutResponseHopLimit", "be 1 so pods cannot reach the node's credentials", md.httpPutResponseHopLimit, "set metadataOptions.httpPutResponseHopLimit: 1 and give pods IRSA or Pod Identity roles"));
    }
    return out;
};

export const awsRules: Rule[] = [
    { name: "eks-endpoint-restricted", description: "The EKS API endpoint is private or restricted to known CIDRs.", types: [EKS_CLUSTER], check: checkEksEndpoint },
    { name: "eks-secrets-encryption", description: "EKS encrypts Secrets with a KMS key.", types: [EKS_CLUSTER], check: checkEksSecretsEncryption },
    { name: "eks-control-plane-logging", description: "EKS ships api, audit and authenticator logs.", types: [EKS_CLUSTER], check: checkEksLogging },
    { name: "eks-access-entries", description: "EKS authenticates with access entries (API or API_AND_CONFIG_MAP).", types: [EKS_CLUSTER], check: checkEksAuthenticationMode },
    { name: "eks-imdsv2", description: "Node launch templates require IMDSv2 with hop limit 1.", types: [LAUNCH_TEMPLATE], check: checkImdsV2 },
];
