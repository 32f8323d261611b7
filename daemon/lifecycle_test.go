package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/internal/offsetclock"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Lifecycles on the real servers with the daemon's clock running fast: the
// test sets the clock forward and wakes the daemon, which fires the timers
// that fell due, sends through Postfix into the contacts' own mailboxes on
// Dovecot, and reads their answers from the owner's.

// lifeHarness is a daemon in direct mode, in zone, whose clock reads start.
type lifeHarness struct {
	*harness
	stack *mailstack.Stack
	owner string
	clock *offsetclock.Clock
	zone  *time.Location
}

func newLife(t *testing.T, zone *time.Location, start time.Time) *lifeHarness {
	t.Helper()
	stack := mailstack.Shared(t)
	h, owner := postfixHarness(t, stack, config.SendDirect)
	clock := &offsetclock.Clock{}
	clock.Set(start)
	h.now = clock.Now
	h.drafter.Now = clock.Now
	h.cfg.Owner.TimeZone = zone.String()
	h.track = contacts.New(workflow.DefaultPolicy(zone), h.drafter)
	return &lifeHarness{harness: h, stack: stack, owner: owner, clock: clock, zone: zone}
}

// person adds a mailbox on the stack for a contact and returns its address.
func (l *lifeHarness) person(name string) string {
	l.t.Helper()
	// userSeq, shared by every test of the package: "jane3" must not be
	// another test's Jane.
	addr, err := l.stack.AddUser(fmt.Sprintf("%s%d", name, userSeq.Add(1)), "contact-secret")
	if err != nil {
		l.t.Fatal(err)
	}
	return addr
}

// requested adds a contact and drafts the request, which leaves at once
// (direct mode); it returns the contact and the request as sent.
func (l *lifeHarness) requested(name, email string) (*store.Contact, store.Outgoing) {
	l.t.Helper()
	ctx := context.Background()
	c := &store.Contact{Name: name, Email: email}
	err := l.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := l.track.Add(ctx, tx, c, l.clock.Now(), store.SourceCLI, "test"); err != nil {
			return err
		}
		_, err := l.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
		return err
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return c, l.waitOut(c.ID, workflow.TemplateRequest)
}

// at sets the clock to t and wakes the daemon.
func (l *lifeHarness) at(t time.Time) {
	l.clock.Set(t)
	l.daemon.Kick()
}

// waitFired waits for contact's timer of that kind to be committed.
func (l *lifeHarness) waitFired(contact int64, kind workflow.TimerKind) firedTimer {
	l.t.Helper()
	for {
		select {
		case f := <-l.fired:
			if f.contact == contact && f.timer == kind {
				if f.event == "" {
					l.t.Fatalf("the %s timer of #%d was dropped or failed", kind, contact)
				}
				return f
			}
		case <-time.After(30 * time.Second):
			l.t.Fatalf("the %s timer of #%d never fired", kind, contact)
		}
	}
}

// waitOut waits until the message from template about contact has left.
func (l *lifeHarness) waitOut(contact int64, template string) store.Outgoing {
	l.t.Helper()
	for {
		select {
		case o := <-l.sent:
			if o.ContactID != contact || o.Template != template {
				continue
			}
			if o.Status != store.OutboxSent {
				l.t.Fatalf("%s for #%d: %s, want sent", template, contact, o.Status)
			}
			return o
		case <-time.After(30 * time.Second):
			l.t.Fatalf("no %s for #%d left", template, contact)
			return store.Outgoing{}
		}
	}
}

// contactWrites delivers a message from a contact to the owner.
func (l *lifeHarness) contactWrites(from, subject, id, inReplyTo, body string, extra ...string) {
	l.t.Helper()
	raw := mail(from, subject, id, inReplyTo, l.clock.Now(), extra...)
	raw = strings.Replace(raw, "alex@owner.example", l.owner, 1)
	if body != "" {
		raw = strings.Replace(raw, "Happy to talk! How about Thursday?\r\n", strings.ReplaceAll(body, "\n", "\r\n"), 1)
	}
	if err := l.stack.Deliver(from, []string{l.owner}, []byte(raw)); err != nil {
		l.t.Fatalf("Deliver() error = %v", err)
	}
}

