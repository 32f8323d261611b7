package inbound

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// TestReplyReferralConfirmed follows a reply that points the owner to
// someone else, in its text or by copying them, on a database: the notice
// proposes the add line with via #N, and the owner's authenticated answer
// with that line adds the person as introduced by the replier, writes the
// referral in the replier's history, and drafts a request that names the
// replier.
func TestReplyReferralConfirmed(t *testing.T) {
	tests := []struct {
		name   string
		reply  string
		cc     string // the reply's Cc header, "" for none
		line   string // the line the notice must propose (and the owner sends back)
		person string // the address of the person added
	}{
		{
			name:   "a colleague named in the text",
			reply:  "I'm not the right person, sorry. Please talk to my colleague Maria López <maria@acme.example>, she runs controls.",
			line:   "add Maria López <maria@acme.example> via #1",
			person: "maria@acme.example",
		},
		{
			name:   "a colleague copied and named by first name",
			reply:  "I'm not the right person for this, but I'm cc'ing Jo, who leads our mobility team.",
			cc:     "Cc: Jo Park <jo.park@acme.example>, Ana Ruiz <ana@acme.example>",
			line:   "add Jo Park <jo.park@acme.example> via #1",
			person: "jo.park@acme.example",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			if jane.ID != 1 {
				t.Fatalf("Jane is #%d, want #1 (the line proposed names her number)", jane.ID)
			}
			later := time.Now().Add(time.Hour)
			f.h.Now = func() time.Time { return later }
			var extra []string
			if tt.cc != "" {
				extra = append(extra, tt.cc)
			}
			raw := mail(janeFrom, "Re: a question", "r1@acme.example", "req-1@owner.example", later, extra...)
			raw = strings.Replace(raw, "Happy to talk! How about Thursday?", tt.reply, 1)
			if o := f.handleMail([]byte(raw)); o.Event != string(workflow.EventReplyReceived) {
				t.Fatalf("the reply: %+v", o)
			}
			notice := func(o store.Outgoing) bool { return o.Template == "notice_reply" }
			var body string
			for _, o := range f.toOwner() {
				if notice(o) {
					body = o.Body
				}
			}
			if !strings.Contains(body, "Reply `"+tt.line+"`") {
				t.Fatalf("the notice does not propose %q:\n%s", tt.line, body)
			}
			if strings.Contains(body, "ana@acme.example") {
				t.Errorf("the notice proposes Ana, copied but never named:\n%s", body)
			}
			if _, err := f.store.Read().ContactByEmail(context.Background(), tt.person); err == nil {
				t.Fatalf("%s is a contact before the owner said so", tt.person)
			}

			if o := f.handleMail(answering(f, notice, tt.line)); o.Event != "commands" {
				t.Fatalf("the owner's answer: %+v", o)
			}
			ctx := context.Background()
			p, err := f.store.Read().ContactByEmail(ctx, tt.person)
			if err != nil {
				t.Fatalf("after the owner's add: %v", err)
			}
			if p.IntroducedBy != jane.ID {
				t.Errorf("%s introduced by #%d, want Jane #%d", p.Email, p.IntroducedBy, jane.ID)
			}
			if !slices.Contains(f.history(jane.ID), string(workflow.EventReferralAdded)) {
				t.Errorf("Jane's history %q has no referral", f.history(jane.ID))
			}
			drafts, err := f.store.Read().ListOutbox(ctx, store.OutboxFilter{ContactID: p.ID, Audience: store.AudienceContact})
			if err != nil || len(drafts) != 1 {
				t.Fatalf("requests to %s = %+v, %v; want one draft", p.Email, drafts, err)
			}
			if d := drafts[0]; d.Template != workflow.TemplateRequest || !strings.Contains(d.Subject+d.Body, "Jane Doe suggested") {
				t.Errorf("the request does not name Jane:\n%s\n\n%s", d.Subject, d.Body)
			}
			var receipt string
			for _, o := range f.receipts("cmd-1@owner.example") {
				receipt = o.Body
			}
			if want := fmt.Sprintf("suggested by #%d Jane Doe", jane.ID); !strings.Contains(receipt, want) {
				t.Errorf("the receipt does not say %q:\n%s", want, receipt)
			}
		})
	}
}
