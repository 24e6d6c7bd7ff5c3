/**
 * Who may deploy an EKS stack. The cluster gives no implicit access to its
 * creator (control-plane.ts), so the identity that runs `pulumi up` reaches the
 * Kubernetes API only through an access entry from `cluster.aws.adminRoleArns`.
 * Under the Pulumi engine the program asks STS who it is before planning, and
 * the plan refuses, at that setting's line, a deploy whose identity is not
 * listed: otherwise the cluster would be created and every Kubernetes call
 * after it would fail Unauthorized (and `pulumi destroy` with it). Pure, but
 * for `askCallerArn`.
 */
import type { PathProblem } from "../../config/errors";

/** An IAM principal as an access entry names it. */
export interface IamPrincipal {
    partition: string;
    account: string;
    kind: "role" | "user";
    /** The role or user name, without its path: names are unique in an account whatever the path. */
    name: string;
}

/** An IAM role or user ARN (`arn:aws:iam::<account>:role/<path/>name`), or undefined. */
export function principalOfArn(arn: string): IamPrincipal | undefined {
    const m = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
    return m ? { partition: m[1], account: m[2], kind: m[3] as "role" | "user", name: m[4] } : undefined;
}

/**
 * The principal behind a caller ARN as STS GetCallerIdentity reports it: an
 * assumed-role session (`arn:aws:sts::<account>:assumed-role/<role>/<session>`,
 * which drops the role's path) is its role; an IAM user is itself. Root and
 * federated-user sessions have no access entry of their own: undefined.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns (sts assumed-role ARNs)
 */
export function principalOfCaller(callerArn: string): IamPrincipal | undefined {
    const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
    if (session) return { partition: session[1], account: session[2], kind: "role", name: session[3] };
    return principalOfArn(callerArn);
}

const samePrincipal = (a: IamPrincipal, b: IamPrincipal) =>
    a.partition === b.partition && a.account === b.account && a.kind === b.kind && a.name === b.name;

/**
 * A problem at `cluster.aws.adminRoleArns` when the identity running the deploy
 * has no access entry among them; none when it has one.
 */
export function deployerProblems(adminRoleArns: readonly string[], callerArn: string): PathProblem[] {
    const caller = principalOfCaller(callerArn);
    const listed = adminRoleArns.map(principalOfArn).filter((p): p is IamPrincipal => p !== undefined);
    if (caller && listed.some((p) => samePrincipal(p, caller))) return [];
    const why = "the cluster gives its creator no implicit access, so this deploy could create it and then be refused by its Kubernetes API";
    const fix = caller
        ? `add "arn:${caller.partition}:iam::${caller.account}:${caller.kind}/${caller.name}" (with the ${caller.kind}'s path, if it has one), or deploy as a listed ${caller.kind}`
        : "deploy with an IAM role (or user) that is listed here";
    const seen = caller ? ` (IAM ${caller.kind} ${caller.name} in account ${caller.account})` : "";
    return [{
        path: ["cluster", "aws", "adminRoleArns"],
        message: `does not list the identity running this deploy, ${callerArn}${seen}; ${why}: ${fix}`,
    }];
}

/**
 * Asks STS who runs this deploy (GetCallerIdentity, an invoke: nothing is
 * registered). Loads the AWS SDK only when called.
 */
export async function askCallerArn(): Promise<string> {
    const { getCallerIdentity } = await import("@pulumi/aws/getCallerIdentity");
    return (await getCallerIdentity({})).arn;
}