// mailbox returns the messages in a contact's INBOX once it holds n.
func (l *lifeHarness) mailbox(addr string, n int) []*classify.Message {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name, _, _ := strings.Cut(addr, "@")
	if err := l.stack.WaitDelivered(ctx, name, n); err != nil {
		l.t.Fatal(err)
	}
	out := readInbox(l.t, l.stack, addr, "contact-secret")
	if len(out) != n {
		l.t.Fatalf("%s holds %d messages, want %d", addr, len(out), n)
	}
	return out
}

func (l *lifeHarness) contact(id int64) *store.Contact {
	l.t.Helper()
	c, err := l.store.Read().Contact(context.Background(), id)
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// invite is a calendar REQUEST from org for a meeting in Europe/Berlin.
func invite(org, owner, uid string, seq int, start, end time.Time) string {
	const layout = "20060102T150405"
	ics := strings.Join([]string{
		"BEGIN:VCALENDAR", "PRODID:-//Test//EN", "VERSION:2.0", "METHOD:REQUEST",
		"BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
		"BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
		"END:VTIMEZONE",
		"BEGIN:VEVENT", "UID:" + uid, fmt.Sprintf("SEQUENCE:%d", seq), "DTSTAMP:20261101T000000Z",
		"DTSTART;TZID=Europe/Berlin:" + start.Format(layout), "DTEND;TZID=Europe/Berlin:" + end.Format(layout),
		"SUMMARY:Coffee", "LOCATION:Café Einstein, Unter den Linden 42",
		"ORGANIZER;CN=Contact:mailto:" + org, "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + owner,
		"END:VEVENT", "END:VCALENDAR", "",
	}, "\r\n")
	return "Content-Type: multipart/alternative; boundary=cal\r\n\r\n--cal\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee you then!\r\n" +
		"--cal\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n" + ics + "--cal--\r\n"
}

// TestLifecycleToKeepingInTouch: request, nudge, reply, invitation, prep
// brief, meeting, a debrief naming two people, thank-you, keep-in-touch.
func TestLifecycleToKeepingInTouch(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	l := newLife(t, berlin, time.Date(2026, 11, 2, 9, 0, 0, 0, berlin)) // a Monday
	l.start()
	janeAddr := l.person("jane")
	jane, request := l.requested("Jane Doe", janeAddr)

	// Five business days without an answer: the nudge, in the same thread.
	due := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	if want := time.Date(2026, 11, 9, 9, 0, 0, 0, berlin); due.Sub(want).Abs() > time.Second {
		t.Fatalf("nudge due %v, want %v", due.In(berlin), want)
	}
	l.at(due.Add(time.Second))
	l.waitFired(jane.ID, workflow.TimerNudge)
	nudge := l.waitOut(jane.ID, workflow.TemplateNudge)
	if nudge.InReplyTo != request.MessageID {
		t.Fatalf("nudge In-Reply-To %q, want the request %q", nudge.InReplyTo, request.MessageID)
	}

	// She answers, then invites the owner for Thursday 15:00 Berlin time.
	l.at(time.Date(2026, 11, 9, 11, 0, 0, 0, berlin))
	l.contactWrites("Jane Doe <"+janeAddr+">", "Re: "+nudge.Subject, "r1@jane.example", nudge.MessageID, "Happy to talk, I'll send an invite.\n")
	l.waitEvent(string(workflow.EventReplyReceived))
	if c := l.contact(jane.ID); c.State.Status != workflow.StatusReplied || len(c.State.Timers) != 0 {
		t.Fatalf("after her reply Jane = %s with timers %v; want replied, no timer left", c.State.Status, c.State.Timers)
	}
	start := time.Date(2026, 11, 12, 15, 0, 0, 0, berlin)
	raw := "From: Jane Doe <" + janeAddr + ">\r\nTo: " + l.owner + "\r\nSubject: Invitation: Coffee\r\nDate: " + l.clock.Now().Format(time.RFC1123Z) +
		"\r\nMessage-ID: <inv2@jane.example>\r\nIn-Reply-To: <r1@jane.example>\r\nMIME-Version: 1.0\r\n" + invite(janeAddr, l.owner, "coffee-1@jane.example", 0, start, start.Add(30*time.Minute))
	if err := l.stack.Deliver(janeAddr, []string{l.owner}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	l.waitEvent(string(workflow.EventMeetingScheduled))
	c := l.contact(jane.ID)
	if c.State.Status != workflow.StatusScheduled || !c.State.Meeting.Start.Equal(start) ||
		!c.State.Timers[workflow.TimerPrepBrief].Equal(time.Date(2026, 11, 12, 8, 0, 0, 0, berlin)) ||
		!c.State.Timers[workflow.TimerMeetingOver].Equal(time.Date(2026, 11, 12, 18, 30, 0, 0, berlin)) {
		t.Fatalf("after the invitation Jane = %s, meeting %+v, timers %v", c.State.Status, c.State.Meeting, c.State.Timers)
	}

	// The morning of the meeting: the prep brief.
	l.at(time.Date(2026, 11, 12, 8, 0, 1, 0, berlin))
	l.waitFired(jane.ID, workflow.TimerPrepBrief)
	brief := l.waitOut(jane.ID, workflow.NoticePrepBrief)
	wantLines(t, "prep brief", brief.Body, "Who: Jane Doe", "Where: Café Einstein", "Who else should I talk to?", "Happy to talk, I'll send an invite.")

	// Three hours after it ends: met, the debrief, and the thank-you drafted
	// with the placeholder only the owner can fill.
	l.at(time.Date(2026, 11, 12, 18, 30, 1, 0, berlin))
	l.waitFired(jane.ID, workflow.TimerMeetingOver)
	debrief := l.waitOut(jane.ID, workflow.NoticeDebrief)
	if s := l.contact(jane.ID).State.Status; s != workflow.StatusMet {
		t.Fatalf("after the meeting Jane = %s, want met", s)
	}

	// The owner answers the debrief; it names two people.
	anaAddr, boAddr := l.person("ana"), l.person("bo")
	answer := "She showed me how the planning office decides on new tram lines.\n\nAna Ruiz <" + anaAddr + ">\n- Bo Chen <" + boAddr + ">\n\n" +
		"Next: write to both.\n\nOn Thu, rapport wrote:\n> - How did it go?\n"
	submit(t, l.stack, l.owner, []string{l.owner}, ownerMail(l.owner, l.owner, "Re: "+debrief.Subject, "debrief-1@rapport.test", debrief.MessageID, answer))
	l.waitEvent("debrief")
	thanks := l.waitOut(jane.ID, workflow.TemplateThankYou)
	if !strings.Contains(thanks.Body, "What stayed with me most: you showed me how the planning office decides on new tram lines.") || thanks.InReplyTo != nudge.MessageID {
		t.Fatalf("thank-you = %q (In-Reply-To %q); want what the owner learned, in the thread", thanks.Body, thanks.InReplyTo)
	}
	for _, addr := range []string{anaAddr, boAddr} {
		p, err := l.store.Read().ContactByEmail(context.Background(), addr)
		if err != nil || p.IntroducedBy != jane.ID {
			t.Fatalf("%s = %+v, %v; want a contact introduced by Jane", addr, p, err)
		}
		req := l.waitOut(p.ID, workflow.TemplateRequest)
		if !strings.HasPrefix(req.Subject, "Jane Doe suggested") {
			t.Errorf("request to %s: subject %q, want it to name Jane", addr, req.Subject)
		}
		l.mailbox(addr, 1)
	}
	c = l.contact(jane.ID)
	if c.State.Status != workflow.StatusThanked || !strings.Contains(c.Notes, "planning office") {
		t.Fatalf("after the thank-you Jane = %s, notes %q", c.State.Status, c.Notes)
	}

	// Ninety days later: a keep-in-touch note is drafted for the owner.
	keep := c.State.Timers[workflow.TimerKeepInTouch]
	if want := thanks.Sent.Add(90 * 24 * time.Hour); !keep.Equal(want) {
		t.Fatalf("keep-in-touch due %v, want %v", keep, want)
	}
	l.at(keep.Add(time.Second))
	l.waitFired(jane.ID, workflow.TimerKeepInTouch)
	l.waitOut(jane.ID, "notice_approve")
	drafts, err := l.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Audience: store.AudienceContact, Statuses: []string{store.OutboxDraft}})
	if err != nil || len(drafts) != 1 || drafts[0].Template != workflow.TemplateKeepInTouch {
		t.Fatalf("drafts for Jane = %+v, %v; want the keep-in-touch note", drafts, err)
	}

	// What Jane saw: the request, one nudge and the thank-you, in one thread.
	got := l.mailbox(janeAddr, 3)
	for i, want := range []string{request.MessageID, nudge.MessageID, thanks.MessageID} {
		if got[i].MessageID != want {
			t.Fatalf("Jane's message %d is <%s>, want <%s>", i+1, got[i].MessageID, want)
		}
	}
	if len(got[2].References) != 2 || got[2].References[0] != request.MessageID {
		t.Fatalf("thank-you References %v, want the request and the nudge", got[2].References)
	}
}

