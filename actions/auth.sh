#!/usr/bin/env bash
# Sourced: authenticate the git processes of this step (and theirs) to
# GITHUB_SERVER_URL with INPUT_TOKEN, through the environment only
# (GIT_CONFIG_COUNT/KEY/VALUE), so that no git config file, which later
# steps of the job could read, ever holds the token. The clone is fetched
# without file contents, so git fetches them lazily, with this header, as
# `cicd` reads them.
server="${GITHUB_SERVER_URL:-https://github.com}"
basic="$(printf 'x-access-token:%s' "$INPUT_TOKEN" | base64 | tr -d '\n')"
printf '::add-mask::%s\n' "$basic"
export GIT_CONFIG_COUNT=1
export GIT_CONFIG_KEY_0="http.$server/.extraheader"
export GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"
unset basic
