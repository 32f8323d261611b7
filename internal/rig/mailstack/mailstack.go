// Package mailstack runs a real Dovecot (IMAP) and Postfix (SMTP) on
// 127.0.0.1 for integration tests, through scripts/mailstack.sh.
//
// The servers must have been installed once with `scripts/mailstack.sh
// install` (scripts/test.sh does it). Each Stack lives in its own short
// directory under /tmp with its own ports, so test binaries that run in
// parallel do not share anything. Starting, stopping and changing users
// needs root (or passwordless sudo), as Postfix and Dovecot do.
//
// A test binary normally shares one stack between its tests:
//
//	func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }
//
//	func TestX(t *testing.T) {
//		st := mailstack.Shared(t)
//		addr, err := st.AddUser("alice", "secret")
//		...
//	}
package mailstack

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Domain is the mail domain the stack accepts mail for.
const Domain = "rapport.test"

// AuthServID is the authserv-id of the Authentication-Results header fields
// (RFC 8601) the stack's Postfix writes, as a provider's MX names itself in
// them: rapport's commands.authserv_ids for mail read from this stack.
const AuthServID = "mx." + Domain

// scriptTimeout bounds one run of mailstack.sh; starting takes under a
// second, stopping about one.
const scriptTimeout = 2 * time.Minute

// Stack is a running Dovecot + Postfix on loopback for one test binary.
// Its methods may be called from several goroutines.
type Stack struct {
	// Dir holds the configuration, logs (Dir/log), certificates and
	// maildirs (Dir/mail/DOMAIN/NAME/Maildir).
	Dir    string
	Domain string // "rapport.test"

	// IMAPAddr serves IMAP in plaintext with STARTTLS (LOGIN works without
	// TLS too: Dovecot counts loopback connections as secure); IMAPSAddr
	// serves IMAP over implicit TLS.
	IMAPAddr, IMAPSAddr string
	// SMTPAddr accepts mail for known users of Domain from anyone, without
	// AUTH, as an MTA on the Internet would; SubmissionAddr requires
	// STARTTLS and then AUTH and relays to known users of Domain. Both
	// refuse other domains and unknown users at RCPT, and both take
	// NAME+TAG@Domain for NAME, whose INBOX gets the message unchanged
	// (its To header still says NAME+TAG).
	//
	// Like a provider's servers, Postfix vouches for submitted mail with
	// Authentication-Results (RFC 8601): a message submitted on
	// SubmissionAddr arrives with exactly one field naming AuthServID,
	//
	//	Authentication-Results: mx.rapport.test; auth=pass smtp.auth=LOGIN
	//
	// LOGIN being the SASL login, the user's address in lower case. Postfix
	// removes every other Authentication-Results field that mentions
	// AuthServID, whether it came in on SMTPAddr or in a submitted
	// message's own header, so such a field cannot be forged. Fields naming
	// other servers pass through untouched, as do attached messages.
	SMTPAddr, SubmissionAddr string
	// CACertFile is the PEM certificate of the CA that signed the servers'
	// certificate (for "localhost" and 127.0.0.1).
	CACertFile string

	script string
	roots  *x509.CertPool

	stopOnce sync.Once
	stopErr  error
}

