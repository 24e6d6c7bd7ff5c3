/**
 * Loads platform files written inline in a test, through loadPlatform, so the
 * positions in the error lines are the ones a user would see.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../components/config/errors";
import { loadPlatform, type StackSettings } from "../../components/config/load";
import type { PlatformConfig } from "../../components/config/schema";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kubeship-config-"));

/** Writes `text` as `file` in a scratch project and loads it (cloud "existing" unless the settings say otherwise). */
export function loadText(text: string, settings: Partial<StackSettings> = {}, file = "platform.yaml"): PlatformConfig {
    fs.writeFileSync(path.join(root, file), text);
    if (settings.stackFile && settings.stackFile.endsWith(".yaml") && !fs.existsSync(path.join(root, settings.stackFile))) {
        throw new Error(`write the stack file ${settings.stackFile} first (writeText)`);
    }
    return loadPlatform({ configFile: file, cloud: "existing", ...settings }, { root });
}

/** Writes a further file (a stack file) into the scratch project. */
export function writeText(file: string, text: string): void {
    fs.writeFileSync(path.join(root, file), text);
}

/** The error lines of a load that must fail; a successful load fails the test. */
export function errorsIn(text: string, settings: Partial<StackSettings> = {}, file = "platform.yaml"): string[] {
    try {
        loadText(text, settings, file);
    } catch (e) {
        if (!ConfigError.is(e)) throw e;
        return e.message.split("\n");
    }
    throw new Error(`expected ${file} to be rejected:\n${text}`);
}

/** A platform file with one tier, "web", whose settings are `body` (indented six spaces); the tier starts on line 8. */
export function oneTier(body: string, app = "  name: shop\n"): string {
    return `cluster:\n  nodePools:\n    general: {min: 1, max: 2}\napp:\n${app}  tiers:\n    web:\n${body.replace(/^/gm, "      ")}\n`;
}
