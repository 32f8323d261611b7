#!/usr/bin/env bash
# Runs every fuzz target of the module for a bounded time each (FUZZTIME,
# default 15s). A crasher the fuzzer finds is written to the package's
# testdata/fuzz/FuzzName/ and fails the run: commit it with the fix, so
# that it stays a regression seed that every plain "go test" replays.
#
#   scripts/fuzz.sh                 every target, 15 s each
#   FUZZTIME=2m scripts/fuzz.sh     longer
#
# Go 1.26's fuzz coordinator can end a -fuzztime run with a bare "context
# deadline exceeded" failure and no crasher when a loaded machine keeps a
# worker busy past the deadline (go.dev/issue/75804); Go 1.27 fixed it. The
# fuzzing therefore runs on that toolchain, which the go command fetches
# from the module proxy on first use (about 76 MB); set FUZZ_TOOLCHAIN to
# use another. The module itself still builds and tests on Go 1.26.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=${FUZZ_TOOLCHAIN:-go1.27.3}
go version
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
