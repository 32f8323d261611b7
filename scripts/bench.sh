#!/usr/bin/env bash
# Runs every benchmark of rapport and rewrites BENCHMARKS.md from the
# figures, with the machine they came from; `make bench` runs it. The mail
# benchmarks run the real Dovecot and Postfix of scripts/mailstack.sh
# (installed first if missing: root or sudo) and take one pass each per
# count; BenchmarkIdle runs once, for BENCH_IDLE (10 minutes). A full run
# takes about 20 minutes.
#
#   scripts/bench.sh                 every benchmark, 3 runs each; rewrites BENCHMARKS.md
#   COUNT=5 scripts/bench.sh         more runs
#   BENCH_IDLE=1m scripts/bench.sh   a shorter idle window (the report says how long)
#   scripts/bench.sh Backlog         only the benchmarks matching a pattern;
#                                    prints them, leaves BENCHMARKS.md alone
#
# Go's raw output is kept in BENCHMARKS-raw.txt (a partial run's in
# artifacts/bench-partial.txt); internal/rig/benchreport turns it into the report.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
bash scripts/mailstack.sh install
mkdir -p artifacts
count="${COUNT:-3}"

if [ $# -gt 0 ]; then
	go test -run '^$' -bench "$1" -count "$count" -timeout 3h ./... 2>&1 | tee artifacts/bench-partial.txt
	exit
fi

raw=BENCHMARKS-raw.txt
tmp=$(mktemp artifacts/bench-raw.XXXXXX)
trap 'rm -f "$tmp"' EXIT
{
	go test -run '^$' -bench . -skip BenchmarkIdle -count "$count" -timeout 3h ./...
	go test -run '^$' -bench BenchmarkIdle -count 1 -timeout 3h ./daemon/
} 2>&1 | tee "$tmp"
mv "$tmp" "$raw"
go run ./internal/rig/benchreport/cmd/benchreport -in "$raw" -out BENCHMARKS.md
echo "bench.sh: BENCHMARKS.md rewritten from $raw"
