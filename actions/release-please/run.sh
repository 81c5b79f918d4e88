#!/usr/bin/env bash
# One half of the action: `cicd release` (CICD_COMMAND=release) or
# `cicd release-pr`, with the action's inputs turned into flags. The outputs
# go to $GITHUB_OUTPUT, what happened to the step summary.
set -euo pipefail
# shellcheck disable=SC1091 # show.sh beside it, linted on its own
. "$(dirname "$0")/../show.sh"

fail() {
  printf '::error title=release-please::%s\n' "$1"
  exit 1
}

export GITHUB_TOKEN="$INPUT_TOKEN"
unset GH_TOKEN
if [ -n "${INPUT_GITHUB_API_URL:-}" ]; then
  export GITHUB_API_URL="$INPUT_GITHUB_API_URL"
fi
if [ -n "${INPUT_PROXY_SERVER:-}" ]; then
  export HTTPS_PROXY="http://$INPUT_PROXY_SERVER"
fi
host="${INPUT_CHANGELOG_HOST:-${GITHUB_SERVER_URL:-https://github.com}}"

args=(--repository "$REPOSITORY" --target-branch "$TARGET_BRANCH" --github-output "$GITHUB_OUTPUT")
if [ -n "${INPUT_RELEASE_TYPE:-}" ]; then
  # One package, no configuration file: Release Please's `release-type` mode.
  args+=(--no-config --release-type "$INPUT_RELEASE_TYPE" --include-component-in-tag "${INPUT_INCLUDE_COMPONENT_IN_TAG:-false}")
  if [ -n "${INPUT_PATH:-}" ]; then
    args+=(--path "$INPUT_PATH")
  fi
else
  args+=(--config "$INPUT_CONFIG_FILE")
  if [ "$CICD_COMMAND" = release-pr ]; then
    args+=(--manifest "$INPUT_MANIFEST_FILE")
  fi
fi
if [ "$CICD_COMMAND" = release-pr ]; then
  args+=(--repository-url "${host%/}/$REPOSITORY")
  case "${INPUT_FORK:-false}" in
    true) args+=(--fork) ;;
    false | '') ;;
    *) fail "fork must be true or false, not '$INPUT_FORK'" ;;
  esac
fi

cd "$REPOSITORY_DIR"
if [ "${REPOSITORY_CLONE:-false}" = true ]; then
  # Our clone, fetched without file contents: git fetches them as cicd
  # reads them, authenticated for this step only.
  # shellcheck disable=SC1091 # auth.sh beside it, linted on its own
  . "$GITHUB_ACTION_PATH/../auth.sh"
fi
report="$(mktemp)"
status=0
cicd "$CICD_COMMAND" "${args[@]}" >"$report" || status=$?
show "$report"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$CICD_COMMAND" = release ] && [ -s "$report" ]; then
  {
    printf '### Releases\n\n'
    sed 's/^/- /' "$report"
    printf '\n'
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$CICD_COMMAND" = release-pr ]; then
  grep '^pull request #' "$report" | sed 's/^/### /' >>"$GITHUB_STEP_SUMMARY" || true
fi
rm -f "$report"
[ "$status" = 0 ] || fail "cicd $CICD_COMMAND failed (exit $status); its message is above"
