package contacts

import (
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/workflow"
)

// "#N draft" by mail (the digest's Next to ask button) writes the request
// to someone added and not asked yet, and refuses, saying why, someone
// already asked.
func TestDraftByMail(t *testing.T) {
	e := setup(t, config.SendApprove)
	bo := e.person("Bo Lind", "bo@acme.example", "Acme")
	out := e.commands("", "#1 draft\n", 0)
	if got := lines(out); !strings.Contains(got, "✓ #1 Bo Lind") || !strings.Contains(got, "request drafted") {
		t.Fatalf("#1 draft: receipt\n%s", got)
	}
	if s := e.get(bo.ID).State.Status; s != workflow.StatusDrafted {
		t.Fatalf("Bo is %s, want drafted", s)
	}
	ana := e.contact("Ana Ruiz", "ana@acme.example", workflow.StatusRequested)
	out = e.commands("", "draft Ana Ruiz\n", 0)
	if got := lines(out); !strings.Contains(got, "✗ #2 Ana Ruiz: no request drafted") {
		t.Fatalf("draft of someone asked: receipt\n%s", got)
	}
	if s := e.get(ana.ID).State.Status; s != workflow.StatusRequested {
		t.Errorf("Ana is %s, want still requested", s)
	}
}
