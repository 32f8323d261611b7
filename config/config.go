// Package config loads, validates and describes rapport's configuration: one
// TOML file (see config.example.toml at the repository root) decoded strictly
// over built-in defaults.
//
// The usual sequence is LoadDefault (or Load), then Validate, which reports
// every problem at once, then Warnings for things that work but should be
// fixed. The accessors (Location, Policy, SendWindow.Parse, Digest.At,
// Workflow.HolidayDates) do not fail once Validate has passed.
package config

import (
	"net/mail"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/workflow"

	// Embedded so that owner.time_zone loads on hosts and containers without
	// a zone database: business days and send windows depend on it.
	_ "time/tzdata"
)

// Config is rapport's whole configuration. Build one with Default, Load or
// LoadDefault; the zero value is not useful.
type Config struct {
	Owner    Owner    `toml:"owner"`
	IMAP     IMAP     `toml:"imap"`
	SMTP     SMTP     `toml:"smtp"`
	Workflow Workflow `toml:"workflow"`
	Digest   Digest   `toml:"digest"`
	Commands Commands `toml:"commands"`
	Paths    Paths    `toml:"paths"`

	// Path is the file the configuration was loaded from, as given to Load;
	// "" when it holds the built-in defaults.
	Path string `toml:"-"`

	// keys maps each key written in the file at Path (lower-case, dotted)
	// to its position, so that problems can point at it.
	keys map[string]keyPos
}

// Owner describes the person rapport works for.
type Owner struct {
	// Name is used in templates and as the From display name.
	Name string `toml:"name"`
	// Addresses are the owner's own bare email addresses; the first one is
	// the From address. Mail from any of them counts as the owner's.
	Addresses []string `toml:"addresses"`
	// TimeZone is an IANA zone name ("Europe/Berlin"); "" means the
	// system's local zone. Use Config.Location for the parsed form.
	TimeZone string `toml:"time_zone"`
	// Background is a short self-description available to templates.
	Background string `toml:"background"`
	// Signature is appended to outgoing mail by the templates.
	Signature string `toml:"signature"`
}

// Server holds what is needed to log in to a mail server. It is embedded in
// IMAP and SMTP, whose TOML tables carry these keys directly.
//
// Printing or logging a Server never shows Password: see Format and LogValue.
// Use Secret to obtain the password, or the OAuth access token.
type Server struct {
	// Host is the server's name; "" disables the protocol.
	Host string `toml:"host"`
	// Port 0 means the default for TLS: 993/143 for IMAP, 465/587/25 for SMTP.
	Port int `toml:"port"`
	// TLS is "implicit", "starttls" or "none" (loopback hosts only).
	TLS      string `toml:"tls"`
	Username string `toml:"username"`
	// Auth is how to log in: AuthPlain ("" means the same) with a
	// password, or AuthXOAuth2 or AuthOAuthBearer with an OAuth 2.0 access
	// token that TokenCommand prints. Use Mechanism for the normalized form.
	Auth string `toml:"auth"`
	// With AuthPlain, exactly one of Password, PasswordCommand,
	// PasswordFile and PasswordCredential is set; with OAuth, none is.
	Password        string `toml:"password"`
	PasswordCommand string `toml:"password_command"`
	PasswordFile    string `toml:"password_file"`
	// PasswordCredential names a systemd credential (LoadCredential= or
	// SetCredentialEncrypted= in the unit): the file of that name in
	// $CREDENTIALS_DIRECTORY.
	PasswordCredential string `toml:"password_credential"`
	// TokenCommand, required with OAuth and forbidden otherwise, is a shell
	// command that prints a fresh access token; it runs at each login.
	TokenCommand string `toml:"token_command"`
}

// Login mechanisms of Server.Auth.
const (
	AuthPlain       = "plain"       // a password: IMAP LOGIN, SMTP AUTH PLAIN, LOGIN…
	AuthXOAuth2     = "xoauth2"     // Google's and Microsoft's SASL XOAUTH2
	AuthOAuthBearer = "oauthbearer" // SASL OAUTHBEARER (RFC 7628)
)

// TLS modes of Server.TLS.
const (
	TLSImplicit = "implicit"
	TLSStartTLS = "starttls"
	TLSNone     = "none"
)

