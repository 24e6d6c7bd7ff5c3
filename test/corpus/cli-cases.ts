/**
 * Bad-input cases that are command lines only: `--out` targets that must never
 * be replaced, stack names that must not become paths, platform paths outside
 * the project, and flags with bad values. They run in the harness's sandbox
 * project (see harness.ts), never in the real checkout.
 *
 * Placeholders: {home} is the sandbox's $HOME, {project} the sandbox project's
 * absolute path. Stack `ok-local` (stacks/Pulumi.ok-local.yaml) is valid, so
 * for the `--out` cases only the out path can be the problem.
 */
export interface CliCase {
    name: string;
    area: "s1-out" | "stack-name" | "s3-paths" | "flags" | "s4-messages";
    why: string;
    args: string[];
    /** `path [@line] [~ text]` that some error line must match; see cases.ts. */
    expect?: string[];
    /** Patterns no stderr line may match. */
    forbid?: string[];
    /** A file some error line must name (the platform file, not the stack or the command line). */
    reportedIn?: string;
    /** Whether the program, evaluated directly, must also refuse the input (false when only the CLI is at fault). */
    direct: boolean;
}

const OUT = (name: string, out: string, why: string): CliCase => ({
    name: `out-${name}`, area: "s1-out", why: `§1 --out ${why} must be refused with nothing changed`,
    args: ["render", "--stack", "ok-local", "--out", out], direct: false,
});

