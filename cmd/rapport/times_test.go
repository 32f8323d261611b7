package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
)

// lineOf returns the line of out that contains s, or "".
func lineOf(out, s string) string {
	for l := range strings.Lines(out) {
		if strings.Contains(l, s) {
			return strings.TrimRight(l, "\n")
		}
	}
	return ""
}

// timesEnv is an owner in Berlin with three contacts: Jane in New York (a
// clock six hours behind in winter), Kim in Berlin and Léa in Paris (the
// owner's clock), each with a meeting on Tuesday 8 December.
func timesEnv(t *testing.T) (e *env, marks map[string]string) {
	e = newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example", "--role", "Staff Engineer", "--company", "Acme", "--tz", "America/New_York")
	e.ok("add", "--name", "Kim Park", "--email", "kim@globex.example", "--company", "Globex", "--tz", "Europe/Berlin")
	e.ok("add", "--name", "Léa Martin", "--email", "lea@paris.example", "--role", "Designer", "--tz", "Europe/Paris")
	marks = map[string]string{
		"jane": e.ok("mark", "jane", "scheduled", "2026-12-08", "15:00", "--place", "video call"),
		"kim":  e.ok("mark", "kim", "scheduled", "2026-12-08", "16:00"),
		"lea":  e.ok("mark", "lea", "scheduled", "2026-12-08", "17:00"),
	}
	return e, marks
}

// Every time list, show and mark print is in the owner's zone with its
// name; a contact on another clock gets their own time beside it, a
// contact on the owner's clock does not.
func TestTimesCarryZones(t *testing.T) {
	e, marks := timesEnv(t)
	list := e.ok("list")
	showJane, showKim := e.ok("show", "jane"), e.ok("show", "kim")
	tests := []struct {
		name, out, line, want string
	}{
		{"mark, another clock", marks["jane"], "next:", "next: meeting Tue 8 Dec 15:00 CET (09:00 EST for Jane)"},
		{"mark, the owner's clock", marks["kim"], "next:", "next: meeting Tue 8 Dec 16:00 CET"},
		{"mark, the same clock in another zone", marks["lea"], "next:", "next: meeting Tue 8 Dec 17:00 CET"},
		{"list, another clock", list, "Jane Doe", "meeting Tue 8 Dec 15:00 CET (09:00 EST for Jane)"},
		{"list, the owner's clock", list, "Kim Park", "meeting Tue 8 Dec 16:00 CET"},
		{"show card, another clock", showJane, "Meeting:", "Tue 8 Dec 2026 15:00–15:30 CET (09:00–09:30 EST for Jane) at video call"},
		{"show next, another clock", showJane, "Next:", "meeting Tue 8 Dec 15:00 CET (09:00 EST for Jane)"},
		{"show card, the owner's clock", showKim, "Meeting:", "Tue 8 Dec 2026 16:00–16:30 CET"},
		{"show timeline", showKim, "meeting scheduled", "2026-11-23 10:30 CET  meeting scheduled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := lineOf(tt.out, tt.line)
			if !strings.HasSuffix(line, tt.want) && !strings.Contains(line, tt.want+" ") {
				t.Errorf("line with %q = %q, want it to end in or hold %q\n%s", tt.line, line, tt.want, tt.out)
			}
			if strings.Contains(tt.name, "owner's clock") && strings.Contains(line, " for ") {
				t.Errorf("a contact on the owner's clock gets a time beside: %q", line)
			}
		})
	}
}

// The card's meeting and the timeline's entry for it are one text.
func TestShowCardAndTimelineAgree(t *testing.T) {
	e, _ := timesEnv(t)
	e.now = e.now.Add(time.Hour)
	e.ok("mark", "jane", "scheduled", "2026-12-09", "18:15", "--duration", "45m")
	out := e.ok("show", "jane")
	card := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lineOf(out, "Meeting:")), "Meeting:"))
	ownerPart, _, _ := strings.Cut(card, " (")
	if ownerPart != "Wed 9 Dec 2026 18:15–19:00 CET" {
		t.Fatalf("card meeting = %q, want Wed 9 Dec 2026 18:15–19:00 CET …\n%s", card, out)
	}
	if moved := lineOf(out, "meeting moved"); !strings.HasSuffix(moved, "meeting "+ownerPart+" at video call") {
		t.Errorf("timeline says %q, card says %q\n%s", moved, card, out)
	}
}

// Across the changes to summer time each time names the zone in force
// then, and the clock beside follows each place's own change: America
// moves on 8 March 2026, Europe on 29 March.
func TestTimesAcrossSummerTime(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example", "--tz", "America/New_York")
	e.ok("add", "--name", "Kim Park", "--email", "kim@globex.example")
	tests := []struct {
		name, who string
		args      []string
		want      string
	}{
		{"between the two changes", "jane", []string{"2026-03-16", "15:00"}, "Mon 16 Mar 2026 15:00–15:30 CET (10:00–10:30 EDT for Jane)"},
		{"a meeting over the change", "kim", []string{"2026-03-29", "01:30", "--duration", "2h"}, "Sun 29 Mar 2026 01:30 CET–04:30 CEST"},
		{"after both changes", "jane", []string{"2026-04-02", "15:00"}, "Thu 2 Apr 2026 15:00–15:30 CEST (09:00–09:30 EDT for Jane)"},
		// The hint says "2026-12-03 15:00": quoted, that is one argument.
		{"date and time quoted as one argument", "jane", []string{"2026-04-03 15:00 Europe/Paris"}, "Fri 3 Apr 2026 15:00–15:30 CEST (09:00–09:30 EDT for Jane)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.ok(append([]string{"mark", tt.who, "scheduled"}, tt.args...)...)
			out := e.ok("show", tt.who)
			if got := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lineOf(out, "Meeting:")), "Meeting:")); got != tt.want {
				t.Errorf("show %s meeting = %q, want %q\n%s", tt.who, got, tt.want, out)
			}
		})
	}
}

