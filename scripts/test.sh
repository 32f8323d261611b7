#!/usr/bin/env bash
# Runs rapport's whole test suite. This is the test command README.md gives
# and .ci/run calls.
#
# The integration tests talk to a real Dovecot and Postfix on 127.0.0.1
# (internal/mailstack): install them first if they are missing. That needs
# root or sudo and Debian's packages, takes about 15 s once, and returns at
# once when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/mailstack.sh install
exec go test -race -shuffle=on -count=1 "$@" ./...
