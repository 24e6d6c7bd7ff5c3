/**
 * The one validation pass: what the cloud resolvers and the app's spec
 * builders would refuse is found by the loader, with the position of what the
 * user wrote, for `validate`, `render` and `pulumi up` alike.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan } from "../../components/config/load";

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-plan-"));

/** A small platform; `cluster` and `tiers` are YAML text placed under their keys. */
function platform(cluster: string, tiers = "    web:\n      image: nginx:1.27.3\n      ports: { http: 8080 }\n"): string {
    return `cluster:\n${cluster}app:\n  name: shop\n  tiers:\n${tiers}`;
}
const POOL = "  nodePools:\n    general: { min: 1, max: 3 }\n";

/** The error lines for `text` loaded on `cloud`, or "" when it plans. */
function lines(text: string, cloud: string, extra: { region?: string; overrides?: unknown } = {}): string {
    const file = `case-${Math.random().toString(36).slice(2, 8)}.yaml`;
    fs.writeFileSync(path.join(ROOT, file), text);
    const region = extra.region ?? { aws: "us-east-1", gcp: "europe-west4", azure: "westeurope", existing: undefined }[cloud];
    try {
        loadPlan({ configFile: file, cloud, region, overrides: extra.overrides }, { root: ROOT });
        return "";
    } catch (e) {
        if (!ConfigError.is(e)) throw e;
        return e.message.replaceAll(file, "F");
    }
}

describe("the loader resolves the cluster for its cloud", () => {
    it("reports a network too small for the subnets, with the line of the cidr", () => {
        expect(lines(platform(`${POOL}  network: { cidr: 10.0.0.0/26 }\n`), "aws")).toBe(
            "F:4:20 cluster.network.cidr: is too small for 3 private and 3 public subnets of at least /28; use /24 or larger, got /26");
    });

    it("reports prefixes and octets out of range on every cloud", () => {
        for (const cloud of ["aws", "gcp", "azure"]) {
            const gcp = cloud === "gcp" ? "  gcp: { project: shop-dev-1 }\n" : "";
            const line = cloud === "gcp" ? 5 : 4;
            expect(lines(platform(`${POOL}${gcp}  network: { cidr: 10.0.0.0/33 }\n`), cloud)).toBe(
                `F:${line}:20 cluster.network.cidr: has a prefix above /32 (/33), got "10.0.0.0/33"; e.g. 10.0.0.0/16`);
            expect(lines(platform(`${POOL}${gcp}  network: { cidr: 10.999.0.0/16 }\n`), cloud)).toBe(
                `F:${line}:20 cluster.network.cidr: has an octet above 255 (999), got "10.999.0.0/16"; e.g. 10.0.0.0/16`);
            expect(lines(platform(`${POOL}${gcp}  endpoint: { allowedCidrs: [10.1.2.3/16] }\n`), cloud)).toBe(
                `F:${line}:30 cluster.endpoint.allowedCidrs[0]: has host bits set, got "10.1.2.3/16"; did you mean "10.1.0.0/16"?`);
        }
    });

    it("reports zones of another region, an empty zone list and Azure zone 4 at the zone", () => {
        const zoned = (zones: string) => platform(`  nodePools:\n    general: { min: 1, max: 3, zones: ${zones} }\n`);
        expect(lines(zoned("[eu-west-1a]"), "aws")).toBe(
            'F:3:40 cluster.nodePools.general.zones[0]: "eu-west-1a" is not an availability zone of us-east-1; use names such as us-east-1a');
        expect(lines(zoned("[]"), "aws")).toBe(
            "F:3:39 cluster.nodePools.general.zones: must list at least one zone, got []; remove zones to use the default zones");
        expect(lines(zoned("[]"), "azure")).toBe(
            "F:3:39 cluster.nodePools.general.zones: must list at least one zone, got []; remove zones to use the default zones");
        expect(lines(zoned('["4"]'), "azure")).toBe(
            'F:3:40 cluster.nodePools.general.zones[0]: Azure availability zones are "1", "2" and "3", got "4"');
        expect(lines(zoned("[europe-west4-b, us-central1-a]") .replace("cluster:\n", "cluster:\n  gcp: { project: shop-dev-1 }\n"), "gcp")).toBe(
            'F:4:56 cluster.nodePools.general.zones[1]: must be a zone of region europe-west4, got "us-central1-a"; use e.g. europe-west4-b');
    });

    it("reports malformed ARNs and subnet ids, and a public endpoint with no CIDR", () => {
        expect(lines(platform(`${POOL}  aws: { adminRoleArns: ["arn:aws:iam::123:role/x"] }\n`), "aws")).toBe(
            'F:4:26 cluster.aws.adminRoleArns[0]: must be the ARN of an IAM role or user, got "arn:aws:iam::123:role/x"; use arn:aws:iam::<account>:role/<name>');
        expect(lines(platform(`${POOL}  azure: { vnetSubnetId: subnet-1 }\n`), "azure")).toMatch(
            /^F:4:26 cluster\.azure\.vnetSubnetId: must be a subnet resource id such as .*, got "subnet-1"$/);
        expect(lines(platform(`${POOL}  endpoint: { public: true, allowedCidrs: [] }\n`), "aws")).toBe(
            "F:4:43 cluster.endpoint.allowedCidrs: a public endpoint needs at least one CIDR, got []; list your networks or set endpoint.public: false");
    });

    it("reports GKE's pool name limit and a pod range too small for the pools, at what sets them", () => {
        const gcp = "  gcp: { project: shop-dev-1 }\n";
        // 33: GKE's 40 less the "-<hash>" suffix of the pool's GKE name
        const long = "p".repeat(34);
        expect(lines(platform(`${gcp}  nodePools:\n    ${long}: { min: 1, max: 3 }\n`), "gcp")).toBe(
            `F:4:5 cluster.nodePools.${long}: a GKE node pool name must be at most 33 characters (GKE's 40, less the "-<hash>" kubeship appends so a replacement pool can be created beside the old one), got "${long}" (34); rename the pool`);
        // Any name the schema allows fits GKE's 40: the cluster's name is shortened with a hash (gcp/names.ts).
        expect(lines(platform(`${gcp}${POOL}`).replace("name: shop", `name: ${"a".repeat(63)}`), "gcp")).toBe("");
        expect(lines(platform(`${gcp}  network: { cidr: 10.0.0.0/20 }\n  nodePools:\n    general: { min: 1, max: 9 }\n`), "gcp")).toBe(
            "F:3:20 cluster.network.cidr: its pods range (10.0.8.0/21) holds 8 nodes, but the pools' max add up to 9; use a larger cidr, e.g. 10.0.0.0/14, or lower max");
    });

    it("places a problem that a stack override caused in the stack's value when it comes from there", () => {
        expect(lines(platform(POOL), "aws", { overrides: { cluster: { endpoint: { allowedCidrs: [] } } } })).toMatch(
            /cluster\.endpoint\.allowedCidrs: a public endpoint needs at least one CIDR/);
    });
});