// IMAP is the mailbox rapport watches for replies.
type IMAP struct {
	Server
	// Folders are watched in addition to INBOX, e.g. a folder that a filter
	// files replies into.
	Folders []string `toml:"folders"`
	// Lookback is how far back the first start reads existing mail for
	// replies from contacts rapport is waiting on; older mail is left alone.
	Lookback Duration `toml:"lookback"`
	// PollInterval is how often rapport checks the mailbox when the server
	// has no IDLE, and how often it checks an idle connection is alive.
	PollInterval Duration `toml:"poll_interval"`
	// MaxMessageMiB caps the size of a message rapport downloads; larger
	// messages are judged on their headers alone.
	MaxMessageMiB int `toml:"max_message_mib"`
	// Keyword, when set, is added as an IMAP keyword to every message rapport
	// has handled (e.g. "$rapport"), for filters in the owner's client.
	Keyword string `toml:"keyword"`
	// MachineFolder, when set, is where handled bounces and automatic
	// replies are moved, out of the owner's inbox.
	MachineFolder string `toml:"machine_folder"`
	// SentFolder is where copies of sent mail go and where rapport looks for
	// a message whose sending was interrupted; "" finds the folder the
	// server marks \Sent (RFC 6154), else one named like "Sent".
	SentFolder string `toml:"sent_folder"`
	// DraftsFolder is where drafts go in the drafts send mode; "" finds
	// the folder the server marks \Drafts (RFC 6154), else one named
	// like "Drafts".
	DraftsFolder string `toml:"drafts_folder"`
	// SaveSent makes rapport file a copy of what it sends in SentFolder.
	// Turn it off for providers that file sent mail themselves (Gmail).
	SaveSent bool `toml:"save_sent"`
}

// SMTP is the server rapport sends through.
type SMTP struct {
	Server
}

// Send modes of Workflow.SendMode.
const (
	SendApprove = "approve" // drafts wait for the owner's approval
	SendDirect  = "direct"  // drafts are sent within the send window
	// SendDrafts files each draft in the owner's Drafts folder, for them
	// to edit and send from their own mail program.
	SendDrafts = "drafts"
)

// KeepInTouchTiers is [workflow.keep_in_touch_tiers]: how long after the
// last interaction with a contact of each tier the next keep-in-touch
// note is due.
type KeepInTouchTiers struct {
	A Duration `toml:"a"`
	B Duration `toml:"b"`
	C Duration `toml:"c"`
	D Duration `toml:"d"`
}

// tiers returns each key of t with its tier and value, A first.
func (t KeepInTouchTiers) tiers() []struct {
	key  string
	tier workflow.Tier
	d    Duration
} {
	return []struct {
		key  string
		tier workflow.Tier
		d    Duration
	}{{"a", workflow.TierA, t.A}, {"b", workflow.TierB, t.B}, {"c", workflow.TierC, t.C}, {"d", workflow.TierD, t.D}}
}

// defaultTiers returns workflow.DefaultTierEvery as the config's keys.
func defaultTiers() KeepInTouchTiers {
	d := workflow.DefaultTierEvery()
	return KeepInTouchTiers{A: Duration{d[workflow.TierA]}, B: Duration{d[workflow.TierB]},
		C: Duration{d[workflow.TierC]}, D: Duration{d[workflow.TierD]}}
}

// SendModes overrides Workflow.SendMode for one kind of message to a
// contact; "" keeps send_mode. The keys are the templates' names.
type SendModes struct {
	Request     string `toml:"request"`
	IntroReply  string `toml:"intro_reply"`
	Nudge       string `toml:"nudge"`
	ThankYou    string `toml:"thank_you"`
	KeepInTouch string `toml:"keep_in_touch"`
}

// modes returns each key of m with its value, in the order written above.
func (m SendModes) modes() [][2]string {
	return [][2]string{{"request", m.Request}, {"intro_reply", m.IntroReply}, {"nudge", m.Nudge},
		{"thank_you", m.ThankYou}, {"keep_in_touch", m.KeepInTouch}}
}

// ModeFor returns the send mode of messages drafted from template: its
// entry in SendModes when set, else SendMode.
func (w Workflow) ModeFor(template string) string {
	for _, kv := range w.SendModes.modes() {
		if kv[0] == template && kv[1] != "" {
			return kv[1]
		}
	}
	return w.SendMode
}

