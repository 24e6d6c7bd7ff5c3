/**
 * Every stack of the repo deployed into one account (one AWS account, one GCP
 * project, one Azure subscription), as a team's CI does: no two resources may
 * take one name where the cloud keeps names unique.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { render } from "../../components/render/render";
import { formatCollision, nameCollisions, physicalNames, type PhysicalName } from "../../components/render/physical-names";

const ROOT = path.resolve(__dirname, "../..");
const SHARED_PROJECT = "kubeship-shared";

/** A copy of the repo's stacks and examples where every GCP stack uses one project. */
function oneAccount(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-one-account-"));
    fs.cpSync(path.join(ROOT, "examples"), path.join(root, "examples"), { recursive: true });
    fs.mkdirSync(path.join(root, "stacks"));
    for (const f of fs.readdirSync(path.join(ROOT, "stacks"))) {
        const text = fs.readFileSync(path.join(ROOT, "stacks", f), "utf8").replace(/project: [a-z][a-z0-9-]+/g, `project: ${SHARED_PROJECT}`);
        fs.writeFileSync(path.join(root, "stacks", f), text);
    }
    return root;
}

async function namesOf(root: string, stack: string): Promise<PhysicalName[]> {
    const r = await render({ stack }, root);
    return physicalNames(r.recorded, { stack, cloud: r.platform.cluster.cloud, region: r.platform.cluster.region, project: r.platform.cluster.gcp?.project });
}

describe("names across the stacks of one repo", () => {
    const root = oneAccount();

    it.each(["aws", "gcp", "azure"])("%s: dev, staging and prod in one account take no name twice", async (cloud) => {
        // One at a time: Pulumi's runtime state is global to the process.
        const names: PhysicalName[] = [];
        for (const env of ["dev", "staging", "prod"]) names.push(...await namesOf(root, `${env}-${cloud}`));
        expect(names.length).toBeGreaterThan(3);
        expect(nameCollisions(names).map(formatCollision)).toEqual([]);
    });

    it("finds two stacks that would create one name, and says so", async () => {
        // The same stack rendered as two stacks: every explicit name collides with itself.
        const a = await namesOf(root, "dev-aws");
        const twin = a.map((n) => ({ ...n, stack: "dev-aws-copy" }));
        const collisions = nameCollisions([...a, ...twin]);
        expect(collisions.length).toBe(a.length);
        expect(formatCollision(collisions.find((c) => c.type === "aws:eks/cluster:Cluster")!))
            .toMatch(/^aws:eks\/cluster:Cluster "[^"]+" in aws account, us-east-1 would be created by dev-aws \(\S+\) and dev-aws-copy \(\S+\): the cloud refuses the second one/);
    });
});
