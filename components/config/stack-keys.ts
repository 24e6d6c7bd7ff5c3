/**
 * Checks of stack names and stack files that Pulumi does not make.
 * Pure, no Pulumi.
 */

/** A stack name as Pulumi allows it and as safe in a path: letters, digits, `-`, `_`, `.`, but not `.` or `..`. */
export function stackNameProblem(stack: string): string | undefined {
    if (/^[A-Za-z0-9_.-]+$/.test(stack) && stack !== "." && stack !== "..") return undefined;
    return `is not a stack name, got ${JSON.stringify(stack)}; stack names use letters, digits, '-', '_' and '.' (and are not "." or "..")`;
}
