/**
 * The first-time setup program: run once per cloud account, project or
 * subscription, before the first deploy, by a person with admin rights there.
 *
 *   cd bootstrap && pulumi stack init aws && pulumi config set cloud aws \
 *     && pulumi config set repository owner/name && pulumi config set region us-east-1 \
 *     && pulumi config set --path 'environments[0]' production && pulumi up
 *
 * It creates the GitHub OIDC trust and the deploy identity, and its outputs are
 * the values of the repository variables the workflows read (.github/README.md).
 * Each cloud's module is loaded only for that cloud, as in the main program.
 */
import * as pulumi from "@pulumi/pulumi";

export = async (): Promise<Record<string, unknown>> => {
    const config = new pulumi.Config();
    const cloud = config.require("cloud");
    switch (cloud) {
        case "aws": {
            const { awsBootstrapArgsFrom, bootstrapArgProblems, bootstrapAws } = await import("./aws");
            const args = awsBootstrapArgsFrom(config);
            const problems = bootstrapArgProblems(args);
            if (problems.length) throw new pulumi.RunError(`invalid bootstrap config:\n${problems.join("\n")}`);
            return { ...bootstrapAws(args) };
        }
        case "gcp": {
            const { gcpBootstrap, gcpBootstrapProblems } = await import("./gcp");
            const args = {
                project: config.require("project"),
                repository: config.require("repository"),
                deployProjects: config.getObject<string[]>("deployProjects"),
                workloadRoles: config.getObject<string[]>("workloadRoles"),
            };
            const problems = gcpBootstrapProblems(args);
            if (problems.length) throw new pulumi.RunError(`invalid bootstrap config:\n${problems.join("\n")}`);
            return { ...gcpBootstrap("bootstrap", args) };
        }
        case "azure": {
            const { azureBootstrap } = await import("./azure");
            return { ...azureBootstrap({
                repository: config.require("repository"),
                location: config.require("location"),
                environments: config.getObject<string[]>("environments"),
                branches: config.getObject<string[]>("branches"),
                pullRequests: config.getBoolean("pullRequests"),
                appIdentities: config.getBoolean("appIdentities"),
            }) };
        }
        default:
            throw new pulumi.RunError(`bootstrap:cloud must be aws, gcp or azure, got ${JSON.stringify(cloud)}; run: pulumi config set cloud aws`);
    }
};
