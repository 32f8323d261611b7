package inbound

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// TestReplyNoticeProposes checks, on a database, that the reply notice
// proposes what the reply reads like and that nothing but the nudges
// changes until the owner answers with the proposed line.
func TestReplyNoticeProposes(t *testing.T) {
	notice := func(o store.Outgoing) bool { return o.Template == "notice_reply" }
	tests := []struct {
		name     string
		reply    string
		proposes string
		answer   string
		check    func(t *testing.T, f *ownerFixture, jane *store.Contact)
	}{
		{
			name:     "a no is recorded only when the owner says declined",
			reply:    "Thanks for thinking of me. Unfortunately I'm not available for this.",
			proposes: "It reads like a no. Reply `declined` to record it.",
			answer:   "declined",
			check: func(t *testing.T, f *ownerFixture, jane *store.Contact) {
				if got := f.read(jane.ID).State.Status; got != workflow.StatusDeclined {
					t.Errorf("after the owner's declined, Jane is %s, want declined", got)
				}
			},
		},
		{
			name:     "a referral's person is added when the owner says add",
			reply:    "I'm not the right person, but please talk to my colleague Maria Lopez <maria@acme.example>.",
			proposes: "Reply `add Maria Lopez <maria@acme.example> via #1` to add them as a contact",
			answer:   "add Maria Lopez <maria@acme.example>",
			check: func(t *testing.T, f *ownerFixture, _ *store.Contact) {
				var maria *store.Contact
				err := f.store.WithTx(context.Background(), func(tx *store.Tx) error {
					var err error
					maria, err = tx.ContactByEmail(context.Background(), "maria@acme.example")
					return err
				})
				if err != nil || maria == nil || maria.Name != "Maria Lopez" {
					t.Errorf("after the owner's add, Maria is %+v, %v", maria, err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			// The fixture records the request at the wall clock's time: the
			// reply is recorded after it, so that it is the thread the
			// notice shows.
			later := time.Now().Add(time.Hour)
			f.h.Now = func() time.Time { return later }
			raw := mail(janeFrom, "Re: a question", "r1@acme.example", "req-1@owner.example", later)
			raw = strings.Replace(raw, "Happy to talk! How about Thursday?", tt.reply, 1)
			if o := f.handleMail([]byte(raw)); o.Event != string(workflow.EventReplyReceived) {
				t.Fatalf("the reply: %+v", o)
			}
			if got := f.read(jane.ID).State.Status; got != workflow.StatusReplied {
				t.Fatalf("before the owner answers, Jane is %s, want replied", got)
			}
			var body string
			for _, o := range f.toOwner() {
				if notice(o) {
					body = o.Body
				}
			}
			if !strings.Contains(body, tt.proposes) {
				t.Fatalf("the notice does not propose %q:\n%s", tt.proposes, body)
			}
			if o := f.handleMail(answering(f, notice, tt.answer)); o.Event != "commands" {
				t.Fatalf("the owner's answer: %+v", o)
			}
			tt.check(t, f, jane)
		})
	}
}
