/**
 * The EKS API is reachable from where the deploy runs: a stack says where its
 * deploys come from (`cluster.aws.deployFrom`), and a config whose endpoint
 * would shut them out, a placeholder allowlist, or (under GitHub Actions) a
 * GitHub-hosted runner the endpoint does not admit, is refused at its line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { EksCluster } from "../../components/cluster/aws/eks-cluster";
import { isPrivateCidr, reachabilityProblems } from "../../components/cluster/aws/reachability";
import type { DeployContext } from "../../components/cluster/types";
import { ConfigError, formatPathProblem } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";
import { render } from "../../components/render/render";
import { evaluateWithMocks } from "../helpers/evaluate";

const ROOT = path.resolve(__dirname, "../..");
const PLATFORM = `cluster:
  nodePools:
    general: { min: 2, max: 6 }
app:
  name: shop
  tiers:
    web:
      image: nginxinc/nginx-unprivileged:1.27.3
      ports: { http: 8080 }
      replicas: 2
`;

/** Loads a stack file (its `kubeship:overrides` given as YAML text) over PLATFORM; the error lines, or [] when it plans. */
function stackErrors(environment: string, overrides: string, deploy?: DeployContext): string[] {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-reach-"));
    fs.writeFileSync(path.join(root, "platform.yaml"), PLATFORM);
    const stackText = `config:\n  kubeship:config: platform.yaml\n  kubeship:cloud: aws\n  kubeship:region: us-east-1\n  kubeship:environment: ${environment}\n  kubeship:overrides:\n${overrides}`;
    fs.writeFileSync(path.join(root, "Pulumi.s.yaml"), stackText);
    const doc = parse(stackText) as { config: Record<string, unknown> };
    try {
        loadPlan({
            stack: `${environment}-aws`, configFile: "platform.yaml", cloud: "aws", region: "us-east-1", environment,
            overrides: doc.config["kubeship:overrides"], stackFile: "Pulumi.s.yaml",
        }, { root, deploy });
        return [];
    } catch (e) {
        if (!ConfigError.is(e)) throw e;
        return e.message.split("\n");
    }
}

describe("placeholder ranges", () => {
    it("refuses a documentation range in the allowlist, at its line, and only that (the old prod stacks)", () => {
        expect(stackErrors("prod", `    cluster:
      endpoint:
        allowedCidrs: [203.0.113.0/24]   # your office / CI egress ranges
`)).toEqual([
            'Pulumi.s.yaml:9:24 cluster.endpoint.allowedCidrs[0]: is a documentation range (RFC 5737), which no real client has, got "203.0.113.0/24"; list the addresses your deploys and operators come from',
        ]);
    });

    it("refuses every address inside one of the three ranges, and nothing around them", () => {
        const refused = (cidr: string) => stackErrors("dev", `    cluster:\n      endpoint: { allowedCidrs: [0.0.0.0/0, ${cidr}] }\n`).length > 0;
        expect(["192.0.2.0/24", "198.51.100.7/32", "203.0.113.128/25"].map(refused)).toEqual([true, true, true]);
        expect(["192.0.3.0/24", "198.51.0.0/16", "203.0.112.0/23"].map(refused)).toEqual([false, false, false]);
    });

    it("refuses a documentation range as a deploy source too", () => {
        expect(reachabilityProblems({ publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }, ["192.0.2.10/32"]).map(formatPathProblem)).toEqual([
            'cluster.aws.deployFrom[0]: is a documentation range (RFC 5737), which no runner has, got "192.0.2.10/32"; list the addresses your deploys really come from',
        ]);
    });
});

