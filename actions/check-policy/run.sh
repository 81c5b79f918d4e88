#!/usr/bin/env bash
# `cicd checks lint` or `cicd checks evaluate` with the action's inputs:
# annotations in the log, the table in the step summary, `passed` as output.
set -euo pipefail

fail() {
  printf '::error title=check-policy::%s\n' "$1"
  exit 1
}

case "${INPUT_MODE:-lint}" in
  lint)
    args=(--format github checks lint --policy "$INPUT_POLICY" --workflows "$INPUT_WORKFLOWS")
    ;;
  evaluate | wait)
    sha="${INPUT_SHA:-${PULL_REQUEST_HEAD:-${GITHUB_SHA:-}}}"
    [ -n "$sha" ] || fail "no commit to evaluate: give the sha input"
    [ -n "${INPUT_TOKEN:-}" ] || fail "the token input is empty: evaluating reads the commit's checks from GitHub"
    export GITHUB_TOKEN="$INPUT_TOKEN"
    unset GH_TOKEN
    if [ -n "${INPUT_GITHUB_API_URL:-}" ]; then
      export GITHUB_API_URL="$INPUT_GITHUB_API_URL"
    fi
    args=(--format github checks evaluate --policy "$INPUT_POLICY" --sha "$sha")
    if [ "$INPUT_MODE" = wait ]; then
      args+=(--wait --timeout "$INPUT_TIMEOUT")
    fi
    ;;
  *) fail "mode is \`$INPUT_MODE\`; expected \`lint\`, \`evaluate\` or \`wait\`" ;;
esac

status=0
cicd "${args[@]}" || status=$?
case "$status" in
  0) printf 'passed=true\n' >>"$GITHUB_OUTPUT" ;;
  1)
    printf 'passed=false\n' >>"$GITHUB_OUTPUT"
    fail "the required-check policy is not met; the annotations above say where"
    ;;
  *) fail "cicd checks could not run (exit $status); its message is above" ;;
esac
