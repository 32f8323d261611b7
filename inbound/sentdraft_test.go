package inbound

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// In the drafts send mode rapport files its draft in the owner's Drafts
// folder; the owner edits and sends it from their own mail program, and
// its copy in Sent settles the draft. Mail programs keep different parts
// of a draft they send: each way of recognising it is a row here, with
// the mail by hand that must not be taken for it.

// draftSent writes the owner's sent copy of a draft as a mail program
// files it: the headers given (a Message-ID, In-Reply-To, the draft's
// field…, "" left out) and the owner's edited text.
func draftSent(subject string, date time.Time, fields ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Alex Example <%s>\r\nTo: Jane Doe <jane@acme.example>\r\nSubject: %s\r\nDate: %s\r\n",
		owner, subject, date.Format(time.RFC1123Z))
	for _, f := range fields {
		if f != "" {
			b.WriteString(f + "\r\n")
		}
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
	b.WriteString("Hi Jane,\r\n\r\nedited by hand: could we talk on Thursday?\r\n\r\nAlex\r\n")
	return []byte(b.String())
}

// filedDraft drafts from template for c in the drafts mode and files it
// as the sender would, returning its outbox row.
func (f *ownerFixture) filedDraft(c *store.Contact, template string) *store.Outgoing {
	f.t.Helper()
	ctx := context.Background()
	var row *store.Outgoing
	err := f.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if template == workflow.TemplateRequest {
			row, err = f.track.DraftRequest(ctx, tx, c, false, "test", ownerNow.Add(-3*time.Hour), store.SourceCLI)
			return err
		}
		ev := workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerNudge}
		if _, err := f.track.Apply(ctx, tx, c, ev, ownerNow.Add(-3*time.Hour), store.SourceTimer); err != nil {
			return err
		}
		list, err := tx.MailboxDraftsOf(ctx, c.ID)
		if err != nil || len(list) == 0 {
			return fmt.Errorf("no mailbox draft of %s (%v)", template, err)
		}
		row = &list[len(list)-1].Outgoing
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	err = f.store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.DraftFiled(ctx, row.ID, "Drafts", 1, 7, 1234, ownerNow.Add(-3*time.Hour))
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return row
}

