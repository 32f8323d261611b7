#!/usr/bin/env bash
# mailstack.sh: a real Dovecot (IMAP) and Postfix (SMTP) on 127.0.0.1 for
# rapport's integration tests. Everything a stack needs lives in one short
# directory; nothing is started system-wide and nothing leaves the machine.
#
#   mailstack.sh install                   install Dovecot, Postfix, OpenSSL (idempotent)
#   mailstack.sh start DIR                 write the config under DIR and start both daemons
#   mailstack.sh adduser DIR NAME PASSWORD add (or re-password) NAME@rapport.test, no restart
#   mailstack.sh restart-dovecot DIR       restart Dovecot only (clients are disconnected)
#   mailstack.sh uidvalidity DIR USER      give USER's INBOX a new UIDVALIDITY
#   mailstack.sh stop DIR                  stop both daemons and wait until they are gone
#
# start picks free ports (below the kernel's ephemeral range) unless
# MAILSTACK_IMAP_PORT, MAILSTACK_IMAPS_PORT, MAILSTACK_SMTP_PORT and
# MAILSTACK_SUBMISSION_PORT are all set, and writes DIR/ports.env:
#   IMAP_PORT        IMAP, plaintext with STARTTLS (plaintext LOGIN is allowed:
#                    Dovecot counts loopback connections as secure)
#   IMAPS_PORT       IMAP over implicit TLS
#   SMTP_PORT        SMTP as an outside MTA sees it: no AUTH, accepts mail for
#                    known users of rapport.test only, STARTTLS offered
#   SUBMISSION_PORT  STARTTLS required, then AUTH (Dovecot SASL) required;
#                    relays to known users of rapport.test only
#   CA_CERT          PEM of the self-signed CA that signed the server
#                    certificate (localhost, 127.0.0.1)
#   DOMAIN           rapport.test
#   AUTHSERV_ID      mx.rapport.test
# Users log in with their full address. Postfix refuses unknown recipients at
# RCPT through a virtual mailbox map that adduser regenerates: no address
# verification probes, so no first-RCPT delay and no verify cache to go stale.
# Mail to NAME+TAG@rapport.test goes to NAME's INBOX, its To header untouched.
#
# Authentication-Results (RFC 8601), as a provider writes them: a message
# submitted with AUTH gets "Authentication-Results: mx.rapport.test; auth=pass
# smtp.auth=LOGIN" on top, and Postfix removes every other field that names
# mx.rapport.test, whichever port the message came in by. Postfix's cleanup
# cannot tell the field smtpd prepends from one the client wrote, so smtpd
# prepends a field named after a random marker that cleanup alone turns into
# the Authentication-Results field. The marker (DIR/auth-marker) is readable by
# root only, as are the tables and the Postfix log that show it.
#
# Success prints nothing; a failure prints the reason and the relevant log
# tails on stderr. Logs: DIR/log/. Everything but install needs root (or
# passwordless sudo): Postfix's master and Dovecot's privilege separation
# insist on it.
set -euo pipefail

readonly DOMAIN=rapport.test
# The authserv-id of the Authentication-Results fields Postfix writes.
readonly AUTHSERV_ID=mx.rapport.test
readonly MAIL_USER=rapportmail
# DIR plus Dovecot's longest socket name must stay under the 108-byte limit.
readonly MAX_DIR_LEN=60

die() {
	echo "mailstack: $*" >&2
	exit 1
}

# tails FILE...: print the end of each log that exists, for a failure report.
tails() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || continue
		echo "--- last lines of $f" >&2
		tail -n 25 "$f" >&2
	done
}

as_root() {
	if [ "$(id -u)" != 0 ]; then
		exec sudo -n -- bash "$0" "$@" ||
			die "needs root or passwordless sudo"
	fi
}

# ---------------------------------------------------------------- install

installed() {
	[ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] &&
		[ -x /usr/lib/dovecot/lmtp ] && [ -x /usr/sbin/postfix ] &&
		[ -x /usr/sbin/postmap ] && command -v openssl >/dev/null
}

