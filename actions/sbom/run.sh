#!/usr/bin/env bash
# `cicd sbom` with the action's inputs; the file's path and SHA-256 as
# outputs, the summary in the step summary.
set -euo pipefail
# shellcheck disable=SC1091 # show.sh beside it, linted on its own
. "$(dirname "$0")/../show.sh"

fail() {
  printf '::error title=sbom::%s\n' "$1"
  exit 1
}

case "${INPUT_FORMAT:-cyclonedx}" in
  cyclonedx) extension=cdx.json ;;
  spdx) extension=spdx.json ;;
  *) fail "format is \`${INPUT_FORMAT}\`; expected \`cyclonedx\` or \`spdx\`" ;;
esac
output="${INPUT_OUTPUT:-sbom.$extension}"
args=(--format "$INPUT_FORMAT" sbom "${INPUT_PATH:-.}" --output "$output")
if [ "${INPUT_KEEP_GOING:-false}" = true ]; then
  args+=(--keep-going)
fi
if [ -n "${INPUT_NAME:-}" ]; then
  args+=(--name "$INPUT_NAME")
fi

log="$(mktemp)"
status=0
cicd "${args[@]}" 2>"$log" || status=$?
show "$log" >&2
summary="$(grep '^cicd sbom:' "$log" | tail -n 1 || true)"
while IFS= read -r line; do
  case "$line" in
    error:*) printf '::error title=sbom::%s\n' "${line#error: }" ;;
    warning:*) printf '::warning title=sbom::%s\n' "${line#warning: }" ;;
  esac
done <"$log"
rm -f "$log"
# 1 is `--keep-going` having skipped a lockfile: the SBOM is written.
[ "$status" = 0 ] || [ "$status" = 1 ] || fail "cicd sbom failed (exit $status); nothing written"
[ -f "$output" ] || fail "cicd sbom wrote no $output"

if command -v sha256sum >/dev/null; then
  sha256="$(sha256sum "$output" | awk '{ print $1 }')"
else
  sha256="$(shasum -a 256 "$output" | awk '{ print $1 }')"
fi
{
  printf 'file=%s\n' "$output"
  printf 'sha256=%s\n' "$sha256"
  printf 'summary=%s\n' "${summary#cicd sbom: }"
} >>"$GITHUB_OUTPUT"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  tick='`'
  printf '### SBOM\n\n%s (sha256 %s)\n\n%s\n' "$tick$output$tick" "$tick$sha256$tick" "${summary#cicd sbom: }" >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$status" != 0 ]; then
  printf '::warning title=sbom::some lockfiles could not be read; the SBOM holds the others\n'
fi