// The outbox's own times are the owner's; when a message to a contact may
// leave is also about their day.
func TestOutboxTimes(t *testing.T) {
	e, _ := timesEnv(t)
	at := time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)
	for _, o := range []store.Outgoing{
		{ContactID: 1, To: "jane@acme.example", Status: store.OutboxApproved, NotBefore: at},
		{ContactID: 2, To: "kim@globex.example", Status: store.OutboxApproved, NotBefore: at},
		{ContactID: 1, To: "jane@acme.example", Status: store.OutboxSending},
	} {
		o.Template, o.Subject, o.Body = "nudge", "Re: "+o.To, "Hi\n"
		o.MessageID = o.Status + "-" + o.To
		e.insert(o)
	}
	list := e.ok("outbox", "list")
	jane, kim := e.ok("outbox", "show", "1"), e.ok("outbox", "show", "2")
	tests := []struct{ name, out, line, want string }{
		{"list, not before", list, "Re: jane", "not before Tue 24 Nov 2026 15:00 CET"},
		{"list, sending since", list, "sending", "sending since 2026-11-23 10:30 CET"},
		{"show, not before, another clock", jane, "Not before:", "Tue 24 Nov 2026 15:00 CET (09:00 EST for Jane)"},
		{"show, created", jane, "Created:", "Mon 23 Nov 2026 10:30 CET"},
		{"show, not before, the owner's clock", kim, "Not before:", "Tue 24 Nov 2026 15:00 CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if line := lineOf(tt.out, tt.line); !strings.HasSuffix(strings.TrimSpace(line), tt.want) {
				t.Errorf("line with %q = %q, want it to end in %q\n%s", tt.line, line, tt.want, tt.out)
			}
		})
	}
}

// A return date is a calendar day: an owner west of UTC sees the day the
// contact named, not the evening before.
func TestShowReturnDateIsItsDay(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "config", "rapport")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "config.toml", "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\"]\ntime_zone = \"America/Los_Angeles\"\n")
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example")
	e.change(func(ctx context.Context, tx *store.Tx) error {
		c, err := tx.Contact(ctx, 1)
		if err != nil {
			return err
		}
		c.State.ReturnDate = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) // as an auto-reply's date is kept
		return tx.UpdateContact(ctx, c, e.now)
	})
	out := e.ok("show", "jane")
	if got, want := strings.TrimSpace(lineOf(out, "Away until:")), "Away until:  Thu 3 Dec 2026"; got != want {
		t.Errorf("show: %q, want %q\n%s", got, want, out)
	}
}

// The role line says what it holds: a role, a company, or both.
func TestShowRoleAndCompany(t *testing.T) {
	e, _ := timesEnv(t)
	e.ok("add", "--name", "No Work", "--email", "nowork@example.com")
	tests := []struct {
		who, want, not string
	}{
		{"jane", "  Role:       Staff Engineer at Acme", "Company:"},
		{"kim", "  Company:    Globex", "Role:"},
		{"lea", "  Role:       Designer", "Company:"},
		{"nowork", "", "Role:"},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			out := e.ok("show", tt.who)
			if tt.want != "" && !strings.Contains(out, tt.want+"\n") {
				t.Errorf("show %s lacks %q:\n%s", tt.who, tt.want, out)
			}
			if strings.Contains(out, tt.not) {
				t.Errorf("show %s has %q:\n%s", tt.who, tt.not, out)
			}
		})
	}
}

// rfc3339 is a time as JSON carries it: RFC 3339 with its offset.
var rfc3339 = regexp.MustCompile(`^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"$`)

// timeField finds the JSON fields that hold times, with their values.
var timeField = regexp.MustCompile(`"(at|start|end|created_at|updated_at|next_action_at|not_before|sent_at|meeting_over|prep_brief)": ("[^"]*")`)

// JSON output keeps its shape and RFC 3339 times whatever the owner's
// zone: scripts read it.
func TestJSONTimesStayRFC3339(t *testing.T) {
	e, _ := timesEnv(t)
	e.ok("add", "--name", "Ana Ruiz", "--email", "ana@initech.example")
	e.ok("draft", "ana")
	var recs []map[string]any
	out := e.ok("list", "--json")
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range recs[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"created_at", "email", "company", "id", "meeting", "name", "next_action", "next_action_at", "role", "stage", "status", "time_zone", "timers", "updated_at"}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("list --json keys = %v, want %v", keys, want)
	}
	var jane contacts.Record
	if err := json.Unmarshal([]byte(e.ok("show", "jane", "--json")), &jane); err != nil {
		t.Fatal(err)
	}
	if wantStart := time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC); jane.Meeting == nil || !jane.Meeting.Start.Equal(wantStart) {
		t.Errorf("show --json meeting = %+v, want start %v", jane.Meeting, wantStart)
	}
	for _, cmd := range [][]string{{"list", "--json"}, {"show", "jane", "--json"}, {"outbox", "list", "--all", "--json"}, {"problems", "--json"}} {
		out := e.ok(cmd...)
		found := timeField.FindAllStringSubmatch(out, -1)
		if len(found) == 0 && cmd[0] != "problems" {
			t.Errorf("rapport %s: no time fields found:\n%s", strings.Join(cmd, " "), out)
		}
		for _, m := range found {
			if !rfc3339.MatchString(m[2]) {
				t.Errorf("rapport %s: %s = %s, not RFC 3339", strings.Join(cmd, " "), m[1], m[2])
			}
		}
	}
}
