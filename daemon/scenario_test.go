package daemon

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The whole product on the real servers, for twenty contacts over four
// weeks of a fast clock: contacts come from an import, a forwarded
// introduction, a command by mail and a debrief; the owner approves the
// first requests by answering the notices, then switches to direct mode;
// contacts answer, go away, bounce, invite, move and cancel meetings, or
// stay silent through two nudges. The test looks at what people see: the
// mail in each mailbox, and each contact's status and history.

// scenario is a lifecycle harness that keeps everything the daemon
// reports, so that waiting for one thing never drops another.
type scenario struct {
	*lifeHarness
	t        *testing.T
	out      []store.Outgoing // every outcome the sender reported, in order
	timers   []firedTimer     // every timer outcome
	msgs     []handledMsg     // every message handled
	digests  []string         // the days a digest was written for
	lastDay  string           // the last day a digest is due for
	toOwner  int              // messages the test put in the owner's inbox
	seq      int
	deadline time.Duration
}

// member is one contact of the scenario and their mailbox.
type member struct {
	name, addr string
	id         int64
}

// pump takes one report from the daemon; false when none came in time.
func (s *scenario) pump() bool {
	select {
	case o := <-s.sent:
		s.out = append(s.out, o)
	case f := <-s.fired:
		s.timers = append(s.timers, f)
	case m := <-s.handled:
		s.msgs = append(s.msgs, m)
	case d := <-s.digested:
		if d.o == nil {
			s.t.Fatalf("the digest of %s was skipped", d.day)
		}
		s.digests = append(s.digests, d.day)
	case <-time.After(s.deadline):
		return false
	}
	return true
}

// until takes reports until done holds.
func (s *scenario) until(what string, done func() bool) {
	s.t.Helper()
	for !done() {
		if !s.pump() {
			s.t.Fatalf("waiting for %s: the daemon reported nothing more", what)
		}
	}
}

// drain takes the reports already waiting, without blocking.
func (s *scenario) drain() {
	for {
		select {
		case o := <-s.sent:
			s.out = append(s.out, o)
		case f := <-s.fired:
			s.timers = append(s.timers, f)
		case m := <-s.handled:
			s.msgs = append(s.msgs, m)
		case d := <-s.digested:
			s.digests = append(s.digests, d.day)
		default:
			return
		}
	}
}

// sentTo returns the messages from template about contact that left, in
// the order they left.
func (s *scenario) sentTo(contact int64, template string) []store.Outgoing {
	var list []store.Outgoing
	for _, o := range s.out {
		if o.ContactID == contact && o.Template == template && o.Status == store.OutboxSent {
			list = append(list, o)
		}
	}
	return list
}

// waitSent waits until n messages from template about contact have left
// and returns the nth; one that failed or was withdrawn fails the test.
func (s *scenario) waitSent(contact int64, template string, n int) store.Outgoing {
	s.t.Helper()
	s.until(fmt.Sprintf("%s #%d to #%d", template, n, contact), func() bool {
		for _, o := range s.out {
			if o.ContactID == contact && o.Template == template && (o.Status == store.OutboxCancelled || o.Status == store.OutboxFailed) {
				s.t.Fatalf("%s to #%d was %s (%s), want it sent", template, contact, o.Status, o.LastError)
			}
		}
		return len(s.sentTo(contact, template)) >= n
	})
	return s.sentTo(contact, template)[n-1]
}

// waitOutcome waits for the first final outcome of template about contact.
func (s *scenario) waitOutcome(contact int64, template string) store.Outgoing {
	s.t.Helper()
	var got store.Outgoing
	s.until(fmt.Sprintf("the outcome of %s to #%d", template, contact), func() bool {
		for _, o := range s.out {
			if o.ContactID == contact && o.Template == template && o.Status != store.OutboxApproved && o.Status != store.OutboxSending {
				got = o
				return true
			}
		}
		return false
	})
	return got
}

// waitReceipt waits for the receipt answering the owner's message id.
func (s *scenario) waitReceipt(id string) store.Outgoing {
	s.t.Helper()
	var got store.Outgoing
	s.until("the receipt for <"+id+">", func() bool {
		for _, o := range s.out {
			if o.Template == "receipt" && o.InReplyTo == id && o.Status == store.OutboxSent {
				got = o
				return true
			}
		}
		return false
	})
	return got
}

func (s *scenario) handledCount(contact int64, event string) int {
	n := 0
	for _, m := range s.msgs {
		if m.contact == contact && m.event == event {
			n++
		}
	}
	return n
}

func (s *scenario) firedCount(contact int64, kind workflow.TimerKind) int {
	n := 0
	for _, f := range s.timers {
		if f.contact == contact && f.timer == kind && f.event != "" {
			n++
		}
	}
	return n
}

// at sets the clock and wakes the daemon; on a new day past 07:30 it
// waits for that day's digest to leave.
func (s *scenario) at(t time.Time) {
	s.t.Helper()
	s.lifeHarness.at(t)
	local := t.In(s.zone)
	day := local.Format("2006-01-02")
	if day == s.lastDay || local.Hour()*60+local.Minute() < 7*60+30 {
		return
	}
	s.lastDay = day
	s.until("the digest of "+day, func() bool { return slices.Contains(s.digests, day) })
	s.until("the digest of "+day+" to leave", func() bool {
		for _, o := range s.out {
			if o.Template == "digest" && o.Status == store.OutboxSent && o.Created.In(s.zone).Format("2006-01-02") == day {
				return true
			}
		}
		return false
	})
}

// when is a time in the owner's zone in November 2026.
func (s *scenario) when(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, s.zone)
}

