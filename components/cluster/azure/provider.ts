/**
 * The azure-native provider kubeship's Azure components use: the stack's
 * azure-native settings, in one region. The cluster, the external-dns
 * identity and the app's cloud side each make one (the cluster's is internal
 * to AksCluster), from these same settings.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";

export function azureProviderArgs(location: string) {
    const cfg = new pulumi.Config("azure-native");
    return {
        location,
        subscriptionId: cfg.get("subscriptionId"),
        tenantId: cfg.get("tenantId"),
        clientId: cfg.get("clientId"),
        clientSecret: cfg.getSecret("clientSecret"),
        environment: cfg.get("environment"),
        useOidc: cfg.getBoolean("useOidc"),
        useMsi: cfg.getBoolean("useMsi"),
    };
}

export function azureProvider(name: string, location: string, parent: pulumi.Resource): AzureProvider {
    return new AzureProvider(name, azureProviderArgs(location), { parent });
}
