package command

import (
	"strings"
	"testing"
	"time"
)

// TestParseScope reads commands in a reply to a notice about contact #5.
func TestParseScope(t *testing.T) {
	o := opts(5)
	runCases(t, []parseCase{
		{name: "met alone", opts: o, body: "met", want: []string{"1: met #5(scope)"}},
		{name: "met alone with a full stop", opts: o, body: "Met.", want: []string{"1: met #5(scope)"}},
		{name: "a named contact wins", opts: o, body: "met Jane Doe", want: []string{"1: met Jane Doe"}},
		{name: "scheduled", opts: o, body: "scheduled 2026-12-03 15:00",
			want: []string{"1: scheduled #5(scope) at=2026-12-03T15:00+01:00 Europe/Berlin"}},
		{name: "scheduled on a weekday", opts: o, body: "scheduled on Thu 3 Dec 2026 at 15:00 UTC",
			want: []string{"1: scheduled #5(scope) at=2026-12-03T15:00Z UTC"}},
		{name: "pause until", opts: o, body: "pause until 2027-01-10",
			want: []string{"1: pause #5(scope) until=2027-01-10T00:00+01:00"}},
		{name: "pause", opts: o, body: "pause", want: []string{"1: pause #5(scope)"}},
		{name: "resume", opts: o, body: "resume", want: []string{"1: resume #5(scope)"}},
		{name: "drop", opts: o, body: "drop", want: []string{"1: drop #5(scope)"}},
		{name: "declined", opts: o, body: "declined", want: []string{"1: declined #5(scope)"}},
		{name: "snooze", opts: o, body: "snooze 5d", want: []string{"1: snooze #5(scope) for=120h0m0s"}},
		{name: "send", opts: o, body: "send", want: []string{"1: send #5(scope)"}},
		{name: "skip", opts: o, body: "skip", want: []string{"1: skip #5(scope)"}},
		{name: "status is the scoped contact", opts: o, body: "status", want: []string{"1: status #5(scope)"}},
		{name: "status all is everyone", opts: o, body: "status all", want: []string{"1: status"}},
		{name: "note: everything is the text", opts: o, body: "note Jane Doe: she knows Ana",
			want: []string{`1: note #5(scope) text="Jane Doe: she knows Ana"`}},
		{name: "note: an email is text too", opts: o, body: "note ana@x.example is her colleague",
			want: []string{`1: note #5(scope) text="ana@x.example is her colleague"`}},
		{name: "note: an #id names the contact", opts: o, body: "note #4 met her at the fair",
			want: []string{`1: note #4 text="met her at the fair"`}},
		{name: "send it", opts: o, body: "Send it, please!", want: []string{"1: send #5(scope)"}},
		{name: "met her", opts: o, body: "met her", want: []string{"1: met #5(scope)"}},
		{name: "a pronoun is no name without a scope", opts: opts(0), body: "send it",
			wantErrs: []string{"1: send whom?"}},
		{name: "a pronoun after an #id", opts: opts(0), body: "#3 send it now", want: []string{"1: send #3"}},
		{name: "add ignores the scope", opts: o, body: "add Ana Ruiz <ana@x.example>",
			want: []string{`1: add "Ana Ruiz" <ana@x.example>`}},
		{name: "help ignores the scope", opts: o, body: "help", want: []string{"1: help"}},
	})
}