// writes delivers a contact's mail to the owner through Postfix and waits
// until the daemon has handled it as event.
func (s *scenario) writes(p *member, raw []byte, event workflow.EventKind) {
	s.t.Helper()
	n := s.handledCount(p.id, string(event))
	if err := s.stack.Deliver(p.addr, []string{s.owner}, raw); err != nil {
		s.t.Fatalf("Deliver() error = %v", err)
	}
	s.toOwner++
	s.until(fmt.Sprintf("%s's mail handled as %s", p.name, event), func() bool { return s.handledCount(p.id, string(event)) > n })
}

// reply is a plain mail from p, in the thread of inReplyTo.
func (s *scenario) reply(p *member, subject, inReplyTo, body string, extra ...string) []byte {
	s.seq++
	id := fmt.Sprintf("m%d-%d@%s", s.seq, p.id, mailstack.Domain)
	raw := mail(p.name+" <"+p.addr+">", subject, id, inReplyTo, s.clock.Now().In(s.zone), extra...)
	raw = strings.Replace(raw, "Alex Example <alex@owner.example>", "Alex Example <"+s.owner+">", 1)
	return []byte(strings.Replace(raw, "Happy to talk! How about Thursday?\r\n", strings.ReplaceAll(body, "\n", "\r\n"), 1))
}

// calendar is p's calendar mail about a meeting in the owner's zone.
func (s *scenario) calendar(p *member, method, uid string, seq int, start, end time.Time) []byte {
	s.seq++
	e := event{
		method: method, uid: uid, sequence: seq, zone: googleBerlin,
		start: "DTSTART;TZID=Europe/Berlin:" + wall(start), end: "DTEND;TZID=Europe/Berlin:" + wall(end),
		organizer: p.addr, attendees: []string{attendee(p.addr, "ACCEPTED"), attendee(s.owner, "NEEDS-ACTION")},
		summary: "Coffee with Alex", extra: []string{"LOCATION:Café Einstein"},
	}
	subject := map[string]string{"REQUEST": "Invitation: Coffee with Alex", "CANCEL": "Canceled: Coffee with Alex"}[method]
	if seq > 0 && method == "REQUEST" {
		subject = "Updated invitation: Coffee with Alex"
	}
	return googleMail(p.name+" <"+p.addr+">", s.owner, subject, fmt.Sprintf("cal%d-%d@%s", s.seq, p.id, mailstack.Domain), e)
}

// command submits the owner's mail as their mail app does and waits until
// the daemon has handled it as event; it returns the mail's Message-ID.
func (s *scenario) command(to, subject, inReplyTo, body, event string) string {
	s.t.Helper()
	s.seq++
	id := fmt.Sprintf("owner%d@%s", s.seq, mailstack.Domain)
	n := s.handledCount(0, event)
	submit(s.t, s.stack, s.owner, []string{to}, ownerMail(s.owner, to, subject, id, inReplyTo, body))
	s.toOwner++
	s.until("the owner's mail <"+id+"> handled as "+event, func() bool { return s.handledCount(0, event) > n })
	return id
}

// answer replies to one of rapport's notices and waits for it to be handled.
func (s *scenario) answer(notice store.Outgoing, text, event string) string {
	s.t.Helper()
	return s.command(s.owner, "Re: "+notice.Subject, notice.MessageID, text+"\n\nOn Mon, rapport wrote:\n> "+
		strings.ReplaceAll(strings.TrimSpace(notice.Body), "\n", "\n> ")+"\n", event)
}

func (s *scenario) contactNow(p *member) *store.Contact { return s.contact(p.id) }

