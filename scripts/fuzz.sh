#!/usr/bin/env bash
# Runs every fuzz target of the module for a bounded time each (FUZZTIME,
# default 15s). A crasher the fuzzer finds is written to the package's
# testdata/fuzz/FuzzName/ and fails the run: commit it with the fix, so
# that it stays a regression seed that every plain "go test" replays.
#
#   scripts/fuzz.sh                 every target, 15 s each
#   FUZZTIME=2m scripts/fuzz.sh     longer
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-15s}
status=0
while IFS=: read -r file name; do
	pkg=./$(dirname "$file")
	echo "== $pkg $name ($fuzztime)"
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"; then
		status=1
	fi
done < <(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . | sed 's|^\./||; s|:func |:|' | sort)
exit $status