// TestLifecycleOutOfOffice: the request meets an out-of-office answer
// with a return date; the nudge waits for the first business day after
// it, at the hour the request left.
func TestLifecycleOutOfOffice(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	l := newLife(t, berlin, time.Date(2026, 11, 2, 9, 0, 0, 0, berlin))
	l.start()
	samAddr := l.person("sam")
	sam, request := l.requested("Sam Lee", samAddr)

	l.at(time.Date(2026, 11, 2, 9, 5, 0, 0, berlin))
	l.contactWrites("Sam Lee <"+samAddr+">", "Out of office: "+request.Subject, "ooo1@sam.example", request.MessageID,
		"Thank you for your message. I am out of the office until 16 November 2026 with limited access to mail.\n",
		"Auto-Submitted: auto-replied")
	l.waitEvent(string(workflow.EventAutoReplyReceived))
	due := l.contact(sam.ID).State.Timers[workflow.TimerNudge]
	// At the hour the answer came (09:05), one business day after the return.
	if want := time.Date(2026, 11, 17, 9, 5, 0, 0, berlin); due.Sub(want).Abs() > time.Second {
		t.Fatalf("after the out-of-office the nudge is due %v, want %v: the first business day after the return", due.In(berlin), want)
	}

	// The original date passes without a nudge.
	l.at(time.Date(2026, 11, 9, 9, 0, 1, 0, berlin))
	if due, err := l.store.Read().DueTimers(context.Background(), l.clock.Now(), 10); err != nil || len(due) != 0 {
		t.Fatalf("timers due on the original nudge date: %v, %v; want none", due, err)
	}
	l.at(due.Add(time.Second))
	l.waitFired(sam.ID, workflow.TimerNudge)
	nudge := l.waitOut(sam.ID, workflow.TemplateNudge)
	if local := nudge.Sent.In(berlin); local.Day() != 17 || local.Hour() != 9 {
		t.Fatalf("the nudge left %v, want Tue 17 Nov around 09:00", local)
	}
	got := l.mailbox(samAddr, 2)
	if got[1].MessageID != nudge.MessageID || len(got[1].InReplyTo) != 1 || got[1].InReplyTo[0] != request.MessageID {
		t.Fatalf("Sam's second message = %+v; want the nudge, in reply to the request", got[1])
	}
}

