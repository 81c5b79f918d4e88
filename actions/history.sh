#!/usr/bin/env bash
# Make sure the job's checkout has the history an action reads: every
# revision given as an argument, and the whole history when it is shallow
# (`actions/checkout` fetches one commit by default). Missing history is
# fetched from `origin` without file contents (`--filter=blob:none`), with
# the tags when CICD_HISTORY_TAGS=true, authenticated with INPUT_TOKEN for
# this one fetch only (nothing is written to the repository's config).
# Usage: history.sh TITLE [REVISION...]
set -euo pipefail

title="$1"
shift
fail() {
  printf '::error title=%s::%s\n' "$title" "$1"
  exit 1
}

git rev-parse --git-dir >/dev/null 2>&1 \
  || fail "$PWD is not a git checkout: add an actions/checkout step before this action"

missing=()
for revision in "$@"; do
  git cat-file -e "$revision^{commit}" 2>/dev/null || missing+=("$revision")
done
shallow="$(git rev-parse --is-shallow-repository)"
if [ "$shallow" = false ] && [ "${#missing[@]}" = 0 ]; then
  exit 0
fi

git remote get-url origin >/dev/null 2>&1 \
  || fail "the checkout is shallow or lacks ${missing[*]:-history}, and has no origin remote to fetch it from: check out with fetch-depth: 0"
args=(fetch --quiet --filter=blob:none)
if [ "$shallow" = true ]; then
  args+=(--unshallow)
fi
if [ "${CICD_HISTORY_TAGS:-false}" = true ]; then
  args+=(--tags)
else
  args+=(--no-tags)
fi
args+=(origin)
if [ "${#missing[@]}" = 0 ]; then
  args+=(HEAD)
else
  args+=("${missing[@]}")
fi

if [ -n "${INPUT_TOKEN:-}" ]; then
  # Given to this git process only, through its environment.
  # shellcheck disable=SC1091 # auth.sh beside it, linted on its own
  . "$(dirname "$0")/auth.sh"
fi
printf 'fetching the history from origin (shallow: %s; missing: %s)\n' "$shallow" "${missing[*]:-none}"
git "${args[@]}" \
  || fail "could not fetch the history from origin: check out with fetch-depth: 0, or give a token that can read the repository"
for revision in "${missing[@]}"; do
  git cat-file -e "$revision^{commit}" 2>/dev/null \
    || fail "$revision is not in origin's history after fetching it"
done
