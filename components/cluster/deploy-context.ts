/**
 * Under `pulumi up` and `preview`, before the config is planned: who runs the
 * deploy (the cloud's answer, an invoke: nothing is registered) and where
 * (GitHub Actions' RUNNER_ENVIRONMENT). The plan checks both against the
 * config. Each cloud's SDK is loaded only for that cloud.
 */
import type { CloudTarget } from "./versions/ask-cloud";
import type { DeployContext } from "./types";

/**
 * RUNNER_ENVIRONMENT is "github-hosted" or "self-hosted" in every GitHub Actions job.
 * @see https://docs.github.com/en/actions/reference/variables-reference (default environment variables)
 */
export async function askDeployContext(target: CloudTarget, env: NodeJS.ProcessEnv = process.env): Promise<DeployContext> {
    const runner = env.RUNNER_ENVIRONMENT || undefined;
    switch (target.cloud) {
        case "aws": {
            const { askCallerArn } = await import("./aws/deployer");
            return { identity: await askCallerArn(), runner };
        }
        default:
            return { runner };
    }
}
