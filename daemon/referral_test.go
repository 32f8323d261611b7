package daemon

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// What a contact's reply means, and whom it points to, end to end on
// Dovecot and Postfix: the reply notice that reaches the owner's inbox
// proposes a line, nothing is decided until the owner answers the notice
// with it (authenticated owner mail, through Postfix), and then it is
// done. How replies read is tested in package classify, the proposals in
// templates, the commands in inbound and contacts.

// replyFrom delivers a contact's answer to the request req, with body as
// its text and extra header lines, and waits until it is applied as a
// reply.
func (h *harness) replyFrom(stack *mailstack.Stack, owner string, c *store.Contact, id, req, body string, extra ...string) {
	h.t.Helper()
	raw := mail(fmt.Sprintf("%s <%s>", c.Name, c.Email), "Re: A short conversation", id, req, time.Now(), extra...)
	raw = strings.Replace(raw, "Happy to talk! How about Thursday?\r\n", strings.ReplaceAll(body, "\n", "\r\n"), 1)
	h.deliverFrom(stack, c.Email, owner, []byte(raw))
	h.wantHandled("the reply", c, string(workflow.EventReplyReceived))
}

// noticeInInbox waits for the reply notice to leave and returns it as it
// reached the owner's inbox.
func (h *harness) noticeInInbox(stack *mailstack.Stack, owner string) (store.Outgoing, *classify.Message) {
	h.t.Helper()
	notice := h.sentTemplate("notice_reply")
	for _, m := range h.inbox(stack, owner) {
		if m.MessageID == notice.MessageID {
			return notice, m
		}
	}
	h.t.Fatalf("the reply notice %q left but is not in the owner's inbox", notice.Subject)
	return notice, nil
}

// answerNotice sends the owner's answer to the notice, as their mail app
// would: their lines above the quoted notice.
func (h *harness) answerNotice(stack *mailstack.Stack, owner string, notice store.Outgoing, id, lines string) {
	h.t.Helper()
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(notice.Body), "\n", "\n> ")
	body := lines + "\n\nOn " + time.Now().Format("Mon, 2 Jan 2006 at 15:04") + ", rapport wrote:\n" + quoted + "\n"
	if err := stack.Submit(owner, "owner-secret", owner, []string{owner}, ownerMail(owner, owner, "Re: "+notice.Subject, id, notice.MessageID, body)); err != nil {
		h.t.Fatalf("Submit() error = %v", err)
	}
	h.submitted++
	h.waitEvent("commands")
}

