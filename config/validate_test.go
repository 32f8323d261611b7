package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// validConfig returns a configuration that passes Validate without
// warnings.
func validConfig() *Config {
	c := Default()
	c.Owner = Owner{Name: "Alex Example", Addresses: []string{"alex@example.com"}}
	c.IMAP.Server = Server{Host: "imap.example.com", Port: 993, TLS: TLSImplicit,
		Username: "alex@example.com", PasswordCommand: "echo secret"}
	c.SMTP.Server = Server{Host: "smtp.example.com", Port: 587, TLS: TLSStartTLS,
		Username: "alex@example.com", PasswordCommand: "echo secret"}
	c.Commands.AuthServIDs = []string{"mx.example.com"}
	c.Paths.Database = "/var/lib/rapport/rapport.db"
	return c
}

// problemKeys returns the keys of the problems in err, which must be nil
// or Problems.
func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate() = %T %v, want Problems", err, err)
	}
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

func TestValidateReportsEveryProblem(t *testing.T) {
	path := writeConfig(t, `[owner]
name = "Alex"
addresses = ["Alex <alex@example.com>", "bob@"]
time_zone = "Mars/Olympus"

[imap]
host = "imap.example.com:993"
tls = "none"
password = "hunter2"
password_file = "/run/pw"

[workflow]
send_mode = "later"
send_window.hours = "17:00-09:00"
holidays = ["2026-02-30"]

[digest]
time = "7.30"
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	err = c.Validate()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate() = %v, want Problems", err)
	}
	want := []struct {
		key  string
		line int
	}{
		{"owner.addresses", 3},
		{"owner.addresses", 3},
		{"owner.time_zone", 4},
		{"imap.host", 7},
		{"imap.tls", 8},
		{"imap.username", 6}, // not written: its table's line
		{"imap.password_file", 10},
		{"workflow.send_mode", 13},
		{"workflow.send_window.hours", 14},
		{"workflow.holidays", 15},
		{"digest.time", 18},
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	t.Logf("Validate():\n%s", err)
	if len(ps) != len(want) {
		t.Fatalf("Validate() found %d problems:\n%s\nwant %d", len(ps), strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if ps[i].Key != w.key || ps[i].Line != w.line || ps[i].File != path {
			t.Errorf("problem %d = %s, want key %s on line %d", i, got[i], w.key, w.line)
		}
	}
	wantLine := path + `:13: workflow.send_mode: "later" is not a send mode (use "approve", "direct" or "drafts")`
	if !strings.Contains(err.Error(), wantLine+"\n") {
		t.Errorf("Validate().Error() = %s\nwant a line %s", err, wantLine)
	}
}

func TestValidateChecks(t *testing.T) {
	templates := t.TempDir()
	notDir := filepath.Join(templates, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // problem keys; nil for none
	}{
		{"valid", func(c *Config) {}, nil},
		{"no owner name", func(c *Config) { c.Owner.Name = " " }, []string{"owner.name"}},
		{"no address", func(c *Config) { c.Owner.Addresses = nil }, []string{"owner.addresses"}},
		{"address with a name", func(c *Config) { c.Owner.Addresses = []string{"Alex <a@example.com>"} }, []string{"owner.addresses"}},
		{"address in brackets", func(c *Config) { c.Owner.Addresses = []string{"<a@example.com>"} }, []string{"owner.addresses"}},
		{"time zone", func(c *Config) { c.Owner.TimeZone = "Europe/Nowhere" }, []string{"owner.time_zone"}},
		{"time zone UTC", func(c *Config) { c.Owner.TimeZone = "UTC" }, nil},
		{"no servers", func(c *Config) { c.IMAP.Server, c.SMTP.Server = Server{}, Server{} }, nil},
		{"smtp without imap", func(c *Config) { c.IMAP.Server = Server{} }, []string{"smtp.host"}},
		{"imap without smtp", func(c *Config) { c.SMTP.Server = Server{} }, nil},
		{"host is a url", func(c *Config) { c.IMAP.Host = "imaps://imap.example.com" }, []string{"imap.host"}},
		{"host with port", func(c *Config) { c.SMTP.Host = "smtp.example.com:465" }, []string{"smtp.host"}},
		{"ipv6 host", func(c *Config) { c.SMTP.Host = "2001:db8::1" }, nil},
		{"bad tls", func(c *Config) { c.IMAP.TLS = "ssl"; c.IMAP.Port = 0 }, []string{"imap.tls"}},
		{"tls none remote", func(c *Config) { c.SMTP.TLS = TLSNone }, []string{"smtp.tls"}},
		{"tls none localhost", func(c *Config) { c.SMTP.TLS, c.SMTP.Host = TLSNone, "localhost" }, nil},
		{"tls none 127.0.0.2", func(c *Config) { c.IMAP.TLS, c.IMAP.Host = TLSNone, "127.0.0.2" }, nil},
		{"tls none ::1", func(c *Config) { c.IMAP.TLS, c.IMAP.Host = TLSNone, "::1" }, nil},
		{"port too big", func(c *Config) { c.IMAP.Port = 70000 }, []string{"imap.port"}},
		{"negative port", func(c *Config) { c.SMTP.Port = -1 }, []string{"smtp.port"}},
		{"no username", func(c *Config) { c.IMAP.Username = "" }, []string{"imap.username"}},
		{"no password", func(c *Config) { c.SMTP.PasswordCommand = "" }, []string{"smtp.password_command"}},
		{"two passwords", func(c *Config) { c.SMTP.PasswordFile = "/run/pw" }, []string{"smtp.password_file"}},
		{"empty folder", func(c *Config) { c.IMAP.Folders = []string{"Replies", ""} }, []string{"imap.folders"}},
		{"poll too often", func(c *Config) { c.IMAP.PollInterval = Duration{time.Second} }, []string{"imap.poll_interval"}},
		{"huge message cap", func(c *Config) { c.IMAP.MaxMessageMiB = 4096 }, []string{"imap.max_message_mib"}},
		{"keyword with a space", func(c *Config) { c.IMAP.Keyword = "$rap port" }, []string{"imap.keyword"}},
		{"system flag as keyword", func(c *Config) { c.IMAP.Keyword = `\Seen` }, []string{"imap.keyword"}},
		{"machine mail into INBOX", func(c *Config) { c.IMAP.MachineFolder = "inbox" }, []string{"imap.machine_folder"}},
		{"nudge after 0", func(c *Config) { c.Workflow.NudgeAfterBusinessDays = 0 }, []string{"workflow.nudge_after_business_days"}},
		{"nudge after 31", func(c *Config) { c.Workflow.NudgeAfterBusinessDays = 31 }, []string{"workflow.nudge_after_business_days"}},
		{"max nudges 0", func(c *Config) { c.Workflow.MaxNudges = 0 }, nil},
		{"max nudges 3", func(c *Config) { c.Workflow.MaxNudges = 3 }, []string{"workflow.max_nudges"}},
		{"no response zero", func(c *Config) { c.Workflow.NoResponseAfter.Duration = 0 }, []string{"workflow.no_response_after"}},
		{"thank you 24h", func(c *Config) { c.Workflow.ThankYouDelay.Duration = 24 * time.Hour }, nil},
		{"thank you 25h", func(c *Config) { c.Workflow.ThankYouDelay.Duration = 25 * time.Hour }, []string{"workflow.thank_you_delay"}},
		{"thank-you within 1d", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 24 * time.Hour }, nil},
		{"thank-you within 3d", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 72 * time.Hour }, nil},
		{"thank-you within 4d", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 96 * time.Hour }, []string{"workflow.thank_you_within"}},
		{"thank-you within 0", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 0 }, []string{"workflow.thank_you_within"}},
		{"thank-you within 36h", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 36 * time.Hour }, []string{"workflow.thank_you_within"}},
		{"thank-you within 12h", func(c *Config) { c.Workflow.ThankYouWithin.Duration = 12 * time.Hour }, []string{"workflow.thank_you_within"}},
		{"away grace 0", func(c *Config) { c.Workflow.AwayGraceBusinessDays = 0 }, nil},
		{"away grace 30", func(c *Config) { c.Workflow.AwayGraceBusinessDays = 30 }, nil},
		{"away grace negative", func(c *Config) { c.Workflow.AwayGraceBusinessDays = -1 }, []string{"workflow.away_grace_business_days"}},
		{"away grace 31", func(c *Config) { c.Workflow.AwayGraceBusinessDays = 31 }, []string{"workflow.away_grace_business_days"}},
		{"away without date 1h", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = time.Hour }, nil},
		{"away without date 60d", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = 60 * 24 * time.Hour }, nil},
		{"away without date 59m", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = 59 * time.Minute }, []string{"workflow.away_without_date"}},
		{"away without date zero", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = 0 }, []string{"workflow.away_without_date"}},
		{"away without date 61d", func(c *Config) { c.Workflow.AwayWithoutDate.Duration = 61 * 24 * time.Hour }, []string{"workflow.away_without_date"}},
		{"prep brief 7:05", func(c *Config) { c.Workflow.PrepBriefAt = "7:05" }, nil},
		{"prep brief 00:00", func(c *Config) { c.Workflow.PrepBriefAt = "00:00" }, nil},
		{"prep brief 8am", func(c *Config) { c.Workflow.PrepBriefAt = "8am" }, []string{"workflow.prep_brief_at"}},
		{"prep brief 24:00", func(c *Config) { c.Workflow.PrepBriefAt = "24:00" }, []string{"workflow.prep_brief_at"}},
		{"prep brief empty", func(c *Config) { c.Workflow.PrepBriefAt = "" }, []string{"workflow.prep_brief_at"}},
		{"keep in touch negative", func(c *Config) { c.Workflow.KeepInTouchAfter.Duration = -time.Hour }, []string{"workflow.keep_in_touch_after"}},
		{"send mode", func(c *Config) { c.Workflow.SendMode = "auto" }, []string{"workflow.send_mode"}},
		{"send mode direct", func(c *Config) { c.Workflow.SendMode = SendDirect }, nil},
		{"send mode drafts", func(c *Config) { c.Workflow.SendMode = SendDrafts }, nil},
		{"drafts without imap", func(c *Config) {
			c.Workflow.SendModes.Nudge = SendDrafts
			c.IMAP.Server, c.SMTP.Server = Server{}, Server{}
		},
			[]string{"workflow.send_mode"}},
		{"drafts without smtp", func(c *Config) {
			c.Workflow.SendModes.Request = SendDrafts
			c.SMTP.Server = Server{}
		},
			[]string{"workflow.send_mode"}},
		{"request drafts", func(c *Config) { c.Workflow.SendModes.Request = SendDrafts }, nil},
		{"thank-you mode", func(c *Config) { c.Workflow.SendModes.ThankYou = "later" }, []string{"workflow.send_modes.thank_you"}},
		{"window days", func(c *Config) { c.Workflow.SendWindow.Days = "Mon-Fry" }, []string{"workflow.send_window.days"}},
		{"window hours", func(c *Config) { c.Workflow.SendWindow.Hours = "09:00" }, []string{"workflow.send_window.hours"}},
		{"daily cap", func(c *Config) { c.Workflow.DailyCap = 0 }, []string{"workflow.daily_cap"}},
		{"min gap", func(c *Config) { c.Workflow.MinGap.Duration = 0 }, []string{"workflow.min_gap"}},
		{"holidays", func(c *Config) { c.Workflow.Holidays = []string{"2026-12-25", "25.12.2026"} }, []string{"workflow.holidays"}},
		{"digest time", func(c *Config) { c.Digest.Time = "24:00" }, []string{"digest.time"}},
		{"digest recipient", func(c *Config) { c.Digest.Recipient = "nobody" }, []string{"digest.recipient"}},
		{"no database", func(c *Config) { c.Paths.Database = "" }, []string{"paths.database"}},
		{"templates dir", func(c *Config) { c.Paths.Templates = templates }, nil},
		{"templates missing", func(c *Config) { c.Paths.Templates = filepath.Join(templates, "nope") }, []string{"paths.templates"}},
		{"templates not a dir", func(c *Config) { c.Paths.Templates = notDir }, []string{"paths.templates"}},
		{"several", func(c *Config) { c.Owner.Name = ""; c.Workflow.DailyCap = -1 }, []string{"owner.name", "workflow.daily_cap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(c)
			err := c.Validate()
			got := problemKeys(t, err)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Validate() = %v, want problems with %v", err, tt.want)
			}
		})
	}
}

func TestValidateDefault(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	t.Setenv("XDG_CONFIG_HOME", "/conf")
	err := Default().Validate()
	got := problemKeys(t, err)
	if strings.Join(got, ",") != "owner.name,owner.addresses" {
		t.Fatalf("Default().Validate() = %v, want owner.name and owner.addresses", err)
	}
	if !strings.Contains(err.Error(), "write one at /conf/rapport/config.toml") {
		t.Fatalf("Default().Validate() = %v, want a hint naming the default config path", err)
	}
}

func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private")
	shared := filepath.Join(dir, "shared")
	for path, mode := range map[string]os.FileMode{private: 0o600, shared: 0o644} {
		if err := os.WriteFile(path, []byte("pw\n"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"none", func(c *Config) {}, nil},
		{"password in file", func(c *Config) { c.IMAP.PasswordCommand, c.IMAP.Password = "", "pw" }, []string{"imap.password"}},
		{"private password file", func(c *Config) { c.SMTP.PasswordCommand, c.SMTP.PasswordFile = "", private }, nil},
		{"shared password file", func(c *Config) { c.SMTP.PasswordCommand, c.SMTP.PasswordFile = "", shared }, []string{"smtp.password_file"}},
		{"missing password file", func(c *Config) {
			c.SMTP.PasswordCommand, c.SMTP.PasswordFile = "", filepath.Join(dir, "nope")
		}, []string{"smtp.password_file"}},
		{"no imap", func(c *Config) { c.IMAP.Server, c.SMTP.Server = Server{}, Server{} }, []string{"imap.host"}},
		{"no smtp", func(c *Config) { c.SMTP.Server = Server{} }, []string{"smtp.host"}},
		{"commands without authentication", func(c *Config) { c.Commands.RequireAuth = false }, []string{"commands.require_auth"}},
		{"no trusted server", func(c *Config) { c.Commands.AuthServIDs = nil }, []string{"commands.authserv_ids"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(c)
			var got []string
			for _, w := range c.Warnings() {
				got = append(got, w.Key)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Warnings() = %v, want warnings about %v", c.Warnings(), tt.want)
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"full", Problem{File: "c.toml", Line: 3, Key: "a.b", Message: "bad", Hint: "fix it"}, "c.toml:3: a.b: bad (fix it)"},
		{"no line", Problem{File: "c.toml", Key: "a.b", Message: "bad"}, "c.toml: a.b: bad"},
		{"no file", Problem{Line: 3, Key: "a.b", Message: "bad", Hint: "fix it"}, "a.b: bad (fix it)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Fatalf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

// A relay on this machine may take mail without a login; anywhere else,
// or with any credential half-given, the login is required.
func TestLocalRelayWithoutLogin(t *testing.T) {
	c := Default()
	c.Owner.Name, c.Owner.Addresses = "Alex", []string{"alex@example.com"}
	c.IMAP.Server = Server{Host: "imap.example.com", Port: 993, TLS: TLSImplicit, Username: "alex", PasswordFile: "/run/pw"}
	c.SMTP.Server = Server{Host: "127.0.0.1", Port: 25, TLS: TLSNone}
	if err := c.Validate(); err != nil {
		t.Errorf("a local relay without a login: %v", err)
	}
	c.SMTP.Server = Server{Host: "127.0.0.1", Port: 25, TLS: TLSNone, PasswordFile: "/run/pw"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "smtp.username") {
		t.Errorf("a password without a username: %v, want smtp.username", err)
	}
	c.SMTP.Server = Server{Host: "smtp.example.com", Port: 587, TLS: TLSStartTLS}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "smtp.username") {
		t.Errorf("a remote server without a login: %v, want smtp.username", err)
	}
}

func TestModeFor(t *testing.T) {
	w := Workflow{SendMode: SendApprove, SendModes: SendModes{Request: SendDrafts, Nudge: SendDirect}}
	tests := []struct{ template, want string }{
		{"request", SendDrafts},
		{"nudge", SendDirect},
		{"thank_you", SendApprove},
		{"notice_approve", SendApprove},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			if got := w.ModeFor(tt.template); got != tt.want {
				t.Errorf("ModeFor(%q) = %q, want %q", tt.template, got, tt.want)
			}
		})
	}
	if !w.UsesDrafts() || (Workflow{SendMode: SendDirect}).UsesDrafts() {
		t.Errorf("UsesDrafts() wrong")
	}
}
