#!/usr/bin/env bash
# Runs rapport's benchmarks and prints Go's benchmark output; BENCHMARKS.md
# says what each figure means. The slow ones run the real Dovecot and
# Postfix of scripts/mailstack.sh (installed first if missing) and take one
# pass each per count.
#
#   scripts/bench.sh            every benchmark, 3 runs each
#   COUNT=5 scripts/bench.sh    more runs
#   scripts/bench.sh Backlog    only the benchmarks matching a pattern
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/mailstack.sh install
exec go test -run '^$' -bench "${1:-.}" -count "${COUNT:-3}" ./...
