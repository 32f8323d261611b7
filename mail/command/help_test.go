package command

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHelp checks that the help text names every verb, and that every
// example in it reads as the command it shows.
func TestHelp(t *testing.T) {
	h := Help()
	for _, v := range Verbs() {
		if !strings.Contains(h, "\n  "+string(v)+" ") && !strings.Contains(h, "\n  "+string(v)+"\n") {
			t.Errorf("Help() has no example line for %s", v)
		}
	}
	for _, want := range []string{"#12 met", "#9 snooze 5d", "#3 send", "Reply to a notice"} {
		if !strings.Contains(h, want) {
			t.Errorf("Help() does not mention %q", want)
		}
	}
	examples := 0
	for i, line := range strings.Split(h, "\n") {
		if n := utf8.RuneCountInString(line); n > 79 {
			t.Errorf("Help() line %d has %d characters, want at most 79", i+1, n)
		}
		if !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "   ") {
			continue
		}
		examples++
		cmds, errs := Parse("", line, opts(0))
		if len(errs) != 0 || len(cmds) != 1 {
			t.Errorf("Parse(help example %q) = %q, %q; want one command", line, showAll(cmds), errLines(errs))
		}
	}
	if examples != len(Verbs()) {
		t.Errorf("Help() has %d example lines, want one per verb (%d)", examples, len(Verbs()))
	}
}
