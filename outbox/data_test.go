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

// threadEnv stores Jane, who answered rapport's request, and whose
// introduction the owner forwarded.
func threadEnv(t *testing.T) (*store.Store, *store.Contact) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	jane := &store.Contact{Name: "Jane Doe", Email: "jane@acme.example", State: workflow.State{Status: workflow.StatusReplied, Nudges: 1}}
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertContact(ctx, jane); err != nil {
			return err
		}
		if _, err := tx.RecordMessage(ctx, &store.Message{Key: "reply@acme.example", MessageID: "reply@acme.example", Direction: store.DirectionIn,
			ContactID: jane.ID, Kind: "reply", Sender: "jane@acme.example", Subject: "Re: Your work", Recorded: testNow, Text: "Happy to talk."}); err != nil {
			return err
		}
		return tx.SetIntroduction(ctx, &store.Introduction{ContactID: jane.ID, MessageID: "intro@marc.example", Subject: "Meet Jane",
			Sender: "Marc <marc@egis.example>", Date: testNow, Body: "Jane, meet Alex."})
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, jane
}

func TestTemplateDataThread(t *testing.T) {
	st, jane := threadEnv(t)
	tests := []struct {
		name       string
		wantThread string // the thread's subject; "" for none
		wantIntro  bool
	}{
		{"request", "", false},
		{"keep_in_touch", "", false},
		{"nudge", "Re: Your work", false},
		{"thank_you", "Re: Your work", false},
		{"intro_reply", "Meet Jane", true},
		{"notice_reply", "Re: Your work", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, in, err := outbox.TemplateData(context.Background(), st.Read(), jane, tt.name, 2, templates.Owner{Name: "Alex"}, time.UTC)
			if err != nil {
				t.Fatalf("TemplateData() error = %v", err)
			}
			got := ""
			if d.Thread != nil {
				got = d.Thread.Subject
			}
			if got != tt.wantThread || (in != nil) != tt.wantIntro {
				t.Errorf("TemplateData(%s) thread %q, introduction %v; want %q, %v", tt.name, got, in != nil, tt.wantThread, tt.wantIntro)
			}
			if want := map[bool]int{true: 2, false: 0}[templates.ToContact(tt.name)]; d.Nudge != want {
				t.Errorf("TemplateData(%s).Nudge = %d, want %d", tt.name, d.Nudge, want)
			}
		})
	}
}

func TestPreviewData(t *testing.T) {
	st, jane := threadEnv(t)
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		want string // in the rendered body
	}{
		{"intro_reply", "> Jane, meet Alex."},
		{"nudge", ""},
		{"notice_approve", "Hi Jane,"},
		{"notice_bounce", "jane@acme.example"},
		{"receipt", "met #42"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := outbox.PreviewData(context.Background(), st.Read(), set, jane, tt.name, templates.Owner{Name: "Alex"}, time.UTC)
			if err != nil {
				t.Fatalf("PreviewData() error = %v", err)
			}
			m, err := set.Render(tt.name, d)
			if err != nil {
				t.Fatalf("Render(%s) error = %v", tt.name, err)
			}
			if !strings.Contains(m.Body, tt.want) {
				t.Errorf("preview of %s lacks %q:\n%s", tt.name, tt.want, m.Body)
			}
			if tt.name == "nudge" && d.Nudge != 2 {
				t.Errorf("preview of the nudge is number %d, want 2 (one was sent)", d.Nudge)
			}
		})
	}
}

func TestDrafterPreviewAddresses(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	owned := config.Default()
	owned.Owner.Name, owned.Owner.Addresses = "Alex Owner", []string{"alex@owner.example"}
	st, jane := threadEnv(t)
	for _, tt := range []struct {
		name     string
		cfg      *config.Config
		contact  *store.Contact
		template string
		from, to string
		sample   bool
	}{
		{"no owner: the sample's", config.Default(), nil, "request", "Sam Martin <>", "Claire Moreau <claire.moreau@example.org>", true},
		{"to a stored contact", owned, jane, "request", "Alex Owner <alex@owner.example>", "Jane Doe <jane@acme.example>", false},
		{"a notice goes to the owner", owned, jane, "notice_reply", "Alex Owner <alex@owner.example>", "Alex Owner <alex@owner.example>", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := (&outbox.Drafter{Config: tt.cfg}).Preview(context.Background(), st.Read(), set, tt.contact, tt.template)
			if err != nil {
				t.Fatalf("Preview() error = %v", err)
			}
			from, to := p.From.Name+" <"+p.From.Address+">", p.To.Name+" <"+p.To.Address+">"
			if from != tt.from || to != tt.to || p.SampleOwner != tt.sample || p.Subject == "" {
				t.Errorf("Preview() from %q to %q, sample owner %v, subject %q; want %q, %q, %v", from, to, p.SampleOwner, p.Subject, tt.from, tt.to, tt.sample)
			}
		})
	}
}
