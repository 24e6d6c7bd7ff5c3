/**
 * An app spec builder's refusal, with the config path it concerns, so that a
 * check run at load time can place it in the file. Builders throw it only for
 * input the loader's checks let through, which `appSpecProblems` prevents.
 */
import { dottedPath } from "../config/errors";

export class SpecError extends Error {
    constructor(readonly path: (string | number)[], readonly detail: string) {
        super(`${dottedPath(path)}: ${detail}`);
    }
}