cmd_install() {
	installed && return 0
	local sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	local log
	log=$(mktemp /tmp/mailstack-install.XXXXXX)

	# Package scripts would start system-wide daemons on ports 25, 143 and
	# 993; a policy-rc.d that answers 101 forbids it for the install only.
	local policy=/usr/sbin/policy-rc.d saved=
	if [ -e "$policy" ]; then
		saved="$policy.mailstack-saved"
		"${sudo[@]}" mv "$policy" "$saved"
	fi
	# shellcheck disable=SC2064 # expand now: the paths are fixed
	trap "${sudo[*]} rm -f '$policy'; [ -z '$saved' ] || ${sudo[*]} mv '$saved' '$policy'" EXIT
	printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
	"${sudo[@]}" chmod 755 "$policy"

	if ! {
		printf '%s\n' \
			'postfix postfix/main_mailer_type select No configuration' \
			'postfix postfix/mailname string localhost' |
			"${sudo[@]}" debconf-set-selections &&
			"${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=120 &&
			"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				--no-install-recommends -o DPkg::Lock::Timeout=120 \
				-o Dpkg::Options::=--force-confdef \
				-o Dpkg::Options::=--force-confold \
				dovecot-imapd dovecot-lmtpd postfix openssl
	} >"$log" 2>&1; then
		tails "$log"
		die "install failed (log: $log)"
	fi
	installed || die "install finished but a binary is still missing (log: $log)"
	rm -f "$log"
}

# ---------------------------------------------------------------- helpers

need_installed() {
	installed || die "Dovecot or Postfix is not installed: run scripts/mailstack.sh install"
}

