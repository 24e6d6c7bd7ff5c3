/**
 * What `kubeship --help`, `kubeship help CMD` and `kubeship CMD --help` print:
 * one text per command, each ending with the exit codes.
 */

export const EXIT_CODES = `Exit codes:
  0  success (diff: the renders are equal)
  1  diff only: the renders differ
  2  bad input or a bad command line (every problem listed; nothing written)
  3  internal error, a bug in kubeship (KUBESHIP_DEBUG=1 prints its stack trace)
`;

const COMMAND_USAGE = {
    init: `Usage:
  kubeship init [DIR] --cloud aws|gcp|azure|existing[,...] [--env dev,staging,prod] [--template web|guestbook|empty] [--name NAME]

Scaffolds a Pulumi project over the kubeship package in DIR (default the current folder):
Pulumi.yaml, an index.ts over kubeship/program, platform.yaml from the template, one
stacks/Pulumi.<env>-<cloud>.yaml per cloud and environment, .gitignore, the CI workflows
(.github/), and package.json and tsconfig.json unless DIR has them. It never overwrites a
file: if any file it would write exists, it writes nothing (exit 2) and names them.

Flags:
      --cloud CLOUDS  aws, gcp, azure or existing; several comma-separated
      --env ENVS      dev, staging, prod, comma-separated (default all three)
  -t, --template T    web (default: a public web server and an API), guestbook or empty
      --name NAME     the Pulumi project name (default DIR's name)
  -h, --help          this help
`,
    render: `Usage:
  kubeship render --stack NAME [--cluster-outputs FILE] [--out DIR] [--quiet]
  kubeship render --config FILE --cloud aws|gcp|azure|existing [--region R] [--env dev|staging|prod] [--out DIR] [--quiet]

Evaluates the project's Pulumi program (Pulumi.yaml's main in the current folder; outside
a project, kubeship's own) offline (no cloud account, no Pulumi CLI) and writes
resources.json, manifests.yaml and diagram.mmd to --out (default out/<stack>).
Warnings (a plaintext secret in the stack file, a $(VAR) no variable defines, a pool
no tier can use) go to stderr and do not change the exit code. On a terminal, a render
that takes over 2 s shows "rendering <stack>… (Ns)" on stderr until it ends.

Flags:
  -s, --stack NAME    render stacks/Pulumi.NAME.yaml, as pulumi up would
  -c, --config FILE   render a platform file without a stack (needs --cloud)
      --cloud CLOUD   aws, gcp, azure or existing (with --config)
      --region R      the cloud region (with --config; default per cloud)
      --env ENV       dev, staging or prod (with --config; default dev)
  -o, --out DIR       where to write; replaced only if it holds an earlier render
      --cluster-outputs FILE  an app stack's cluster stack outputs (default: out/<cluster stack>/outputs.json)
  -q, --quiet         print nothing on success but warnings
  -h, --help          this help
`,
    validate: `Usage:
  kubeship validate FILE [--cloud CLOUD] [--region R] [--env ENV]

Checks a platform file and prints every problem with its position (as for an existing
cluster unless --cloud is given), then warnings, if any, on stderr.

Flags:
      --cloud CLOUD   aws, gcp, azure or existing
      --region R      the cloud region
      --env ENV       dev, staging or prod
  -h, --help          this help
`,
    diff: `Usage:
  kubeship diff OLD_DIR NEW_DIR [--format markdown|json] [--title TEXT]

Compares two renders: resources to add, change (marking replacements) and delete, as
Markdown for a PR comment. Renders of two different stacks are not compared: that is
reported as bad input (exit 2), naming both stacks.

Flags:
  -f, --format F      markdown (default) or json
  -t, --title TEXT    the report's heading
  -h, --help          this help
`,
    estimate: `Usage:
  kubeship estimate --stack NAME [--format markdown|json]
  kubeship estimate --from DIR [--format markdown|json]

Simulates a pulumi up from scratch with documented creation times per resource type:
the total, the unavoidable chain, the critical path and a Mermaid gantt chart.

Flags:
  -s, --stack NAME    render the stack first
      --from DIR      read DIR/resources.json of an earlier render
      --format F      markdown (default) or json
  -h, --help          this help
`,
    names: `Usage:
  kubeship names [STACK ...]

Renders the stacks (all of stacks/ by default) as if they shared one account, and lists
every name two resources would both take where the cloud keeps names unique (exit 2).

Flags:
  -h, --help          this help
`,
    schema: `Usage:
  kubeship schema

Prints the JSON Schema of platform files (committed as schema/kubeship.schema.json).

Flags:
  -h, --help          this help
`,
    version: `Usage:
  kubeship version
  kubeship --version

Prints kubeship's version.
`,
    help: `Usage:
  kubeship help [COMMAND]

Prints the usage of kubeship, or of one command (the same as kubeship COMMAND --help).
`,
} as const;

export type Command = keyof typeof COMMAND_USAGE;
export const COMMANDS = Object.keys(COMMAND_USAGE) as Command[];

export const isCommand = (name: string): name is Command => Object.hasOwn(COMMAND_USAGE, name);

/** A command's usage, with the exit codes. */
export function commandUsage(command: Command): string {
    return `kubeship ${command} — ${SUMMARY[command]}\n\n${COMMAND_USAGE[command]}\n${EXIT_CODES}`;
}

const SUMMARY: Record<Command, string> = {
    init: "scaffold a project that uses kubeship as a package",
    render: "evaluate the program offline and write what pulumi up would create",
    validate: "check a platform file",
    diff: "compare two renders",
    estimate: "estimate how long a pulumi up from scratch takes",
    names: "find cloud names two stacks would both take",
    schema: "print the JSON Schema of platform files",
    version: "print the version",
    help: "print help",
};

export const USAGE = `kubeship — one YAML file to a Kubernetes platform, through Pulumi.

Usage:
  kubeship COMMAND [flags]
  kubeship help COMMAND      (or kubeship COMMAND --help)
  kubeship --version

Commands:
${COMMANDS.map((c) => `  ${c.padEnd(10)} ${SUMMARY[c]}`).join("\n")}

Colour: on stderr, only on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 forces it.

${EXIT_CODES}`;

/** What a bad command line prints: one positioned line, as any bad input, that says where the usage is. */
export function usageErrorText(command: Command | undefined, message: string, at?: string): string {
    const help = command === undefined || command === "help" ? "kubeship help lists the commands" : `kubeship ${command} --help shows its usage`;
    return `(command line):1:1 ${at ?? command ?? "(command)"}: ${message} (${help})\n`;
}
