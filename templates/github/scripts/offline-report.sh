#!/usr/bin/env bash
# Offline report for a pull request: renders every stack on BASE and on the
# checked-out commit (HEAD), diffs each pair with `kubeship diff`, adds the
# Mermaid diagram of each changed stack and writes one Markdown report.
# Needs no credentials. Used by .github/workflows/offline.yml; runs locally too:
#
#   .github/scripts/offline-report.sh origin/main report.md
#
# Renders go to out/head/<stack> and out/base/<stack>. A stack missing on one
# side (added or removed by the PR) is compared against an empty render.
# If package-lock.json is the same on both sides the base reuses node_modules;
# otherwise it runs `npm ci` in the base worktree.
#
# Env: TEST_OUTCOME (success|failure|skipped, optional) is reported as the
# `npm test` result.
# Exit: 0 report written; 1 report written but a head render or a diff failed
# (or the tests failed); 2 usage error.
set -euo pipefail

usage() { echo "usage: $0 BASE_REV [REPORT.md]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
base_rev="$1"
report="${2:-report.md}"

root="$(git rev-parse --show-toplevel)"
cd "$root"
base_sha="$(git rev-parse --verify --quiet "${base_rev}^{commit}")" || { echo "not a commit: $base_rev" >&2; exit 2; }
head_sha="$(git rev-parse HEAD)"
mkdir -p "$(dirname "$report")"
report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

out="$root/out"
rm -rf "$out/head" "$out/base" "$out/diff"
mkdir -p "$out/head" "$out/base" "$out/diff"

work="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kubeship-base.XXXXXX")"
base_dir="$work/base"
cleanup() {
    git -C "$root" worktree remove --force "$base_dir" >/dev/null 2>&1 || true
    rm -rf "$work"
    git -C "$root" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT
git worktree add --detach "$base_dir" "$base_sha" >/dev/null 2>&1

base_note=""
if [[ -f "$base_dir/package-lock.json" ]] && cmp -s "$root/package-lock.json" "$base_dir/package-lock.json" && [[ -d "$root/node_modules" ]]; then
    ln -s "$root/node_modules" "$base_dir/node_modules"
elif [[ -f "$base_dir/package-lock.json" ]]; then
    if ! (cd "$base_dir" && npm ci --no-audit --no-fund --loglevel=error) >"$out/diff/base-npm-ci.log" 2>&1; then
        base_note="\`npm ci\` failed on the base commit: every stack is compared against an empty render."
    fi
fi

# An empty render: what a stack that does not exist looks like.
empty_render() {
    mkdir -p "$1"
    printf '[]\n' > "$1/resources.json"
    : > "$1/manifests.yaml"
    : > "$1/diagram.mmd"
}

# render DIR STACK DEST LOG -> prints ok | missing | failed
render() {
    local dir="$1" stack="$2" dest="$3" log="$4"
    if [[ ! -f "$dir/stacks/Pulumi.$stack.yaml" ]]; then
        empty_render "$dest"; echo missing; return
    fi
    if (cd "$dir" && npx --no-install kubeship render --stack "$stack" --out "$dest" --quiet) >"$log" 2>&1; then
        echo ok
    else
        empty_render "$dest"; echo failed
    fi
}

# Every stack on either side, sorted.
mapfile -t stacks < <(
    for f in "$root"/stacks/Pulumi.*.yaml "$base_dir"/stacks/Pulumi.*.yaml; do
        [[ -f "$f" ]] || continue
        f="${f##*/Pulumi.}"; printf '%s\n' "${f%.yaml}"
    done | LC_ALL=C sort -u
)

failed=0
rows=""
sections=""
fence() { printf '```%s\n%s\n```\n' "$1" "$2"; }
tail_of() { tail -n 40 "$1" | sed 's/\x1b\[[0-9;]*m//g'; }

for s in "${stacks[@]}"; do
    head_state="$(render "$root" "$s" "$out/head/$s" "$out/diff/$s.head.log")"
    base_state="$(render "$base_dir" "$s" "$out/base/$s" "$out/diff/$s.base.log")"
    note=""
    [[ "$base_state" == failed ]] && note=" (base render failed: compared against empty)"

    if [[ "$head_state" == failed ]]; then
        failed=1
        rows+="| \`$s\` | ❌ render failed |"$'\n'
        sections+=$'\n'"### \`$s\`: render failed"$'\n\n'"$(fence text "$(tail_of "$out/diff/$s.head.log")")"$'\n'
        continue
    fi

    rc=0
    npx --no-install kubeship diff "$out/base/$s" "$out/head/$s" --title "$s" >"$out/diff/$s.md" 2>"$out/diff/$s.err" || rc=$?
    # Exit 1 means "changes" only with a report on stdout and no internal error.
    if [[ $rc -eq 1 ]] && { [[ ! -s "$out/diff/$s.md" ]] || grep -q 'internal error' "$out/diff/$s.err"; }; then rc=3; fi
    case "$rc" in
        0)
            rows+="| \`$s\` | no changes$note |"$'\n' ;;
        1)
            label="changed"
            [[ "$base_state" == missing ]] && label="added"
            [[ "$head_state" == missing ]] && label="removed"
            rows+="| \`$s\` | **$label**$note |"$'\n'
            sections+=$'\n'"$(cat "$out/diff/$s.md")"$'\n'
            if [[ -s "$out/head/$s/diagram.mmd" ]]; then
                sections+=$'\n'"<details><summary>Diagram of <code>$s</code> after this PR</summary>"$'\n\n'"$(fence mermaid "$(cat "$out/head/$s/diagram.mmd")")"$'\n'"</details>"$'\n'
            fi ;;
        *)
            failed=1
            rows+="| \`$s\` | ❌ diff failed (exit $rc) |"$'\n'
            sections+=$'\n'"### \`$s\`: diff failed (exit $rc)"$'\n\n'"$(fence text "$(tail_of "$out/diff/$s.err")")"$'\n' ;;
    esac
done

case "${TEST_OUTCOME:-}" in
    success) tests="✅ \`npm test\` passed." ;;
    failure) tests="❌ \`npm test\` failed: see the workflow log."; failed=1 ;;
    "") tests="" ;;
    *) tests="⚠️ \`npm test\`: ${TEST_OUTCOME}." ;;
esac

{
    echo "<!-- kubeship-offline -->"
    echo "## kubeship offline check"
    echo
    echo "Every stack rendered offline (\`kubeship render\`, no cloud credentials) on \`${head_sha:0:12}\` and on the base \`${base_sha:0:12}\`, compared with \`kubeship diff\`."
    echo
    [[ -n "$tests" ]] && { echo "$tests"; echo; }
    [[ -n "$base_note" ]] && { echo "⚠️ $base_note"; echo; }
    echo "| Stack | Result |"
    echo "|---|---|"
    printf '%s' "$rows"
    printf '%s' "$sections"
} > "$report"

echo "wrote $report"
exit "$failed"
