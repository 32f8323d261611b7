// Package doctor checks that rapport can run as configured: the
// configuration file, the templates, the database, the owner's time zone,
// the IMAP account (connecting, logging in, IDLE and the folders rapport
// uses) and the SMTP account (connecting and logging in); on request it
// sends one test message. It changes nothing else: the database is read
// only, never created or upgraded, and nothing is written on the servers.
//
// "rapport doctor" prints what Run finds, one line per check.
package doctor

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"time"
)

// Status is the outcome of one check.
type Status string

const (
	Pass Status = "pass" // it works
	Warn Status = "warn" // it works, but deserves a look; not a failure
	Fail Status = "fail" // it does not work as configured
)

// Check is one line of the report.
type Check struct {
	Status Status
	// What says what was checked and what was found, on one line:
	// "imap: logged in as alex@example.com".
	What string
	// Fix says what to do, on one line; "" when nothing is to be done or
	// nothing is known.
	Fix string
}

// Options say what Run checks, and how.
type Options struct {
	// ConfigPath is the configuration file; "" for the default location
	// (config.LoadDefault).
	ConfigPath string
	// Database, when set, replaces paths.database.
	Database string
	// SendTest, when set, is a bare address that one short test message is
	// sent to, through the SMTP account, from the owner's first address.
	SendTest string
	// Now is the clock; nil for time.Now.
	Now func() time.Time
	// Timeout bounds each network step, connecting and each command; 0
	// means 15 seconds.
	Timeout time.Duration
	// TLS, when set, replaces the TLS settings for both servers (tests use
	// it to trust a private CA); nil verifies servers against the system's
	// roots, which SSL_CERT_FILE and SSL_CERT_DIR can replace.
	TLS *tls.Config
	// Progress, when set, is called with each check as soon as it is made,
	// in the report's order, so that a person sees the slow network checks
	// come one by one.
	Progress func(Check)
}

// Report is what Run found: every check made, in order.
type Report struct {
	Checks []Check
}

// Failed returns how many checks failed; warnings do not count.
func (r *Report) Failed() int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == Fail {
			n++
		}
	}
	return n
}

// Run makes the checks, in order, and returns them. When the configuration
// does not load, nothing else is checked; a server whose settings have
// problems is reported as not checked. It blocks until done or ctx ends:
// each network step takes at most Options.Timeout, and getting a password
// or token up to config.PasswordCommandTimeout more. No check holds a
// password it read, and each is one line whatever an error said.
func Run(ctx context.Context, opts Options) *Report {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	d := &doctor{opts: opts, report: &Report{}}
	d.run(ctx)
	return d.report
}

// doctor runs the checks of one Run.
type doctor struct {
	opts   Options
	report *Report
	// secrets are removed from every later check, should an error quote
	// one.
	secrets []string
}

func (d *doctor) run(ctx context.Context) {
	cfg, problems := d.config()
	if cfg == nil {
		return
	}
	d.templates(cfg)
	d.database(ctx, cfg)
	if len(problems.Keys("owner.time_zone")) == 0 { // else reported above
		d.zone(cfg)
	}
	if cfg.IMAP.Host != "" {
		if keys := problems.Keys("imap."); len(keys) > 0 {
			d.fail("imap: not checked", "fix "+strings.Join(keys, ", ")+" above first")
		} else {
			d.imap(ctx, cfg)
		}
	}
	switch keys := problems.Keys("smtp."); {
	case cfg.SMTP.Host == "":
		if d.opts.SendTest != "" {
			d.fail("smtp: no test message sent: smtp.host is not set", "set [smtp] to send mail")
		}
	case len(keys) > 0:
		d.fail("smtp: not checked", "fix "+strings.Join(keys, ", ")+" above first")
	default:
		d.smtp(ctx, cfg)
	}
}

func (d *doctor) pass(format string, args ...any) { d.add(Pass, fmt.Sprintf(format, args...), "") }

func (d *doctor) fail(what, fix string) { d.add(Fail, what, fix) }

func (d *doctor) warn(what, fix string) { d.add(Warn, what, fix) }

// add records a check, its secrets redacted and each part on one line,
// and hands it to Progress.
func (d *doctor) add(status Status, what, fix string) {
	c := Check{Status: status, What: d.clean(what), Fix: d.clean(fix)}
	d.report.Checks = append(d.report.Checks, c)
	if d.opts.Progress != nil {
		d.opts.Progress(c)
	}
}

func (d *doctor) clean(s string) string {
	for _, secret := range d.secrets {
		// Shorter strings would mangle innocent text; the senders of
		// errors scrub their own.
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	// One check, one line: multi-line errors are joined.
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
