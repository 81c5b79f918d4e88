#!/usr/bin/env bash
# `cicd release-pr --preview` with the action's inputs: the preview to the
# step summary, one comment on the pull request, `releasable` and `preview`
# as outputs. The pull request's title, body and number come from the event
# (GITHUB_EVENT_PATH), read by cicd itself: never through the shell.
set -euo pipefail

fail() {
  printf '::error title=release-preview::%s\n' "$1"
  exit 1
}

[ -n "${INPUT_BASE:-}" ] || fail "no base commit: run on a pull_request event, or give the base input"
case "${INPUT_MERGE_METHOD:-squash}" in
  squash | merge | rebase) ;;
  *) fail "merge-method is \`$INPUT_MERGE_METHOD\`; expected squash, merge or rebase" ;;
esac

unset GH_TOKEN GITHUB_TOKEN
if [ -n "${INPUT_GITHUB_API_URL:-}" ]; then
  export GITHUB_API_URL="$INPUT_GITHUB_API_URL"
fi
args=(release-pr --preview --base "$INPUT_BASE" --merge-method "${INPUT_MERGE_METHOD:-squash}"
  --squash-title "${INPUT_SQUASH_TITLE:-commit-or-pr-title}"
  --squash-message "${INPUT_SQUASH_MESSAGE:-commit-messages}"
  --github-output "$GITHUB_OUTPUT")
if [ -n "${INPUT_HEAD:-}" ]; then
  args+=(--head "$INPUT_HEAD")
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  args+=(--step-summary "$GITHUB_STEP_SUMMARY")
fi
case "${INPUT_COMMENT:-true}" in
  true)
    if [ -n "${INPUT_TOKEN:-}" ]; then
      export GITHUB_TOKEN="$INPUT_TOKEN"
      args+=(--comment)
    fi
    ;;
  false) ;;
  *) fail "comment is \`$INPUT_COMMENT\`; expected true or false" ;;
esac
if [ -n "${GITHUB_SERVER_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  args+=(--repository-url "${GITHUB_SERVER_URL%/}/$GITHUB_REPOSITORY")
fi

if [ -n "${INPUT_TOKEN:-}" ]; then
  # The history may have been fetched without file contents: git fetches
  # them as cicd reads them, authenticated for this step only.
  # shellcheck disable=SC1091 # auth.sh beside it, linted on its own
  . "$(dirname "$0")/../auth.sh"
fi
cicd "${args[@]}" || fail "cicd could not preview the release; its message is above"
