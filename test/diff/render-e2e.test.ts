/**
 * End to end: render the guestbook twice, the second time with a new frontend image,
 * and check the diff reports exactly that one field (issue 5 "Done when", issue 6 change locality).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { diffCommand, diffRenders, summarize } from "../../components/diff";
import { render, writeRender } from "../../components/render/render";

const ROOT = path.resolve(__dirname, "../..");

describe("kubeship diff on two real renders", () => {
    it("reports exactly the frontend image when only that tier's image changes", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-diff-e2e-"));
        const original = fs.readFileSync(path.join(ROOT, "examples/guestbook.yaml"), "utf8");
        const changed = original.replace("gb-frontend:v5", "gb-frontend:v6");
        expect(changed).not.toBe(original);
        // Same file name, so the stack name and thus every URN stays the same; both inside the project folder `tmp`.
        fs.mkdirSync(path.join(tmp, "examples"));
        fs.mkdirSync(path.join(tmp, "changed"));
        fs.writeFileSync(path.join(tmp, "examples", "guestbook.yaml"), original);
        fs.writeFileSync(path.join(tmp, "changed", "guestbook.yaml"), changed);

        const before = await render({ configFile: "examples/guestbook.yaml", cloud: "existing" }, tmp);
        const after = await render({ configFile: "changed/guestbook.yaml", cloud: "existing" }, tmp);
        writeRender(before, path.join(tmp, "old"));
        writeRender(after, path.join(tmp, "new"));

        const diff = diffRenders(before.resources, after.resources);
        expect(summarize(diff)).toEqual({ added: 0, removed: 0, changed: 1, replaced: 0 });
        const [only] = diff.changed;
        // Whatever resource carries the frontend's pod template (a Deployment today).
        expect(only.type).toMatch(/^kubernetes:apps\/v1:(Deployment|StatefulSet)$/);
        expect(only.name).toContain("frontend");
        expect(only.action).toBe("update");
        expect(only.changes).toHaveLength(1);
        expect(only.changes[0]).toMatchObject({
            section: "inputs", kind: "changed",
            old: "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5",
            new: "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v6",
        });
        expect(only.changes[0].path).toMatch(/^spec\.template\.spec\.containers\[\d+\]\.image$/);

        let out = "";
        const code = await diffCommand([path.join(tmp, "old"), path.join(tmp, "new")], { out: (s) => { out += s; }, err: () => {} });
        expect(code).toBe(1);
        expect(out).toContain("**0 to add, 1 to change (0 replace), 0 to delete**");

        // Renders of identical input are byte-identical, so diffing a render against itself is empty.
        let same = "";
        expect(await diffCommand([path.join(tmp, "old"), path.join(tmp, "old")], { out: (s) => { same += s; }, err: () => {} })).toBe(0);
        expect(same).toBe("No changes.\n");
    });
});

describe("kubeship diff on two real dev-aws renders", () => {
    it("reports a node pool's machine-type change as a replacement of exactly that pool's zone node groups", async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-diff-pool-"));
        fs.cpSync(path.join(ROOT, "stacks"), path.join(tmp, "stacks"), { recursive: true });
        fs.mkdirSync(path.join(tmp, "examples"));
        const original = fs.readFileSync(path.join(ROOT, "examples/guestbook.yaml"), "utf8");
        fs.writeFileSync(path.join(tmp, "examples/guestbook.yaml"), original);
        const before = await render({ stack: "dev-aws" }, tmp);
        fs.writeFileSync(path.join(tmp, "examples/guestbook.yaml"), original.replace("size: medium", "size: large"));
        const after = await render({ stack: "dev-aws" }, tmp);

        const diff = diffRenders(before.resources, after.resources);
        // The pool has one node group per zone; each is replaced, the new one created first.
        const groups = diff.changed.filter((c) => c.type === "aws:eks/nodeGroup:NodeGroup");
        expect(groups.map((g) => g.name)).toEqual(["guestbook-general-0", "guestbook-general-1", "guestbook-general-2"]);
        for (const g of groups) {
            expect(g.action).toBe("replace");
            expect(g.deleteBeforeReplace).toBeUndefined();
            expect(g.replaceReasons.map((r) => r.path)).toContain("instanceTypes");
            const instanceTypes = g.changes.find((c) => c.path.startsWith("instanceTypes"));
            expect(instanceTypes).toMatchObject({ old: "m6i.xlarge", new: "m6i.2xlarge" });
        }
        // Nothing outside the pool changes.
        expect(diff.changed.map((c) => c.type).filter((t) => t !== "aws:eks/nodeGroup:NodeGroup" && t !== "aws:ec2/launchTemplate:LaunchTemplate")).toEqual([]);
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
    });
});
