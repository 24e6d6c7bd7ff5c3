/**
 * IAM policy documents as plain data. Pure: the component fills in ARNs and
 * the OIDC issuer with `pulumi.jsonStringify` / `apply`, tests read them back.
 */

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** Trust policy for a role an AWS service assumes (eks.amazonaws.com, ec2.amazonaws.com). */
export function serviceTrustPolicy(service: string, actions: string[] = ["sts:AssumeRole"]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }],
    };
}

/** The issuer without its scheme, as IAM condition keys want it: oidc.eks.<region>.amazonaws.com/id/<ID>. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * Trust policy for IRSA: only the named Kubernetes service account, and only
 * tokens minted for STS, may assume the role.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = issuerHostPath(issuerUrl);
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        }],
    };
}

/**
 * Least privilege for cluster-autoscaler with auto-discovery: read-only
 * discovery everywhere, and scaling only on groups tagged as this cluster's.
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Discover",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Sid: "ScaleOwnGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
        ],
    };
}

/** What the EKS cluster role needs on the Secrets-encryption key. */
export function clusterEncryptionPolicy(keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "SecretsEncryption",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            Resource: keyArn,
        }],
    };
}
