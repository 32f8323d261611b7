package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"os"
	"strings"
	"time"

	"rapport/config"
	"rapport/store"
	"rapport/templates"
)

// doctorTimeout bounds each network check: connecting, and each command.
const doctorTimeout = 15 * time.Second

// runDoctor is "rapport doctor": it checks the configuration, templates,
// database, time zone, IMAP account and SMTP account, one line per check,
// and fails when any check fails. It changes nothing, and sends mail only
// with --send-test.
func runDoctor(ctx context.Context, a *app, args []string) error {
	fset := a.flags("doctor")
	sendTest := fset.String("send-test", "", "send one short test message to `ADDRESS`")
	rest, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("doctor takes no arguments")
	}
	if *sendTest != "" {
		if addr, err := mail.ParseAddress(*sendTest); err != nil || addr.Address != *sendTest {
			return usagef("--send-test takes a bare address, like you@example.com")
		}
	}
	d := &doctor{a: a, list: &checklist{w: a.stdout}, timeout: doctorTimeout}
	d.run(ctx, *sendTest)
	if n := d.list.failed; n > 0 {
		return fmt.Errorf("%d check(s) failed", n)
	}
	return nil
}

// checklist prints checks, one line each: "✓ what", "✗ what — how to fix"
// or, for what works but deserves a look, "! what — what to do". Only ✗
// lines count as failures.
type checklist struct {
	w      io.Writer
	failed int
	// secrets are removed from every line, should an error quote one.
	secrets []string
}

func (l *checklist) pass(format string, args ...any) {
	l.print("✓ " + fmt.Sprintf(format, args...))
}

func (l *checklist) fail(what, fix string) {
	l.failed++
	l.print(withFix("✗ "+what, fix))
}

func (l *checklist) warn(what, fix string) {
	l.print(withFix("! "+what, fix))
}

func withFix(what, fix string) string {
	if fix == "" {
		return what
	}
	return what + " — " + fix
}

func (l *checklist) print(line string) {
	for _, s := range l.secrets {
		// Shorter strings would mangle innocent text; the senders of
		// errors scrub their own.
		if len(s) >= 4 {
			line = strings.ReplaceAll(line, s, "[redacted]")
		}
	}
	// One check, one line: multi-line errors are joined.
	line = strings.Join(strings.Fields(strings.ReplaceAll(line, "\n", "; ")), " ")
	fmt.Fprintln(l.w, line)
}

// doctor runs the checks of one "rapport doctor".
type doctor struct {
	a       *app
	list    *checklist
	timeout time.Duration
}

func (d *doctor) run(ctx context.Context, sendTest string) {
	cfg, problems := d.config()
	if cfg == nil {
		return
	}
	d.templates(cfg)
	d.database(ctx, cfg)
	if problemKeys(problems, "owner.time_zone") == "" { // else reported above
		d.zone(cfg)
	}
	if cfg.IMAP.Host != "" {
		if keys := problemKeys(problems, "imap."); keys != "" {
			d.list.fail("imap: not checked", "fix "+keys+" above first")
		} else {
			d.imap(ctx, cfg)
		}
	}
	switch {
	case cfg.SMTP.Host == "":
		if sendTest != "" {
			d.list.fail("smtp: no test message sent: smtp.host is not set", "set [smtp] to send mail")
		}
	case problemKeys(problems, "smtp.") != "":
		d.list.fail("smtp: not checked", "fix "+problemKeys(problems, "smtp.")+" above first")
	default:
		d.smtp(ctx, cfg, sendTest)
	}
}

// config loads and validates the configuration, printing its problems and
// warnings. It returns nil when the file does not load (nothing else can
// be checked), and the problems Validate found.
func (d *doctor) config() (*config.Config, config.Problems) {
	cfg, err := config.LoadDefault(d.a.configPath)
	if err != nil {
		// Load reports each problem of the file on its own line.
		for _, line := range strings.Split(err.Error(), "\n") {
			d.list.fail("config: "+line, "")
		}
		d.list.fail("config: the file does not load, so nothing else was checked", "fix it, then run rapport doctor again")
		return nil, nil
	}
	if cfg.Path == "" {
		d.list.fail("config: no configuration file at "+config.DefaultPath(),
			"copy config.example.toml there and fill in [owner], [imap] and [smtp], or give --config FILE")
	}
	var problems config.Problems
	if err := cfg.Validate(); err != nil && !errors.As(err, &problems) {
		d.list.fail("config: "+err.Error(), "")
	}
	if cfg.Path != "" && len(problems) == 0 {
		d.list.pass("config: %s", cfg.Path)
	}
	for _, p := range problems {
		d.list.fail("config: "+problemText(p), p.Hint)
	}
	for _, p := range cfg.Warnings() {
		d.list.warn("config: "+problemText(p), p.Hint)
	}
	if d.a.dbPath != "" {
		cfg.Paths.Database = d.a.dbPath
	}
	return cfg, problems
}

