package command

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParse feeds Parse arbitrary subjects and bodies, with and without a
// scope. It must not panic; every error has a line from 1 and a message;
// every command has a known verb, a line that is 0 (the subject) or a line
// of the body, and strings that are valid UTF-8 without control, format or
// line-separator characters.
func FuzzParse(f *testing.F) {
	f.Add("Re: [rapport] met Jane Doe", "#12 met\n#7 drop\n\n> quoted", int64(0))
	f.Add("", "add Ana Ruiz <ana@initech.example> company: Initech role: Engineer tz: Europe/Berlin", int64(0))
	f.Add("", "scheduled 2026-12-03 15:00 Europe/Berlin\npause until 2027-01-10\nnote She knows Ana", int64(5))
	f.Add("", "add Eve <eve@x.example\r\nBcc: victim@y.example>\r\n", int64(0))
	f.Add("status", "- #9 snooze 5d\n* #3 send\n1. #4 skip\n#15 note {{.Owner}}\n", int64(3))
	f.Add("\xff\xfe", "met \u202eeod\u202c\x00 \xc3\x28\nscheduled jane Thu 3 Dec 2026 3:30 p.m. america/new_york", int64(-1))
	f.Add("", "note Jane Doe: x\nscheduled May Chen tomorrow 12am\nstatus all\nhelp", int64(0))
	f.Add("", "On Mon, rapport <\nr@x> wrote:\n#1 met", int64(9))
	f.Fuzz(func(t *testing.T, subject, body string, scope int64) {
		o := opts(scope)
		o.MaxLines = 20
		cmds, errs := Parse(subject, body, o)
		for _, e := range errs {
			if e == nil || e.Line < 1 || e.Msg == "" {
				t.Fatalf("Parse() error %+v: want a line from 1 and a message", e)
			}
			checkText(t, "Error.Raw", e.Raw)
		}
		for _, c := range cmds {
			if _, ok := verbNames[string(c.Verb)]; !ok {
				t.Fatalf("Parse() command with verb %q", c.Verb)
			}
			if c.Line < 0 || c.Line > strings.Count(body, "\n")+1 {
				t.Fatalf("Parse() command on line %d", c.Line)
			}
			if c.Who.Scoped && c.Who.ID != scope {
				t.Fatalf("Parse() scoped to %d, want %d", c.Who.ID, scope)
			}
			if c.Who.ID < 0 {
				t.Fatalf("Parse() Who.ID = %d", c.Who.ID)
			}
			for name, s := range map[string]string{"Raw": c.Raw, "Name": c.Name, "Email": c.Email, "Text": c.Text, "Who.Query": c.Who.Query} {
				checkText(t, name, s)
			}
			for k, v := range c.Fields {
				checkText(t, "Fields key", k)
				checkText(t, "Fields["+k+"]", v)
			}
			if c.Verb == VerbScheduled && (c.At.IsZero() || c.Zone == nil) {
				t.Fatalf("Parse() scheduled without a time: %+v", c)
			}
		}
	})
}

// checkText fails unless s is valid UTF-8 on one line, without control,
// bidirectional or zero-width characters, and not over-long.
func checkText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s = %q is not valid UTF-8", what, s)
	}
	if utf8.RuneCountInString(s) > maxRunes+1 {
		t.Fatalf("%s has %d runes", what, utf8.RuneCountInString(s))
	}
	if i := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || invisible(r) || r == '\u2028' || r == '\u2029'
	}); i >= 0 {
		t.Fatalf("%s = %q holds a control character at %d", what, s, i)
	}
}
