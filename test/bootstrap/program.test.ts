/**
 * bootstrap/index.ts, the program a person runs once per cloud, renders
 * offline for each cloud from its stack config, and refuses a bad config
 * before it registers anything.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../components/render/engine";
import { createMocks } from "../../components/render/mocks";

const PROJECT = "kubeship-bootstrap";
const key = (k: string) => `${PROJECT}:${k}`;

async function run(cloud: "aws" | "gcp" | "azure", config: Record<string, string>) {
    const program = (await import("../../bootstrap/index")).default as unknown as () => Promise<Record<string, unknown>>;
    const region = { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope" }[cloud];
    return evaluate(program, {
        project: PROJECT, stack: cloud,
        config: Object.fromEntries(Object.entries({ cloud, ...config }).map(([k, v]) => [key(k), v])),
        mocks: createMocks({ cloud, region, stack: cloud }),
    });
}

describe("bootstrap/index.ts", () => {
    it("aws: the OIDC provider and the deploy role, and the role's ARN as an output", async () => {
        const r = await run("aws", { repository: "acme/shop", region: "us-east-1", environments: JSON.stringify(["production"]) });
        expect(r.resources.map((x) => x.type)).toEqual(expect.arrayContaining(["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:iam/role:Role"]));
        expect(Object.keys(r.outputs).length).toBeGreaterThan(0);
    });

    it("gcp: the pool, its provider and the deploy service account", async () => {
        const r = await run("gcp", { repository: "acme/shop", project: "kubeship-ci" });
        expect(r.resources.map((x) => x.type)).toEqual(expect.arrayContaining([
            "gcp:iam/workloadIdentityPool:WorkloadIdentityPool", "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "gcp:serviceaccount/account:Account",
        ]));
    });

    it("passes workloadRoles (gcp) and workloadPolicyArns (aws) from the stack config on", async () => {
        const gcp = await run("gcp", { repository: "acme/shop", project: "kubeship-ci", workloadRoles: JSON.stringify(["roles/pubsub.subscriber"]) });
        const iamAdmin = gcp.resources.find((x) => x.type === "gcp:projects/iAMMember:IAMMember" && x.inputs.role === "roles/resourcemanager.projectIamAdmin")!;
        expect((iamAdmin.inputs.condition as { expression: string }).expression).toContain("'roles/pubsub.subscriber'");
        const aws = await run("aws", { repository: "acme/shop", region: "us-east-1", environments: JSON.stringify(["production"]), workloadPolicyArns: JSON.stringify(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]) });
        const policy = JSON.parse(String(aws.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy));
        expect(policy.Statement.find((st: { Sid: string }) => st.Sid === "AttachWorkloadPolicies").Condition.ArnLike["iam:PolicyARN"]).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
    });

    it("azure: the deploy identity and its federated credentials", async () => {
        const r = await run("azure", { repository: "acme/shop", location: "westeurope" });
        expect(r.resources.map((x) => x.type)).toEqual(expect.arrayContaining(["azure-native:managedidentity:FederatedIdentityCredential"]));
    });

    it("refuses an unknown cloud before registering anything but the stack", async () => {
        await expect(run("aws", { cloud: "ibm" })).rejects.toThrow(/bootstrap:cloud must be aws, gcp or azure, got "ibm"/);
    });
});