# dir_arg DIR: check DIR and set the globals every command uses.
dir_arg() {
	[ -n "${1:-}" ] || die "missing DIR"
	case $1 in /*) ;; *) die "DIR must be absolute: $1" ;; esac
	D=${1%/}
	[ "${#D}" -le "$MAX_DIR_LEN" ] ||
		die "DIR is ${#D} bytes, keep it under $MAX_DIR_LEN (Unix socket paths): $D"
	DOVECOT_CONF=$D/dovecot.conf
	PFX=$D/postfix
	DOVECOT_PID=$D/run/master.pid
	# Outside PFX: postfix-script wants everything under the config
	# directory owned by root, and the queue is not.
	SPOOL=$D/spool
	POSTFIX_PID=$SPOOL/pid/master.pid
}

ensure_mail_user() {
	id -u "$MAIL_USER" >/dev/null 2>&1 && return 0
	# Another stack may be creating it at the same moment: check again.
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin "$MAIL_USER" 2>/dev/null ||
		id -u "$MAIL_USER" >/dev/null 2>&1 ||
		die "cannot create the system user $MAIL_USER"
}

# check_parents DIR: the mail user and postfix must be able to reach DIR.
check_parents() {
	local p=$1
	while [ "$p" != / ]; do
		p=$(dirname "$p")
		# Traversable by others, or the chain breaks for rapportmail/postfix.
		if [ $((0$(stat -c %a "$p") & 1)) = 0 ]; then
			die "$p is not traversable by others (mode $(stat -c %a "$p")): put DIR elsewhere, e.g. under /tmp"
		fi
	done
}

# put FILE MODE: write stdin to FILE only if its content changed, with an
# mtime in the past: Postfix takes seconds to start when main.cf is younger
# than a second or two (measured: 2.4 s instead of 0.5 s).
put() {
	local file=$1 mode=$2 tmp
	tmp=$(mktemp "$file.XXXXXX")
	cat >"$tmp"
	if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
		rm -f "$tmp"
		return 0
	fi
	chmod "$mode" "$tmp"
	backdate "$tmp" "$(mtime "$file")"
	mv -f "$tmp" "$file"
}

mtime() { stat -c %Y "$1" 2>/dev/null || echo 0; }

# backdate FILE OLD: set FILE's mtime a few seconds in the past but after
# OLD (seconds since the epoch), the mtime of the version it replaces, so
# that a process comparing mtimes still sees a change.
backdate() {
	local t=$(($(date +%s) - 5))
	[ "$t" -gt "$2" ] || t=$(($2 + 1))
	touch -m -d "@$t" "$1"
}

# alive PID: the process runs. A zombie counts as gone: here PID 1 reaps
# orphans only about once a second, and a daemon's master is an orphan.
alive() {
	local st
	[ -n "${1:-}" ] && st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	st=${st##*) }
	[ "${st:0:1}" != Z ]
}

# ours PID: alive and a Dovecot or Postfix master, not a reused pid.
ours() {
	alive "${1:-}" || return 1
	case $(cat "/proc/$1/comm" 2>/dev/null) in dovecot | master) return 0 ;; esac
	return 1
}

pid_of() { if [ -s "$1" ]; then tr -dc 0-9 <"$1"; fi; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port: a free port in 20000-32767, under Linux's ephemeral range so an
# outgoing connection never takes it between the check and the bind.
pick_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
		case " ${PICKED:-} " in *" $p "*) continue ;; esac
		if port_free "$p"; then
			PICKED="${PICKED:-} $p"
			echo "$p"
			return 0
		fi
	done
	die "no free port found"
}

# wait_port PORT: until something accepts on 127.0.0.1:PORT (5 s at most).
wait_port() {
	for _ in $(seq 100); do
		port_free "$1" || return 0
		sleep 0.05
	done
	return 1
}

# group_alive PGID: a live (not zombie) process is in the process group. Both
# masters lead their own group, so this covers their children too.
group_alive() {
	local pg=$1 f st
	for f in /proc/[0-9]*/stat; do
		read -r st 2>/dev/null <"$f" || continue
		# Fields after the command: state ppid pgrp ...
		# shellcheck disable=SC2086 # split on purpose
		set -- ${st##*) }
		[ "$1" != Z ] && [ "$3" = "$pg" ] && return 0
	done
	return 1
}

# wait_gone PGID...: until every process of the groups has exited; SIGKILL
# after 15 s.
wait_gone() {
	local pg left
	for _ in $(seq 300); do
		left=
		for pg in "$@"; do group_alive "$pg" && left=1; done
		[ -z "$left" ] && return 0
		sleep 0.05
	done
	for pg in "$@"; do kill -KILL -- "-$pg" 2>/dev/null || true; done
	return 0
}

# ---------------------------------------------------------------- TLS

make_certs() {
	[ -s "$D/tls/server.pem" ] && [ -s "$D/tls/ca.pem" ] && return 0
	local t=$D/tls
	mkdir -p "$t"
	chmod 755 "$t"
	{
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$t/ca.key" -out "$t/ca.pem" -days 3650 \
			-subj "/CN=rapport mailstack test CA" \
			-addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout "$t/server.key" -out "$t/server.csr" -subj /CN=localhost &&
			printf '%s\n' 'basicConstraints=critical,CA:FALSE' \
				'keyUsage=critical,digitalSignature' \
				'extendedKeyUsage=serverAuth' \
				'subjectAltName=DNS:localhost,IP:127.0.0.1' >"$t/server.ext" &&
			openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
				-CAcreateserial -days 3650 -extfile "$t/server.ext" -out "$t/server.pem"
	} >"$D/log/openssl.log" 2>&1 || {
		tails "$D/log/openssl.log"
		die "certificate generation failed"
	}
	chmod 600 "$t/ca.key" "$t/server.key"
	chmod 644 "$t/ca.pem" "$t/server.pem"
	rm -f "$t/server.csr" "$t/server.ext" "$t/ca.srl"
}

# ---------------------------------------------------------------- config

write_dovecot_conf() {
	put "$DOVECOT_CONF" 644 <<EOF
# Generated by scripts/mailstack.sh; rewritten on every start.
base_dir = $D/run
state_dir = $D/state
instance_name = $(basename "$D")
protocols = imap lmtp
listen = 127.0.0.1
hostname = localhost
log_path = $D/log/dovecot.log
auth_verbose = yes

ssl = yes
ssl_cert = <$D/tls/server.pem
ssl_key = <$D/tls/server.key
ssl_min_protocol = TLSv1.2
# The default: plaintext auth only over TLS or from a secured (loopback) IP.
disable_plaintext_auth = yes
auth_mechanisms = plain login
# Tests log in wrongly on purpose: answer failures at Dovecot's next 500 ms
# tick rather than after 2 s, and keep no per-IP penalty (it would slow every
# later login from 127.0.0.1, over IMAP and SMTP AUTH alike).
auth_failure_delay = 0

# Users live in a dict file that adduser replaces by rename: Dovecot's file
# dict checks the inode at every lookup, so a new user is known at once
# (passwd-file re-reads its file at most once a second).
passdb {
  driver = dict
  args = $D/auth-dict.conf
}
# No allow_all_users: a user the passdb lacks does not exist (LMTP says 550).
userdb {
  driver = static
  args = home=$D/mail/%Ld/%Ln
}

mail_uid = $MAIL_USER
mail_gid = $MAIL_USER
first_valid_uid = 1
mail_location = maildir:~/Maildir
recipient_delimiter = +
postmaster_address = postmaster@$DOMAIN

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

protocol imap {
  # Tests open many connections as one user from one IP.
  mail_max_userip_connections = 200
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    user = postfix
    group = postfix
    mode = 0600
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    user = postfix
    group = postfix
    mode = 0600
  }
}
EOF
}

