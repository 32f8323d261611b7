package command

import (
	"strings"
	"testing"
	"time"
)

// TestParseHostile feeds the parser what an attacker, or a broken mail
// client, might: it reads what it safely can and says why it refuses the
// rest.
func TestParseHostile(t *testing.T) {
	o := opts(0)
	runCases(t, []parseCase{
		{name: "CRLF injection in add splits the line", opts: o,
			body:     "add Eve <eve@x.example\r\nBcc: victim@y.example>\r\n",
			wantErrs: []string{"1: the address has no closing >", "2: unknown command `bcc`"}},
		{name: "lone CR in add", opts: o,
			body:     "add Eve <eve@x.example>\rBcc: victim@y.example",
			wantErrs: []string{"1: the line holds a line break (CR, NEL or U+2028) inside it: refused, as it could add a header to a mail"},
			hint:     "one plain line"},
		{name: "U+2028 in add", opts: o,
			body:     "add Eve\u2028Bcc: v@y.example <eve@x.example>",
			wantErrs: []string{"1: the line holds a line break (CR, NEL or U+2028) inside it: refused, as it could add a header to a mail"}},
		{name: "NEL in add", opts: o,
			body:     "add Eve <eve@x.example>\u0085Bcc: v@y.example",
			wantErrs: []string{"1: the line holds a line break (CR, NEL or U+2028) inside it: refused, as it could add a header to a mail"}},
		{name: "CRLF inside the subject", opts: o, subject: "add Eve <eve@x.example>\r\nBcc: victim@y.example"},
		{name: "encoded word in an address", opts: o, body: "add Eve <=?utf-8?q?eve=0D=0A?=@x.example>",
			want: []string{`1: add "Eve" <=?utf-8?q?eve=0D=0A?=@x.example>`}},
		{name: "control characters become spaces", opts: o, body: "met\x00Jane\x07Doe\x7f\x1f",
			want: []string{"1: met Jane Doe"}},
		{name: "terminal escapes are no name", opts: o, body: "met Jane\x1b[31mDoe",
			wantErrs: []string{"1: `Jane [31mDoe` is not a name: it holds `[`"}},
		{name: "RTL override is removed", opts: o, body: "note #3 \u202egnp.exe\u202c safe\u200b text\ufeff",
			want: []string{`1: note #3 text="gnp.exe safe text"`}},
		{name: "RTL override in a name", opts: o, body: "add \u202eeoD enaJ <jane@x.example>",
			want: []string{`1: add "eoD enaJ" <jane@x.example>`}},
		{name: "invalid UTF-8 in a note", opts: o, body: "note #3 caf\xe9 \xff\xfe",
			want: []string{"1: note #3 text=\"caf\uFFFD \uFFFD\""}},
		{name: "invalid UTF-8 in a name", opts: o, body: "add J\xffne <jane@x.example>",
			wantErrs: []string{"1: `J\uFFFDne` holds bytes that are not text"}},
		{name: "invalid UTF-8 in a verb", opts: o, body: "#3 m\xffet",
			wantErrs: []string{"1: unknown command `m\uFFFDet`"}},
		{name: "non-breaking spaces and tabs", opts: o, body: "met\u00a0Jane\u202fDoe\t",
			want: []string{"1: met Jane Doe"}},
		{name: "template text stays text in a note", opts: o, body: "note #3 {{.Owner.Password}} {{template \"x\"}}",
			want: []string{`1: note #3 text="{{.Owner.Password}} {{template \"x\"}}"`}},
		{name: "template text is no name", opts: o, body: "met {{.Owner}}",
			wantErrs: []string{"1: `{{.Owner}}` is not a name: it holds `{`"}},
		{name: "template text in add's name", opts: o, body: "add {{.Owner}} <x@y.example>",
			wantErrs: []string{"1: `{{.Owner}}` is not a name: it holds `{`"}},
		{name: "template text in a field is kept as text", opts: o, body: "add Ana <ana@x.example> company: {{.Evil}}",
			want: []string{`1: add "Ana" <ana@x.example> company="{{.Evil}}"`}},
		{name: "address with a comment", opts: o, body: "add Ana <ana(x)@x.example>",
			wantErrs: []string{"1: `ana(x)@x.example` is not a plain email address (expected name@domain)"}},
		{name: "two addresses", opts: o, body: "add Ana <ana@x.example, bob@y.example>",
			wantErrs: []string{"1: `ana@x.example, bob@y.example` is not a plain email address (expected name@domain)"}},
		{name: "zone path traversal", opts: o, body: "scheduled #3 2026-12-03 15:00 ../../../etc/passwd",
			wantErrs: []string{"1: `../../../etc/passwd` is not a time zone (use an IANA name such as Europe/Berlin)"}},
	})
}

