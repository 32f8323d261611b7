package contacts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/workflow"
)

// TestListCommand: "list waiting", the command the digest's "… and N
// more" link sends, answers with every contact of that list, one line
// each, and nothing else in the store changes.
func TestListCommand(t *testing.T) {
	e := setup(t, "review")
	for i := range 14 {
		e.contact(fmt.Sprintf("Asked %02d", i), fmt.Sprintf("asked%02d@x.example", i), workflow.StatusRequested)
	}
	e.contact("Nudged One", "nudged@x.example", workflow.StatusNudged)
	e.contact("Replied One", "replied@x.example", workflow.StatusReplied)

	for _, tt := range []struct {
		name, subject, body string
		want                string
		lines               int
	}{
		{"waiting, subject and body", "list waiting", "list waiting\n\n", "waiting: 15 contacts", 15},
		{"replies", "", "list replies", "replies: 1 contact", 1},
		{"drafts, none", "", "list drafts", "drafts: 0 contacts", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := e.commands(tt.subject, tt.body, 0)
			if len(out.Lines) != 1 {
				t.Fatalf("receipt has %d lines, want 1 (a command in the subject and body runs once): %+v", len(out.Lines), out.Lines)
			}
			l := out.Lines[0]
			if !l.OK || l.Text != tt.want || len(l.Details) != tt.lines {
				t.Fatalf("line = %+v, want OK %q with %d details", l, tt.want, tt.lines)
			}
			if out.Changed {
				t.Errorf("list changed the store")
			}
		})
	}
	out := e.commands("", "list waiting", 0)
	all := strings.Join(out.Lines[0].Details, "\n")
	for _, name := range []string{"Asked 00", "Asked 13", "Nudged One"} {
		if !strings.Contains(all, name) {
			t.Errorf("list waiting lacks %s:\n%s", name, all)
		}
	}
	if strings.Contains(all, "Replied One") {
		t.Errorf("list waiting holds a contact who replied:\n%s", all)
	}
}