func TestSentDraftIsRecognised(t *testing.T) {
	sent := ownerNow // the fixture's drafter writes at ownerNow
	tests := []struct {
		name     string
		template string
		mail     func(d *store.Outgoing) []byte
		event    workflow.EventKind // the contact's move
		taken    bool               // the mail is the draft's sent copy
		drafts   []string           // the contact's outbox rows afterwards
	}{{
		name: "the draft's Message-ID kept", template: workflow.TemplateRequest,
		mail: func(d *store.Outgoing) []byte {
			return draftSent(d.Subject, sent, "Message-ID: <"+d.MessageID+">")
		},
		event: workflow.EventRequestSent, taken: true, drafts: []string{"request sent"},
	}, {
		name: "a new Message-ID (as Gmail and Outlook.com write), rapport's field kept", template: workflow.TemplateRequest,
		mail: func(d *store.Outgoing) []byte {
			return draftSent("A call on Thursday?", sent, "Message-ID: <new-1@mail.example>", outbox.DraftField+": "+d.MessageID)
		},
		event: workflow.EventRequestSent, taken: true, drafts: []string{"request sent"},
	}, {
		name: "neither kept: same recipient, a new thread under the draft's subject, after it", template: workflow.TemplateRequest,
		mail: func(d *store.Outgoing) []byte {
			return draftSent("RE:  "+strings.ToUpper(d.Subject), sent, "Message-ID: <new-2@mail.example>")
		},
		event: workflow.EventRequestSent, taken: true, drafts: []string{"request sent"},
	}, {
		name: "neither kept: a nudge answering the request's thread", template: workflow.TemplateNudge,
		mail: func(d *store.Outgoing) []byte {
			return draftSent("Re: something else", sent, "Message-ID: <new-3@mail.example>",
				"In-Reply-To: <"+d.InReplyTo+">", "References: <"+d.InReplyTo+">")
		},
		event: workflow.EventNudgeSent, taken: true, drafts: []string{"nudge sent", "request sent"},
	}, {
		name: "an unrelated mail by hand to the same contact is not the draft", template: workflow.TemplateRequest,
		mail: func(d *store.Outgoing) []byte {
			return draftSent("Your talk last week", sent, "Message-ID: <other@mail.example>")
		},
		// Mail by hand at "drafted" is their request all the same: the
		// workflow withdraws the draft.
		event: workflow.EventRequestSent, drafts: []string{"request cancelled"},
	}, {
		name: "mail sent before the draft was written is not the draft", template: workflow.TemplateRequest,
		mail: func(d *store.Outgoing) []byte {
			return draftSent(d.Subject, ownerNow.Add(-5*time.Hour), "Message-ID: <early@mail.example>")
		},
		event: workflow.EventRequestSent, drafts: []string{"request cancelled"},
	}, {
		name: "a follow-up by hand outside the thread is not the nudge draft", template: workflow.TemplateNudge,
		mail: func(d *store.Outgoing) []byte {
			return draftSent("Quick question", sent, "Message-ID: <other-2@mail.example>")
		},
		event: workflow.EventSentByHand, drafts: []string{"nudge cancelled", "request sent"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			f.cfg.Workflow.SendModes = config.SendModes{Request: config.SendDrafts, Nudge: config.SendDrafts}
			c := f.contact("Jane Doe", "jane@acme.example", workflow.StatusNew, "")
			if tt.template == workflow.TemplateNudge {
				f.cfg.Workflow.SendModes.Request = ""
				f.move(c, ownerNow.Add(-10*24*time.Hour), workflow.EventRequestSent)
				rec := &store.Message{Key: "req-1@owner.example", MessageID: "req-1@owner.example", Direction: store.DirectionOut,
					ContactID: c.ID, Kind: "request", Date: ownerNow.Add(-10 * 24 * time.Hour), Recorded: ownerNow}
				if err := f.store.WithTx(context.Background(), func(tx *store.Tx) error {
					if err := tx.InsertOutgoing(context.Background(), &store.Outgoing{ContactID: c.ID, Template: "request",
						Status: store.OutboxSent, MessageID: "req-1@owner.example", To: "jane@acme.example", Subject: "Twenty minutes?"},
						ownerNow.Add(-10*24*time.Hour)); err != nil {
						return err
					}
					_, err := tx.RecordMessage(context.Background(), rec)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				c = f.read(c.ID)
			}
			told := len(f.toOwner())
			d := f.filedDraft(c, tt.template)
			if n := len(f.toOwner()); n != told {
				t.Errorf("a drafts-mode draft sent the owner %d notices; want none (it is in their Drafts folder)", n-told)
			}
			if tt.template == workflow.TemplateNudge && d.InReplyTo != "req-1@owner.example" {
				t.Fatalf("nudge draft answers %q, want the request", d.InReplyTo)
			}
			mail := tt.mail(d)
			o := f.handleSent(false, mail)[0]
			if o.Event != string(tt.event) || o.ContactID != c.ID {
				t.Fatalf("outcome = %+v, want event %s for #%d", o, tt.event, c.ID)
			}
			if taken := o.Note == sentDraftNote; taken != tt.taken {
				t.Errorf("taken for the draft = %v (%q), want %v", taken, o.Note, tt.taken)
			}
			if got := f.drafts(c.ID); !slices.Equal(got, tt.drafts) {
				t.Errorf("rapport's mail to them = %q, want %q", got, tt.drafts)
			}
			// Read again (a second copy, a replay): nothing more happens.
			if again := f.handleSent(false, mail)[0]; again.Event != "" {
				t.Errorf("the same mail read again applied %q; want the contact moved once", again.Event)
			}
			hist, err := f.store.Read().History(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			moves := 0
			for _, e := range hist {
				if e.Kind == string(tt.event) && e.At.After(ownerNow.Add(-6*time.Hour)) {
					moves++
				}
			}
			if moves != 1 {
				t.Errorf("timeline has %d %s entries, want 1", moves, tt.event)
			}
			if !tt.taken {
				return
			}
			row, err := f.store.Read().Outgoing(context.Background(), d.ID)
			if err != nil || !strings.Contains(row.Body, "edited by hand") || row.Sent.IsZero() {
				t.Errorf("draft row = %+v, %v; want it sent with the text as sent", row, err)
			}
			md, err := f.store.Read().MailboxDraftOf(context.Background(), d.ID)
			if err != nil || md.State != store.DraftDone || md.Outcome != store.DraftSentByOwner {
				t.Errorf("mailbox draft = %+v, %v; want done, sent by the owner", md, err)
			}
			conv, err := f.store.Read().Conversation(context.Background(), c.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, m := range conv {
				found = found || strings.Contains(m.Text, "edited by hand")
			}
			if !found {
				t.Errorf("conversation = %+v, want the text as the owner sent it", conv)
			}
		})
	}
}
