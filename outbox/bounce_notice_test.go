package outbox_test

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/transport/smtpout"
	"github.com/rapport-mail/rapport/workflow"
)

var testNow = time.Date(2026, 11, 17, 10, 5, 0, 0, time.UTC)

// bounceEnv is a store with one contact waiting for an answer, and a
// tracker that writes notices with the default templates.
type bounceEnv struct {
	st    *store.Store
	track *contacts.Tracker
	jane  *store.Contact
}

func newBounceEnv(t *testing.T) *bounceEnv {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Owner.Name = "Alex Owner"
	cfg.Owner.Addresses = []string{"alex@owner.example"}
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: func() time.Time { return testNow }}
	e := &bounceEnv{st: st, track: contacts.New(workflow.DefaultPolicy(time.UTC), d)}
	// Stored with capitals, as people type addresses; reports lower-case them.
	e.jane = &store.Contact{Name: "Jane Doe", Email: "Jane.Doe@Acme.example", State: workflow.State{Status: workflow.StatusRequested}}
	err = st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), e.jane) })
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// bounce applies a bounce event carrying b and returns the notice the
// owner gets, composed as it would be sent.
func (e *bounceEnv) bounce(t *testing.T, b *workflow.Bounce) (*store.Outgoing, *mail.Message, string) {
	t.Helper()
	ctx := context.Background()
	var notices []store.Outgoing
	err := e.st.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := e.track.Apply(ctx, tx, e.jane, workflow.Event{Kind: workflow.EventBounceReceived, Bounce: b}, testNow, store.SourceMail); err != nil {
			return err
		}
		var err error
		notices, err = tx.ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceOwner})
		return err
	})
	if err != nil {
		t.Fatalf("Apply(bounce_received) error = %v", err)
	}
	if len(notices) != 1 || notices[0].Template != "notice_bounce" {
		t.Fatalf("notices to the owner = %+v, want one notice_bounce", notices)
	}
	n := &notices[0]
	data, _, err := outbox.Compose(n, mail.Address{Name: "Alex Owner", Address: "alex@owner.example"}, testNow)
	if err != nil {
		t.Fatalf("Compose(notice) error = %v", err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return n, msg, n.Body
}

// The bounce notice names the address the report says failed, its status
// code in plain words and the server's own words; without them it says
// the report did not say why, rather than leave a sentence unfinished.
func TestBounceNoticeSaysWhatFailed(t *testing.T) {
	refusal := &smtpout.Error{Class: smtpout.Permanent, Stage: smtpout.StageRcpt, Server: "smtp.owner.example:587",
		Code: 550, Enhanced: "5.1.1", Text: "<jane.doe@acme.example>: Recipient address rejected: User unknown",
		Recipients: []string{"Jane.Doe@Acme.example"}}
	tests := []struct {
		name  string
		b     *workflow.Bounce
		want  []string
		never []string
	}{
		{
			name: "a report naming several addresses: the contact's",
			b: outbox.ReportedBounce(&classify.Bounce{Recipients: []string{"cc-person@acme.example", "jane.doe@acme.example"},
				Action: "failed", Status: "5.1.1", Permanent: true,
				Diagnostic: "550 5.1.1 <jane.doe@acme.example>: Recipient address rejected: User unknown in virtual mailbox table"}, "Jane.Doe@Acme.example"),
			want: []string{"could not be delivered to jane.doe@acme.example.", "Status 5.1.1: no such mailbox at that address.",
				"The server said:", "Recipient address rejected: User unknown in virtual mailbox table"},
			never: []string{"cc-person", "did not say"},
		},
		{
			name: "a report for a forwarding address: the one it names",
			b: outbox.ReportedBounce(&classify.Bounce{Recipients: []string{"jane@newjob.example"}, Status: "5.2.2", Permanent: true,
				Diagnostic: "552 5.2.2 mailbox full; quota exceeded"}, "Jane.Doe@Acme.example"),
			want:  []string{"could not be delivered to jane@newjob.example.", "Status 5.2.2: the mailbox is full.", "552 5.2.2 mailbox full; quota exceeded"},
			never: []string{"delivered to Jane.Doe@Acme.example"},
		},
		{
			name:  "a report with a code but no words",
			b:     outbox.ReportedBounce(&classify.Bounce{Recipients: []string{"jane.doe@acme.example"}, Status: "5.7.1", Permanent: true}, "Jane.Doe@Acme.example"),
			want:  []string{"Status 5.7.1: the receiving server refused it by policy", "The report gave no words from the server."},
			never: []string{"The server said"},
		},
		{
			name:  "a report that said nothing: the stored address",
			b:     outbox.ReportedBounce(&classify.Bounce{Recipients: []string{}}, "Jane.Doe@Acme.example"),
			want:  []string{"could not be delivered to Jane.Doe@Acme.example.", "The report did not say why."},
			never: []string{"Status", "The server said"},
		},
		{
			name:  "no details at all",
			b:     nil,
			want:  []string{"could not be delivered to Jane.Doe@Acme.example.", "The report did not say why."},
			never: []string{"Status", "The server said"},
		},
		{
			name: "the sending server refused the address",
			b:    outbox.RefusedBounce(fmt.Errorf("send message 4: %w", refusal), "Jane.Doe@Acme.example"),
			want: []string{"could not be delivered to Jane.Doe@Acme.example.", "Status 5.1.1: no such mailbox at that address.",
				"<jane.doe@acme.example>: Recipient address rejected: User unknown"},
			never: []string{"did not say", "no words"},
		},
		{
			name: "a refusal with only a reply code",
			b: outbox.RefusedBounce(&smtpout.Error{Class: smtpout.Permanent, Stage: smtpout.StageRcpt, Code: 550,
				Text: "mailbox unavailable", Recipients: []string{"jane.doe@acme.example"}}, "Jane.Doe@Acme.example"),
			want: []string{"Status 550: the mailbox is unavailable", "mailbox unavailable"},
		},
		{
			name: "hostile words stay one line of the body",
			b: &workflow.Bounce{Recipient: "jane.doe@acme.example", Status: "5.1.1",
				Diagnostic: "550 gone\r\nBcc: evil@attacker.example\r\n\r\n\x1b[31m{{.Owner.Name}}"},
			want:  []string{"550 gone Bcc: evil@attacker.example [31m{{.Owner.Name}}"},
			never: []string{"\x1b", "\nBcc:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newBounceEnv(t)
			n, msg, body := e.bounce(t, tt.b)
			for _, want := range tt.want {
				if !strings.Contains(flat(body), flat(want)) {
					t.Errorf("notice body lacks %q:\n%s", want, body)
				}
			}
			for _, never := range tt.never {
				if strings.Contains(body, never) {
					t.Errorf("notice body holds %q:\n%s", never, body)
				}
			}
			if strings.Contains(body, "said:") && !strings.Contains(body, "The server said:\n\n  ") {
				t.Errorf("notice body says the server said something, then nothing:\n%s", body)
			}
			// The server's words are body text: the subject names only the
			// contact, and nothing from the report reaches the header.
			if want := "rapport: mail to Jane Doe (#" + fmt.Sprint(e.jane.ID) + ") bounced"; n.Subject != want {
				t.Errorf("Subject = %q, want %q", n.Subject, want)
			}
			if got := msg.Header["Bcc"]; len(got) > 0 {
				t.Errorf("the notice has a Bcc header %q", got)
			}
			// A notice is automatic mail: no responder may answer it.
			if got := msg.Header.Get("Auto-Submitted"); got != "auto-generated" {
				t.Errorf("Auto-Submitted = %q, want auto-generated", got)
			}
		})
	}
}

// From a delivery report as a mail server sends it to the notice: the
// report names the address it tried (here after the contact's domain
// rewrote it) and the one rapport sent to; the notice names the latter,
// and quotes the server.
func TestBounceNoticeFromReport(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "dsn_forwarded.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m := classify.Parse(raw)
	if m.Kind != classify.KindBounce || m.Bounce == nil {
		t.Fatalf("the report parsed as %s (%+v), want a bounce", m.Kind, m.Bounce)
	}
	e := newBounceEnv(t)
	_, _, body := e.bounce(t, outbox.ReportedBounce(m.Bounce, e.jane.Email))
	for _, want := range []string{"delivered to jane.doe@acme.example.", "Status 5.1.1: no such mailbox at that address.",
		"550 5.1.1 <jd@acme.example>: Recipient address rejected: User unknown in local recipient table"} {
		if !strings.Contains(flat(body), flat(want)) {
			t.Errorf("notice body lacks %q:\n%s", want, body)
		}
	}
	// The history says it too, for the contact's timeline.
	h, err := e.st.Read().History(context.Background(), e.jane.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; !strings.HasPrefix(last.Detail, "jane.doe@acme.example failed with 5.1.1: 550 5.1.1 <jd@acme.example>") {
		t.Errorf("history detail = %q, want the failed address, the code and the server's words", last.Detail)
	}
}

// flat makes every run of white space one space: the notice wraps the
// server's words.

// flat folds runs of white space, so that wrapped lines compare as one.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
