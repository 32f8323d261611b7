# Shortcuts for the scripts that do the work.

.PHONY: test bench man

# The whole test suite, with the real Dovecot and Postfix (scripts/test.sh).
test:
	./scripts/test.sh

# Every benchmark, then BENCHMARKS.md rewritten from the figures
# (scripts/bench.sh; about 20 minutes; COUNT=5 for more runs).
bench:
	./scripts/bench.sh

# A man page for every command, from the same texts as rapport's help,
# into artifacts/man (not kept in git): man -l artifacts/man/rapport.1
man:
	go run ./cmd/rapport man artifacts/man
