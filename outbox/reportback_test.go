package outbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Previewing the report back for the person met shows the note to whoever
// introduced them; for someone introduced by no one it says why there is
// none.
func TestPreviewReportBack(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Owner.Name, cfg.Owner.Addresses = "Alex Owner", []string{"alex@owner.example"}
	st, jane := threadEnv(t)
	ctx := context.Background()
	tomas := &store.Contact{Name: "Tomás Herrera", Email: "tomas@globex.example", IntroducedBy: jane.ID,
		State: workflow.State{Status: workflow.StatusMet}}
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.InsertContact(ctx, tomas) }); err != nil {
		t.Fatal(err)
	}
	p, err := (&outbox.Drafter{Config: cfg}).Preview(ctx, st.Read(), set, tomas, workflow.TemplateReportBack)
	if err != nil {
		t.Fatalf("Preview(report_back) error = %v", err)
	}
	if p.To.Address != "jane@acme.example" || !strings.Contains(p.Body, "Hi Jane,") || !strings.Contains(p.Body, "I met Tomás Herrera") {
		t.Fatalf("Preview(report_back) to %v:\n%s\nwant the note to Jane about Tomás", p.To, p.Body)
	}
	_, err = (&outbox.Drafter{Config: cfg}).Preview(ctx, st.Read(), set, jane, workflow.TemplateReportBack)
	if err == nil || !strings.Contains(err.Error(), "introduced by no one") {
		t.Fatalf("Preview(report_back) for Jane, introduced by no one: error = %v", err)
	}
}