// TestLifecycleNoResponse: no answer to the request nor to the nudge: the
// contact becomes no_response and the owner is told.
func TestLifecycleNoResponse(t *testing.T) {
	l := newLife(t, time.UTC, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	l.start()
	boAddr := l.person("bo")
	bo, _ := l.requested("Bo Chen", boAddr)
	l.at(l.contact(bo.ID).State.Timers[workflow.TimerNudge].Add(time.Second))
	l.waitFired(bo.ID, workflow.TimerNudge)
	nudge := l.waitOut(bo.ID, workflow.TemplateNudge)
	giveUp := l.contact(bo.ID).State.Timers[workflow.TimerNoResponse]
	if want := nudge.Sent.Add(7 * 24 * time.Hour); giveUp.Sub(want).Abs() > time.Second {
		t.Fatalf("no_response due %v, want seven days after the nudge left (%v)", giveUp, want)
	}
	l.at(giveUp.Add(time.Second))
	l.waitFired(bo.ID, workflow.TimerNoResponse)
	notice := l.waitOut(bo.ID, "notice_no_response")
	if c := l.contact(bo.ID); c.State.Status != workflow.StatusNoResponse || len(c.State.Timers) != 0 {
		t.Fatalf("Bo = %s with timers %v; want no_response and nothing pending", c.State.Status, c.State.Timers)
	}
	if !strings.Contains(notice.Subject, "Bo Chen") {
		t.Fatalf("notice to the owner: %q", notice.Subject)
	}
	l.mailbox(boAddr, 2) // the request and the one nudge, nothing more
}

// TestReplyInTheSecondTheNudgeIsDue: the reply is in the mailbox when the
// daemon starts at the very second the nudge falls due; whichever the
// daemon handles first, no nudge leaves.
func TestReplyInTheSecondTheNudgeIsDue(t *testing.T) {
	l := newLife(t, time.UTC, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	l.start()
	janeAddr := l.person("jane")
	jane, request := l.requested("Jane Doe", janeAddr)
	due := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	l.stop()

	l.clock.Set(due)
	l.contactWrites("Jane Doe <"+janeAddr+">", "Re: "+request.Subject, "r1@jane.example", request.MessageID, "Yes, gladly.\n")
	l.start()
	l.waitEvent(string(workflow.EventReplyReceived))
	// The timer may have fired first: then its nudge must be withdrawn, or
	// held back by the last look in the mailbox.
	nudges, err := l.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Audience: store.AudienceContact})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range nudges {
		if o.Template != workflow.TemplateNudge {
			continue
		}
		if o.Status == store.OutboxApproved || o.Status == store.OutboxSending {
			o = l.waitOutcome(o.ID)
		}
		if o.Status == store.OutboxSent {
			t.Fatalf("a nudge left after the reply: %+v", o)
		}
	}
	if c := l.contact(jane.ID); c.State.Status != workflow.StatusReplied {
		t.Fatalf("Jane = %s, want replied", c.State.Status)
	}
	l.mailbox(janeAddr, 1)
}

