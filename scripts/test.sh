#!/usr/bin/env bash
# Runs rapport's whole test suite. This is the test command README.md gives
# and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go test -race -shuffle=on -count=1 "$@" ./...