describe("where deploys come from", () => {
    it("lets GitHub-hosted runners deploy a dev or staging stack whose endpoint admits any address", () => {
        expect(stackErrors("dev", "    cluster: {}\n")).toEqual([]);
        expect(stackErrors("staging", "    cluster:\n      aws: { deployFrom: github-hosted }\n")).toEqual([]);
    });

    it("refuses a prod allowlist that shuts out the GitHub-hosted workflow that deploys it", () => {
        expect(stackErrors("prod", "    cluster:\n      endpoint: { allowedCidrs: [198.18.0.0/15] }\n")).toEqual([
            'Pulumi.s.yaml:8:33 cluster.endpoint.allowedCidrs: shuts out the GitHub-hosted runners that deploy this stack (cluster.aws.deployFrom: github-hosted): they have no fixed address, and GitHub\'s ranges for them are far more than the 40 CIDRs EKS allows, got ["198.18.0.0/15"]; run the deploy on a self-hosted runner and list its addresses in cluster.aws.deployFrom (private ones reach the private endpoint from the VPC or a connected network), or allow 0.0.0.0/0 outside prod (requests still need an IAM identity with an access entry)',
        ]);
    });

    it("refuses a private-only endpoint that no declared runner can reach", () => {
        expect(stackErrors("prod", "    cluster:\n      endpoint: { public: false }\n")).toEqual([
            "Pulumi.s.yaml:8:27 cluster.endpoint.public: a private-only endpoint cannot be reached by the GitHub-hosted runners that deploy this stack (cluster.aws.deployFrom: github-hosted), got false; run the deploy on a self-hosted runner and list its addresses in cluster.aws.deployFrom (private ones reach the private endpoint from the VPC or a connected network)",
        ]);
        expect(stackErrors("prod", "    cluster:\n      endpoint: { public: false }\n      aws: { deployFrom: [198.18.0.0/15] }\n")).toEqual([
            'Pulumi.s.yaml:9:27 cluster.aws.deployFrom[0]: is a public address, which cannot reach a private-only endpoint (endpoint.public: false), got "198.18.0.0/15"; list the runner\'s addresses inside the VPC or a network connected to it, or open the public endpoint to this address',
        ]);
    });

    it("accepts a self-hosted runner: private addresses on the private endpoint, public ones inside the allowlist", () => {
        expect(stackErrors("prod", "    cluster:\n      endpoint: { public: false }\n      aws: { deployFrom: [10.0.0.0/16, 100.64.8.0/24] }\n")).toEqual([]);
        expect(stackErrors("prod", "    cluster:\n      endpoint: { allowedCidrs: [198.18.0.0/15] }\n      aws: { deployFrom: [198.18.4.0/24] }\n")).toEqual([]);
        expect(stackErrors("prod", "    cluster:\n      endpoint: { allowedCidrs: [198.18.0.0/15] }\n      aws: { deployFrom: [198.20.0.1/32] }\n")).toEqual([
            'Pulumi.s.yaml:9:27 cluster.aws.deployFrom[0]: is outside endpoint.allowedCidrs ["198.18.0.0/15"], so the endpoint would shut this deploy out, got "198.20.0.1/32"; add it to endpoint.allowedCidrs',
        ]);
        expect([isPrivateCidr("10.0.0.0/16"), isPrivateCidr("172.31.0.0/16"), isPrivateCidr("100.64.0.0/10"), isPrivateCidr("172.32.0.0/16"), isPrivateCidr("0.0.0.0/0")])
            .toEqual([true, true, true, false, false]);
    });

    it("refuses more public CIDRs than EKS accepts", () => {
        const cidrs = Array.from({ length: 41 }, (_, i) => `198.18.${i}.0/24`);
        expect(reachabilityProblems({ publicAccess: true, publicAccessCidrs: cidrs }, cidrs.slice(0, 1)).map((p) => p.message)).toEqual([
            "has 41 CIDRs, but EKS accepts at most 40 on the public endpoint; merge them, or deploy from a self-hosted runner on the private endpoint",
        ]);
    });
});

describe("under GitHub Actions", () => {
    const PROD = "    cluster:\n      endpoint: { public: false }\n      aws: { deployFrom: [10.0.0.0/16] }\n";

    it("stops a prod deploy on a GitHub-hosted runner before anything is created, at deployFrom", () => {
        expect(stackErrors("prod", PROD, { runner: "github-hosted" })).toEqual([
            'Pulumi.s.yaml:9:26 cluster.aws.deployFrom: this deploy runs on a GitHub-hosted runner (RUNNER_ENVIRONMENT=github-hosted), which the API endpoint does not admit, got ["10.0.0.0/16"]; run the job on the self-hosted runner these addresses belong to (runs-on: self-hosted)',
        ]);
    });

    it("lets a self-hosted runner, a person's machine and a GitHub-hosted runner on an open endpoint through", () => {
        expect(stackErrors("prod", PROD, { runner: "self-hosted" })).toEqual([]);
        expect(stackErrors("prod", PROD, {})).toEqual([]);
        expect(stackErrors("dev", "    cluster: {}\n", { runner: "github-hosted" })).toEqual([]);
    });
});

describe("the prod-aws stack", () => {
    it("renders a private-only endpoint that admits the self-hosted runner's VPC on 443, before any Kubernetes object", async () => {
        const r = await render({ stack: "prod-aws" }, ROOT);
        const cluster = r.resources.find((x) => x.type === "aws:eks/cluster:Cluster")!;
        expect(cluster.inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect((cluster.inputs.vpcConfig as Record<string, unknown>).publicAccessCidrs).toBeUndefined();
        const rules = r.resources.filter((x) => x.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules.map((x) => x.inputs)).toEqual([{
            securityGroupId: expect.stringMatching(/^sg-/), cidrIpv4: "10.0.0.0/16", ipProtocol: "tcp", fromPort: 443, toPort: 443,
            description: "kubeship: deploys from 10.0.0.0/16 reach the Kubernetes API (cluster.aws.deployFrom)",
        }]);
        const provider = r.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
        expect(provider.dependencies).toContain(rules[0].urn);
    });

    it("opens no security group rule for GitHub-hosted deploys", async () => {
        const r = await evaluateWithMocks(async () => {
            const { eksPlan } = await import("../helpers/plan");
            const { clusterSchema } = await import("../../components/config/schema");
            new EksCluster("gb", { plan: eksPlan({ ...clusterSchema.parse({ cloud: "aws", region: "us-east-1", nodePools: { general: {} } }), name: "gb", stack: "dev-aws" }) });
        }, { cloud: "aws", stack: "dev-aws" });
        expect(r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([]);
        expect(r.one("aws:eks/cluster:Cluster").inputs.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
    });
});
