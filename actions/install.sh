#!/usr/bin/env bash
# Get the `cicd` binary for one of this repository's actions, and put it on
# the job's PATH. In order:
#   1. a `cicd` already on PATH that is the action's version;
#   2. one installed by an earlier step of the job (the tool cache);
#   3. the release asset for the runner's OS and architecture, from the
#      action's own repository and ref: its sha256 checked against the
#      release's `checksums.txt` (a corrupt download), then its
#      build-provenance attestation verified with `gh attestation verify`,
#      signed by this repository's release workflow (a replaced asset: who
#      can replace an asset can replace checksums.txt, and tags move); never
#      run unverified. Without `gh` or a token (GH_TOKEN) to verify with,
#      the asset is not used;
#   4. a build from the action's own source with cargo.
# It says which it took, and fails with an `::error::` naming what to do.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

fail() {
  printf '::error title=cicd install::%s\n' "$1"
  exit 1
}

# The action's version: the workspace version in its Cargo.toml.
want="$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
[ -n "$want" ] || fail "no version in $root/Cargo.toml: is this a checkout of cicd-core?"

have_version() {
  # `cicd --version` prints `cicd X.Y.Z`.
  [ -x "$1" ] && [ "$("$1" --version 2>/dev/null)" = "cicd $want" ]
}

publish() {
  # Make `cicd` in directory $1 the one later steps run.
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$1" >>"$GITHUB_PATH"
  fi
  printf 'cicd %s: %s (%s)\n' "$want" "$1/cicd" "$2"
}

# Exit 0 when the asset $1 carries a build-provenance attestation signed by
# the release workflow of the action's repository; 2 when it does not; 1 when
# it cannot be checked here (no gh, no token).
verify_provenance() {
  command -v gh >/dev/null || return 1
  [ -n "${GH_TOKEN:-}${GITHUB_TOKEN:-}" ] || return 1
  local host
  host="${GITHUB_SERVER_URL:-https://github.com}"
  host="${host#*://}"
  local args=(attestation verify "$1" --repo "$repository"
    --signer-workflow "$repository/.github/workflows/release.yml")
  case "$host" in
    github.com | '') ;;
    *) args+=(--hostname "$host") ;;
  esac
  if gh "${args[@]}" >/dev/null; then
    return 0
  fi
  return 2
}

# 1. Already there.
if found="$(command -v cicd)" && have_version "$found"; then
  printf 'cicd %s: %s (already on PATH)\n' "$want" "$found"
  exit 0
fi

# The runner's target.
case "$(uname -s)" in
  Linux) os="unknown-linux-gnu" ;;
  Darwin) os="apple-darwin" ;;
  *) fail "no cicd build for $(uname -s): the actions run on Linux and macOS runners" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch="x86_64" ;;
  aarch64 | arm64) arch="aarch64" ;;
  *) fail "no cicd build for the $(uname -m) architecture: use an x86_64 or aarch64 runner" ;;
esac
target="$arch-$os"

cache="${RUNNER_TOOL_CACHE:-${HOME:-/tmp}/.cache}/cicd/$want/$target"
bin="$cache/bin"

# 2. Installed earlier in this job.
if have_version "$bin/cicd"; then
  publish "$bin" "from the tool cache"
  exit 0
fi

# 3. The release asset, for an action used as `owner/repo/actions/x@ref`.
repository="${GITHUB_ACTION_REPOSITORY:-}"
ref="${GITHUB_ACTION_REF:-}"
if [ -n "$repository" ] && [ -n "$ref" ]; then
  server="${GITHUB_SERVER_URL:-https://github.com}"
  base="$server/$repository/releases/download/$ref"
  asset="cicd-$target.tar.gz"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # yes: checked both ways; no: could not be checked here; empty: no asset.
  verified=""
  if curl -fsSL --retry 3 -o "$work/$asset" "$base/$asset" \
    && curl -fsSL --retry 3 -o "$work/checksums.txt" "$base/checksums.txt"; then
    expected="$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1 }' "$work/checksums.txt")"
    [ -n "$expected" ] || fail "checksums.txt of $repository@$ref lists no $asset: the release is incomplete; use another ref"
    if command -v sha256sum >/dev/null; then
      actual="$(sha256sum "$work/$asset" | awk '{ print $1 }')"
    else
      actual="$(shasum -a 256 "$work/$asset" | awk '{ print $1 }')"
    fi
    [ "$actual" = "$expected" ] || fail "$asset of $repository@$ref has sha256 $actual, but checksums.txt says $expected: not running it; report this to the maintainers"
    if verify_provenance "$work/$asset"; then
      verified=yes
    else
      case $? in
        2) fail "$asset of $repository@$ref has no build-provenance attestation signed by $repository/.github/workflows/release.yml: not running it; report this to the maintainers" ;;
        *) verified=no ;;
      esac
    fi
  fi
  if [ "$verified" = yes ]; then
    mkdir -p "$bin"
    tar -xzf "$work/$asset" -C "$bin" cicd
    have_version "$bin/cicd" || fail "$asset of $repository@$ref is not cicd $want"
    publish "$bin" "release asset $asset of $repository@$ref, sha256 and build provenance verified"
    exit 0
  fi
  if [ "$verified" = no ]; then
    printf '::notice title=cicd install::gh or a token (GH_TOKEN) is missing to verify the build provenance of %s; building from source\n' "$asset"
  else
    printf '::notice title=cicd install::no release asset %s at %s; building from source\n' "$asset" "$base"
  fi
fi

# 4. From source.
if ! command -v cargo >/dev/null; then
  fail "no release asset for this ref and no cargo to build cicd $want from source: use a released ref (owner/repo/actions/x@vX.Y.Z), or install Rust first (for example with dtolnay/rust-toolchain)"
fi
cargo install --locked --quiet --path "$root" --root "$cache" --bin cicd \
  || fail "cargo could not build cicd $want from $root"
have_version "$bin/cicd" || fail "the build of $root did not give cicd $want"
publish "$bin" "built from source with cargo"
