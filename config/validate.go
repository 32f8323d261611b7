package config

import (
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"
)

// Validate checks c and reports every problem at once, as Problems, each
// with its key, the line where the key is written and a hint; it returns
// nil when there are none. It reads the zone database and stats
// paths.templates, but does not contact servers or run password commands.
func (c *Config) Validate() error {
	k := &collector{c: c}
	k.owner()
	k.server("imap", c.IMAP.Server)
	k.server("smtp", c.SMTP.Server)
	if c.SMTP.Host != "" && c.IMAP.Host == "" {
		k.add("smtp.host", "set imap.host, or remove smtp.host to use rapport as an offline tracker",
			"is set but imap.host is not: without IMAP rapport cannot see replies and would nudge people who already answered")
	}
	switch {
	case c.Workflow.UsesDrafts() && c.IMAP.Host == "":
		k.add("workflow.send_mode", `set imap.host, or use "approve" or "direct"`,
			`"drafts" files messages in the Drafts folder of your mailbox, and imap.host is not set`)
	case c.Workflow.UsesDrafts() && c.SMTP.Host == "":
		// The drafts are filed by the sender, which exists only with SMTP
		// (it also mails the digest and the notices): accepted, the mode
		// would file nothing and say nothing.
		k.add("workflow.send_mode", `set smtp.host too (rapport's notices and digest go out by SMTP), or use "approve"`,
			`"drafts" needs smtp.host: rapport files drafts from its sender, which runs only with an SMTP server`)
	}
	for _, f := range c.IMAP.Folders {
		if strings.TrimSpace(f) == "" {
			k.add("imap.folders", `list folder names, e.g. ["Replies"]; INBOX is always watched`, "contains an empty folder name")
		}
	}
	k.positive("imap.lookback", c.IMAP.Lookback)
	if c.IMAP.PollInterval.Duration < 10*time.Second {
		k.add("imap.poll_interval", `use "10s" or more; "2m" is a good value`, "is %s, too often for a mail server", c.IMAP.PollInterval)
	}
	k.intRange("imap.max_message_mib", c.IMAP.MaxMessageMiB, 1, 1024, "MiB")
	if strings.ContainsAny(c.IMAP.Keyword, " ()%*\\\"]{") || strings.HasPrefix(c.IMAP.Keyword, "\\") {
		k.add("imap.keyword", `use letters, digits, "$" and "_", e.g. "$rapport"`, "%q is not a valid IMAP keyword", c.IMAP.Keyword)
	}
	if strings.EqualFold(c.IMAP.MachineFolder, "INBOX") {
		k.add("imap.machine_folder", `name another folder, e.g. "Automatic"`, "cannot be INBOX")
	}
	k.workflow()
	k.targets()
	k.digest()
	k.commands()
	k.paths()
	if len(k.ps) == 0 {
		return nil
	}
	return k.ps
}

func (k *collector) owner() {
	o := k.c.Owner
	if strings.TrimSpace(o.Name) == "" {
		k.add("owner.name", `e.g. name = "Alex Example"`+k.inFile(), "not set")
	}
	if len(o.Addresses) == 0 {
		k.add("owner.addresses", `e.g. addresses = ["alex@example.com"]`+k.inFile(), "not set")
	}
	for _, a := range o.Addresses {
		k.address("owner.addresses", a)
	}
	if o.TimeZone != "" {
		if _, err := time.LoadLocation(o.TimeZone); err != nil {
			k.add("owner.time_zone", `use an IANA zone name such as "Europe/Berlin" or "America/New_York", or "" for the system's zone`,
				"%q is not a known time zone", o.TimeZone)
		}
	}
}

// inFile names the file to write a missing setting in when c holds the
// built-in defaults.
func (k *collector) inFile() string {
	if k.c.Path != "" {
		return ""
	}
	if p := DefaultPath(); p != "" {
		return "; rapport read no config file: write one at " + p + ", starting from config.example.toml"
	}
	return "; rapport read no config file: write one, starting from config.example.toml"
}

// address checks that s is a bare address (an addr-spec) such as
// "alex@example.com".
func (k *collector) address(key, s string) {
	example, names := "alex@example.com", "; names go in owner.name"
	if key == "commands.addresses" {
		example, names = "alex+rapport@example.com", ""
	}
	a, err := mail.ParseAddress(s)
	switch {
	case err != nil:
		k.add(key, fmt.Sprintf("write a bare address such as %q", example), "%q is not a valid email address", s)
	case a.Name != "" || a.Address != strings.TrimSpace(s):
		k.add(key, fmt.Sprintf("write only %q%s", a.Address, names), "%q is not a bare address", s)
	}
}

