#!/usr/bin/env bash
# Runs rapport's whole test suite. This is the test command README.md gives
# and .ci/run calls.
#
# The integration tests talk to a real Dovecot and Postfix on 127.0.0.1
# (internal/rig/mailstack): install them first if they are missing. That needs
# root or sudo and Debian's packages, takes about 15 s once, and returns at
# once when they are already there.
#
# The daily digest's browser test (templates/digest_browser_test.go) renders
# its HTML in headless Chromium, which it requires: install Debian's
# chromium, and a font to lay text out with, when missing, the same way.
#
# The systemd units' test (internal/rig/unitcheck) runs systemd-analyze verify
# and security on systemd/*.service; it needs no running systemd, only the
# tool: install Debian's systemd package when it is missing, the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/mailstack.sh install

install_chromium() {
	command -v chromium >/dev/null && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && return 0
	local sudo=() log
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	log=$(mktemp /tmp/chromium-install.XXXXXX)
	if ! {
		"${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=120 &&
			"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				--no-install-recommends -o DPkg::Lock::Timeout=120 \
				chromium fonts-dejavu-core
	} >"$log" 2>&1; then
		tail -n 25 "$log" >&2
		echo "test.sh: installing chromium failed (log: $log)" >&2
		exit 1
	fi
	rm -f "$log"
}
install_chromium

install_systemd_analyze() {
	command -v systemd-analyze >/dev/null && return 0
	local sudo=() log
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	log=$(mktemp /tmp/systemd-install.XXXXXX)
	if ! {
		"${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=120 &&
			"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				--no-install-recommends -o DPkg::Lock::Timeout=120 \
				systemd
	} >"$log" 2>&1; then
		tail -n 25 "$log" >&2
		echo "test.sh: installing systemd (for systemd-analyze) failed (log: $log)" >&2
		exit 1
	fi
	rm -f "$log"
}
install_systemd_analyze

# Tests that read the shared corpus of real mail skip without it, and go
# test does not show skips: say so once, so that a fresh clone knows.
corpus="${RAPPORT_CORPUS:-../shared/corpus}"
if [ ! -f "$corpus/labels.tsv" ]; then
	echo "test.sh: no shared corpus at $corpus (set RAPPORT_CORPUS): the corpus tests in mail/classify, mail/classify/forward and inbound skip; CI has it" >&2
fi
# The daemon package runs about five minutes under -race (the crash-anywhere
# test alone two), which a slow machine could push past go test's default
# limit of ten minutes.
exec go test -race -shuffle=on -count=1 -timeout 30m "$@" ./...
