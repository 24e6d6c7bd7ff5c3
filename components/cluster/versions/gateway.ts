/**
 * The dated table of the HTTPS entry's add-ons (components/gateway): Envoy
 * Gateway (the Gateway API implementation, which also installs the Gateway API
 * CRDs), cert-manager (certificates from ACME) and external-dns (DNS records).
 * One pin per add-on, whatever the cloud: the same charts run on EKS, GKE, AKS
 * and an existing cluster. Update it, and `takenOn`, at least every 90 days.
 *
 * Taken on 2026-12-01 from the projects' own repositories (commits below); the
 * newest stable release of each that was published there by then.
 */

export interface ChartPin {
    /** The Helm chart: a name in `repo`, or an `oci://` reference (then `repo` is undefined). */
    chart: string;
    repo?: string;
    version: string;
    /** The version of the software the chart runs. */
    appVersion: string;
    /** Where the pin was read, with the commit. */
    source: string;
}

export interface GatewayCatalog {
    takenOn: string;
    envoyGateway: ChartPin & {
        /** The Gateway API release whose CRDs the chart installs (experimental channel). */
        gatewayApi: string;
        /** Kubernetes minors the release supports (its compatibility matrix). */
        kubernetesMinors: readonly string[];
        /** The release's end of life, by its compatibility matrix. */
        endOfLife: string;
    };
    certManager: ChartPin;
    externalDns: ChartPin;
}

export const GATEWAY_CATALOG: GatewayCatalog = {
    takenOn: "2026-12-01",
    envoyGateway: {
        chart: "oci://docker.io/envoyproxy/gateway-helm",
        version: "v1.9.0",
        appVersion: "v1.9.0",
        gatewayApi: "v1.6.1",
        kubernetesMinors: ["1.33", "1.34", "1.35", "1.36"],
        endOfLife: "2027-02-14",
        source: "https://github.com/envoyproxy/gateway/blob/39763b1c07ec30a5526fe70434a2cfe4181de642/site/content/en/news/releases/matrix.md (tag v1.9.0, 2026-08-15)",
    },
    certManager: {
        chart: "cert-manager",
        repo: "https://charts.jetstack.io",
        version: "v1.21.1",
        appVersion: "v1.21.1",
        source: "https://github.com/cert-manager/cert-manager/tree/24e33194fb39488eff2bbf10c6dc640f407cad44/deploy/charts/cert-manager (tag v1.21.1, 2026-07-29; chart kubeVersion >= 1.22)",
    },
    externalDns: {
        chart: "external-dns",
        repo: "https://kubernetes-sigs.github.io/external-dns/",
        version: "1.21.1",
        appVersion: "0.21.0",
        source: "https://github.com/kubernetes-sigs/external-dns/blob/9f26451346774099a8b3e3e5cc46a53bf2fd1461/charts/external-dns/Chart.yaml (tag external-dns-helm-chart-1.21.1, 2026-04-30; app v0.22.0 was tagged on 2026-08-19 without a chart)",
    },
};
