package outbox_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// A name that reached the store RFC 2047-encoded (an older rapport, an
// import, a forwarded header block) reads decoded in everything the owner
// or the contact reads: the prep brief's messages, a notice, the quote of
// an introduction, the greeting, and the To header is encoded once, not
// twice.
func TestEncodedNamesAreDecodedWhereRead(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Owner.Name = "=?utf-8?q?Ana=C3=AFs_Martin?="
	cfg.Owner.Addresses = []string{"anais@owner.example"}
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: func() time.Time { return testNow }}
	start := testNow.Add(48 * time.Hour)
	tomas := &store.Contact{Name: "=?utf-8?q?Tom=C3=A1s_Herrera?=", Email: "tomas@acme.example",
		State: workflow.State{Status: workflow.StatusScheduled, Meeting: &workflow.Meeting{Start: start, End: start.Add(30 * time.Minute)}}}
	var notices []store.Outgoing
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertContact(ctx, tomas); err != nil {
			return err
		}
		if _, err := tx.RecordMessage(ctx, &store.Message{Key: "r@acme.example", MessageID: "r@acme.example", Direction: store.DirectionIn,
			ContactID: tomas.ID, Kind: "reply", Sender: "tomas@acme.example", Subject: "Re: Your work", Recorded: testNow, Text: "Happy to talk."}); err != nil {
			return err
		}
		if err := tx.SetIntroduction(ctx, &store.Introduction{ContactID: tomas.ID, Subject: "Meet Tomás",
			Sender: "=?windows-1252?q?Ren=E9_Roy?= <rene@egis.example>", Date: testNow, Body: "Tomás, meet Anaïs."}); err != nil {
			return err
		}
		for _, n := range []string{workflow.NoticePrepBrief, workflow.NoticeReply} {
			if err := d.Notify(ctx, tx, tomas, workflow.Notify{Notice: n}); err != nil {
				return err
			}
		}
		if err := d.Draft(ctx, tx, tomas, workflow.Draft{Template: workflow.TemplateIntroReply}); err != nil {
			return err
		}
		notices, err = tx.ListOutbox(ctx, store.OutboxFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"prep_brief":     {"Who: Tomás Herrera <tomas@acme.example>", "From Tomás Herrera <tomas@acme.example>, "},
		"notice_reply":   {"Tomás Herrera <tomas@acme.example> (#1) replied", "Answer Tomás from your mail client"},
		"intro_reply":    {"Tomás, it's very nice to meet you.", ", René Roy <rene@egis.example> wrote:", "Anaïs Martin"},
		"notice_approve": {"approve mail to Tomás Herrera (#1)"},
	}
	for _, o := range notices {
		text := o.Subject + "\n" + o.Body
		if strings.Contains(text, "=?") {
			t.Errorf("%s still holds an encoded word:\n%s", o.Template, text)
		}
		for _, w := range want[o.Template] {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not say %q:\n%s", o.Template, w, text)
			}
		}
		delete(want, o.Template)
		if o.Template == workflow.TemplateIntroReply && o.To != "=?utf-8?q?Tom=C3=A1s_Herrera?= <tomas@acme.example>" {
			t.Errorf("intro_reply To = %q, want the name encoded once", o.To)
		}
	}
	for name := range want {
		t.Errorf("no %s was written", name)
	}
}
