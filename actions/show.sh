#!/usr/bin/env bash
# Sourced: `show FILE` prints FILE to stdout with GitHub's workflow commands
# turned off around it (`::stop-commands::`), so that text from the
# repository (a commit subject, a configured header, a file name) can never
# be read by the runner as `::set-output`, `::add-mask` or an annotation.
show() {
  local stop
  stop="cicd-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '::stop-commands::%s\n' "$stop"
  cat "$1"
  printf '::%s::\n' "$stop"
}
