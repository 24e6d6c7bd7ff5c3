/**
 * bootstrap/gcp.ts renders offline under the repo's mocks: the pool admits
 * only the repository, the repository may impersonate only the deploy account,
 * and the deploy account holds kubeship's roles in each deploy project, the
 * project IAM one limited to the node roles.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
    BOOTSTRAP_APIS, DEPLOY_ROLES, GITHUB_ISSUER, GRANT_NEVER, deployRoles, gcpBootstrap, gcpBootstrapProblems, grantableRolesCondition, type GcpBootstrapArgs,
} from "../../bootstrap/gcp";
import { render as renderPlatform } from "../../components/render/render";
import { NODE_SERVICE_ACCOUNT_ROLES } from "../../components/cluster/gcp/resolve";
import { evaluateWithMocks } from "../helpers/evaluate";

async function render(args: GcpBootstrapArgs) {
    return evaluateWithMocks(async () => {
        const out = gcpBootstrap("bootstrap", args);
        return { ...out };
    }, { cloud: "gcp", stack: "bootstrap" });
}

describe("gcpBootstrap", async () => {
    const r = await render({ project: "kubeship-ci", repository: "acme/shop", deployProjects: ["kubeship-dev", "kubeship-prod"] });
    const provider = r.one("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider");
    const pool = r.one("gcp:iam/workloadIdentityPool:WorkloadIdentityPool");
    const deployer = r.one("gcp:serviceaccount/account:Account");

    it("trusts GitHub's issuer and admits only the repository into the pool", () => {
        expect(provider.inputs).toMatchObject({
            project: "kubeship-ci",
            workloadIdentityPoolId: "github",
            workloadIdentityPoolProviderId: "github-actions",
            oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
            attributeCondition: "assertion.repository == 'acme/shop'",
            attributeMapping: {
                "google.subject": "assertion.sub",
                "attribute.actor": "assertion.actor",
                "attribute.repository": "assertion.repository",
                "attribute.repository_owner": "assertion.repository_owner",
            },
        });
        expect(GITHUB_ISSUER).toBe("https://token.actions.githubusercontent.com");
        expect(r.dependsOn(provider, pool)).toBe(true);
    });

    it("lets the repository's principalSet, and nothing else, impersonate the deploy account", () => {
        const bindings = r.ofType("gcp:serviceaccount/iAMMember:IAMMember");
        expect(bindings).toHaveLength(1);
        expect(bindings[0].inputs).toEqual({
            serviceAccountId: deployer.outputs.name,
            role: "roles/iam.workloadIdentityUser",
            member: `principalSet://iam.googleapis.com/${pool.outputs.name}/attribute.repository/acme/shop`,
        });
        expect(pool.outputs.name).toMatch(/^projects\/\d+\/locations\/global\/workloadIdentityPools\/github$/);
    });

    it("gives the deploy account kubeship's roles in each deploy project, project IAM only for the node roles", () => {
        const grants = r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs as Record<string, any>);
        for (const project of ["kubeship-dev", "kubeship-prod"]) {
            expect(grants.filter((g) => g.project === project).map((g) => g.role).sort()).toEqual([
                "roles/compute.networkAdmin",
                "roles/container.admin",
                "roles/iam.serviceAccountAdmin",
                "roles/iam.serviceAccountUser",
                "roles/resourcemanager.projectIamAdmin",
                "roles/serviceusage.serviceUsageAdmin",
                "roles/storage.admin",
            ]);
        }
        // none in the bootstrap project, which is not a deploy project here
        expect(grants.filter((g) => g.project === "kubeship-ci")).toEqual([]);
        for (const g of grants) expect(g.member).toBe(deployer.outputs.member);
        const iamAdmin = grants.find((g) => g.role === "roles/resourcemanager.projectIamAdmin")!;
        expect(iamAdmin.condition.expression).toBe(
            "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader', "
            + "'roles/logging.logWriter', 'roles/monitoring.metricWriter', 'roles/monitoring.viewer', 'roles/stackdriver.resourceMetadata.writer'])");
        // only that role is conditional
        expect(grants.filter((g) => g.condition).map((g) => g.role)).toEqual(["roles/resourcemanager.projectIamAdmin", "roles/resourcemanager.projectIamAdmin"]);
        // whatever kubeship grants its nodes, the condition allows
        for (const role of NODE_SERVICE_ACCOUNT_ROLES) expect(iamAdmin.condition.expression).toContain(`'${role}'`);
    });

    it("switches on the federation's APIs first, never off again", () => {
        const services = r.ofType("gcp:projects/service:Service");
        expect(services.map((s) => s.inputs.service).sort()).toEqual([...BOOTSTRAP_APIS].sort());
        for (const s of services) expect(s.inputs).toMatchObject({ project: "kubeship-ci", disableOnDestroy: false });
        for (const x of [pool, provider, deployer]) for (const s of services) expect(x.dependencies).toContain(s.urn);
    });

    it("outputs the repo's variables by the names the deploy workflow reads", () => {
        const vars = r.outputs.repositoryVariables as Record<string, string>;
        expect(vars).toEqual({
            GCP_WORKLOAD_IDENTITY_PROVIDER: provider.outputs.name,
            GCP_SERVICE_ACCOUNT: "kubeship-deploy@kubeship-ci.iam.gserviceaccount.com",
        });
        expect(vars.GCP_WORKLOAD_IDENTITY_PROVIDER).toMatch(/^projects\/\d+\/locations\/global\/workloadIdentityPools\/github\/providers\/github-actions$/);
        expect(r.outputs.workloadIdentityProvider).toBe(vars.GCP_WORKLOAD_IDENTITY_PROVIDER);
        expect(r.outputs.serviceAccountEmail).toBe(vars.GCP_SERVICE_ACCOUNT);
    });
});

describe("gcpBootstrap arguments", () => {
    it("deploys into the bootstrap project by default", async () => {
        const r = await render({ project: "kubeship-prod", repository: "acme/shop" });
        const projects = new Set(r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs.project));
        expect([...projects]).toEqual(["kubeship-prod"]);
        expect(r.ofType("gcp:projects/iAMMember:IAMMember")).toHaveLength(DEPLOY_ROLES.length);
    });

    it("reports every bad argument at once, before anything is registered", async () => {
        expect(gcpBootstrapProblems({ project: "X", repository: "acme/shop' || true || '", deployProjects: [], poolId: "gcp-x", serviceAccountId: "1abc" })).toEqual([
            `repository: must be a GitHub repository "owner/name", got "acme/shop' || true || '"`,
            `project: must be a GCP project id (6-30 of a-z, 0-9 and -), got "X"`,
            "deployProjects: must name at least one project, got []; leave it out to deploy into project",
            `poolId: must be 4-32 of a-z, 0-9 and -, not starting with "gcp-", got "gcp-x"`,
            `serviceAccountId: must be 6-30 of a-z, 0-9 and -, starting with a letter, got "1abc"`,
        ]);
        await expect(render({ project: "kubeship-ci", repository: "no-slash" })).rejects.toThrow(/repository: must be a GitHub repository/);
        expect(gcpBootstrapProblems({ project: "kubeship-ci", repository: "acme-inc/shop.web_2" })).toEqual([]);
    });
});

describe("the deploy account may deploy the apps' buckets and workload grants", () => {
    const PLATFORM = `cluster:
  gcp: { project: kubeship-dev }
  nodePools:
    general: { size: medium, min: 2, max: 4 }
app:
  name: files
  buckets:
    uploads: {}
  tiers:
    web:
      image: ghcr.io/example/web:1.0.0
      ports: { http: 8080 }
      uses: { uploads: readwrite }
      identity:
        gcp: { roles: [roles/pubsub.subscriber, projects/kubeship-dev/roles/ordersReader] }
`;
    // Rendered when the first test here runs: Pulumi's runtime state is global.
    let once: ReturnType<typeof renderPlatform> | undefined;
    const rendered = () => once ??= (() => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-boot-gcp-"));
        fs.writeFileSync(path.join(root, "files.yaml"), PLATFORM);
        return renderPlatform({ configFile: "files.yaml", cloud: "gcp" }, root);
    })();
    /** The roles a `hasOnly([...])` condition admits, read back from its expression. */
    const admitted = (expression: string) => {
        const list = /^api\.getAttribute\('iam\.googleapis\.com\/modifiedGrantsByRole', \[\]\)\.hasOnly\(\[(.*)\]\)$/.exec(expression);
        if (!list) throw new Error(`not a hasOnly condition: ${expression}`);
        return list[1].split(", ").map((r) => r.replace(/^'(.*)'$/, "$1"));
    };

    it("every project role the stack grants is grantable once the bootstrap lists the workloads' roles, and not before", async () => {
        const r = await rendered();
        const granted = [...new Set(r.recorded.filter((x) => x.type === "gcp:projects/iAMMember:IAMMember").map((x) => String(x.rawInputs.role)))];
        expect(granted).toEqual(expect.arrayContaining(["roles/pubsub.subscriber", "projects/kubeship-dev/roles/ordersReader", "roles/container.defaultNodeServiceAccount"]));
        const listed = admitted(grantableRolesCondition(["roles/pubsub.subscriber", "projects/kubeship-dev/roles/ordersReader"]).expression);
        for (const role of granted) expect(listed, role).toContain(role);
        // Without them only the node roles pass: the workload grants would be refused.
        const nodeOnly = admitted(grantableRolesCondition().expression);
        expect(granted.filter((role) => !nodeOnly.includes(role)).sort()).toEqual(["projects/kubeship-dev/roles/ordersReader", "roles/pubsub.subscriber"]);
    });

    it("buckets: storage.admin for the bucket, its IAM policy and emptying it; serviceUsageAdmin for the storage API", async () => {
        const r = await rendered();
        const types = new Set(r.recorded.map((x) => x.type));
        expect(types).toContain("gcp:storage/bucket:Bucket");
        expect(types).toContain("gcp:storage/bucketIAMMember:BucketIAMMember");
        expect(r.recorded.filter((x) => x.type === "gcp:projects/service:Service").map((x) => x.rawInputs.service)).toContain("storage.googleapis.com");
        const roles = DEPLOY_ROLES.map((d) => d.role);
        expect(roles).toEqual(expect.arrayContaining(["roles/storage.admin", "roles/serviceusage.serviceUsageAdmin"]));
        expect(DEPLOY_ROLES.find((d) => d.role === "roles/storage.admin")!.condition).toBeUndefined();
    });

    it("workloadRoles widens only the project IAM condition, and lands on each deploy project's grant", async () => {
        expect(deployRoles(["roles/pubsub.subscriber"]).map((d) => d.role)).toEqual(DEPLOY_ROLES.map((d) => d.role));
        const out = await render({ project: "kubeship-ci", repository: "acme/shop", deployProjects: ["kubeship-dev", "kubeship-prod"], workloadRoles: ["roles/pubsub.subscriber"] });
        const iamAdmin = out.ofType("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs as Record<string, any>).filter((g) => g.role === "roles/resourcemanager.projectIamAdmin");
        expect(iamAdmin.map((g) => g.project)).toEqual(["kubeship-dev", "kubeship-prod"]);
        for (const g of iamAdmin) {
            expect(g.condition.title).toBe("kubeship node and workload roles only");
            expect(g.condition.expression).toBe(
                "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader', "
                + "'roles/logging.logWriter', 'roles/monitoring.metricWriter', 'roles/monitoring.viewer', 'roles/stackdriver.resourceMetadata.writer', 'roles/pubsub.subscriber'])");
        }
    });

    it("refuses a workload role that would undo the limit, and a role that is not a role name", () => {
        expect(gcpBootstrapProblems({ project: "kubeship-ci", repository: "acme/shop", workloadRoles: ["roles/pubsub.subscriber", "roles/owner", "pubsub.subscriber", "roles/iam.serviceAccountTokenCreator"] })).toEqual([
            `workloadRoles[1]: roles/owner would let whoever gets it change IAM or act as any service account, so the deploy account may never grant it; give a workload a narrower role, got "roles/owner"`,
            `workloadRoles[2]: must be a role name such as roles/pubsub.subscriber or projects/<project>/roles/<id>, got "pubsub.subscriber"`,
            `workloadRoles[3]: roles/iam.serviceAccountTokenCreator would let whoever gets it change IAM or act as any service account, so the deploy account may never grant it; give a workload a narrower role, got "roles/iam.serviceAccountTokenCreator"`,
        ]);
        // The deploy account's own unconditional roles are never grantable through the condition either.
        for (const role of ["roles/resourcemanager.projectIamAdmin", "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser"]) expect(GRANT_NEVER).toContain(role);
        expect(gcpBootstrapProblems({ project: "kubeship-ci", repository: "acme/shop", workloadRoles: ["organizations/123456/roles/reader_2", "projects/kubeship-dev/roles/ordersReader"] })).toEqual([]);
    });
});