write_auth_dict_conf() {
	put "$D/auth-dict.conf" 644 <<EOF
# Generated by scripts/mailstack.sh. Keys are shared/passdb/ADDRESS.
uri = file:$D/users.dict
password_key = passdb/%Lu
iterate_disable = yes
default_pass_scheme = PLAIN
EOF
}

write_postfix_main() {
	put "$PFX/main.cf" 644 <<EOF
# Generated by scripts/mailstack.sh; rewritten on every start.
compatibility_level = 3.6
meta_directory = /etc/postfix
queue_directory = $SPOOL
data_directory = $D/pdata
mail_owner = postfix
setgid_group = postdrop
maillog_file = $D/log/postfix.log
maillog_file_prefixes = $D/log

myhostname = localhost
mydomain = $DOMAIN
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
recipient_delimiter = +
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP rapport mailstack

# Mail goes to known users of $DOMAIN, through Dovecot's LMTP, and nowhere else:
# every other transport is an error, so not even a bounce leaves the machine.
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = hash:$PFX/vmailbox
virtual_transport = lmtp:unix:$D/run/lmtp
default_transport = error:5.7.1 this test stack delivers to $DOMAIN only
relay_transport = \$default_transport
local_transport = \$default_transport

# Port SMTP_PORT, as an outside MTA sees it: anyone, for $DOMAIN only.
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_tls_security_level = may
smtpd_tls_cert_file = $D/tls/server.pem
smtpd_tls_key_file = $D/tls/server.key
smtpd_sasl_type = dovecot
smtpd_sasl_path = $D/run/auth-postfix
smtpd_sasl_auth_enable = no

# Authentication-Results: cleanup, on every path into the queue, removes the
# fields that claim to be ours and renames the marker field that the
# submission smtpd prepends (see write_postfix_auth). Attached messages are
# left as they are.
header_checks = regexp:$PFX/header_checks
nested_header_checks =

# Fast tests: no punishment for rejected commands, quick retries.
smtpd_error_sleep_time = 0
in_flow_delay = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 5s
EOF
}

write_postfix_master() {
	put "$PFX/master.cf" 644 <<EOF
# Generated by scripts/mailstack.sh; rewritten on every start.
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=reject_unauth_destination
  -o { smtpd_data_restrictions = check_sasl_access regexp:$PFX/sasl_access }
pickup     unix  n  -  n  60    1  pickup
cleanup    unix  n  -  n  -     0  cleanup
qmgr       unix  n  -  n  300   1  qmgr
tlsmgr     unix  -  -  n  1000? 1  tlsmgr
rewrite    unix  -  -  n  -     -  trivial-rewrite
bounce     unix  -  -  n  -     0  bounce
defer      unix  -  -  n  -     0  bounce
trace      unix  -  -  n  -     0  bounce
verify     unix  -  -  n  -     1  verify
flush      unix  n  -  n  1000? 0  flush
proxymap   unix  -  -  n  -     -  proxymap
proxywrite unix  -  -  n  -     1  proxymap
smtp       unix  -  -  n  -     -  smtp
relay      unix  -  -  n  -     -  smtp
showq      unix  n  -  n  -     -  showq
error      unix  -  -  n  -     -  error
retry      unix  -  -  n  -     -  error
discard    unix  -  -  n  -     -  discard
lmtp       unix  -  -  n  -     -  lmtp
anvil      unix  -  -  n  -     1  anvil
scache     unix  -  -  n  -     1  scache
postlog    unix-dgram n - n -   1  postlogd
EOF
}