export const CLI_CASES: CliCase[] = [
    OUT("dot", ".", "(the project root)"),
    OUT("empty", "", "\"\" (resolves to the project root)"),
    OUT("project-absolute", "{project}", "the project root by absolute path"),
    OUT("parent", "..", "(a parent of the project)"),
    OUT("root", "/", "/"),
    OUT("home", "{home}", "$HOME"),
    OUT("file", "README.md", "a file"),
    OUT("stacks", "stacks", "the stacks folder (non-empty, no render marker)"),
    OUT("non-empty", "userdir", "a non-empty folder without the marker"),
    OUT("node-modules-package", "node_modules/@pulumi", "an installed package"),
    OUT("inside-node-modules", "node_modules/kubeship-render", "a new path inside node_modules"),
    OUT("git", ".git", "the .git folder"),
    OUT("inside-git", ".git/kubeship", "a path inside .git"),
    OUT("examples", "examples", "a folder of platform files"),
    {
        name: "stack-dotdot", area: "stack-name", args: ["render", "--stack", ".."], direct: false,
        why: "§1 --stack .. with the default out path (out/..) replaces the project root; stack names are validated first",
        expect: ["--stack"],
    },
    {
        name: "stack-dot", area: "stack-name", args: ["render", "--stack", ".", "--out", "{out}"], direct: false,
        why: "§1 --stack . is not a stack name", expect: ["--stack"],
    },
    {
        name: "stack-slash", area: "stack-name", args: ["render", "--stack", "../stacks/Pulumi.ok-local", "--out", "{out}"], direct: false,
        why: "§1 a stack name with a slash", expect: ["--stack"],
    },
    {
        name: "stack-empty", area: "stack-name", args: ["render", "--stack", "", "--out", "{out}"], direct: false,
        why: "§1 an empty stack name", expect: ["--stack"],
    },
    {
        name: "stack-missing", area: "stack-name", args: ["render", "--stack", "no-such-stack", "--out", "{out}"], direct: false,
        why: "§1 a stack file must exist", expect: ["--stack ~ not found"],
    },
    {
        name: "config-missing", area: "s4-messages", args: ["render", "--config", "examples/guestbok.yaml", "--cloud", "aws", "--region", "us-east-1", "--out", "{out}"], direct: true,
        why: "§4 a missing --config file is reported as that file, not as (stack):1:1", expect: ["* ~ not found"], forbid: ["^\\(stack\\)"], reportedIn: "examples/guestbok.yaml",
    },
    {
        name: "config-directory", area: "s4-messages", args: ["render", "--config", "examples", "--cloud", "existing", "--out", "{out}"], direct: true,
        why: "a directory given as --config", expect: ["* ~ directory"], forbid: ["^\\(stack\\)"], reportedIn: "examples",
    },
    {
        name: "webapp-on-existing", area: "s4-messages", args: ["render", "--config", "examples/webapp.yaml", "--cloud", "existing", "--out", "{out}"], direct: true,
        why: "issue 13: the webapp example on an existing cluster, which has no cloud for its bucket and the worker's identity: refused at their lines",
        expect: ["app.buckets @47 ~ no cloud to create buckets", "app.tiers.worker.identity @101 ~ no cloud identity"], reportedIn: "examples/webapp.yaml",
    },
    {
        name: "config-outside-relative", area: "s3-paths", args: ["render", "--config", "../../../../../../../etc/passwd", "--cloud", "aws", "--region", "us-east-1", "--out", "{out}"], direct: true,
        why: "§3 a platform path outside the project is refused without quoting that file's contents", forbid: ["root:", "/bin/(ba)?sh"],
    },
    {
        name: "config-outside-absolute", area: "s3-paths", args: ["render", "--config", "/etc/passwd", "--cloud", "existing", "--out", "{out}"], direct: true,
        why: "§3 an absolute platform path is refused without quoting that file's contents", forbid: ["root:", "/bin/(ba)?sh"],
    },
    {
        name: "config-outside-sibling", area: "s3-paths", args: ["render", "--config", "../home/.profile", "--cloud", "existing", "--out", "{out}"], direct: true,
        why: "§3 a platform path in a sibling folder of the project", forbid: ["corpus-home-profile"],
    },
    {
        name: "validate-outside-absolute", area: "s3-paths", args: ["validate", "/etc/passwd"], direct: false,
        why: "§3 validate refuses an absolute path outside the project without quoting it", forbid: ["root:", "/bin/(ba)?sh"],
    },
    {
        name: "validate-outside-relative", area: "s3-paths", args: ["validate", "../../../../../../../etc/passwd", "--cloud", "aws", "--region", "us-east-1"], direct: false,
        why: "§3 validate refuses a relative path outside the project without quoting it", forbid: ["root:", "/bin/(ba)?sh"],
    },
    {
        name: "validate-missing", area: "s4-messages", args: ["validate", "examples/nope.yaml"], direct: false,
        why: "validate of a missing file names that file", expect: ["* ~ not found"], reportedIn: "examples/nope.yaml",
    },
    {
        name: "cloud-typo", area: "flags", args: ["render", "--config", "examples/guestbook.yaml", "--cloud", "gpc", "--out", "{out}"], direct: true,
        why: "--cloud gpc", expect: ["cluster.cloud ~ did you mean"],
    },
    {
        name: "env-typo", area: "flags", args: ["render", "--config", "examples/guestbook.yaml", "--cloud", "aws", "--region", "us-east-1", "--env", "production", "--out", "{out}"], direct: true,
        why: "--env production", expect: ["cluster.environment"],
    },
    {
        name: "region-spaces", area: "flags", args: ["render", "--config", "examples/guestbook.yaml", "--cloud", "azure", "--region", "west europe", "--out", "{out}"], direct: true,
        why: "--region \"west europe\"", expect: ["cluster.region"],
    },
    {
        name: "validate-cloud-typo", area: "flags", args: ["validate", "examples/shop.yaml", "--cloud", "amazon"], direct: false,
        why: "validate --cloud amazon", expect: ["cluster.cloud"],
    },
    {
        name: "command-typo", area: "flags", args: ["rendr", "--stack", "ok-local", "--out", "{out}"], direct: false,
        why: "issue 14 §5: an unknown command gets \"did you mean\"", expect: ["rendr ~ did you mean \"render\""],
    },
    {
        name: "flag-typo", area: "flags", args: ["render", "--stak", "ok-local", "--out", "{out}"], direct: false,
        why: "issue 14 §5: an unknown flag gets the nearest flag of its command", expect: ["--stak ~ did you mean --stack"],
    },
    {
        name: "validate-flag-typo", area: "flags", args: ["validate", "examples/shop.yaml", "--clod", "aws"], direct: false,
        why: "issue 14 §5: an unknown validate flag gets the nearest flag of validate", expect: ["--clod ~ did you mean --cloud"],
    },
    {
        name: "flag-without-value", area: "flags", args: ["render", "--out", "{out}", "--stack"], direct: false,
        why: "a flag without its value, in words rather than Node's parseArgs message", expect: ["--stack ~ needs a value"], forbid: ["ERR_PARSE_ARGS", "<value>"],
    },
    {
        name: "switch-with-value", area: "flags", args: ["render", "--stack", "ok-local", "--quiet=yes", "--out", "{out}"], direct: false,
        why: "a value given to a switch", expect: ["--quiet ~ takes no value"],
    },
    {
        name: "init-cloud-typo", area: "flags", args: ["init", "{out}", "--cloud", "gpc"], direct: false,
        why: "init --cloud gpc: refused with the closest cloud, nothing written", expect: ["--cloud ~ did you mean gcp"],
    },
    {
        name: "init-template-unknown", area: "flags", args: ["init", "{out}", "--cloud", "aws", "--template", "shop"], direct: false,
        why: "init --template shop (not a template)", expect: ["--template ~ web, guestbook, empty"],
    },
    {
        name: "init-over-project", area: "flags", args: ["init", ".", "--cloud", "aws"], direct: false,
        why: "init in a folder that holds a Pulumi project: refused, no file replaced", expect: [". ~ would overwrite Pulumi.yaml"],
    },
];