// TestParseSubject reads commands from the subject, alone and with the
// body.
func TestParseSubject(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "bare", opts: o, subject: "status", want: []string{"0: status"}},
		{name: "reply prefixes and tag", opts: o, subject: "Re: AW: SV: RE: [rapport] met Jane Doe",
			want: []string{"0: met Jane Doe"}},
		{name: "numbered reply prefix", opts: o, subject: "Re[2]: help", want: []string{"0: help"}},
		{name: "subject then body, in order", opts: o, subject: "[rapport] #12 met", body: "#7 drop\n",
			want: []string{"0: met #12", "1: drop #7"}},
		{name: "the body is read when the subject is none", opts: o, subject: "Re: rapport: Jane Doe replied (#5)",
			body: "met jane", want: []string{"1: met jane"}},
		{name: "same command in subject and body counts once", opts: o, subject: "met jane", body: "met jane",
			want: []string{"1: met jane"}},
		{name: "a subject that does not read is ignored", opts: o, subject: "met", body: ""},
		{name: "a subject that does not read leaves the body", opts: o, subject: "Drop by next week? (#3)", body: "#3 met",
			want: []string{"1: met #3"}},
		{name: "prose subject", opts: o, subject: "Lunch on Friday?"},
		{name: "forwarded subject is never a command", opts: o, subject: "Fwd: Resume"},
		{name: "forwarded status", opts: o, subject: "WG: Status update"},
		{name: "forward under a reply", opts: o, subject: "Re: Fwd: met jane"},
		{name: "rapport's notice title", opts: o, subject: "Re: rapport: note from jane"},
		{name: "scoped subject", opts: opts(5), subject: "Re: [rapport] met", want: []string{"0: met #5(scope)"}},
		{name: "subject command with a prose body", opts: o, subject: "status",
			body: "Hi rapport, how are things?\n", want: []string{"0: status"}},
		{name: "subject command and a bad body line", opts: o, subject: "status",
			body: "met\n", wantErrs: []string{"1: met whom?"}, want: []string{"0: status"}},
	})
}

// TestParseBlock finds the command block: several lines in order, and
// where the block ends.
func TestParseBlock(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "several in order", opts: o, body: "#12 met\n#7 drop\nnote #3 Great chat\n",
			want: []string{"1: met #12", "2: drop #7", `3: note #3 text="Great chat"`}},
		{name: "CRLF, tabs, bullets, leading empty lines", opts: o,
			body: "\r\n\r\n- met\tJane Doe\r\n* #7 DROP!\r\n• Help\r\n1. #3 send\r\n",
			want: []string{"3: met Jane Doe", "4: drop #7", "5: help", "6: send #3"}},
		{name: "ends at an empty line after a command", opts: o,
			body: "met jane\n\nThanks, and drop me a line\n", want: []string{"1: met jane"}},
		{name: "a greeting before is an error", opts: o, body: "Hi,\n\nmet jane\n",
			want: []string{"3: met jane"}, wantErrs: []string{"1: unknown command `hi`"}},
		{name: "ends at a quote", opts: o,
			body: "#12 met\n> #7 drop\n> Jane Doe replied\n", want: []string{"1: met #12"}},
		{name: "ends at an attribution", opts: o,
			body: "#12 met\nOn Mon, 23 Nov 2026 at 07:30, rapport <rapport@example.com> wrote:\n#7 drop\n",
			want: []string{"1: met #12"}},
		{name: "ends at a wrapped attribution", opts: o,
			body: "#12 met\nOn Mon, 23 Nov 2026 at 07:30, rapport <\nrapport@example.com> wrote:\n#7 drop\n",
			want: []string{"1: met #12"}},
		{name: "ends at a German attribution", opts: o,
			body: "#12 met\nAm 23.11.2026 um 07:30 schrieb rapport <r@example.com>:\n", want: []string{"1: met #12"}},
		{name: "ends at Outlook's original message", opts: o,
			body: "#12 met\n-----Original Message-----\nFrom: rapport\n#7 drop\n", want: []string{"1: met #12"}},
		{name: "ends at a From block", opts: o,
			body: "#12 met\nFrom: rapport <rapport@example.com>\nSent: Monday\n", want: []string{"1: met #12"}},
		{name: "ends at a signature", opts: o, body: "#12 met\n-- \nSam\n#7 drop\n", want: []string{"1: met #12"}},
		{name: "ends at a phone's signature", opts: o, body: "#12 met\nSent from my iPhone\n", want: []string{"1: met #12"}},
		{name: "ends at a line of underscores", opts: o,
			body: "#12 met\n________________________________\n#7 drop\n", want: []string{"1: met #12"}},
		{name: "only the quoted digest: nothing", opts: o,
			body: "On Mon, rapport wrote:\n> #12 met\n> #7 drop\n"},
		{name: "below a quote (bottom-posting)", opts: o,
			body: "On Mon, 23 Nov 2026 at 07:30, rapport <\nrapport@example.com> wrote:\n> #7 drop\n> Jane Doe replied\n\n#12 met\n#9 snooze 5d\n\n-- \nSam\n",
			want: []string{"6: met #12", "7: snooze #9 for=120h0m0s"}},
		{name: "inline: the block ends at the next quote", opts: o,
			body: "> #12 Jane Doe: meeting yesterday?\n#12 met\n> #7 Bob: no answer\n#7 drop\n",
			want: []string{"2: met #12"}},
		{name: "below a long quoted digest", opts: Options{MaxLines: 3},
			body: strings.Repeat("> #1 met\n", 100) + "#2 met\n#3 met\n",
			want: []string{"101: met #2", "102: met #3"}},
		{name: "an Outlook original first: nothing below is read", opts: o,
			body: "-----Original Message-----\nFrom: rapport\n#12 met\n"},
		{name: "a forward is no command mail", opts: o,
			body: "FYI\n\n---------- Forwarded message ---------\nFrom: Jane <jane@acme.example>\nmet\n"},
		{name: "prose is no command mail", opts: o,
			body: "Hello rapport,\nlet me know how it works.\n"},
		{name: "stops after MaxLines", opts: Options{Zone: berlin, MaxLines: 2},
			body: "#1 met\n#2 met\n#3 met\n",
			want: []string{"1: met #1", "2: met #2"}, wantErrs: []string{"3: stopped reading here: rapport reads 2 lines of commands"}},
		{name: "MaxLines counts from the first line of text", opts: Options{Zone: berlin, MaxLines: 2},
			body: "\n\n\n#1 met\n#2 met\n#3 met\n",
			want: []string{"4: met #1", "5: met #2"}, wantErrs: []string{"6: stopped reading here: rapport reads 2 lines of commands"}},
		{name: "MaxLines reached at the end of the block", opts: Options{Zone: berlin, MaxLines: 2},
			body: "#1 met\n#2 met\n\n#3 met\n", want: []string{"1: met #1", "2: met #2"}},
		{name: "an error does not stop the block", opts: o, body: "met\n#7 drop\n",
			want: []string{"2: drop #7"}, wantErrs: []string{"1: met whom?"}},
	})
}