describe("the loader checks the app's specs", () => {
    const udp = (probe: string) => platform(POOL, `    dns:\n      image: coredns/coredns:1.11.3\n      ports: { dns: { port: 53, protocol: UDP } }\n      probes:\n        readiness: ${probe}\n        liveness: { exec: [/bin/true] }\n`);

    it("reports a tcp probe on a UDP port at the port it names", () => {
        expect(lines(udp("{ tcp: dns }"), "existing")).toBe(
            'F:11:27 app.tiers.dns.probes.readiness.tcp: names the UDP port "dns", but http, tcp and grpc probes connect over TCP; name a TCP port or use an exec probe');
    });

    it("reports an http probe on a UDP-only tier at the probe", () => {
        expect(lines(udp("{ http: /health }"), "existing")).toBe(
            "F:11:20 app.tiers.dns.probes.readiness: an http probe needs a TCP port, but the tier's ports are all UDP; name a TCP port or use an exec probe");
    });

    it("returns the plan the program builds when everything resolves", () => {
        fs.writeFileSync(path.join(ROOT, "ok.yaml"), platform(POOL));
        const plan = loadPlan({ configFile: "ok.yaml", cloud: "aws", region: "us-east-1" }, { root: ROOT });
        expect(plan.clusterName).toBe("shop");
        expect(plan.cluster.cloud).toBe("aws");
        if (plan.cluster.cloud !== "aws") return;
        expect(plan.cluster.eks.pools.map((p) => [p.name, p.min, p.max])).toEqual([["general", 1, 3]]);
        expect(plan.cluster.eks.environment).toBe("dev");
    });

    it("reports a rule's problem once, not again from the plan's view of the same place", () => {
        // The rules report the unknown tier; the env builder would report the same reference.
        const text = platform(POOL, "    web:\n      image: nginx:1.27.3\n      ports: { http: 8080 }\n      env: { API: \"${api.url}\" }\n");
        expect(lines(text, "existing").split("\n")).toHaveLength(1);
    });
});