// waitOutcome waits for the sender's verdict on message id.
func (l *lifeHarness) waitOutcome(id int64) store.Outgoing {
	l.t.Helper()
	for {
		select {
		case o := <-l.sent:
			if o.ID == id {
				return o
			}
		case <-time.After(30 * time.Second):
			l.t.Fatalf("the sender never settled message %d", id)
			return store.Outgoing{}
		}
	}
}

// TestNudgeAtTheLocalHourAcrossDaylightSaving: a request leaves on the
// Friday before the clocks change; the nudge leaves five business days
// later at the same local hour, in the owner's zone (Berlin, 25 October
// 2026) and in a contact's own zone (New York, 1 November 2026).
func TestNudgeAtTheLocalHourAcrossDaylightSaving(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	newYork, _ := time.LoadLocation("America/New_York")
	for _, tt := range []struct {
		name        string
		zone        string // the contact's, "" for the owner's
		sent, nudge time.Time
	}{
		{"owner in Berlin", "", time.Date(2026, 10, 23, 10, 0, 0, 0, berlin), time.Date(2026, 10, 30, 10, 0, 0, 0, berlin)},
		{"contact in New York", "America/New_York", time.Date(2026, 10, 30, 10, 0, 0, 0, newYork), time.Date(2026, 11, 6, 10, 0, 0, 0, newYork)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLife(t, berlin, tt.sent)
			l.start()
			addr := l.person("dst")
			ctx := context.Background()
			c := &store.Contact{Name: "Dana Smith", Email: addr, TimeZone: tt.zone}
			err := l.store.WithTx(ctx, func(tx *store.Tx) error {
				if err := l.track.Add(ctx, tx, c, l.clock.Now(), store.SourceCLI, "test"); err != nil {
					return err
				}
				_, err := l.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			l.waitOut(c.ID, workflow.TemplateRequest)
			due := l.contact(c.ID).State.Timers[workflow.TimerNudge]
			if due.Sub(tt.nudge).Abs() > time.Minute {
				t.Fatalf("nudge due %v, want %v", due, tt.nudge)
			}
			l.at(due)
			l.waitFired(c.ID, workflow.TimerNudge)
			nudge := l.waitOut(c.ID, workflow.TemplateNudge)
			if d := nudge.Sent.Sub(tt.nudge); d < 0 || d > time.Minute {
				t.Fatalf("the nudge left at %v, want %v local", nudge.Sent.In(tt.nudge.Location()), tt.nudge)
			}
		})
	}
}

// TestMissedTimersFireOnceAfterDowntime: the daemon is down for three
// days while three nudges fall due. On start each timer fires once, and
// the nudges wait for the send window (09:00–17:00 on weekdays).
func TestMissedTimersFireOnceAfterDowntime(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	l := newLife(t, berlin, time.Date(2026, 11, 2, 9, 0, 0, 0, berlin))
	l.cfg.Workflow.SendWindow = config.SendWindow{Days: "Mon-Fri", Hours: "09:00-17:00"}
	l.start()
	var ids []int64
	for i, hour := range []int{9, 11, 14} {
		l.clock.Set(time.Date(2026, 11, 2, hour, 0, 0, 0, berlin))
		c, _ := l.requested(fmt.Sprintf("Contact %d", i), l.person("down"))
		ids = append(ids, c.ID)
	}
	l.clock.Set(time.Date(2026, 11, 8, 12, 0, 0, 0, berlin)) // Sunday: nothing due yet
	l.stop()

	// Back on Wednesday at 06:00, before the send window opens.
	l.clock.Set(time.Date(2026, 11, 11, 6, 0, 0, 0, berlin))
	l.start()
	for _, id := range ids {
		l.waitFired(id, workflow.TimerNudge)
	}
	for _, id := range ids {
		list, err := l.store.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id, Audience: store.AudienceContact})
		if err != nil {
			t.Fatal(err)
		}
		nudges := 0
		for _, o := range list {
			if o.Template == workflow.TemplateNudge {
				nudges++
				if o.Status == store.OutboxSent {
					t.Fatalf("a nudge left at 06:00, outside the send window: %+v", o)
				}
			}
		}
		if nudges != 1 {
			t.Fatalf("contact #%d has %d nudges after the restart, want 1", id, nudges)
		}
	}
	l.at(time.Date(2026, 11, 11, 9, 0, 0, 0, berlin))
	for _, id := range ids {
		o := l.waitOut(id, workflow.TemplateNudge)
		if local := o.Sent.In(berlin); local.Hour() < 9 || local.Hour() >= 17 {
			t.Fatalf("nudge to #%d left at %v, outside the window", id, local)
		}
	}
	// Each timer fired once: nothing more is reported.
	select {
	case f := <-l.fired:
		if f.event != "" && f.timer == workflow.TimerNudge {
			t.Fatalf("a nudge timer fired twice: %+v", f)
		}
	default:
	}
}