// TestParseDefaultMaxLines reads 50 lines and no more.
func TestParseDefaultMaxLines(t *testing.T) {
	body := strings.Repeat("#1 met\n", 60)
	cmds, errs := Parse("", body, Options{})
	if len(cmds) != 50 || len(errs) != 1 || errs[0].Line != 51 {
		t.Fatalf("Parse(60 lines) = %d commands, errors %v; want 50 and one at line 51", len(cmds), errLines(errs))
	}
}

// TestParseErrors gives a hint for every mistake.
func TestParseErrors(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "met whom", opts: o, body: "met", wantErrs: []string{"1: met whom?"},
			hint: "met #12, met jane@example.com or met Jane Doe, or reply to the notice"},
		{name: "drop whom", opts: o, body: "drop.", wantErrs: []string{"1: drop whom?"}, hint: "drop #12"},
		{name: "send whom", opts: o, body: "send", wantErrs: []string{"1: send whom?"}, hint: "send #12"},
		{name: "unknown command lists the verbs", opts: o, body: "met jane\nfrobnicate #3\n",
			want:     []string{"1: met jane"},
			wantErrs: []string{"2: unknown command `frobnicate`"},
			hint:     "use one of add, draft, met, scheduled, pause, resume, drop, declined, note, snooze, send, skip, forget, good, tier, go on, hold, status, list, help"},
		{name: "misspelt verb alone is still a command mail", opts: o, body: "sheduled jane 2026-12-03 15:00",
			wantErrs: []string{"1: unknown command `sheduled`"}, hint: "did you mean scheduled?"},
		{name: "prose after a command", opts: o, body: "met jane\nIt went really well\n",
			want: []string{"1: met jane"}, wantErrs: []string{"2: unknown command `it`"}},
		{name: "note without scope needs a colon", opts: o, body: "note jane likes robots",
			wantErrs: []string{"1: note for whom?"}, hint: "note Jane Doe: TEXT"},
		{name: "note without text", opts: o, body: "note #3", wantErrs: []string{"1: note what?"}},
		{name: "scoped note without text", opts: opts(5), body: "note", wantErrs: []string{"1: note what?"}},
		{name: "scheduled without time", opts: o, body: "scheduled jane",
			wantErrs: []string{"1: scheduled needs a date and a time"}, hint: "2026-12-03 15:00"},
		{name: "scheduled with a date only", opts: o, body: "scheduled jane 2026-12-03",
			wantErrs: []string{"1: the meeting needs a time of day as well as a date"}},
		{name: "scheduled on a date that does not exist", opts: o, body: "scheduled jane 2026-02-30 15:00",
			wantErrs: []string{"1: `2026-02-30` is not a date"}},
		{name: "scheduled at a bad time", opts: o, body: "scheduled jane 2026-12-03 25:00",
			wantErrs: []string{"1: `25:00` is not a time of day"}},
		{name: "scheduled in no zone", opts: o, body: "scheduled jane 2026-12-03 15:00 Mars/Olympus",
			wantErrs: []string{"1: `Mars/Olympus` is not a time zone (use an IANA name such as Europe/Berlin)"}},
		{name: "scheduled with words after the zone", opts: o, body: "scheduled jane 2026-12-03 15:00 Europe/Berlin by video",
			wantErrs: []string{"1: too many words after the time: `Europe/Berlin by video`"}},
		{name: "ambiguous numeric date", opts: o, body: "scheduled jane 03/12/2026 15:00",
			wantErrs: []string{"1: `03/12/2026` is ambiguous (day or month first?)"}, hint: "2026-12-03"},
		{name: "weekday does not match", opts: o, body: "scheduled jane Fri 3 Dec 2026 15:00",
			wantErrs: []string{"1: 3 Dec 2026 is a Thursday, not a Friday"}},
		{name: "time skipped by daylight saving", opts: o, body: "scheduled jane 2027-03-28 02:30",
			wantErrs: []string{"1: 02:30 on 2027-03-28 does not exist in Europe/Berlin (the clocks go forward)"}},
		{name: "tomorrow without the mail's date", opts: Options{Zone: berlin}, body: "scheduled jane tomorrow 10:00",
			wantErrs: []string{"1: today and tomorrow need the date of the mail; write the date"}},
		{name: "pause with a date but no until", opts: o, body: "pause jane 2027-01-10",
			wantErrs: []string{"1: pause until when?"}, hint: "pause jane until 2027-01-10"},
		{name: "pause until nothing", opts: o, body: "pause jane until",
			wantErrs: []string{"1: until when?"}},
		{name: "pause until the past", opts: o, body: "pause jane until 2026-11-23",
			wantErrs: []string{"1: 2026-11-23 is not after today"}},
		{name: "pause until a bad date", opts: o, body: "pause jane until someday",
			wantErrs: []string{"1: `someday` is not a date"}},
		{name: "snooze without duration", opts: o, body: "snooze jane",
			wantErrs: []string{"1: snooze for how long?"}, hint: "5d"},
		{name: "snooze too long", opts: o, body: "#9 snooze 400d",
			wantErrs: []string{"1: `400d` is out of range (from 1h to 366d)"}},
		{name: "snooze bad unit", opts: o, body: "#9 snooze 5y",
			wantErrs: []string{"1: `5y` is not a duration"}},
		{name: "id and name together", opts: o, body: "met #12 Jane",
			wantErrs: []string{"1: write either an #id or a name, not both"}},
		{name: "name too long", opts: o, body: "met Jane Anne Marie Louise Doe Smith",
			wantErrs: []string{"1: `Jane Anne Marie Louise Doe Smith` is too long for a name (at most five words)"}},
		{name: "name too short", opts: o, body: "met J", wantErrs: []string{"1: `J` is too short to find a contact by"}},
		{name: "bad email", opts: o, body: "met jane@@acme",
			wantErrs: []string{"1: `jane@@acme` is not a plain email address (expected name@domain)"}},
		{name: "add without address", opts: o, body: "add Ana Ruiz",
			wantErrs: []string{"1: add needs a name and an email address"}, hint: "add Ana Ruiz <ana@example.com>"},
		{name: "add without name", opts: o, body: "add <ana@x.example>",
			wantErrs: []string{"1: add needs the contact's name before the address"}},
		{name: "add with a display name inside", opts: o, body: `add Ana <"Ana" ana@x.example>`,
			wantErrs: []string{"1: `\"Ana\" ana@x.example` is not a plain email address (expected name@domain)"}},
		{name: "add with an unknown key", opts: o, body: "add Ana <ana@x.example> company: Initech url: https://x",
			wantErrs: []string{"1: unknown key `url`"}, hint: "keys: company, role, field, note, tz, source"},
		{name: "add with text before the keys", opts: o, body: "add Ana <ana@x.example> from Initech",
			wantErrs: []string{"1: unexpected `from` after the address"}},
		{name: "add with a key twice", opts: o, body: "add Ana <ana@x.example> role: a role: b",
			wantErrs: []string{"1: role is given twice"}},
		{name: "add with an empty key", opts: o, body: "add Ana <ana@x.example> company: role: b",
			wantErrs: []string{"1: company has no value"}},
		{name: "add with a bad zone", opts: o, body: "add Ana <ana@x.example> tz: Berlin",
			wantErrs: []string{"1: `Berlin` is not a time zone (use an IANA name such as Europe/Berlin)"}},
		{name: "add with a name in brackets", opts: o, body: "add Ana [intern] <ana@x.example>",
			wantErrs: []string{"1: `Ana [intern]` is not a name: it holds `[`"}},
	})
}

