package inbound

import (
	"context"
	"slices"
	"strings"
	"testing"

	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The owner's mail to rapport: which of it commands (the tag, rapport's
// address, an answer to a receipt or a notice), which never does (no
// proof from the owner's server, a forged one, a contact's mail, an
// automatic answer), and the receipt that answers it.

// beforeID is the Message-ID of the command mail a case handles first.
const beforeID = "cmd-0@owner.example"

// toRapport writes the owner's mail to rapport, with the proof the owner's
// server writes.
func toRapport(to, subject, body string) []byte {
	return proven(rig.OwnerMail(owner, to, subject, "cmd-1@owner.example", "", body))
}

// answering writes the owner's answer, with the proof, to the mail
// rapport sent them about Jane that pick finds, quoting it below.
func answering(f *ownerFixture, pick func(store.Outgoing) bool, text string) []byte {
	f.t.Helper()
	for _, o := range f.toOwner() {
		if pick(o) {
			quoted := "> " + strings.ReplaceAll(strings.TrimSpace(o.Body), "\n", "\n> ")
			return proven(rig.OwnerMail(owner, owner, "Re: "+o.Subject, "cmd-1@owner.example", o.MessageID, text+"\n\nOn Mon, rapport wrote:\n"+quoted+"\n"))
		}
	}
	f.t.Fatalf("no mail to the owner to answer in %+v", f.toOwner())
	return nil
}

func TestOwnersMailToRapport(t *testing.T) {
	receiptOf := func(o store.Outgoing) bool { return o.Template == "receipt" && o.InReplyTo == beforeID }
	approvalNotice := func(o store.Outgoing) bool { return o.Template == "notice_approve" }
	tests := []struct {
		name      string
		before    string // the subject of a command mail handled first ("" for none)
		mail      func(f *ownerFixture) []byte
		event     string
		jane, sam workflow.Status
		janeNote  string   // a note Jane's notes must hold
		samNote   string   // a note Sam's notes must hold
		toOwner   []string // the templates of the mail the case's mail made rapport write to the owner
		receipt   []string // lines of the receipt among them
		problems  []string // the problems kept for the digest
	}{
		{
			name:  "met by subject, tagged, to the owner's own address",
			mail:  func(*ownerFixture) []byte { return toRapport(owner, "rapport: met #1", "Sent from my phone\n") },
			event: "commands", jane: workflow.StatusMet, sam: workflow.StatusRequested,
			// The thank-you met drafted waits for approval; the debrief
			// asks how it went; the receipt comes last.
			toOwner: []string{"notice_approve", "debrief", "receipt"},
			receipt: []string{"Subject: Re: rapport: met #1", "✓ > met #1", "#1 Jane Doe: requested → met"},
		},
		{
			name: "several lines to rapport's address, one unknown: the rest apply and the help follows",
			mail: func(*ownerFixture) []byte {
				return toRapport(rapportAddr, "a few things", "note Sam Lee: knows the tram people\npause sam@globex.example until 2027-01-10\nfrobnicate\n")
			},
			event: "commands", jane: workflow.StatusRequested, sam: workflow.StatusPaused, samNote: "knows the tram people",
			toOwner: []string{"receipt"},
			receipt: []string{"Subject: Re: a few things", "✓ > note Sam Lee: knows the tram people", "requested → paused",
				"✗ > frobnicate", "unknown command", "Name a contact by number"},
		},
		{
			name:  "mail to the owner's own address without the tag is not for rapport",
			mail:  func(*ownerFixture) []byte { return toRapport(owner, "met #1", "") },
			event: "", jane: workflow.StatusRequested, sam: workflow.StatusRequested,
		},
		{
			name:   "a reply to a receipt about Jane needs no name, and the quoted receipt is not read again",
			before: "rapport: met #1",
			mail: func(f *ownerFixture) []byte {
				return answering(f, receiptOf, "note great talk about trams")
			},
			event: "commands", jane: workflow.StatusMet, sam: workflow.StatusRequested, janeNote: "great talk about trams",
			toOwner: []string{"receipt"},
			receipt: []string{"Subject: Re: Re: rapport: met #1", "#1 Jane Doe: note kept"},
		},
		{
			name:   "a command line answering the approval notice is about the contact; the draft stays as it was",
			before: "rapport: met #1",
			mail: func(f *ownerFixture) []byte {
				return answering(f, approvalNotice, "note she suggested I talk to Ana in controls")
			},
			event: "commands", jane: workflow.StatusMet, sam: workflow.StatusRequested, janeNote: "suggested I talk to Ana",
			toOwner: []string{"receipt"},
			receipt: []string{"#1 Jane Doe: note kept"},
		},
		{
			name:   "good marks the questions that worked; a number the bank lacks gets an answer",
			before: "rapport: met #1",
			mail: func(*ownerFixture) []byte {
				return toRapport(rapportAddr, "questions", "#1 good 2 5\n#1 good 42\n")
			},
			event: "commands", jane: workflow.StatusMet, sam: workflow.StatusRequested,
			toOwner: []string{"receipt"},
			receipt: []string{"✓ > #1 good 2 5", "#1 Jane Doe: good questions this week: Q2, Q5", "✗ > #1 good 42",
				"#1 Jane Doe: Q42 is not in your question bank, so rapport did not mark it",
				"your prep brief numbers its questions Q1 to Q9; write #1 good 2 5"},
		},
		{
			name:   "the debrief's Good questions line marks them too, and answers a wrong number",
			before: "rapport: met #1",
			mail: func(f *ownerFixture) []byte {
				return answering(f, func(o store.Outgoing) bool { return o.Template == "debrief" }, "It went well.\n\nGood questions: 3, 12")
			},
			event: "debrief", jane: workflow.StatusMet, sam: workflow.StatusRequested, janeNote: "Good questions: 3, 12",
			// The debrief writes the thank-you again, so asks again.
			toOwner: []string{"notice_approve", "receipt"},
			receipt: []string{"#1 Jane Doe: good questions this week: Q3", "#1 Jane Doe: Q12 is not in your question bank"},
		},
		{
			name:   "the same command mail delivered again changes nothing and gets no second receipt",
			before: "rapport: met #1",
			mail: func(*ownerFixture) []byte {
				return proven(rig.OwnerMail(owner, owner, "rapport: met #1", beforeID, "", "Sent from my phone\n"))
			},
			event: "", jane: workflow.StatusMet, sam: workflow.StatusRequested,
		},
		{
			name: "command from an unauthenticated From changes nothing",
			mail: func(*ownerFixture) []byte {
				return rig.OwnerMail(owner, rapportAddr, "rapport: drop #1", "cmd-1@owner.example", "", "")
			},
			event: "", jane: workflow.StatusRequested, sam: workflow.StatusRequested,
			problems: []string{store.ProblemUnauthenticated},
		},
		{
			name: "an Authentication-Results forged below the owner's server's Received field changes nothing",
			mail: func(*ownerFixture) []byte {
				return append([]byte("Received: from mx.evil.example (mx.evil.example [203.0.113.9]) by "+ownerServer+" (Postfix) with ESMTPS id 4Xyz; Mon, 23 Nov 2026 10:00:00 +0000\r\n"+
					"Authentication-Results: "+ownerServer+"; dkim=pass header.d=owner.example\r\n"),
					rig.OwnerMail(owner, rapportAddr, "rapport: drop #2", "cmd-1@owner.example", "", "")...)
			},
			event: "", jane: workflow.StatusRequested, sam: workflow.StatusRequested,
			problems: []string{store.ProblemUnauthenticated},
		},
		{
			name: "a contact's mail full of command words is only their reply",
			mail: func(*ownerFixture) []byte {
				raw := mail(janeFrom, "drop #2", "r1@acme.example", "req-1@owner.example", ownerNow)
				return []byte(strings.Replace(raw, "Happy to talk! How about Thursday?", "drop #2\r\nmet #1", 1))
			},
			event: string(workflow.EventReplyReceived), jane: workflow.StatusReplied, sam: workflow.StatusRequested,
			toOwner: []string{"notice_reply"},
		},
		{
			name: "the owner's vacation responder writing to rapport commands nothing",
			mail: func(*ownerFixture) []byte {
				return append([]byte("Auto-Submitted: auto-replied\r\n"), toRapport(rapportAddr, "Out of office: rapport: drop #1", "I am away until Monday.\n")...)
			},
			event: "", jane: workflow.StatusRequested, sam: workflow.StatusRequested,
			problems: []string{store.ProblemIgnored},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
			sam := f.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
			if tt.before != "" {
				if o := f.handleMail(proven(rig.OwnerMail(owner, owner, tt.before, beforeID, "", "Sent from my phone\n"))); o.Event != "commands" {
					t.Fatalf("the first command mail: %+v", o)
				}
			}
			earlier := len(f.toOwner())
			if o := f.handleMail(tt.mail(f)); o.Event != tt.event {
				t.Fatalf("the mail: %+v; want event %q", o, tt.event)
			}
			for _, want := range []struct {
				c      *store.Contact
				status workflow.Status
				note   string
			}{{jane, tt.jane, tt.janeNote}, {sam, tt.sam, tt.samNote}} {
				c := f.read(want.c.ID)
				if c.State.Status != want.status || !strings.Contains(c.Notes, want.note) {
					t.Errorf("%s = %s with notes %q; want %s with %q", c.Name, c.State.Status, c.Notes, want.status, want.note)
				}
			}
			mets := 0
			if tt.jane == workflow.StatusMet {
				mets = 1
			}
			if n := strings.Count(strings.Join(f.history(jane.ID), " "), string(workflow.EventMet)); n != mets {
				t.Errorf("Jane's history holds %d met entries, want %d", n, mets)
			}
			if got := f.problems(); !slices.Equal(got, tt.problems) {
				t.Errorf("problems for the digest = %v, want %v", got, tt.problems)
			}
			written := f.toOwner()[earlier:]
			var templates []string
			var receipt *store.Outgoing
			for i, o := range written {
				templates = append(templates, o.Template)
				if o.To != ownerTo {
					t.Errorf("%s is to %s, want %s", o.Template, o.To, ownerTo)
				}
				if o.Template == "receipt" {
					receipt = &written[i]
				}
			}
			if !slices.Equal(templates, tt.toOwner) {
				t.Fatalf("mail to the owner = %v, want %v", templates, tt.toOwner)
			}
			if receipt != nil {
				wantLines(t, "the receipt", "Subject: "+receipt.Subject+"\n"+receipt.Body, tt.receipt...)
			}
			if tt.before != "" {
				// Whatever the owner answered, the thank-you met drafted
				// waits for approval with the text rapport wrote.
				drafts, err := f.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Audience: store.AudienceContact})
				if err != nil || len(drafts) != 1 || drafts[0].Status != store.OutboxDraft || strings.Contains(drafts[0].Body, "Ana") {
					t.Errorf("Jane's drafts = %+v, %v; want the thank-you, a draft as written", drafts, err)
				}
			}
		})
	}
}
