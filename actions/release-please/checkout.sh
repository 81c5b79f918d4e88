#!/usr/bin/env bash
# The repository the release is read from: the job's workspace when it is a
# checkout with full history (`actions/checkout` with `fetch-depth: 0`), else
# the target branch and the tags fetched (without file contents until
# needed) into a directory of the runner's. Outputs `dir`, `repository`,
# `target-branch` and `clone` (true for the directory of the runner's). The
# token is given to each git process through its environment, never written
# to a git config that outlives the step (see auth.sh).
set -euo pipefail

fail() {
  printf '::error title=release-please::%s\n' "$1"
  exit 1
}

[ -n "${INPUT_TOKEN:-}" ] || fail "the token input is empty: give \`token: \${{ secrets.GITHUB_TOKEN }}\` or a personal token"
repository="${INPUT_REPO_URL:-${GITHUB_REPOSITORY:-}}"
case "$repository" in
  */*) ;;
  *) fail "repo-url is \`$repository\`; expected \`owner/name\`" ;;
esac
target="${INPUT_TARGET_BRANCH:-${DEFAULT_BRANCH:-}}"
target="${target:-main}"

workspace="${GITHUB_WORKSPACE:-$PWD}"
if git -C "$workspace" rev-parse --git-dir >/dev/null 2>&1 \
  && [ "$(git -C "$workspace" rev-parse --is-shallow-repository)" = false ]; then
  dir="$workspace"
  clone=false
  printf 'reading the checkout in %s\n' "$dir"
else
  server="${GITHUB_SERVER_URL:-https://github.com}"
  dir="${RUNNER_TEMP:-$(mktemp -d)}/cicd-release-please"
  rm -rf "$dir"
  git init -q "$dir"
  # shellcheck disable=SC1091 # auth.sh beside it, linted on its own
  . "$(dirname "$0")/../auth.sh"
  git -C "$dir" remote add origin "$server/$repository.git"
  git -C "$dir" fetch --quiet --filter=blob:none --tags origin "+refs/heads/$target:refs/remotes/origin/$target" \
    || fail "could not fetch branch \`$target\` of $server/$repository: check target-branch and that the token can read the repository"
  git -C "$dir" checkout --quiet --detach "refs/remotes/origin/$target"
  printf 'fetched %s of %s into %s\n' "$target" "$repository" "$dir"
  clone=true
fi

{
  printf 'dir=%s\n' "$dir"
  printf 'repository=%s\n' "$repository"
  printf 'target-branch=%s\n' "$target"
  printf 'clone=%s\n' "$clone"
} >>"$GITHUB_OUTPUT"