// UsesDrafts reports whether any kind of message is filed in the Drafts
// folder.
func (w Workflow) UsesDrafts() bool {
	if w.SendMode == SendDrafts {
		return true
	}
	for _, kv := range w.SendModes.modes() {
		if kv[1] == SendDrafts {
			return true
		}
	}
	return false
}

// Workflow sets the timing of the outreach sequence.
type Workflow struct {
	// Routine is RoutineClassic (each contact followed on their own, the
	// default when the key is not set, so that older files keep their
	// cadence) or Routine3B7 (per company: see workflow.Policy's
	// ColleagueAfter), which config.example.toml sets for new files.
	Routine string `toml:"policy"`
	// NudgeAfterBusinessDays is the wait before a nudge when no reply came.
	NudgeAfterBusinessDays int `toml:"nudge_after_business_days"`
	// MaxNudges is the number of nudges sent before giving up.
	MaxNudges int `toml:"max_nudges"`
	// NoResponseAfter is the wait after the last nudge before a contact is
	// marked as not responding.
	NoResponseAfter Duration `toml:"no_response_after"`
	// AwayGraceBusinessDays is how many business days after the return
	// date of an out-of-office answer the next nudge waits; 0 nudges on
	// the return date itself.
	AwayGraceBusinessDays int `toml:"away_grace_business_days"`
	// AwayWithoutDate is how long the next nudge waits after an
	// out-of-office answer that gave no return date.
	AwayWithoutDate Duration `toml:"away_without_date"`
	// ThankYouDelay is the wait after a meeting ends before the owner is
	// asked how it went and the thank-you note is drafted; at most 24h.
	// When that falls on the next day or at 21:00 or later, it waits for
	// PrepBriefAt the next morning.
	ThankYouDelay Duration `toml:"thank_you_delay"`
	// PrepBriefAt is "HH:MM" in the owner's zone: when, on a meeting's day,
	// the owner is briefed (at least an hour before the meeting, never
	// once it started), and the next-morning time of a late ThankYouDelay.
	PrepBriefAt string `toml:"prep_brief_at"`
	// ThankYouWithin is how long after the day of a meeting the thank-you
	// is due, in whole days: "1d" by the end of the next day, at most
	// "3d". The digest calls a thank-you that has not left by then late.
	// Use ThankYouDays for the number of days.
	ThankYouWithin Duration `toml:"thank_you_within"`
	// KeepInTouchAfter is the wait after the thank-you before a
	// keep-in-touch message is suggested, for a contact with no tier;
	// every interaction since counts it again.
	KeepInTouchAfter Duration `toml:"keep_in_touch_after"`
	// KeepInTouchTiers is the wait between keep-in-touch notes for a
	// contact given a tier; a contact with no tier waits
	// KeepInTouchAfter.
	KeepInTouchTiers KeepInTouchTiers `toml:"keep_in_touch_tiers"`
	// SendMode is SendApprove, SendDirect or SendDrafts: for every kind of
	// message to a contact, unless SendModes says otherwise.
	SendMode string `toml:"send_mode"`
	// SendModes sets the send mode of one kind of message (ModeFor).
	SendModes SendModes `toml:"send_modes"`
	// SendWindow is when mail may leave, in the owner's zone.
	SendWindow SendWindow `toml:"send_window"`
	// DailyCap is the most messages sent per day.
	DailyCap int `toml:"daily_cap"`
	// MinGap is the least time between two sends.
	MinGap Duration `toml:"min_gap"`
	// Holidays are "YYYY-MM-DD" dates, in the owner's zone, that are not
	// business days. Use HolidayDates for the parsed form.
	Holidays []string `toml:"holidays"`
	Targets           // target_companies
}

// Digest configures the daily summary mail.
type Digest struct {
	// Enabled mails the digest; false turns it off (notices still come).
	Enabled bool `toml:"enabled"`
	// Time is "HH:MM" in the owner's zone. Use At for the parsed form.
	Time string `toml:"time"`
	// Recipient defaults to the owner's first address: see
	// Config.DigestRecipient.
	Recipient string `toml:"recipient"`
	// SkipEmpty suppresses the digest on days with nothing to report.
	SkipEmpty bool `toml:"skip_empty"`
	// WeeklyDay is the day whose digest carries the weekly look back: a
	// day's English name or its first three letters, in any case; "" or
	// "off" for none. Use Weekly for the parsed form.
	WeeklyDay string `toml:"weekly_day"`
}