# write_postfix_auth: the two tables behind Authentication-Results.
#
# sasl_access (check_sasl_access, in the submission smtpd's DATA
# restrictions, once per message) prepends a field named after the marker
# for any SASL login, which Dovecot has checked and lowered: a name with
# characters a header should not carry gets no field. header_checks (cleanup)
# turns the marker field into ours, then removes any Authentication-Results
# field naming our authserv-id anywhere, even after a comment (authres
# parsers drop comments), and any other marker field, guessed or stale.
write_postfix_auth() {
	local marker id_re=${AUTHSERV_ID//./\\.}
	if [ ! -s "$D/auth-marker" ]; then
		od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$D/auth-marker.new"
		chmod 600 "$D/auth-marker.new"
		mv -f "$D/auth-marker.new" "$D/auth-marker"
	fi
	marker=$(cat "$D/auth-marker")
	[[ $marker =~ ^[0-9a-f]{32}$ ]] || die "$D/auth-marker is not 32 hex digits"
	put "$PFX/sasl_access" 600 <<EOF
# Generated by scripts/mailstack.sh.
/^([-a-z0-9._+=@]+)\$/ PREPEND X-Mailstack-Auth-$marker: smtp.auth=\$1
EOF
	put "$PFX/header_checks" 600 <<EOF
# Generated by scripts/mailstack.sh. First match wins; matching ignores case.
/^X-Mailstack-Auth-$marker:[[:space:]]*(smtp\.auth=[^[:space:]]+)\$/ REPLACE Authentication-Results: $AUTHSERV_ID; auth=pass \$1
/^X-Mailstack-Auth-/ IGNORE
/^Authentication-Results[[:space:]]*:(.*[^-.a-z0-9])?$id_re([^-a-z0-9]|\$)/ IGNORE
EOF
}

# write_maps: Postfix's recipient map from Dovecot's users. Called with the
# users lock held.
write_maps() {
	local map=$PFX/vmailbox
	local old
	sed -n 's|^shared/passdb/\(.*\)$|\1 OK|p' "$D/users.dict" | put "$map" 644
	old=$(mtime "$map.db")
	postmap -c "$PFX" "hash:$map"
	# An smtpd process restarts once its table's mtime changed: make it old
	# (pitfall 4 in the notes), but different.
	backdate "$map.db" "$old"
	# Else Postfix warns that the table is older than its source.
	touch -m -r "$map.db" "$map"
}

# ---------------------------------------------------------------- daemons

start_dovecot() {
	dovecot -c "$DOVECOT_CONF" </dev/null >>"$D/log/dovecot.out" 2>&1 || return 1
	wait_port "$IMAP_PORT" && wait_port "$IMAPS_PORT"
}

start_postfix() {
	postfix -c "$PFX" start </dev/null >>"$D/log/postfix.out" 2>&1 || return 1
	wait_port "$SMTP_PORT" && wait_port "$SUBMISSION_PORT"
}

# stop_pids PID...: stop masters and everything in their process groups, in
# parallel. Dovecot's auth, stats and log processes outlive their master for
# as long as a client (an idle Postfix smtpd) holds a connection to auth, up
# to many seconds: once the master is gone, they get a SIGTERM of their own.
stop_pids() {
	local pid pids=() left
	for pid in "$@"; do
		ours "$pid" || continue
		kill -TERM "$pid" 2>/dev/null || true
		pids+=("$pid")
	done
	[ "${#pids[@]}" != 0 ] || return 0
	for _ in $(seq 200); do
		left=
		for pid in "${pids[@]}"; do alive "$pid" && left=1; done
		[ -z "$left" ] && break
		sleep 0.05
	done
	for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
	wait_gone "${pids[@]}"
}

# kick_imap: disconnect every IMAP client now. Dovecot's master, told to
# stop, leaves a logged-in session about 9 s before it says BYE.
kick_imap() {
	ours "$(pid_of "$DOVECOT_PID")" || return 0
	doveadm -c "$DOVECOT_CONF" kick '*' >/dev/null 2>&1 || true
}

fail_report() {
	tails "$D/log/dovecot.out" "$D/log/dovecot.log" "$D/log/postfix.out" "$D/log/postfix.log"
	# Postfix writes some fatal errors only to a terminal: show them.
	if [ -f "$PFX/main.cf" ]; then
		script -qec "postfix -c '$PFX' check" /dev/null 2>&1 | tail -n 10 >&2 || true
	fi
}

load_ports() {
	[ -s "$D/ports.env" ] || die "$D/ports.env missing: run start first"
	local k v
	while IFS='=' read -r k v; do
		case $k in *_PORT) printf -v "$k" %s "$v" ;; esac
	done <"$D/ports.env"
}

