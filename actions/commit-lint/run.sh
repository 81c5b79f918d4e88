#!/usr/bin/env bash
# `cicd lint` on the title and on the range with the action's inputs:
# annotations in the log, the verdicts in the step summary, `passed` and
# `range` as outputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() {
  printf '::error title=commit-lint::%s\n' "$1"
  exit 1
}

zeros=0000000000000000000000000000000000000000
range="${INPUT_RANGE:-}"
if [ "${INPUT_COMMITS:-true}" = true ] && [ -z "$range" ]; then
  if [ -n "${PULL_REQUEST_HEAD:-}" ]; then
    range="$PULL_REQUEST_BASE..$PULL_REQUEST_HEAD"
  elif [ -n "${MERGE_GROUP_HEAD:-}" ]; then
    range="$MERGE_GROUP_BASE..$MERGE_GROUP_HEAD"
  elif [ -n "${PUSH_AFTER:-}" ] && [ "$PUSH_AFTER" != "$zeros" ]; then
    if [ -z "${PUSH_BEFORE:-}" ] || [ "$PUSH_BEFORE" = "$zeros" ]; then
      # A new branch: its tip (what it shares with others was linted there).
      range="$PUSH_AFTER^!"
    else
      range="$PUSH_BEFORE..$PUSH_AFTER"
    fi
  else
    fail "no commits to lint for a ${GITHUB_EVENT_NAME:-local} event: give the range input, or commits: false"
  fi
fi
case "${INPUT_COMMITS:-true}" in
  true) ;;
  false) range="" ;;
  *) fail "commits is \`$INPUT_COMMITS\`; expected \`true\` or \`false\`" ;;
esac
[ -n "$range" ] || [ -n "${INPUT_TITLE:-}" ] \
  || fail "nothing to lint: no title (not a pull request?) and commits: false"

config=()
if [ -n "${INPUT_CONFIG:-}" ]; then
  config=(--config "$INPUT_CONFIG")
fi

summary=()
failed=false
# Lint with `cicd`, its annotations to the log; the verdict line to the summary.
lint() {
  local what="$1" log status=0
  shift
  log="$(mktemp)"
  cicd --format github lint ${config[@]+"${config[@]}"} "$@" >"$log" || status=$?
  cat "$log"
  case "$status" in
    0) ;;
    1) failed=true ;;
    *) rm -f "$log"; fail "cicd lint could not read $what (exit $status); its message is above" ;;
  esac
  summary+=("| $what | $(tail -n 1 "$log") |")
  rm -f "$log"
}

if [ -n "${INPUT_TITLE:-}" ]; then
  lint "the title" --message="$INPUT_TITLE"
fi
if [ -n "$range" ]; then
  # Both ends of the range, and the history between them, in the checkout.
  ends=()
  IFS=' ' read -r -a ends <<<"$(printf '%s' "$range" | sed -e 's/\^!$//' -e 's/\.\.\.*/ /')"
  bash "$here/../history.sh" commit-lint "${ends[@]}"
  lint "the commits \`$range\`" --range="$range"
fi

{
  printf 'passed=%s\n' "$([ "$failed" = false ] && echo true || echo false)"
  printf 'range=%s\n' "$range"
} >>"$GITHUB_OUTPUT"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    printf '### Conventional Commits\n\n| messages | verdict |\n|---|---|\n'
    printf '%s\n' "${summary[@]}"
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$failed" = true ]; then
  fail "messages break the Conventional Commits rules; the annotations above say which and why"
fi
