/**
 * The kubeship Pulumi program: read the stack's settings, load and validate the
 * platform config, build the cluster, deploy the app, export the outputs.
 * All logic lives in components/; `kubeship render` runs this same function.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, asRunError, deployPlatform, readStackSettings } from "./components/program";

export = async () => {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const root = process.cwd();
    try {
        return await deployPlatform(readStackSettings(config, pulumi.getStack(), root), config, root);
    } catch (e) {
        throw asRunError(e);
    }
};