cmd_start() {
	as_root start "$@"
	dir_arg "${1:-}"
	need_installed
	ours "$(pid_of "$DOVECOT_PID")" && die "Dovecot already runs for $D: stop it first"
	ours "$(pid_of "$POSTFIX_PID")" && die "Postfix already runs for $D: stop it first"
	ensure_mail_user
	mkdir -p "$D"
	check_parents "$D"

	mkdir -p "$D"/{log,run,state,mail,spool,pdata} "$PFX"
	chmod 755 "$D" "$D/log" "$D/run" "$D/state" "$PFX" "$SPOOL"
	chown "$MAIL_USER:$MAIL_USER" "$D/mail"
	chmod 750 "$D/mail"
	chown postfix:postfix "$D/pdata"
	make_certs

	if [ ! -e "$D/users.dict" ]; then
		touch "$D/users.dict"
		chown root:dovecot "$D/users.dict"
		chmod 640 "$D/users.dict"
	fi
	write_auth_dict_conf
	write_postfix_main
	write_postfix_auth
	(
		flock 9
		write_maps
	) 9>"$D/users.lock" || die "could not write Postfix's recipient map"

	local fixed=
	if [ -n "${MAILSTACK_IMAP_PORT:-}" ] && [ -n "${MAILSTACK_IMAPS_PORT:-}" ] &&
		[ -n "${MAILSTACK_SMTP_PORT:-}" ] && [ -n "${MAILSTACK_SUBMISSION_PORT:-}" ]; then
		fixed=1
	fi
	local attempt
	for attempt in 1 2 3 4 5; do
		if [ -n "$fixed" ]; then
			IMAP_PORT=$MAILSTACK_IMAP_PORT IMAPS_PORT=$MAILSTACK_IMAPS_PORT
			SMTP_PORT=$MAILSTACK_SMTP_PORT SUBMISSION_PORT=$MAILSTACK_SUBMISSION_PORT
		else
			PICKED=
			IMAP_PORT=$(pick_port) && PICKED+=" $IMAP_PORT"
			IMAPS_PORT=$(pick_port) && PICKED+=" $IMAPS_PORT"
			SMTP_PORT=$(pick_port) && PICKED+=" $SMTP_PORT"
			SUBMISSION_PORT=$(pick_port)
		fi
		write_dovecot_conf
		write_postfix_master
		: >"$D/log/dovecot.out"
		: >"$D/log/postfix.out"
		# Cleanup logs the marker field it replaces (write_postfix_auth).
		[ -e "$D/log/postfix.log" ] || install -m 600 /dev/null "$D/log/postfix.log"
		if start_dovecot && start_postfix; then
			put "$D/ports.env" 644 <<EOF
IMAP_PORT=$IMAP_PORT
IMAPS_PORT=$IMAPS_PORT
SMTP_PORT=$SMTP_PORT
SUBMISSION_PORT=$SUBMISSION_PORT
CA_CERT=$D/tls/ca.pem
DOMAIN=$DOMAIN
AUTHSERV_ID=$AUTHSERV_ID
EOF
			return 0
		fi
		# Another process may have taken a port between the check and the
		# bind: try other ports; any other failure is final.
		local busy=
		grep -qs 'in use' "$D/log/dovecot.out" "$D/log/dovecot.log" \
			"$D/log/postfix.out" "$D/log/postfix.log" && busy=1
		stop_pids "$(pid_of "$DOVECOT_PID")" "$(pid_of "$POSTFIX_PID")"
		if [ -z "$busy" ] || [ -n "$fixed" ]; then
			break
		fi
		mv -f "$D/log/dovecot.log" "$D/log/dovecot.log.$attempt" 2>/dev/null || true
		mv -f "$D/log/postfix.log" "$D/log/postfix.log.$attempt" 2>/dev/null || true
	done
	fail_report
	die "could not start the mail stack in $D"
}