// Commands says which mail may command rapport: the owner's own mail,
// authenticated by their provider, that is meant for rapport. A mail is
// meant for rapport when it is written to one of Addresses, when its
// subject starts with SubjectTag (see ForRapport), or when it replies to
// one of rapport's notices, which the daemon tells by its references.
type Commands struct {
	// RequireAuth accepts a command only when the topmost
	// Authentication-Results stamp of one of AuthServIDs, above the hop
	// from outside, proves the owner (see authres.Verified: DMARC, aligned
	// DKIM, or the owner's own SMTP login; never SPF alone). Turn it off
	// only where the server adds no such field (a test server on
	// loopback); config check warns when it is off.
	RequireAuth bool `toml:"require_auth"`
	// AuthServIDs are the names the owner's receiving server writes in its
	// Authentication-Results fields ("mx.google.com",
	// "messagingengine.com"); a name covers its subdomains. Look at the
	// header of a mail you sent yourself.
	AuthServIDs []string `toml:"authserv_ids"`
	// Addresses are bare addresses that reach rapport when written in To
	// or Cc: a plus-address of the owner ("alex+rapport@example.com") or
	// an address of rapport's own, never one of Owner.Addresses. When the
	// key is not written, Load sets it to DefaultCommandAddresses of
	// Owner.Addresses; written as [], no address reaches rapport.
	Addresses []string `toml:"addresses"`
	// SubjectTag is a word that, at the start of a subject, marks the
	// mail as meant for rapport: "rapport: add …", "[rapport] met #3".
	// "" turns the tag off. Default: "rapport".
	SubjectTag string `toml:"subject_tag"`
}

// Paths locates rapport's files. Relative paths in a config file are
// resolved against the file's directory, and a leading "~/" against the
// home directory.
type Paths struct {
	// Database is the SQLite file; see DefaultDatabasePath.
	Database string `toml:"database"`
	// Templates is a directory of templates overriding the built-in ones;
	// "" uses the built-in templates only.
	Templates string `toml:"templates"`
}

// Default returns the built-in configuration: every default filled in, no
// owner and no servers. It does not pass Validate until an owner is set.
func Default() *Config {
	c := defaults()
	c.fill()
	return c
}

// defaults returns the values a config file is decoded over. Server ports
// and TLS modes stay zero so that fill can choose them from what the file
// says.
func defaults() *Config {
	return &Config{
		Workflow: Workflow{
			Routine:                RoutineClassic,
			NudgeAfterBusinessDays: 5,
			MaxNudges:              1,
			NoResponseAfter:        Duration{7 * 24 * time.Hour},
			AwayGraceBusinessDays:  1,
			AwayWithoutDate:        Duration{7 * 24 * time.Hour},
			ThankYouDelay:          Duration{3 * time.Hour},
			ThankYouWithin:         Duration{24 * time.Hour},
			PrepBriefAt:            "08:00",
			KeepInTouchAfter:       Duration{90 * 24 * time.Hour},
			KeepInTouchTiers:       defaultTiers(),
			SendMode:               SendApprove,
			SendWindow:             SendWindow{Days: "Mon-Fri", Hours: "09:00-17:00"},
			DailyCap:               20,
			MinGap:                 Duration{2 * time.Minute},
		},
		IMAP: IMAP{
			Lookback:      Duration{30 * 24 * time.Hour},
			PollInterval:  Duration{2 * time.Minute},
			MaxMessageMiB: 10,
			SaveSent:      true,
		},
		Digest:   Digest{Enabled: true, Time: "07:30", WeeklyDay: "friday"},
		Commands: Commands{RequireAuth: true, SubjectTag: defaultTag},
		Paths:    Paths{Database: DefaultDatabasePath()},
	}
}

