#!/usr/bin/env bash
# `cicd changelog` with the action's inputs: the notes, version and tags as
# outputs, the section in the step summary.
set -euo pipefail
# shellcheck disable=SC1091 # show.sh beside it, linted on its own
. "$(dirname "$0")/../show.sh"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() {
  printf '::error title=changelog::%s\n' "$1"
  exit 1
}

args=(changelog)
case "${INPUT_MODE:-next}" in
  next) ;;
  unreleased) args+=(--unreleased) ;;
  all)
    [ -z "${INPUT_PREPEND:-}" ] || fail "prepend is for the next release's section; with mode: all, give output"
    [ -z "${INPUT_VERSION:-}" ] || fail "version is for one release's section; mode: all takes every version from the tags"
    args+=(--all --output "${INPUT_OUTPUT:-CHANGELOG.md}")
    ;;
  *) fail "mode is \`$INPUT_MODE\`; expected \`next\`, \`unreleased\` or \`all\`" ;;
esac
option() {
  # `--flag value` when the input is set.
  if [ -n "$2" ]; then
    args+=("$1" "$2")
  fi
}
option --release-type "${INPUT_RELEASE_TYPE:-}"
option --path "${INPUT_PATH:-}"
option --component "${INPUT_COMPONENT:-}"
option --config "${INPUT_CONFIG_FILE:-}"
option --version "${INPUT_VERSION:-}"
option --template "${INPUT_TEMPLATE:-}"
option --repository-url "${INPUT_REPOSITORY_URL:-}"
option --prepend "${INPUT_PREPEND:-}"
if [ "${INPUT_MODE:-next}" != all ]; then
  args+=(--github-output "$GITHUB_OUTPUT")
fi

# The whole history and the tags: the last release is found from them.
CICD_HISTORY_TAGS=true bash "$here/../history.sh" changelog

section="$(mktemp)"
status=0
cicd "${args[@]}" >"$section" || status=$?
[ "$status" = 0 ] || { rm -f "$section"; fail "cicd changelog failed (exit $status); its message is above"; }

file=""
if [ "${INPUT_MODE:-next}" = all ]; then
  file="${INPUT_OUTPUT:-CHANGELOG.md}"
elif [ -n "${INPUT_OUTPUT:-}" ]; then
  cp "$section" "$INPUT_OUTPUT"
  file="$INPUT_OUTPUT"
elif [ -n "${INPUT_PREPEND:-}" ]; then
  file="$INPUT_PREPEND"
fi
printf 'file=%s\n' "$file" >>"$GITHUB_OUTPUT"
show "$section"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ "${INPUT_MODE:-next}" = all ]; then
    tick='`'
    printf '### Changelog\n\nWrote %s.\n' "$tick$file$tick" >>"$GITHUB_STEP_SUMMARY"
  else
    cat "$section" >>"$GITHUB_STEP_SUMMARY"
  fi
fi
rm -f "$section"