cmd_stop() {
	as_root stop "$@"
	dir_arg "${1:-}"
	kick_imap
	stop_pids "$(pid_of "$DOVECOT_PID")" "$(pid_of "$POSTFIX_PID")"
}

cmd_restart_dovecot() {
	as_root restart-dovecot "$@"
	dir_arg "${1:-}"
	load_ports
	kick_imap
	stop_pids "$(pid_of "$DOVECOT_PID")"
	: >"$D/log/dovecot.out"
	start_dovecot || {
		tails "$D/log/dovecot.out" "$D/log/dovecot.log"
		die "could not restart Dovecot in $D"
	}
}

# address NAME: NAME@rapport.test, lower case; NAME may already be an address.
address() {
	local a=${1,,}
	case $a in *@*) ;; *) a=$a@$DOMAIN ;; esac
	[[ $a =~ ^[a-z0-9][a-z0-9._+-]*@${DOMAIN//./\\.}$ ]] || die "bad user name: $1"
	echo "$a"
}

cmd_adduser() {
	as_root adduser "$@"
	dir_arg "${1:-}"
	[ $# = 3 ] || die "usage: adduser DIR NAME PASSWORD"
	local addr pass=$3 key
	addr=$(address "$2")
	[[ -n $pass && $pass != *[[:cntrl:]]* ]] || die "password must be non-empty, without control characters"
	pass=${pass//\\/\\\\}
	pass=${pass//\"/\\\"}
	key=shared/passdb/$addr
	[ -f "$D/users.dict" ] || die "$D/users.dict missing: run start first"
	(
		flock 9
		# Lines go by pairs: key, then its JSON value.
		awk -v k="$key" 'NR % 2 == 1 { skip = ($0 == k) } !skip' "$D/users.dict" >"$D/users.dict.new"
		printf '%s\n{"password":"{PLAIN}%s"}\n' "$key" "$pass" >>"$D/users.dict.new"
		chown root:dovecot "$D/users.dict.new"
		chmod 640 "$D/users.dict.new"
		# A new inode: what Dovecot's file dict watches for.
		mv -f "$D/users.dict.new" "$D/users.dict"
		write_maps
	) 9>"$D/users.lock" || die "could not add $addr"
}

cmd_uidvalidity() {
	as_root uidvalidity "$@"
	dir_arg "${1:-}"
	[ $# = 2 ] || die "usage: uidvalidity DIR USER"
	local addr old new got
	addr=$(address "$2")
	old=$(doveadm -c "$DOVECOT_CONF" -f flow mailbox status -u "$addr" uidvalidity INBOX 2>&1) ||
		die "doveadm mailbox status for $addr: $old"
	old=${old##*=}
	new=$(date +%s)
	[ "$new" -gt "$old" ] || new=$((old + 1))
	got=$(doveadm -c "$DOVECOT_CONF" mailbox update -u "$addr" --uid-validity "$new" INBOX 2>&1) ||
		die "doveadm mailbox update for $addr: $got"
	got=$(doveadm -c "$DOVECOT_CONF" -f flow mailbox status -u "$addr" uidvalidity INBOX 2>&1)
	[ "${got##*=}" = "$new" ] || die "UIDVALIDITY of $addr is still ${got##*=}, wanted $new"
}

main() {
	local cmd=${1:-}
	[ $# = 0 ] || shift
	case $cmd in
	install) cmd_install "$@" ;;
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	restart-dovecot) cmd_restart_dovecot "$@" ;;
	adduser) cmd_adduser "$@" ;;
	uidvalidity) cmd_uidvalidity "$@" ;;
	*)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
		exit 2
		;;
	esac
}

main "$@"
