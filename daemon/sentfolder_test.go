package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The owner writes to contacts from their own mail program as well: the
// mail leaves through Postfix and the mail program files a copy in the
// Sent folder (an IMAP APPEND, as Thunderbird does). rapport reads it
// there and moves the contact as if it had sent it itself.

// withSent creates the owner's Sent folder, marked \Sent as Dovecot's
// usual configuration marks it, before the daemon starts.
func (l *lifeHarness) withSent() {
	l.t.Helper()
	c := ownerClient(l.t, l.stack, l.owner)
	err := c.Create("Sent", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrSent}}).Wait()
	if err != nil {
		// A server without CREATE-SPECIAL-USE: the usual name is enough.
		if err = c.Create("Sent", nil).Wait(); err != nil {
			l.t.Fatal(err)
		}
	}
}

// handWrites sends mail from the owner's own mail program: submitted
// through Postfix with their login, then its copy appended to Sent. It
// returns the message as sent.
func (l *lifeHarness) handWrites(to, subject, id, inReplyTo, body string) []byte {
	l.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "From: Alex Example <%s>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		l.owner, to, subject, l.clock.Now().Format(time.RFC1123Z), id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	b.WriteString("User-Agent: Mozilla Thunderbird\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	raw := []byte(b.String())
	if err := l.stack.Submit(l.owner, "owner-secret", l.owner, []string{to}, raw); err != nil {
		l.t.Fatalf("Submit() error = %v", err)
	}
	c := ownerClient(l.t, l.stack, l.owner)
	cmd := c.Append("Sent", int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: l.clock.Now()})
	if _, err := cmd.Write(raw); err != nil {
		l.t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		l.t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		l.t.Fatalf("append to Sent: %v", err)
	}
	return raw
}

// contactDrafts returns the templates of rapport's mail to the contact
// that is not cancelled.
func (l *lifeHarness) contactDrafts(id int64) []string {
	l.t.Helper()
	list, err := l.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id, Audience: store.AudienceContact})
	if err != nil {
		l.t.Fatal(err)
	}
	var out []string
	for _, o := range list {
		if o.Status != store.OutboxCancelled {
			out = append(out, o.Template+" "+o.Status)
		}
	}
	return out
}

func TestDovecotRequestSentByHand(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
	l := newLife(t, time.UTC, start)
	l.withSent()
	janeAddr := l.person("jane")
	jane := l.newContact("Jane Doe", janeAddr, workflow.StatusNew)
	l.start()

	l.handWrites("Jane Doe <"+janeAddr+">", "Twenty minutes?", "hand-1@owner.test", "", "Hi Jane,\nwould you have twenty minutes?\nAlex\n")
	l.waitEvent(string(workflow.EventRequestSent))
	c := l.contact(jane.ID)
	if want := time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC); c.State.Status != workflow.StatusRequested || !c.State.Timers[workflow.TimerNudge].Equal(want) {
		t.Fatalf("after the owner's own request Jane = %s, timers %v; want requested, the nudge due %v", c.State.Status, c.State.Timers, want)
	}
	if got := l.mailbox(janeAddr, 1); got[0].MessageID != "hand-1@owner.test" {
		t.Fatalf("Jane received %q, want the owner's mail", got[0].MessageID)
	}

	// She answers the owner's mail: rapport knows the thread.
	l.at(start.Add(48 * time.Hour))
	l.contactWrites("Jane Doe <"+janeAddr+">", "Re: Twenty minutes?", "r1@jane.example", "hand-1@owner.test", "Gladly.\n")
	l.waitEvent(string(workflow.EventReplyReceived))
	c = l.contact(jane.ID)
	if c.State.Status != workflow.StatusReplied || len(c.State.Timers) != 0 {
		t.Fatalf("after her answer Jane = %s, timers %v; want replied and no nudge pending", c.State.Status, c.State.Timers)
	}
	if d := l.contactDrafts(jane.ID); len(d) != 0 {
		t.Fatalf("rapport wrote to Jane itself: %v; want nothing", d)
	}
	hist := l.history(jane.ID)
	if want := []string{"added", "request_sent", "reply_received"}; strings.Join(hist, " ") != strings.Join(want, " ") {
		t.Fatalf("Jane's timeline = %v, want %v", hist, want)
	}
}

func TestDovecotFollowUpByHandHoldsTheNudge(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
	l := newLife(t, time.UTC, start)
	l.withSent()
	l.start()
	janeAddr := l.person("jane")
	jane, request := l.requested("Jane Doe", janeAddr) // rapport files its copy in Sent
	due := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	if want := time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC); due.Sub(want).Abs() > time.Second {
		t.Fatalf("nudge due %v, want %v", due, want)
	}

	// The evening before the nudge is due, the owner follows up by hand.
	l.at(time.Date(2026, 11, 8, 18, 0, 0, 0, time.UTC))
	l.handWrites("Jane Doe <"+janeAddr+">", "Re: "+request.Subject, "hand-2@owner.test", request.MessageID, "Hi Jane,\njust checking in.\nAlex\n")
	l.waitEvent(string(workflow.EventSentByHand))
	moved := time.Date(2026, 11, 13, 18, 0, 0, 0, time.UTC) // five business days after the follow-up
	if c := l.contact(jane.ID); c.State.Status != workflow.StatusRequested || c.State.Timers[workflow.TimerNudge].Sub(moved).Abs() > time.Second {
		t.Fatalf("after the follow-up Jane = %s, timers %v; want the nudge moved to %v", c.State.Status, c.State.Timers, moved)
	}

	// When the nudge was due it waits; it comes five business days after
	// the owner's follow-up, once.
	l.at(due.Add(time.Hour))
	l.at(moved.Add(time.Second))
	l.waitFired(jane.ID, workflow.TimerNudge)
	nudge := l.waitOut(jane.ID, workflow.TemplateNudge)
	if nudge.Created.Before(moved) {
		t.Fatalf("the nudge was written %v, before %v: it did not wait for the follow-up", nudge.Created, moved)
	}
	hist := strings.Join(l.history(jane.ID), " ")
	if strings.Count(hist, "request_sent") != 1 || strings.Count(hist, "sent_by_hand") != 1 || strings.Count(hist, "nudge_sent") != 1 {
		t.Fatalf("Jane's timeline = %s; want one request, one follow-up by hand, one nudge (rapport's copies in Sent count for nothing)", hist)
	}
}