// problemText is p without its hint: "FILE:LINE: KEY: MESSAGE".
func problemText(p config.Problem) string {
	p.Hint = ""
	return p.String()
}

// problemKeys lists the keys of problems that start with prefix, "" when
// none does.
func problemKeys(problems config.Problems, prefix string) string {
	var keys []string
	for _, p := range problems {
		if strings.HasPrefix(p.Key, prefix) {
			keys = append(keys, p.Key)
		}
	}
	return strings.Join(keys, ", ")
}

func (d *doctor) templates(cfg *config.Config) {
	set, err := templates.Load(cfg.Paths.Templates)
	var le *templates.LoadError
	switch {
	case errors.As(err, &le):
		for _, p := range le.Problems {
			d.list.fail("templates: "+p.String(), "")
		}
		d.list.fail(fmt.Sprintf("templates: %d problem(s) in %s", len(le.Problems), cfg.Paths.Templates),
			"fix the lines above, then run rapport templates check")
	case err != nil:
		d.list.fail("templates: "+err.Error(), "check paths.templates")
	case cfg.Paths.Templates == "":
		d.list.pass("templates: the built-in ones")
	case len(set.Overrides()) == 0:
		d.list.pass("templates: %s (overrides none of the built-in ones)", cfg.Paths.Templates)
	default:
		d.list.pass("templates: %s (overrides %s)", cfg.Paths.Templates, strings.Join(set.Overrides(), ", "))
	}
}

// database checks the database file read-only: it is never created or
// upgraded here.
func (d *doctor) database(ctx context.Context, cfg *config.Config) {
	path := cfg.Paths.Database
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		d.list.pass("database: none yet at %s (rapport creates it when first used)", path)
		return
	}
	if err != nil {
		d.list.fail("database: "+err.Error(), "check paths.database and the permissions of the file and its directory")
		return
	}
	check, err := store.CheckFile(ctx, path)
	if err != nil {
		d.list.fail("database: "+err.Error(),
			"check paths.database; if the file is damaged, stop rapport and restore your latest backup (see rapport backup)")
		return
	}
	want := store.SchemaVersion()
	switch {
	case len(check.Problems) > 0:
		d.list.fail(fmt.Sprintf("database: %s fails its integrity check: %s", path, strings.Join(check.Problems, "; ")),
			"stop rapport and restore your latest backup (see rapport backup)")
	case check.SchemaVersion > want:
		d.list.fail(fmt.Sprintf("database: %s has schema version %d, newer than this rapport's %d", path, check.SchemaVersion, want),
			"upgrade rapport to the version that wrote it")
	case check.SchemaVersion < want:
		d.list.pass("database: %s, %s, integrity ok, schema version %d (rapport upgrades it to %d when it next opens it)",
			path, byteSize(fi.Size()), check.SchemaVersion, want)
	default:
		d.list.pass("database: %s, %s, integrity ok, schema version %d", path, byteSize(fi.Size()), check.SchemaVersion)
	}
}

func (d *doctor) zone(cfg *config.Config) {
	loc := time.Local
	name := "the system's local zone"
	if cfg.Owner.TimeZone != "" {
		l, err := time.LoadLocation(cfg.Owner.TimeZone)
		if err != nil {
			d.list.fail(fmt.Sprintf("time zone: owner.time_zone %q does not load: %v", cfg.Owner.TimeZone, err),
				`use an IANA name such as "Europe/Berlin" or "America/New_York"`)
			return
		}
		loc, name = l, cfg.Owner.TimeZone
	}
	now := d.a.now().In(loc)
	abbr, _ := now.Zone()
	offset := "UTC" + now.Format("-07:00")
	if abbr != "" && !strings.HasPrefix(abbr, "+") && !strings.HasPrefix(abbr, "-") && abbr != "UTC" {
		offset = abbr + ", " + offset
	}
	if cfg.Owner.TimeZone == "" {
		d.list.pass("time zone: %s, %s (%s now; set owner.time_zone to choose one)", name, loc, offset)
		return
	}
	d.list.pass("time zone: %s (%s now)", name, offset)
}

// byteSize formats n bytes for people: "812 B", "1.4 MiB".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