// Start writes a configuration under a new directory /tmp/rms-XXXXXX, starts
// Dovecot and Postfix on free loopback ports and returns once all four ports
// accept connections (about 0.6 s). It does not install anything: if the
// servers are missing, the error says to run `scripts/mailstack.sh install`;
// if they fail to start, it carries their log tails and the directory stays
// for inspection. The caller must call Stop.
func Start() (*Stack, error) {
	script, err := scriptPath()
	if err != nil {
		return nil, err
	}
	for _, bin := range []string{"/usr/sbin/dovecot", "/usr/sbin/postfix", "/usr/lib/dovecot/lmtp"} {
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("mailstack: %s is missing: run scripts/mailstack.sh install", bin)
		}
	}
	// Short (Unix socket paths) and reachable by the mail user and postfix,
	// unlike t.TempDir(), which is 0700 and long.
	dir, err := os.MkdirTemp("/tmp", "rms-")
	if err != nil {
		return nil, fmt.Errorf("mailstack: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("mailstack: %w", err)
	}
	s := &Stack{Dir: dir, Domain: Domain, script: script}
	if err := s.run("start", dir); err != nil {
		// Stop whatever did start; keep the logs the error points at.
		s.run("stop", dir)
		return nil, err
	}
	if err := s.load(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// load reads Dir/ports.env and the CA certificate.
func (s *Stack) load() error {
	env, err := readEnv(filepath.Join(s.Dir, "ports.env"))
	if err != nil {
		return err
	}
	addr := func(key string) string { return net.JoinHostPort("127.0.0.1", env[key]) }
	s.IMAPAddr, s.IMAPSAddr = addr("IMAP_PORT"), addr("IMAPS_PORT")
	s.SMTPAddr, s.SubmissionAddr = addr("SMTP_PORT"), addr("SUBMISSION_PORT")
	s.CACertFile = env["CA_CERT"]
	if env["AUTHSERV_ID"] != AuthServID {
		return fmt.Errorf("mailstack: the script's authserv-id is %q, the package's %q", env["AUTHSERV_ID"], AuthServID)
	}
	pem, err := os.ReadFile(s.CACertFile)
	if err != nil {
		return fmt.Errorf("mailstack: %w", err)
	}
	s.roots = x509.NewCertPool()
	if !s.roots.AppendCertsFromPEM(pem) {
		return fmt.Errorf("mailstack: no certificate in %s", s.CACertFile)
	}
	return nil
}

// Stop stops both servers, waits until they have exited (about 1 s, Dovecot
// being slow to stop) and removes Dir, unless MAILSTACK_KEEP is set in the
// environment. Calling it again returns the first call's result.
func (s *Stack) Stop() error {
	s.stopOnce.Do(func() {
		s.stopErr = s.run("stop", s.Dir)
		if s.stopErr == nil && os.Getenv("MAILSTACK_KEEP") == "" {
			s.stopErr = os.RemoveAll(s.Dir)
		}
	})
	return s.stopErr
}

// TLSConfig returns a new configuration that trusts the stack's certificate
// and verifies the server name "localhost".
func (s *Stack) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: "localhost", MinVersion: tls.VersionTLS12}
}

// AddUser adds NAME@Domain with the given password, or changes the password
// of an existing user, without restarting anything; both servers know the
// user when it returns. It returns the address, which is also the IMAP and
// SMTP AUTH user name. The password must not contain control characters.
func (s *Stack) AddUser(name, password string) (address string, err error) {
	if err := s.run("adduser", s.Dir, name, password); err != nil {
		return "", err
	}
	return s.Address(name), nil
}

// Address returns the address of the user NAME: NAME@Domain in lower case.
// An argument that is already an address is only lowered.
func (s *Stack) Address(name string) string {
	name = strings.ToLower(name)
	if strings.Contains(name, "@") {
		return name
	}
	return name + "@" + Domain
}

// RestartDovecot stops Dovecot, which disconnects every IMAP client, and
// starts it again on the same ports. It returns once IMAP accepts
// connections again. Postfix queues deliveries made meanwhile.
func (s *Stack) RestartDovecot() error {
	return s.run("restart-dovecot", s.Dir)
}

// ResetUIDValidity gives the user's INBOX a new, larger UIDVALIDITY, as a
// server does when it rebuilds a mailbox: a client must forget the UIDs it
// knew. Sessions that have the INBOX selected are not told.
func (s *Stack) ResetUIDValidity(user string) error {
	return s.run("uidvalidity", s.Dir, user)
}

// run runs mailstack.sh with args. The daemons it starts write to log files,
// not to our pipes (a daemon holding the pipe would make Wait hang), and
// WaitDelay bounds Wait should one ever do so.
func (s *Stack) run(args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), scriptTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "bash", append([]string{s.script}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("mailstack: %s: %w\n%s", args[0], err, strings.TrimSpace(out.String()))
	}
	return nil
}

// scriptPath finds scripts/mailstack.sh from this source file's location.
func scriptPath() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("mailstack: cannot locate the package's source")
	}
	p := filepath.Join(filepath.Dir(file), "..", "..", "..", "scripts", "mailstack.sh")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("mailstack: %w", err)
	}
	return p, nil
}

// readEnv reads KEY=VALUE lines.
func readEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mailstack: %w", err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"IMAP_PORT", "IMAPS_PORT", "SMTP_PORT", "SUBMISSION_PORT", "CA_CERT"} {
		if env[k] == "" {
			return nil, fmt.Errorf("mailstack: %s lacks %s", path, k)
		}
	}
	return env, sc.Err()
}