// A contact answers that they are not the right person, names a colleague
// and copies another: the notice in the owner's inbox proposes an add
// line for each, naming the contact by number; the owner answers the
// notice with those lines; both are then contacts introduced by the
// replier, and each request waiting for approval names the replier.
func TestReferralInAReplyConfirmedByTheOwner(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()

	h.replyFrom(stack, owner, jane, "r1@acme.example", "req-1@owner.example",
		"Hi Alex,\n\nThanks for writing. I'm not the right person for this, I'm afraid. Please talk to my colleague "+
			"Maria López <maria.lopez@acme.example>, she leads our controls team. I'm also cc'ing Jo, who knows the tram people.\n\nBest,\nJane\n",
		"Cc: Jo Park <jo.park@acme.example>")
	if st := h.status(jane.ID); st.Status != workflow.StatusReplied {
		t.Fatalf("Jane = %s after her reply, want replied", st.Status)
	}
	ctx := context.Background()
	for _, addr := range []string{"maria.lopez@acme.example", "jo.park@acme.example"} {
		if _, err := h.store.Read().ContactByEmail(ctx, addr); err == nil {
			t.Fatalf("%s is a contact before the owner said so", addr)
		}
	}
	maria := fmt.Sprintf("add Maria López <maria.lopez@acme.example> via #%d", jane.ID)
	jo := fmt.Sprintf("add Jo Park <jo.park@acme.example> via #%d", jane.ID)
	notice, inInbox := h.noticeInInbox(stack, owner)
	wantLines(t, "the reply notice in the owner's inbox", inInbox.Text, "Reply `"+maria+"`", "Reply `"+jo+"`")

	h.answerNotice(stack, owner, notice, "ref-1@owner.example", maria+"\n"+jo)
	for _, addr := range []string{"maria.lopez@acme.example", "jo.park@acme.example"} {
		p, err := h.store.Read().ContactByEmail(ctx, addr)
		if err != nil {
			t.Fatalf("%s after the owner's add: %v", addr, err)
		}
		if p.IntroducedBy != jane.ID {
			t.Errorf("%s is introduced by #%d, want Jane #%d", addr, p.IntroducedBy, jane.ID)
		}
		if p.State.Status != workflow.StatusDrafted {
			t.Errorf("%s = %s, want drafted (approve mode)", addr, p.State.Status)
		}
		drafts, err := h.store.Read().ListOutbox(ctx, store.OutboxFilter{ContactID: p.ID, Audience: store.AudienceContact, Statuses: []string{store.OutboxDraft}})
		if err != nil || len(drafts) != 1 {
			t.Fatalf("drafts to %s = %+v, %v; want the request", addr, drafts, err)
		}
		if d := drafts[0]; !strings.Contains(d.Subject, "Jane Doe suggested I write to you") || !strings.Contains(d.Body, "Jane Doe suggested I get in touch") {
			t.Errorf("the request to %s does not name Jane:\n%s\n\n%s", addr, d.Subject, d.Body)
		}
	}
	if n := count(h.history(jane.ID), string(workflow.EventReferralAdded)); n != 2 {
		t.Errorf("Jane's history %q has %d referrals, want 2", h.history(jane.ID), n)
	}
	r := h.waitReceipt(stack, owner, "ref-1@owner.example")
	wantLines(t, "the receipt", r.Text, "Maria López <maria.lopez@acme.example> added, suggested by #1 Jane Doe",
		"Jo Park <jo.park@acme.example> added, suggested by #1 Jane Doe")
}

// A reply that reads like a no: the notice in the owner's inbox says to
// reply `declined`; until the owner does, the reply only stopped the
// nudges (the contact is replied, not declined); the owner's one word
// then records it.
func TestReplyMeaningDeclinedConfirmedByTheOwner(t *testing.T) {
	h, stack, owner := commandHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	if _, ok := h.status(jane.ID).Timers[workflow.TimerNudge]; !ok {
		t.Fatalf("Jane has no nudge pending before her reply: %+v", h.status(jane.ID))
	}
	h.start()

	h.replyFrom(stack, owner, jane, "r1@acme.example", "req-1@owner.example",
		"Hi Alex,\n\nSorry, I'm not available to help with this.\n\nJane\n")
	notice, inInbox := h.noticeInInbox(stack, owner)
	wantLines(t, "the reply notice in the owner's inbox", inInbox.Text, "It reads like a no. Reply `declined` to record it.")
	st := h.status(jane.ID)
	if st.Status != workflow.StatusReplied {
		t.Fatalf("before the owner's word Jane is %s, want replied", st.Status)
	}
	if len(st.Timers) != 0 {
		t.Fatalf("before the owner's word Jane has timers %v, want the nudges stopped", st.Timers)
	}
	before := h.history(jane.ID)
	if slices.Contains(before, string(workflow.EventDeclined)) {
		t.Fatalf("Jane's history %q holds declined before the owner said so", before)
	}

	h.answerNotice(stack, owner, notice, "no-1@owner.example", "declined")
	if st := h.status(jane.ID); st.Status != workflow.StatusDeclined {
		t.Fatalf("after the owner's declined Jane is %s, want declined", st.Status)
	}
	r := h.waitReceipt(stack, owner, "no-1@owner.example")
	wantLines(t, "the receipt", r.Text, "Jane Doe: replied → declined")
}