// TestErrorString shows the line, the message and the hint.
func TestErrorString(t *testing.T) {
	e := &Error{Line: 3, Msg: "met whom?", Hint: "write met #12"}
	if got, want := e.Error(), "line 3: met whom? (write met #12)"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	e.Hint = ""
	if got, want := e.Error(), "line 3: met whom?"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

// forget names an address learned by mistake: by #id, by the notice
// answered, or after a name; anything but a plain address is refused.
func TestParseForget(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		scope      int64
		who        Who
		email      string
		bad        string // a fragment of the error, "" for none
	}{
		{name: "by number", line: "#7 forget fatima@home.example", who: Who{ID: 7}, email: "fatima@home.example"},
		{name: "number after the verb", line: "forget #7 fatima@home.example", who: Who{ID: 7}, email: "fatima@home.example"},
		{name: "answering a notice", line: "forget <fatima@home.example>", scope: 9, who: Who{ID: 9, Scoped: true}, email: "fatima@home.example"},
		{name: "by name", line: "forget Fatima Al-Sayed fatima@home.example", who: Who{Query: "Fatima Al-Sayed"}, email: "fatima@home.example"},
		{name: "no address", line: "#7 forget", bad: "forget which address?"},
		{name: "not an address", line: "#7 forget fatima", bad: "not a plain email address"},
		{name: "whose", line: "forget fatima@home.example", bad: "forget whose address?"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmds, errs := Parse("", tt.line, Options{Scope: tt.scope, Now: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)})
			if tt.bad != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.bad) {
					t.Fatalf("Parse(%q) = %+v, %v; want an error with %q", tt.line, cmds, errs, tt.bad)
				}
				return
			}
			if len(errs) != 0 || len(cmds) != 1 {
				t.Fatalf("Parse(%q) = %+v, %v; want one command", tt.line, cmds, errs)
			}
			if c := cmds[0]; c.Verb != VerbForget || c.Who != tt.who || c.Email != tt.email {
				t.Errorf("Parse(%q) = %s %+v %q; want forget %+v %q", tt.line, c.Verb, c.Who, c.Email, tt.who, tt.email)
			}
		})
	}
}