// TestParseLongLine refuses a 1 MB line without cleaning all of it, and
// shows only its start.
func TestParseLongLine(t *testing.T) {
	body := "note #3 " + strings.Repeat("a", 1<<20) + "\n#7 drop\n"
	cmds, errs := Parse("", body, opts(0))
	if got := showAll(cmds); len(got) != 0 {
		t.Fatalf("Parse(1 MB line) commands = %q, want none: the drop lies past the first 256 KiB", got)
	}
	if len(errs) != 1 || errs[0].Line != 1 || errs[0].Msg != "the line is longer than 1000 characters" {
		t.Fatalf("Parse(1 MB line) errors = %q, want one for line 1", errLines(errs))
	}
	if n := len([]rune(errs[0].Raw)); n > rawShown+1 {
		t.Fatalf("Error.Raw has %d runes, want at most %d", n, rawShown+1)
	}
	body = "note #3 " + strings.Repeat("a", 5000) + "\n#7 drop\n"
	cmds, errs = Parse("", body, opts(0))
	if got := showAll(cmds); len(got) != 1 || got[0] != "2: drop #7" || len(errs) != 1 {
		t.Fatalf("Parse(5000-byte line) = %q, %q, want the drop on line 2 and one error", got, errLines(errs))
	}
	// Just over the limit, in runes rather than bytes.
	cmds, errs = Parse("", "note #3 "+strings.Repeat("é", 993), opts(0))
	if len(cmds) != 0 || len(errs) != 1 {
		t.Fatalf("Parse(1001 runes) = %q, %q; want one error", showAll(cmds), errLines(errs))
	}
	cmds, errs = Parse("", "note #3 "+strings.Repeat("é", 992), opts(0))
	if len(cmds) != 1 || len(errs) != 0 {
		t.Fatalf("Parse(1000 runes) = %q, %q; want the note", showAll(cmds), errLines(errs))
	}
	// A long quote still ends the block.
	cmds, errs = Parse("", "#3 met\n> "+strings.Repeat("x", 1<<20), opts(0))
	if len(cmds) != 1 || len(errs) != 0 {
		t.Fatalf("Parse(long quote) = %q, %q; want the met alone", showAll(cmds), errLines(errs))
	}
	// A huge subject is ignored.
	if cmds, errs = Parse("status "+strings.Repeat("x", 1<<20), "", opts(0)); len(cmds)+len(errs) != 0 {
		t.Fatalf("Parse(huge subject) = %q, %q; want nothing", showAll(cmds), errLines(errs))
	}
}

// TestParseBigInput reads only the start of a body of many short lines,
// and quickly.
func TestParseBigInput(t *testing.T) {
	body := strings.Repeat("\n", 10<<20) + "#3 met\n"
	start := time.Now()
	cmds, errs := Parse("", body, opts(0))
	if len(cmds)+len(errs) != 0 {
		t.Fatalf("Parse(10 MB of empty lines, then a command) = %q, %q; want nothing", showAll(cmds), errLines(errs))
	}
	body = strings.Repeat("#3 met\n", 1<<20)
	cmds, errs = Parse("", body, Options{MaxLines: 1 << 30})
	if len(cmds) != 1000 || len(errs) != 1 {
		t.Fatalf("Parse(a million commands) = %d commands, %d errors; want MaxLines capped at 1000", len(cmds), len(errs))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Parse took %v on big input", d)
	}
}