func (k *collector) workflow() {
	w := k.c.Workflow
	if r := strings.ToLower(strings.TrimSpace(w.Routine)); r != RoutineClassic && r != Routine3B7 {
		k.add("workflow.policy", `use "3b7" (per company: a second person there after 3 business days without an answer, the first nudged after 7) or "classic" (each contact on their own, nudged after nudge_after_business_days)`,
			"%q is not a policy", w.Routine)
	}
	k.intRange("workflow.nudge_after_business_days", w.NudgeAfterBusinessDays, 1, 30, "business days")
	k.intRange("workflow.max_nudges", w.MaxNudges, 0, 2, "nudges")
	k.positive("workflow.no_response_after", w.NoResponseAfter)
	k.intRange("workflow.away_grace_business_days", w.AwayGraceBusinessDays, 0, 30, "business days")
	k.durationRange("workflow.away_without_date", w.AwayWithoutDate, time.Hour, 60*day)
	k.positive("workflow.thank_you_delay", w.ThankYouDelay)
	if w.ThankYouDelay.Duration > 24*time.Hour {
		k.add("workflow.thank_you_delay", "a thank-you is due the same day; use at most 24h",
			"%s is too long", w.ThankYouDelay)
	}
	if d := w.ThankYouWithin.Duration; d%day != 0 || d < day || d > 3*day {
		k.add("workflow.thank_you_within", `use whole days from "1d" (by the end of the day after the meeting) to "3d"; the career guides say a day or two`,
			"%s is not 1 to 3 whole days", w.ThankYouWithin)
	}
	if _, err := parseClock(w.PrepBriefAt, false); err != nil {
		k.add("workflow.prep_brief_at", "use HH:MM in the owner's time zone", "%v", err)
	}
	k.positive("workflow.keep_in_touch_after", w.KeepInTouchAfter)
	for _, t := range w.KeepInTouchTiers.tiers() {
		// A day at least: a note more often than that is not keeping in
		// touch; two years at most: past that, drop the tier or the
		// contact.
		k.durationRange("workflow.keep_in_touch_tiers."+t.key, t.d, day, 2*365*day)
	}
	if !validMode(w.SendMode) {
		k.add("workflow.send_mode", `use "approve", "direct" or "drafts"`, "%q is not a send mode", w.SendMode)
	}
	for _, kv := range w.SendModes.modes() {
		if kv[1] != "" && !validMode(kv[1]) {
			k.add("workflow.send_modes."+kv[0], `use "approve", "direct" or "drafts", or leave it out to follow workflow.send_mode`,
				"%q is not a send mode", kv[1])
		}
	}
	if _, err := parseDays(w.SendWindow.Days); err != nil {
		k.add("workflow.send_window.days", `e.g. "Mon-Fri" or "Mon,Wed,Fri"`, "%v", err)
	}
	if _, _, err := parseHours(w.SendWindow.Hours); err != nil {
		k.add("workflow.send_window.hours", `e.g. "09:00-17:00"`, "%v", err)
	}
	if w.DailyCap < 1 {
		k.add("workflow.daily_cap", "use 1 or more", "%d is out of range", w.DailyCap)
	}
	k.positive("workflow.min_gap", w.MinGap)
	for _, h := range w.Holidays {
		if _, err := ParseDate(h); err != nil {
			k.add("workflow.holidays", "use the YYYY-MM-DD form, quoted, for a date that exists", "%v", err)
		}
	}
}

func (k *collector) intRange(key string, v, lo, hi int, unit string) {
	if v < lo || v > hi {
		k.add(key, fmt.Sprintf("use %d to %d %s", lo, hi, unit), "%d is out of range", v)
	}
}

func (k *collector) positive(key string, d Duration) {
	if d.Duration <= 0 {
		k.add(key, `use a positive duration such as "3h" or "7d"`, "%s is not positive", d)
	}
}

func (k *collector) durationRange(key string, d Duration, lo, hi time.Duration) {
	if d.Duration < lo || d.Duration > hi {
		k.add(key, fmt.Sprintf("use %q to %q", Duration{lo}, Duration{hi}), "%s is out of range", d)
	}
}

func (k *collector) digest() {
	d := k.c.Digest
	if _, err := parseClock(d.Time, false); err != nil {
		k.add("digest.time", "use HH:MM in the owner's time zone", "%v", err)
	}
	if d.Recipient != "" {
		k.address("digest.recipient", d.Recipient)
	}
	if _, _, err := parseWeeklyDay(d.WeeklyDay); err != nil {
		k.add("digest.weekly_day", `use a day such as "friday" or "fri", or "off" for no weekly look back`, "%v", err)
	}
}

func (k *collector) paths() {
	p := k.c.Paths
	if p.Database == "" {
		k.add("paths.database", "set paths.database, or HOME, XDG_DATA_HOME or STATE_DIRECTORY",
			"not set, and there is no default location")
	}
	if p.Templates != "" {
		fi, err := os.Stat(p.Templates)
		switch {
		case err != nil:
			k.add("paths.templates", "create it, or leave paths.templates out to use the built-in templates",
				"%v", err)
		case !fi.IsDir():
			k.add("paths.templates", "point it at a directory of templates", "%s is not a directory", p.Templates)
		}
	}
}

// validMode reports whether m is a send mode.
func validMode(m string) bool { return m == SendApprove || m == SendDirect || m == SendDrafts }
