/** Small app configs for the pure builder tests, with schema defaults applied. */
import { appSchema, type AppConfig } from "../../components/config/schema";

export function app(tiers: Record<string, unknown>, name = "demo"): AppConfig {
    return appSchema.parse({ name, tiers });
}

/** api -> db, web (public) -> api, worker (no ports) -> api. */
export const threeTier = () => app({
    web: {
        image: "nginx:1.27.3", ports: { http: { port: 80, targetPort: 8080 } }, expose: "public",
        autoscale: { min: 2, max: 6, memory: 75, scaleDownStabilizationSeconds: 120 },
        talksTo: ["api"], env: { API: "${api.url}", PRICE: "$$5 ${api.name}", RETRIES: 3, DEBUG: false },
    },
    api: {
        image: "ghcr.io/x/api:1.0.0", ports: { http: 8080, metrics: 9090 }, replicas: 3,
        probes: { readiness: { http: "/ready" } }, talksTo: ["db"], waitFor: ["db"],
        env: { DB: "${db.host}:${db.port}" }, secrets: { DB_PASSWORD: "dbPassword" },
    },
    db: {
        image: "postgres:16.4", ports: { pg: 5432 }, singleton: true, storage: { size: "10Gi", path: "/var/lib/postgresql" },
        security: { runAsUser: 999 },
    },
    worker: {
        image: "ghcr.io/x/worker:1.0.0", autoscale: { min: 1, max: 3, cpu: 50 }, talksTo: ["api"],
        probes: { readiness: { exec: ["cat", "/tmp/ready"] }, liveness: { exec: ["cat", "/tmp/alive"] } },
    },
});