// fill chooses server TLS modes and ports left unset, and the command
// addresses when commands.addresses is not written.
func (c *Config) fill() {
	if _, written := c.keys["commands.addresses"]; !written {
		c.Commands.Addresses = DefaultCommandAddresses(c.Owner.Addresses)
	}
	if c.IMAP.TLS == "" {
		c.IMAP.TLS = TLSImplicit
	}
	if c.IMAP.Port == 0 {
		c.IMAP.Port = map[string]int{TLSImplicit: 993, TLSStartTLS: 143, TLSNone: 143}[c.IMAP.TLS]
	}
	if c.SMTP.TLS == "" {
		c.SMTP.TLS = TLSStartTLS
	}
	if c.SMTP.Port == 0 {
		c.SMTP.Port = map[string]int{TLSImplicit: 465, TLSStartTLS: 587, TLSNone: 25}[c.SMTP.TLS]
	}
}

// Location returns the owner's time zone, time.Local when Owner.TimeZone is
// "" (or, before Validate, when it does not load). It may read the zone
// database: call it once and keep the result.
func (c *Config) Location() *time.Location {
	if c.Owner.TimeZone == "" {
		return time.Local
	}
	loc, err := time.LoadLocation(c.Owner.TimeZone)
	if err != nil {
		return time.Local
	}
	return loc
}

// Sender is the From of every mail rapport writes: the owner's name and
// first address. Its Address is "" when owner.addresses is empty, and
// nothing can be sent.
func (c *Config) Sender() mail.Address {
	a := mail.Address{Name: c.Owner.Name}
	if len(c.Owner.Addresses) > 0 {
		a.Address = c.Owner.Addresses[0]
	}
	return a
}

// DigestRecipient returns Digest.Recipient, or the owner's first address
// when it is "" (and "" when there is neither).
func (c *Config) DigestRecipient() string {
	if c.Digest.Recipient != "" {
		return c.Digest.Recipient
	}
	if len(c.Owner.Addresses) > 0 {
		return c.Owner.Addresses[0]
	}
	return ""
}

// Policy returns the workflow cadence of c: business days Monday to Friday
// in the owner's zone (see Location) minus workflow.holidays, and the
// waits of [workflow]. It may read the zone database: call it once and
// keep the result. A prep_brief_at that does not parse, which Validate
// rules out, gives 08:00.
func (c *Config) Policy() workflow.Policy {
	zone := c.Location()
	w := c.Workflow
	var holidays []workflow.Date
	for _, d := range w.HolidayDates() {
		holidays = append(holidays, workflow.Date{Year: d.Year, Month: d.Month, Day: d.Day})
	}
	p := workflow.DefaultPolicy(zone)
	p.Calendar = workflow.NewCalendar(zone, holidays)
	p.NudgeAfter = w.NudgeAfterBusinessDays
	p.MaxNudges = w.MaxNudges
	p.NoResponseAfter = w.NoResponseAfter.Duration
	p.AwayGrace = w.AwayGraceBusinessDays
	p.AwayUnknown = w.AwayWithoutDate.Duration
	p.MeetingOverAfter = w.ThankYouDelay.Duration
	if m, err := parseClock(w.PrepBriefAt, false); err == nil {
		p.PrepBriefAt = time.Duration(m) * time.Minute
	}
	p.KeepInTouchAfter = w.KeepInTouchAfter.Duration
	p.KeepInTouchTiers = make(map[workflow.Tier]time.Duration, 4)
	for _, t := range w.KeepInTouchTiers.tiers() {
		p.KeepInTouchTiers[t.tier] = t.d.Duration
	}
	p.ThankYouWithin = w.ThankYouDays()
	if w.Is3B7() {
		p.ColleagueAfter, p.FirstNudgeAfter = workflow.ColleagueAfter3B7, workflow.FirstNudgeAfter3B7
	}
	return p
}

// The routines of workflow.policy.
const (
	RoutineClassic = "classic"
	Routine3B7     = "3b7"
)

// Is3B7 reports whether the owner follows the 3B7 routine: contacts at
// one company followed together.
func (w Workflow) Is3B7() bool { return strings.EqualFold(strings.TrimSpace(w.Routine), Routine3B7) }

// ThankYouDays returns ThankYouWithin in whole days, 1 to 3; a value
// Validate refuses gives the nearest of them.
func (w Workflow) ThankYouDays() int {
	return min(max(int(w.ThankYouWithin.Duration/day), 1), 3)
}
