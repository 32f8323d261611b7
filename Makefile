# Shortcuts for the scripts that do the work.

.PHONY: test bench

# The whole test suite, with the real Dovecot and Postfix (scripts/test.sh).
test:
	./scripts/test.sh

# Every benchmark, then BENCHMARKS.md rewritten from the figures
# (scripts/bench.sh; about 20 minutes; COUNT=5 for more runs).
bench:
	./scripts/bench.sh