func TestScenarioTwentyContacts(t *testing.T) {
	began := time.Now()
	berlin := berlinZone(t)
	// Monday 2 November 2026, 07:00: before the day's digest.
	l := newLife(t, berlin, time.Date(2026, 11, 2, 7, 0, 0, 0, berlin))
	l.cfg.Workflow.SendMode = config.SendApprove
	l.cfg.Workflow.DailyCap = 1000
	l.cfg.Workflow.MaxNudges = 2
	l.cfg.Digest.Enabled, l.cfg.Digest.Time = true, "07:30"
	l.cfg.Commands.RequireAuth = true
	l.cfg.Commands.AuthServIDs = []string{mailstack.AuthServID}
	l.cfg.Commands.Addresses = config.DefaultCommandAddresses(l.cfg.Owner.Addresses)
	policy := workflow.DefaultPolicy(berlin)
	policy.MaxNudges = 2
	l.track = contacts.New(policy, l.drafter)
	s := &scenario{lifeHarness: l, t: t, deadline: 30 * time.Second}
	ctx := context.Background()
	domain := mailstack.Domain

	people := map[string]*member{}
	newMember := func(key, name string) *member {
		p := &member{name: name, addr: l.person(key)}
		people[key] = p
		return p
	}
	// Fifteen people from the owner's spreadsheet. Gus's address is a
	// mailbox that does not exist: Postfix refuses it.
	imported := []struct{ key, name string }{
		{"ana", "Ana Berg"}, {"ben", "Ben Roth"}, {"cleo", "Cleo Marin"}, {"dan", "Dan Weiss"},
		{"eva", "Eva Lind"}, {"finn", "Finn Hart"}, {"gus", "Gus Gone"}, {"hana", "Hana Sato"},
		{"ivo", "Ivo Kern"}, {"jo", "Jo Park"}, {"kai", "Kai Wolf"}, {"lea", "Lea Stein"},
		{"max", "Max Roe"}, {"nora", "Nora Falk"}, {"otto", "Otto Brandt"},
	}
	csv := "Name,Email,Company,Field,Tags\n"
	for _, r := range imported {
		p := &member{name: r.name}
		if r.key == "gus" {
			p.addr = fmt.Sprintf("gone%d@%s", userSeq.Add(1), domain)
			people[r.key] = p
		} else {
			p = newMember(r.key, r.name)
		}
		csv += fmt.Sprintf("%s,%s,Stadtwerke,urban planning,transit\n", p.name, p.addr)
	}
	ana, ben, cleo, dan, eva := people["ana"], people["ben"], people["cleo"], people["dan"], people["eva"]
	finn, gus, hana, ivo, jo := people["finn"], people["gus"], people["hana"], people["ivo"], people["jo"]
	kai, lea, max, nora, otto := people["kai"], people["lea"], people["max"], people["nora"], people["otto"]
	ivan, walt, nico := newMember("ivan", "Ivan Petrov"), newMember("walt", "Walt Sheltan"), newMember("nico", "Nico Adler")
	olga, rita := newMember("olga", "Olga Ode"), newMember("rita", "Rita Vogel")

	l.start()

	// ---- Monday 07:00, approve mode: the import, as rapport import does
	// it (importer.Parse, then contacts.Add from the import source), and a
	// request drafted for each, as rapport draft does.
	parsed, err := importer.Parse(strings.NewReader(csv))
	if err != nil || len(parsed.Rows) != len(imported) || len(parsed.Problems) != 0 {
		t.Fatalf("importer.Parse() = %+v, %v; want %d rows", parsed, err, len(imported))
	}
	err = l.store.WithTx(ctx, func(tx *store.Tx) error {
		for i, row := range parsed.Rows {
			c := &store.Contact{Name: row.Name, Email: row.Email, Company: row.Company, Field: row.Field, Tags: store.NormalizeTags(row.Tags)}
			if imported[i].key == "kai" {
				c.IntroducedBy = people["ana"].id // Ana comes first: she introduced Kai
			}
			if err := l.track.Add(ctx, tx, c, l.clock.Now(), store.SourceImport, fmt.Sprintf("imported from contacts.csv line %d", row.Line)); err != nil {
				return err
			}
			people[imported[i].key].id = c.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range imported {
		c := l.contact(people[r.key].id)
		err := l.store.WithTx(ctx, func(tx *store.Tx) error {
			_, err := l.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The owner answers each approval notice: send, except Ivo's (their
	// own text) and Hana's (skip).
	approvals := map[int64]store.Outgoing{}
	for _, r := range imported {
		p := people[r.key]
		approvals[p.id] = s.waitSent(p.id, "notice_approve", 1)
	}
	for _, r := range imported {
		p := people[r.key]
		switch p {
		case ivo:
			s.answer(approvals[p.id], "Hi Ivo,\n\nI loved your talk on the new bike lanes. Could we talk for 20 minutes?\n\nAlex", "approved as edited")
		case hana:
			s.answer(approvals[p.id], "skip", "skipped")
		default:
			s.answer(approvals[p.id], "send", "approved")
		}
	}
	requests := map[int64]store.Outgoing{}
	for _, r := range imported {
		if p := people[r.key]; p != hana && p != gus {
			requests[p.id] = s.waitSent(p.id, workflow.TemplateRequest, 1)
		}
	}
	// Gus's address does not exist: Postfix refuses it at RCPT, which is
	// as good as a bounce.
	if o := s.waitOutcome(gus.id, workflow.TemplateRequest); o.Status != store.OutboxFailed || !strings.Contains(o.LastError, "550") {
		t.Fatalf("the request to Gus = %s (%q), want failed with Postfix's 550", o.Status, o.LastError)
	}
	s.waitSent(gus.id, "notice_bounce", 1)

	// Satisfied with the drafts, the owner switches to direct mode.
	s.drain()
	l.stop()
	l.cfg.Workflow.SendMode = config.SendDirect
	l.start()

	// ---- Monday 09:00: a forwarded introduction, and commands by mail.
	s.at(s.when(2, 9, 0))
	inner := "From: Ivan Petrov <" + ivan.addr + ">\r\nTo: Alex Example <" + l.owner + ">\r\nCc: Walt Sheltan <" + walt.addr + ">, Nico Adler <" + nico.addr + ">\r\n" +
		"Subject: Walt, Nico: meet Alex\r\nDate: Sun, 01 Nov 2026 18:00:00 +0100\r\nMessage-ID: <intro-1@" + domain + ">\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWalt, Nico: meet Alex, who is moving into urban planning.\r\n"
	fwd := "From: Alex Example <" + l.owner + ">\r\nTo: " + plusAddress(l.owner) + "\r\nSubject: Fwd: Walt, Nico: meet Alex\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <fwd-1@" + domain + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfield: urban planning\r\n\r\n" +
		"--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=intro.eml\r\n\r\n" + inner + "\r\n--b1--\r\n"
	n := s.handledCount(0, "introduction")
	submit(t, l.stack, l.owner, []string{plusAddress(l.owner)}, []byte(fwd))
	s.toOwner++
	s.until("the introduction", func() bool { return s.handledCount(0, "introduction") > n })
	for _, p := range []*member{ivan, walt, nico} {
		c, err := l.store.Read().ContactByEmail(ctx, p.addr)
		if err != nil {
			t.Fatalf("after the introduction, %s: %v", p.name, err)
		}
		p.id = c.ID
	}
	s.waitReceipt("fwd-1@" + domain)
	introReplies := map[int64]store.Outgoing{}
	for _, p := range []*member{walt, nico} {
		introReplies[p.id] = s.waitSent(p.id, workflow.TemplateIntroReply, 1)
	}
	cmds := s.command(plusAddress(l.owner), "a few things", "", fmt.Sprintf("add Olga Ode <%s> company: Tramwerk field: urban planning\npause #%d\ndrop #%d\n", olga.addr, jo.id, hana.id), "commands")
	receipt := s.waitReceipt(cmds)
	wantLines(t, "receipt of the commands", receipt.Body, "Olga Ode <"+olga.addr+"> added", "requested → paused", "drafted → dropped")
	c, err := l.store.Read().ContactByEmail(ctx, olga.addr)
	if err != nil {
		t.Fatal(err)
	}
	olga.id = c.ID
	requests[olga.id] = s.waitSent(olga.id, workflow.TemplateRequest, 1)

	// ---- Monday 10:00: the answers come in.
	s.at(s.when(2, 10, 0))
	for _, p := range []*member{ana, kai, max, otto, olga} {
		s.writes(p, s.reply(p, "Re: "+requests[p.id].Subject, requests[p.id].MessageID, "Happy to talk! How about next week?\n"), workflow.EventReplyReceived)
	}
	s.writes(ivo, s.reply(ivo, "Re: "+requests[ivo.id].Subject, requests[ivo.id].MessageID, "Sorry, this is not a good time for me.\n"), workflow.EventReplyReceived)
	s.writes(walt, s.reply(walt, "Re: "+introReplies[walt.id].Subject, introReplies[walt.id].MessageID, "Nice to meet you too! Call on Friday?\n"), workflow.EventReplyReceived)
	s.writes(dan, s.calendar(dan, "REQUEST", "dan-coffee@"+domain, 0, s.when(11, 15, 0), s.when(11, 15, 30)), workflow.EventMeetingScheduled)
	s.writes(eva, s.reply(eva, "Out of office: "+requests[eva.id].Subject, requests[eva.id].MessageID,
		"Thank you for your message. I am out of the office until 16 November 2026 with limited access to mail.\n", "Auto-Submitted: auto-replied"),
		workflow.EventAutoReplyReceived)
	dsn := "From: MAILER-DAEMON@" + domain + " (Mail Delivery System)\r\nTo: " + l.owner + "\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
		"Date: " + l.clock.Now().In(berlin).Format(time.RFC1123Z) + "\r\nMessage-ID: <bounce-1@" + domain + ">\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered: the mailbox has been disabled.\r\n\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx." + domain + "\r\n\r\n" +
		"Final-Recipient: rfc822; " + finn.addr + "\r\nAction: failed\r\nStatus: 5.2.1\r\n" +
		"Diagnostic-Code: smtp; 550 5.2.1 <" + finn.addr + ">: mailbox disabled\r\n\r\n" +
		"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + l.owner + "\r\nTo: " + finn.addr + "\r\n" +
		"Subject: " + requests[finn.id].Subject + "\r\nMessage-ID: <" + requests[finn.id].MessageID + ">\r\n\r\n--B--\r\n"
	finn0 := s.handledCount(finn.id, string(workflow.EventBounceReceived))
	if err := l.stack.Deliver("", []string{l.owner}, []byte(dsn)); err != nil {
		t.Fatal(err)
	}
	s.toOwner++
	s.until("Finn's bounce", func() bool { return s.handledCount(finn.id, string(workflow.EventBounceReceived)) > finn0 })
	s.waitSent(finn.id, "notice_bounce", 1)
	if due := s.contactNow(eva).State.Timers[workflow.TimerNudge]; due.Before(s.when(16, 0, 0)) {
		t.Fatalf("after her out-of-office Eva's nudge is due %v, want after her return on 16 November", due)
	}

	// ---- Monday 11:00: the owner tells rapport where things stand, by
	// answering the reply notices.
	s.at(s.when(2, 11, 0))
	replyNotice := func(p *member) store.Outgoing { return s.waitSent(p.id, "notice_"+workflow.NoticeReply, 1) }
	s.waitReceipt(s.answer(replyNotice(ivo), "declined", "commands"))
	s.waitReceipt(s.answer(replyNotice(max), "note knows everyone at the tram planning office", "commands"))

	// ---- Tuesday: Ana invites the owner for Thursday; Dan cancels.
	s.at(s.when(3, 10, 0))
	s.writes(ana, s.calendar(ana, "REQUEST", "ana-coffee@"+domain, 0, s.when(5, 15, 0), s.when(5, 15, 30)), workflow.EventMeetingScheduled)
	s.writes(dan, s.calendar(dan, "CANCEL", "dan-coffee@"+domain, 1, s.when(11, 15, 0), s.when(11, 15, 30)), workflow.EventMeetingCancelled)
	s.waitSent(dan.id, "notice_"+workflow.NoticeMeetingCancelled, 1)

	// ---- Thursday: Ana's meeting; Kai's call, which the owner reports.
	s.at(s.when(5, 8, 30))
	s.waitSent(ana.id, workflow.NoticePrepBrief, 1)
	s.at(s.when(5, 19, 0))
	debrief := s.waitSent(ana.id, workflow.NoticeDebrief, 1)
	s.waitSent(ana.id, "notice_approve", 2) // the thank-you waits for what was learned
	s.waitReceipt(s.answer(debrief, "She showed me how the tram network is planned, line by line.\n\nRita Vogel <"+rita.addr+">\n\nNext: write to Rita.", "debrief"))
	s.waitSent(ana.id, workflow.TemplateThankYou, 1)
	c, err = l.store.Read().ContactByEmail(ctx, rita.addr)
	if err != nil || c.IntroducedBy != ana.id {
		t.Fatalf("Rita = %+v, %v; want a contact suggested by Ana", c, err)
	}
	rita.id = c.ID
	requests[rita.id] = s.waitSent(rita.id, workflow.TemplateRequest, 1)

	s.at(s.when(5, 19, 30))
	s.waitReceipt(s.answer(replyNotice(kai), "met", "commands"))
	s.waitSent(kai.id, "notice_approve", 2)
	debrief = s.waitSent(kai.id, workflow.NoticeDebrief, 1)
	s.waitReceipt(s.answer(debrief, "He explained how the depot schedules are built.", "debrief"))
	s.waitSent(kai.id, workflow.TemplateThankYou, 1)
	if n := len(s.sentTo(ana.id, workflow.TemplateReportBack)); n != 0 {
		t.Fatalf("%d report backs to Ana on the evening of Kai's meeting, want it the next morning", n)
	}

	// ---- Friday morning: Ana, who introduced Kai, hears how it went.
	s.at(s.when(6, 10, 0))
	s.waitSent(ana.id, workflow.TemplateReportBack, 1)

	// ---- Monday 9 November: five business days without an answer.
	s.at(s.when(9, 9, 30))
	for _, p := range []*member{ben, cleo, lea, nora, nico} {
		s.waitSent(p.id, workflow.TemplateNudge, 1)
	}
	if n := s.firedCount(eva.id, workflow.TimerNudge) + s.firedCount(jo.id, workflow.TimerNudge); n != 0 {
		t.Fatalf("%d nudge timers fired for Eva (away) or Jo (paused), want none", n)
	}
	s.at(s.when(9, 11, 0))
	for _, p := range []*member{cleo, nico} {
		nudge := s.sentTo(p.id, workflow.TemplateNudge)[0]
		s.writes(p, s.reply(p, "Re: "+nudge.Subject, nudge.MessageID, "Sorry for the delay! Yes, let's talk.\n"), workflow.EventReplyReceived)
	}
	s.at(s.when(9, 12, 0))
	s.writes(cleo, s.calendar(cleo, "REQUEST", "cleo-call@"+domain, 0, s.when(19, 15, 0), s.when(19, 15, 30)), workflow.EventMeetingScheduled)
	// Tuesday: she moves it to Friday morning.
	s.at(s.when(10, 10, 0))
	s.writes(cleo, s.calendar(cleo, "REQUEST", "cleo-call@"+domain, 1, s.when(20, 10, 0), s.when(20, 10, 45)), workflow.EventMeetingMoved)

	// Rita, a week after her request, is nudged; she answers the next day.
	s.at(s.when(12, 19, 30))
	ritaNudge := s.waitSent(rita.id, workflow.TemplateNudge, 1)
	s.at(s.when(13, 10, 0))
	s.writes(rita, s.reply(rita, "Re: "+ritaNudge.Subject, ritaNudge.MessageID, "Ana told me about you. Gladly!\n"), workflow.EventReplyReceived)

	// ---- Monday 16 November: the second nudges; Lea answers that one.
	s.at(s.when(16, 10, 0))
	for _, p := range []*member{ben, lea, nora} {
		s.waitSent(p.id, workflow.TemplateNudge, 2)
	}
	if n := s.firedCount(eva.id, workflow.TimerNudge); n != 0 {
		t.Fatalf("Eva's nudge fired on the day she is back, want the next business day")
	}
	s.at(s.when(16, 12, 0))
	leaNudge := s.sentTo(lea.id, workflow.TemplateNudge)[1]
	s.writes(lea, s.reply(lea, "Re: "+leaNudge.Subject, leaNudge.MessageID, "Thanks for your patience. Next week works.\n"), workflow.EventReplyReceived)

	// Eva is back: her nudge on the next business day, then her answer.
	s.at(s.when(17, 11, 0))
	evaNudge := s.waitSent(eva.id, workflow.TemplateNudge, 1)
	if local := evaNudge.Sent.In(berlin); local.Day() != 17 {
		t.Fatalf("Eva's nudge left %v, want Tuesday 17 November, the business day after her return", local)
	}
	s.at(s.when(18, 10, 0))
	s.writes(eva, s.reply(eva, "Re: "+evaNudge.Subject, evaNudge.MessageID, "Back now. Happy to talk.\n"), workflow.EventReplyReceived)

	// Cleo's meeting at its old time passes quietly; at its new time it
	// happens.
	s.at(s.when(19, 16, 0))
	if st := s.contactNow(cleo).State; st.Status != workflow.StatusScheduled || !st.Meeting.Start.Equal(s.when(20, 10, 0)) {
		t.Fatalf("Cleo on the meeting's old day = %s, meeting %+v; want still scheduled, for Friday 10:00", st.Status, st.Meeting)
	}
	s.at(s.when(20, 8, 30))
	brief := s.waitSent(cleo.id, workflow.NoticePrepBrief, 1)
	if !strings.Contains(brief.Subject, "Fri 20 Nov 10:00") {
		t.Fatalf("Cleo's prep brief %q, want the moved time", brief.Subject)
	}
	s.at(s.when(20, 14, 0))
	debrief = s.waitSent(cleo.id, workflow.NoticeDebrief, 1)
	s.waitSent(cleo.id, "notice_approve", 2)
	s.waitReceipt(s.answer(debrief, "She explained how the city decides where stops go.", "debrief"))
	s.waitSent(cleo.id, workflow.TemplateThankYou, 1)

	// ---- Monday 23 November: a week after the second nudge, silence ends
	// the waiting; the owner drops Otto by answering the digest.
	s.at(s.when(23, 11, 0))
	for _, p := range []*member{ben, nora} {
		s.waitSent(p.id, "notice_"+workflow.NoticeNoResponse, 1)
	}
	var digest store.Outgoing
	for _, o := range s.out {
		if o.Template == "digest" && o.Status == store.OutboxSent {
			digest = o
		}
	}
	s.waitReceipt(s.answer(digest, fmt.Sprintf("#%d drop", otto.id), "commands"))

	// ---- A week later: nothing more is due.
	s.at(s.when(30, 9, 0))
	if st := s.contactNow(jo).State; st.Status != workflow.StatusPaused {
		t.Fatalf("Jo = %s, want still paused", st.Status)
	}

	// ==== What everyone sees.
	contactIDs := map[int64]bool{}
	for _, p := range people {
		if p.id == 0 {
			t.Fatalf("%s never became a contact", p.name)
		}
		contactIDs[p.id] = true
	}
	if len(contactIDs) < 20 {
		t.Fatalf("%d contacts, want at least 20", len(contactIDs))
	}
	if n, err := l.store.Read().CountContacts(ctx); err != nil || n != len(people) {
		t.Fatalf("CountContacts() = %d, %v; want %d", n, err, len(people))
	}

	// Each contact's mailbox: which templates reached them, in order.
	tpl := func(list ...string) []string { return list }
	r, nu, ty, ir := workflow.TemplateRequest, workflow.TemplateNudge, workflow.TemplateThankYou, workflow.TemplateIntroReply
	// Who received what, and the statuses each went through (after new).
	const (
		dr, rq, ng, rp = workflow.StatusDrafted, workflow.StatusRequested, workflow.StatusNudged, workflow.StatusReplied
		sc, mt, th, nr = workflow.StatusScheduled, workflow.StatusMet, workflow.StatusThanked, workflow.StatusNoResponse
		bo, dp, de, pa = workflow.StatusBounced, workflow.StatusDropped, workflow.StatusDeclined, workflow.StatusPaused
	)
	path := func(list ...workflow.Status) []workflow.Status { return list }
	want := []struct {
		p         *member
		templates []string
		path      []workflow.Status
	}{
		{ana, tpl(r, ty, workflow.TemplateReportBack), path(dr, rq, rp, sc, mt, th)},
		{ben, tpl(r, nu, nu), path(dr, rq, ng, nr)},
		{cleo, tpl(r, nu, ty), path(dr, rq, ng, rp, sc, mt, th)},
		{dan, tpl(r), path(dr, rq, sc, rp)},
		{eva, tpl(r, nu), path(dr, rq, ng, rp)},
		{finn, tpl(r), path(dr, rq, bo)},
		{gus, nil, path(dr, bo)},
		{hana, nil, path(dr, dp)},
		{ivo, tpl(r), path(dr, rq, rp, de)},
		{jo, tpl(r), path(dr, rq, pa)},
		{kai, tpl(r, ty), path(dr, rq, rp, mt, th)},
		{lea, tpl(r, nu, nu), path(dr, rq, ng, rp)},
		{max, tpl(r), path(dr, rq, rp)},
		{nora, tpl(r, nu, nu), path(dr, rq, ng, nr)},
		{otto, tpl(r), path(dr, rq, rp, dp)},
		{ivan, nil, path()},
		{walt, tpl(ir), path(dr, rq, rp)},
		{nico, tpl(ir, nu), path(dr, rq, ng, rp)},
		{olga, tpl(r), path(dr, rq, rp)},
		{rita, tpl(r, nu), path(dr, rq, ng, rp)},
	}
	if len(want) != len(people) {
		t.Fatalf("the expectations cover %d of %d people", len(want), len(people))
	}
	s.drain()
	seenIDs := map[string]string{}
	for _, w := range want {
		p := w.p
		sent, err := l.store.Read().ListOutbox(ctx, store.OutboxFilter{ContactID: p.id, Audience: store.AudienceContact, Statuses: []string{store.OutboxSent}})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(sent, func(a, b store.Outgoing) int { return a.Sent.Compare(b.Sent) })
		var got []string
		for _, o := range sent {
			got = append(got, o.Template)
		}
		if !slices.Equal(got, w.templates) {
			t.Errorf("%s was sent %v, want %v", p.name, got, w.templates)
			continue
		}
		var inbox []*classify.Message
		switch p {
		case gus: // no mailbox: Postfix refused the address
		case ivan:
			// The introducer is on Bcc of each answer to their introduction.
			inbox = l.mailbox(p.addr, 2)
			got := []string{inbox[0].MessageID, inbox[1].MessageID}
			for _, q := range []*member{walt, nico} {
				if !slices.Contains(got, introReplies[q.id].MessageID) {
					t.Errorf("Ivan holds %v, want the answer to %s <%s> among them", got, q.name, introReplies[q.id].MessageID)
				}
			}
		case hana:
			// Nothing reached her (fetchAll, as readInbox cannot FETCH
			// from an empty folder).
			if got := fetchAll(t, l.stack, p.addr, "contact-secret", "INBOX"); len(got) != 0 {
				t.Errorf("Hana's mailbox holds %d messages, want none", len(got))
			}
		default:
			inbox = l.mailbox(p.addr, len(sent))
		}
		for i, o := range sent {
			if p == gus {
				break
			}
			m := inbox[i]
			if other, dup := seenIDs[m.MessageID]; dup && p != ivan && other != p.name {
				t.Errorf("Message-ID <%s> reached %s and %s", m.MessageID, other, p.name)
			}
			seenIDs[m.MessageID] = p.name
			if m.MessageID != o.MessageID || m.Subject != o.Subject {
				t.Errorf("%s's message %d = <%s> %q, want the %s <%s> %q", p.name, i+1, m.MessageID, m.Subject, o.Template, o.MessageID, o.Subject)
				continue
			}
			if m.From.Email != l.owner || len(m.To) != 1 || m.To[0].Email != p.addr {
				t.Errorf("%s's message %d is from %q to %v; want from the owner to them", p.name, i+1, m.From.Email, m.To)
			}
			switch o.Template {
			case workflow.TemplateNudge:
				// In the thread: it answers the message before it and
				// refers to every earlier one.
				var earlier []string
				for _, e := range inbox[:i] {
					earlier = append(earlier, e.MessageID)
				}
				if p == nico {
					earlier = append([]string{"intro-1@" + domain}, earlier...)
				}
				if len(m.InReplyTo) != 1 || m.InReplyTo[0] != inbox[i-1].MessageID || !slices.Equal(m.References, earlier) || !strings.HasPrefix(m.Subject, "Re: ") {
					t.Errorf("%s's nudge %d: In-Reply-To %v, References %v, Subject %q; want it in reply to <%s>, referring to %v",
						p.name, i, m.InReplyTo, m.References, m.Subject, inbox[i-1].MessageID, earlier)
				}
				if want := fmt.Sprintf("Hi %s,", strings.Fields(p.name)[0]); !strings.Contains(m.Text, want) {
					t.Errorf("%s's nudge does not greet them:\n%s", p.name, m.Text)
				}
			case workflow.TemplateThankYou:
				if len(m.InReplyTo) != 1 || m.InReplyTo[0] != inbox[i-1].MessageID || !strings.Contains(m.Text, "What stayed with me most: you ") || strings.Contains(m.Text, "[what I learned]") {
					t.Errorf("%s's thank-you: In-Reply-To %v, text %q; want it in the conversation's thread, with what the owner learned", p.name, m.InReplyTo, m.Text)
				}
			case workflow.TemplateReportBack:
				if len(m.InReplyTo) != 0 || !strings.Contains(m.Text, "I met Kai Wolf") ||
					!strings.Contains(m.Text, "What stayed with me most: he explained how the depot schedules are built.") {
					t.Errorf("%s's report back: In-Reply-To %v, text %q; want a new conversation saying how Kai's meeting went", p.name, m.InReplyTo, m.Text)
				}
			case workflow.TemplateIntroReply:
				if len(m.InReplyTo) != 1 || m.InReplyTo[0] != "intro-1@"+domain || m.Subject != "Re: Walt, Nico: meet Alex" {
					t.Errorf("%s's answer to the introduction: In-Reply-To %v, Subject %q; want it in the introduction's thread", p.name, m.InReplyTo, m.Subject)
				}
			case workflow.TemplateRequest:
				if len(m.InReplyTo) != 0 {
					t.Errorf("%s's request answers %v; want a new conversation", p.name, m.InReplyTo)
				}
			}
		}
		if p == ivo && !strings.Contains(inbox[0].Text, "bike lanes") {
			t.Errorf("Ivo's request is not the owner's own text:\n%s", inbox[0].Text)
		}
		if p == rita && !strings.HasPrefix(inbox[0].Subject, "Ana Berg suggested") {
			t.Errorf("Rita's request %q does not name Ana", inbox[0].Subject)
		}

		// Status and history.
		c := l.contact(p.id)
		if final := append([]workflow.Status{workflow.StatusNew}, w.path...)[len(w.path)]; c.State.Status != final {
			t.Errorf("%s = %s, want %s", p.name, c.State.Status, final)
		}
		hist, err := l.store.Read().History(ctx, p.id)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		var replied time.Time
		for _, e := range hist {
			kinds[e.Kind]++
			if e.Kind == string(workflow.EventReplyReceived) && replied.IsZero() {
				replied = e.At
			}
		}
		if n := count(got, nu); kinds[string(workflow.EventNudgeSent)] != n {
			t.Errorf("%s's history holds %d nudge_sent, want %d", p.name, kinds[string(workflow.EventNudgeSent)], n)
		}
		for _, o := range sent {
			if o.Template == nu && !replied.IsZero() && o.Sent.After(replied) {
				t.Errorf("a nudge reached %s at %v, after their reply at %v", p.name, o.Sent, replied)
			}
		}
		wantKinds := map[*member][]workflow.EventKind{
			ana:  {workflow.EventAdded, workflow.EventRequestSent, workflow.EventReplyReceived, workflow.EventMeetingScheduled, workflow.EventThankYouSent, workflow.EventReferralAdded},
			ben:  {workflow.EventRequestSent, workflow.EventNudgeSent, workflow.EventTimerFired},
			cleo: {workflow.EventReplyReceived, workflow.EventMeetingScheduled, workflow.EventMeetingMoved, workflow.EventThankYouSent},
			dan:  {workflow.EventMeetingScheduled, workflow.EventMeetingCancelled},
			eva:  {workflow.EventAutoReplyReceived, workflow.EventNudgeSent, workflow.EventReplyReceived},
			finn: {workflow.EventRequestSent, workflow.EventBounceReceived},
			gus:  {workflow.EventBounceReceived},
			hana: {workflow.EventRequestDrafted, workflow.EventDropped},
			ivo:  {workflow.EventReplyReceived, workflow.EventDeclined},
			jo:   {workflow.EventRequestSent, workflow.EventPaused},
			kai:  {workflow.EventReplyReceived, workflow.EventMet, workflow.EventThankYouSent},
			max:  {workflow.EventReplyReceived, workflow.EventKind(store.EntryNote)},
			otto: {workflow.EventReplyReceived, workflow.EventDropped},
			ivan: {workflow.EventAdded, workflow.EventReferralAdded},
			olga: {workflow.EventAdded, workflow.EventRequestSent, workflow.EventReplyReceived},
			rita: {workflow.EventAdded, workflow.EventRequestSent, workflow.EventNudgeSent, workflow.EventReplyReceived},
		}[p]
		for _, k := range wantKinds {
			if kinds[string(k)] == 0 {
				t.Errorf("%s's history lacks %s: %v", p.name, k, kinds)
			}
		}
		// The statuses the contact went through, in order (the history's
		// "to" of each change).
		var path []workflow.Status
		for _, e := range hist {
			if e.To != e.From && e.To != workflow.StatusNew {
				path = append(path, e.To)
			}
		}
		if !slices.Equal(path, w.path) {
			t.Errorf("%s went through %v, want %v", p.name, path, w.path)
		}
		for _, k := range []workflow.EventKind{workflow.EventMeetingScheduled, workflow.EventMet, workflow.EventThankYouSent} {
			if kinds[string(k)] > 1 {
				t.Errorf("%s's history holds %d %s, want at most one", p.name, kinds[string(k)], k)
			}
		}
	}
	for _, p := range []*member{ben, nora} {
		if n := count(l.history(p.id), string(workflow.EventNudgeSent)); n != policy.MaxNudges {
			t.Errorf("%s got %d nudges before giving up, want the configured %d", p.name, n, policy.MaxNudges)
		}
	}
	if c := l.contact(max.id); !strings.Contains(c.Notes, "tram planning office") {
		t.Errorf("Max's notes = %q, want the owner's note", c.Notes)
	}
	if c := l.contact(ana.id); !strings.Contains(c.Notes, "tram network") {
		t.Errorf("Ana's notes = %q, want the debrief", c.Notes)
	}

	// The owner's inbox: every notice, receipt and digest rapport sent,
	// and the mail the test delivered, each once.
	toOwner, err := l.store.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceOwner, Statuses: []string{store.OutboxSent}})
	if err != nil {
		t.Fatal(err)
	}
	name, _, _ := strings.Cut(l.owner, "@")
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := l.stack.WaitDelivered(wctx, name, len(toOwner)+s.toOwner); err != nil {
		t.Fatal(err)
	}
	inbox := readInbox(t, l.stack, l.owner, "owner-secret")
	if len(inbox) != len(toOwner)+s.toOwner {
		t.Fatalf("the owner's inbox holds %d messages, want %d from rapport and %d from the test", len(inbox), len(toOwner), s.toOwner)
	}
	fromRapport := map[string]store.Outgoing{}
	for _, o := range toOwner {
		fromRapport[o.MessageID] = o
	}
	kinds := map[string]int{}
	ids := map[string]bool{}
	for _, m := range inbox {
		if ids[m.MessageID] {
			t.Errorf("<%s> is twice in the owner's inbox", m.MessageID)
		}
		ids[m.MessageID] = true
		o, ok := fromRapport[m.MessageID]
		if !ok {
			continue
		}
		if m.Subject != o.Subject || len(m.To) != 1 || m.To[0].Email != l.owner {
			t.Errorf("the owner's copy of %s <%s>: %q to %v; want %q to the owner", o.Template, o.MessageID, m.Subject, m.To, o.Subject)
		}
		switch {
		case o.Template == "receipt" && strings.HasPrefix(m.Subject, "Re: ") && len(m.InReplyTo) == 1:
			kinds["receipt"]++ // rapport's answer to the owner's mail
		case strings.HasPrefix(m.Subject, "rapport: approve mail to "):
			kinds["approve"]++
		case strings.HasPrefix(m.Subject, "rapport: today, "):
			kinds["digest"]++
		case strings.HasPrefix(m.Subject, "rapport: how did it go with "):
			kinds["debrief"]++
		case strings.HasPrefix(m.Subject, "rapport: prep for "):
			kinds["prep"]++
		case strings.HasSuffix(m.Subject, ") bounced"):
			kinds["bounce"]++
		case strings.HasPrefix(m.Subject, "rapport: no answer from "):
			kinds["no response"]++
		case strings.HasSuffix(m.Subject, ") cancelled"):
			kinds["cancelled"]++
		case strings.Contains(m.Subject, " replied (#"):
			kinds["reply"]++
		default:
			t.Errorf("unexpected mail from rapport in the owner's inbox: %q", m.Subject)
		}
	}
	wantOwner := map[string]int{
		"approve": 15 + 3, // the imported requests; the thank-yous to Ana, Kai and Cleo
		"digest":  15,     // one a day for each day the clock visited after 07:30
		"debrief": 3, "prep": 2, "bounce": 2, "no response": 2, "cancelled": 1,
		"reply": 12, // Ana, Kai, Max, Otto, Olga, Ivo, Walt, Cleo, Nico, Rita, Lea, Eva
		// The forward, the command mail, three answers to reply notices,
		// three debriefs, the answer to the digest; and the fifteen answers
		// to approval notices, since every answer the owner writes gets one.
		"receipt": 9 + 15,
	}
	for k, n := range wantOwner {
		if kinds[k] != n {
			t.Errorf("the owner's inbox holds %d %s mail(s) from rapport, want %d", kinds[k], k, n)
		}
	}
	if len(s.digests) != wantOwner["digest"] {
		t.Errorf("digests written for %v, want %d days", s.digests, wantOwner["digest"])
	}
	t.Logf("%d contacts, %d messages in the owner's inbox, %d digests; wall time %v", len(people), len(inbox), len(s.digests), time.Since(began).Round(time.Millisecond))
}
