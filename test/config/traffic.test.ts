/** Issue 12 §2-6: every problem with egress, allowFrom, pool and probe ports, positioned, with its fix. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../components/config/errors";
import { loadPlan, type StackSettings } from "../../components/config/load";

function errorsOf(settings: StackSettings): string {
    try {
        loadPlan(settings);
    } catch (e) {
        expect(ConfigError.is(e)).toBe(true);
        return (e as Error).message;
    }
    throw new Error("expected the config to be rejected");
}

const traffic = (cloud: string) => ({ configFile: "test/fixtures/invalid/traffic.yaml", cloud, region: cloud === "aws" ? "us-east-1" : cloud === "azure" ? "westeurope" : undefined });

describe("traffic and placement problems", () => {
    it("are reported at their lines, naming the value and the fix", () => {
        expect(errorsOf(traffic("aws"))).toMatchInlineSnapshot(`
          "test/fixtures/invalid/traffic.yaml:11:13 app.tiers.api.pool: names an unknown node pool, got "spto"; did you mean "spot"?
          test/fixtures/invalid/traffic.yaml:14:19 app.tiers.api.egress[1].host: FQDN egress is not available on aws: EKS's network policy agent (VPC CNI) has no FQDN policies, got "api.stripe.com"; allow the service's published address ranges instead, e.g. {cidr: 52.0.0.0/8, ports: [443]}, or {cidr: internet, ports: [443]}
          test/fixtures/invalid/traffic.yaml:15:11 app.tiers.api.egress[2]: is the cloud metadata address, which egress never opens (it hands out the node's credentials), got "169.254.169.254/32"; remove it
          test/fixtures/invalid/traffic.yaml:16:11 app.tiers.api.egress[3]: must be "internet" or an IPv4 CIDR such as 52.0.0.0/8, got "10.0.0.1/8"; did you mean "10.0.0.0/8"?
          test/fixtures/invalid/traffic.yaml:17:11 app.tiers.api.egress[4]: needs exactly one of cidr or host, got cidr and host; e.g. {cidr: 52.0.0.0/8, ports: [443]}
          test/fixtures/invalid/traffic.yaml:18:11 app.tiers.api.egress[5]: must be "internet" or an IPv4 CIDR such as 52.0.0.0/8, got "everywhere"
          test/fixtures/invalid/traffic.yaml:20:44 app.tiers.api.allowFrom[0].ports[0]: names an unknown port, got "metric"; did you mean "metrics"?
          test/fixtures/invalid/traffic.yaml:20:58 app.tiers.api.allowFrom[0].ports[2]: is not one of the tier's ports, got 9200; ports: http (8080), metrics (9100)
          test/fixtures/invalid/traffic.yaml:21:24 app.tiers.api.allowFrom[1].namespace: is the app's own namespace, got "shop"; tiers of the app reach each other through talksTo (or an env reference)
          test/fixtures/invalid/traffic.yaml:23:28 app.tiers.api.probes.readiness.grpc: names an unknown port, got "gprc"; ports: http, metrics
          test/fixtures/invalid/traffic.yaml:25:40 app.tiers.api.probes.startup.service: only applies to a grpc probe, got "health"; remove it or use {grpc: PORT, service: "health"}
          test/fixtures/invalid/traffic.yaml:25:64 app.tiers.api.probes.startup.timeoutSeconds: must be >= 1, got 0
          test/fixtures/invalid/traffic.yaml:28:19 app.tiers.worker.allowFrom[0]: tier "worker" has no ports to receive traffic on; give it a port or remove allowFrom"
        `);
    });

    it("FQDN egress names the cloud that refuses it, on every target", () => {
        const fqdn = (cloud: string) => errorsOf({ ...traffic(cloud), overrides: cloud === "gcp" ? { cluster: { gcp: { project: "kubeship-dev" } } } : undefined, region: cloud === "gcp" ? "europe-west4" : traffic(cloud).region })
            .split("\n").find((l) => l.includes("egress[1].host"));
        expect(fqdn("azure")).toContain("FQDN egress is not available on azure: AKS filters by FQDN only with Advanced Container Networking Services");
        expect(fqdn("gcp")).toContain("FQDN egress is not available on gcp: GKE's FQDNNetworkPolicy needs GKE Enterprise");
        expect(fqdn("existing")).toContain("FQDN egress is not available on existing");
    });

    it("probe ports, numbers too, are checked against the tier's ports and protocols", () => {
        expect(errorsOf({ configFile: "test/fixtures/invalid/probe-ports.yaml", cloud: "existing" })).toMatchInlineSnapshot(`
          "test/fixtures/invalid/probe-ports.yaml:11:28 app.tiers.api.probes.readiness.grpc: is the Service port of "http", got 80; probes reach the container, which listens on 8080: write 8080 or "http"
          test/fixtures/invalid/probe-ports.yaml:12:26 app.tiers.api.probes.liveness.tcp: is not one of the tier's ports, got 9999; declare it in ports (e.g. health: 9999) or use one of: http (8080/TCP), dns (53/UDP)
          test/fixtures/invalid/probe-ports.yaml:13:26 app.tiers.api.probes.startup.grpc: names the UDP port "dns", but http, tcp and grpc probes connect over TCP; name a TCP port or use an exec probe"
        `);
    });

    it("checks a pool's name on an existing cluster too, where placement is then not applied", () => {
        expect(errorsOf(traffic("existing")).split("\n").find((l) => l.includes(".pool:"))).toMatch(/^test\/fixtures\/invalid\/traffic\.yaml:11:13 app\.tiers\.api\.pool: names an unknown node pool, got "spto"; did you mean "spot"\?$/);
    });
});
