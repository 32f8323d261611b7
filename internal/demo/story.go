package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/daemon"
	"github.com/rapport-mail/rapport/internal/offsetclock"
	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// story plays the owner and their contacts against the running daemon.
type story struct {
	out    io.Writer
	zone   *time.Location
	clock  *offsetclock.Clock
	box    *mailbox
	store  *store.Store
	track  *contacts.Tracker
	daemon *daemon.Daemon
	ev     *events
	step   int
	msgSeq int
	// pending are approval notices the owner has yet to answer; debrief
	// is the debrief notice of the meeting.
	pending []store.Outgoing
	debrief store.Outgoing
}

// wait bounds each wait for the daemon: everything it does here takes
// milliseconds, so running out means a step did not happen.
const wait = 20 * time.Second

// events are what the daemon reports through its hooks.
type events struct {
	// handledAll counts every message handled, and seen is signalled after
	// each: the story waits for the daemon to have read all its inbox
	// before it stops it.
	handledAll atomic.Int64
	seen       chan struct{}
	handled    chan handled
	sent       chan store.Outgoing
	fired      chan workflow.TimerKind
	healthy    chan struct{}
}

type handled struct {
	contact int64
	event   string
}

func newEvents() *events {
	return &events{seen: make(chan struct{}, 1), handled: make(chan handled, 1024), sent: make(chan store.Outgoing, 1024),
		fired: make(chan workflow.TimerKind, 1024), healthy: make(chan struct{}, 1024)}
}

func (e *events) onHandled(_ string, _ uint32, contact int64, event string) {
	e.handled <- handled{contact, event}
	e.handledAll.Add(1)
	select {
	case e.seen <- struct{}{}:
	default:
	}
}

// settle waits until the daemon has handled every message delivered to
// the inbox, so that stopping it never cuts a fetch short.
func (s *story) settle() error {
	deadline := time.After(wait)
	for s.ev.handledAll.Load() < s.box.inboxCount() {
		select {
		case <-s.ev.seen:
		case <-deadline:
			return fmt.Errorf("demo: the daemon handled %d of the %d messages in the inbox", s.ev.handledAll.Load(), s.box.inboxCount())
		}
	}
	return nil
}
func (e *events) onSent(o store.Outgoing) { e.sent <- o }
func (e *events) onFired(_ int64, timer workflow.TimerKind, event string) {
	if event != "" {
		e.fired <- timer
	}
}
func (e *events) onHealthy(string) {
	select {
	case e.healthy <- struct{}{}:
	default:
	}
}

// say starts a step of the story.
func (s *story) say(text string) {
	s.step++
	fmt.Fprintf(s.out, "\n%s  %d. %s\n", when.Owner(s.zone).Short(s.clock.Now()), s.step, text)
}

// note adds a line to the current step.
func (s *story) note(format string, args ...any) {
	fmt.Fprintf(s.out, "      %s\n", fmt.Sprintf(format, args...))
}

// said narrates a message that crossed the wire.
func (s *story) said(from, to, subject, file string, byRapport bool) {
	who := shortAddr(from)
	if byRapport {
		who = "rapport"
		if !strings.Contains(strings.ToLower(to), ownerAddress) {
			who = "rapport, as Alex," // mail to a contact goes out in the owner's name
		}
	}
	fmt.Fprintf(s.out, "      ✉ %s → %s: %q  [%s]\n", who, shortAddr(to), subject, file)
}

func shortAddr(a string) string {
	if i := strings.Index(a, " <"); i > 0 {
		return strings.Trim(a[:i], `"`)
	}
	return a
}

// at moves the clock and wakes the daemon.
func (s *story) at(t time.Time) {
	s.clock.Set(t)
	s.daemon.Kick()
}

// waitHandled waits for the daemon to apply a message with event.
func (s *story) waitHandled(event string) (handled, error) {
	deadline := time.After(wait)
	for {
		select {
		case h := <-s.ev.handled:
			if h.event == event {
				return h, nil
			}
		case <-deadline:
			return handled{}, fmt.Errorf("demo step %d: rapport never handled a message as %q", s.step, event)
		}
	}
}

// waitSent waits until messages from each template have left, as many as
// counted, and returns them.
func (s *story) waitSent(want map[string]int) (map[string][]store.Outgoing, error) {
	got := map[string][]store.Outgoing{}
	deadline := time.After(wait)
	for {
		done := true
		for t, n := range want {
			done = done && len(got[t]) >= n
		}
		if done {
			return got, nil
		}
		select {
		case o := <-s.ev.sent:
			if o.Status == store.OutboxSent && len(got[o.Template]) < want[o.Template] {
				got[o.Template] = append(got[o.Template], o)
			}
		case <-deadline:
			return nil, fmt.Errorf("demo step %d: waiting for %v, rapport sent %v", s.step, want, counts(got))
		}
	}
}

func counts(got map[string][]store.Outgoing) map[string]int {
	out := map[string]int{}
	for t, l := range got {
		out[t] = len(l)
	}
	return out
}

// waitFired waits for a timer of kind to fire.
func (s *story) waitFired(kind workflow.TimerKind) error {
	deadline := time.After(wait)
	for {
		select {
		case k := <-s.ev.fired:
			if k == kind {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("demo step %d: the %s timer never fired", s.step, kind)
		}
	}
}

// mail writes a message as a mail client would.
func (s *story) mail(from, to, subject, inReplyTo string, headers []string, body string) []byte {
	s.msgSeq++
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <demo-%d@%s>\r\n",
		from, to, subject, s.clock.Now().In(s.zone).Format(time.RFC1123Z), s.msgSeq, domainOf(from))
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	if !strings.Contains(strings.Join(headers, "\n"), "Content-Type") {
		b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n")
	}
	b.WriteString("\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

func domainOf(addr string) string {
	addr = strings.TrimSuffix(addr, ">")
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "example.com"
}

// deliver puts a message in the owner's inbox.
func (s *story) deliver(raw []byte) error { return s.box.deliver(raw, s.clock.Now(), false) }

// approve answers each approval notice with "send", as the owner would
// from their phone.
func (s *story) approve(notices []store.Outgoing) error {
	for _, n := range notices {
		raw := s.mail(ownerName+" <"+ownerAddress+">", ownerAddress, "Re: "+n.Subject, n.MessageID, nil,
			"send\n\nOn "+s.clock.Now().In(s.zone).Format("Mon 2 Jan 2006")+", rapport wrote:\n> This mail waits for your approval.\n")
		if err := s.deliver(raw); err != nil {
			return err
		}
	}
	for range notices {
		if _, err := s.waitHandled("approved"); err != nil {
			return err
		}
	}
	return nil
}

func (s *story) contactByEmail(ctx context.Context, email string) (*store.Contact, error) {
	return s.store.Read().ContactByEmail(ctx, email)
}

func (s *story) day(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, s.zone) }

// play is the story.
func (s *story) play(ctx context.Context) error {
	select {
	case <-s.ev.healthy:
	case <-time.After(wait):
		return fmt.Errorf("demo: the daemon never reached the mailbox")
	}
	steps := []func(context.Context) error{
		s.importContacts, s.forwardIntroduction, s.draftRequests, s.outOfOffice, s.invitation,
		s.prepBrief, s.meetingOver, s.thankYou, s.referral, s.digest,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return s.settle()
}

func (s *story) importContacts(ctx context.Context) error {
	s.say("Alex, moving from civil engineering into product design, imports their LinkedIn connections.")
	res, err := importer.Parse(strings.NewReader(connections))
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.store.WithTx(ctx, func(tx *store.Tx) error {
		for _, r := range res.Rows {
			c := &store.Contact{Name: r.Name, Email: r.Email, Company: r.Company, Role: r.Role, Source: r.Source, URL: r.URL}
			if err := s.track.Add(ctx, tx, c, now, store.SourceImport, "imported from the demo's Connections.csv"); err != nil {
				return err
			}
			s.note("#%d %s, %s at %s", c.ID, c.Name, c.Role, c.Company)
		}
		return nil
	})
}

func (s *story) forwardIntroduction(ctx context.Context) error {
	s.at(s.day(2, 6, 5))
	s.say("Sam introduces Alex to Tomás by mail; Alex forwards it to " + rapportAddr + ", adding one line.")
	body := "field: product design\n\n---------- Forwarded message ---------\n" +
		"From: Sam Patel <sam@friends.example>\nDate: Mon, 2 Mar 2026 at 05:40\nSubject: Alex, meet Tomás\n" +
		"To: Alex Example <" + ownerAddress + ">, Tomás Herrera <tomas@metro-transit.example>\n\n" +
		"Tomás, meet Alex, who is moving from civil engineering into product design.\n" +
		"Alex, Tomás designs the city's transit app. You two should talk!\n\nSam\n"
	if err := s.deliver(s.mail(ownerName+" <"+ownerAddress+">", rapportAddr, "Fwd: Alex, meet Tomás", "", nil, body)); err != nil {
		return err
	}
	if _, err := s.waitHandled("introduction"); err != nil {
		return err
	}
	got, err := s.waitSent(map[string]int{"receipt": 1, "notice_approve": 1})
	if err != nil {
		return err
	}
	for _, l := range strings.Split(got["receipt"][0].Body, "\n") {
		if strings.HasPrefix(l, "✓") || strings.HasPrefix(l, "✗") {
			s.note("receipt: %s", l)
		}
	}
	s.pending = append(s.pending, got["notice_approve"]...)
	return nil
}

func (s *story) draftRequests(ctx context.Context) error {
	s.at(s.day(2, 6, 10))
	s.say("Alex asks rapport to write to Maya and Daniel; each draft comes by mail for approval, and Alex answers each with \"send\".")
	now := s.clock.Now()
	for _, email := range []string{"maya@harbor-health.example", "daniel@northwind.example"} {
		err := s.store.WithTx(ctx, func(tx *store.Tx) error {
			c, err := tx.ContactByEmail(ctx, email)
			if err != nil {
				return err
			}
			_, err = s.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventRequestDrafted}, now, store.SourceCLI)
			return err
		})
		if err != nil {
			return err
		}
	}
	got, err := s.waitSent(map[string]int{"notice_approve": 2})
	if err != nil {
		return err
	}
	s.pending = append(s.pending, got["notice_approve"]...)
	s.at(s.day(2, 6, 20))
	if err := s.approve(s.pending); err != nil {
		return err
	}
	s.pending = nil
	_, err = s.waitSent(map[string]int{workflow.TemplateRequest: 2, workflow.TemplateIntroReply: 1})
	return err
}

func (s *story) outOfOffice(ctx context.Context) error {
	s.at(s.day(3, 10, 0))
	s.say("Maya's mailbox answers that she is away; rapport moves her nudge past her return.")
	maya, err := s.contactByEmail(ctx, "maya@harbor-health.example")
	if err != nil {
		return err
	}
	req, err := s.lastSent(ctx, maya.ID)
	if err != nil {
		return err
	}
	raw := s.mail("Maya Okafor <maya@harbor-health.example>", ownerAddress, "Out of office: "+req.Subject, req.MessageID,
		[]string{"Auto-Submitted: auto-replied"}, "Thank you for your message. I am out of the office until 16 March 2026 with no access to mail.\n")
	if err := s.deliver(raw); err != nil {
		return err
	}
	if _, err := s.waitHandled(string(workflow.EventAutoReplyReceived)); err != nil {
		return err
	}
	if maya, err = s.contactByEmail(ctx, maya.Email); err != nil {
		return err
	}
	if at, ok := maya.State.Timers[workflow.TimerNudge]; ok {
		s.note("#%d Maya Okafor: nudge now due %s", maya.ID, when.Owner(s.zone).Short(at))
	}
	return nil
}

// lastSent returns the last message sent to a contact.
func (s *story) lastSent(ctx context.Context, id int64) (*store.Outgoing, error) {
	list, err := s.store.Read().ListOutbox(ctx, store.OutboxFilter{ContactID: id, Audience: store.AudienceContact, Statuses: []string{store.OutboxSent}})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("demo step %d: nothing was sent to contact #%d", s.step, id)
	}
	return &list[len(list)-1], nil
}

func (s *story) invitation(ctx context.Context) error {
	s.at(s.day(3, 11, 0))
	s.say("Tomás answers with a calendar invitation for Thursday at 15:00.")
	tomas, err := s.contactByEmail(ctx, "tomas@metro-transit.example")
	if err != nil {
		return err
	}
	reply, err := s.lastSent(ctx, tomas.ID)
	if err != nil {
		return err
	}
	ics := strings.Join([]string{"BEGIN:VCALENDAR", "PRODID:-//Demo//EN", "VERSION:2.0", "METHOD:REQUEST",
		"BEGIN:VEVENT", "UID:coffee-tomas@metro-transit.example", "SEQUENCE:0", "DTSTAMP:20260303T100000Z",
		"DTSTART;TZID=Europe/Berlin:20260305T150000", "DTEND;TZID=Europe/Berlin:20260305T153000",
		"SUMMARY:Coffee with Alex", "LOCATION:Café Einstein, Unter den Linden 42",
		"ORGANIZER;CN=Tomás Herrera:mailto:tomas@metro-transit.example",
		"ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + ownerAddress,
		"END:VEVENT", "END:VCALENDAR", ""}, "\r\n")
	body := "--cal\nContent-Type: text/plain; charset=utf-8\n\nHappy to talk! Thursday at 3, at Café Einstein?\n\nTomás\n" +
		"--cal\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\n\n" + strings.ReplaceAll(ics, "\r\n", "\n") + "--cal--\n"
	raw := s.mail("Tomás Herrera <tomas@metro-transit.example>", ownerAddress, "Invitation: Coffee with Alex", reply.MessageID,
		[]string{"MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=cal"}, body)
	if err := s.deliver(raw); err != nil {
		return err
	}
	if _, err := s.waitHandled(string(workflow.EventMeetingScheduled)); err != nil {
		return err
	}
	s.note("#%d Tomás Herrera: replied → scheduled, Thu 5 Mar 15:00 at Café Einstein", tomas.ID)
	return nil
}

func (s *story) prepBrief(context.Context) error {
	s.at(s.day(5, 8, 0).Add(time.Second))
	s.say("Thursday morning: the prep brief arrives.")
	if err := s.waitFired(workflow.TimerPrepBrief); err != nil {
		return err
	}
	got, err := s.waitSent(map[string]int{workflow.NoticePrepBrief: 1})
	if err != nil {
		return err
	}
	for _, l := range strings.Split(got[workflow.NoticePrepBrief][0].Body, "\n") {
		if strings.HasPrefix(l, "When:") || strings.HasPrefix(l, "Who:") || strings.HasPrefix(l, "Introduced by:") {
			s.note("%s", l)
		}
	}
	return nil
}

func (s *story) meetingOver(context.Context) error {
	s.at(s.day(5, 18, 30).Add(time.Second))
	s.say("Three hours after the coffee: rapport marks it met, drafts the thank-you and asks how it went.")
	if err := s.waitFired(workflow.TimerMeetingOver); err != nil {
		return err
	}
	got, err := s.waitSent(map[string]int{workflow.NoticeDebrief: 1, "notice_approve": 1})
	if err != nil {
		return err
	}
	s.debrief = got[workflow.NoticeDebrief][0]
	return nil
}

func (s *story) thankYou(context.Context) error {
	s.at(s.day(5, 18, 45))
	s.say("Alex answers the debrief from their phone; rapport puts what they learned in the thank-you, and Alex sends it.")
	answer := "He showed me how research shapes every screen of the transit app.\n\nNext: build a small case study.\n\n" +
		"On Thu, rapport wrote:\n> - How did it go?\n"
	if err := s.deliver(s.mail(ownerName+" <"+ownerAddress+">", ownerAddress, "Re: "+s.debrief.Subject, s.debrief.MessageID, nil, answer)); err != nil {
		return err
	}
	if _, err := s.waitHandled("debrief"); err != nil {
		return err
	}
	got, err := s.waitSent(map[string]int{"receipt": 1, "notice_approve": 1})
	if err != nil {
		return err
	}
	if err := s.approve(got["notice_approve"]); err != nil {
		return err
	}
	sent, err := s.waitSent(map[string]int{workflow.TemplateThankYou: 1})
	if err != nil {
		return err
	}
	for _, l := range strings.Split(sent[workflow.TemplateThankYou][0].Body, "\n") {
		if strings.HasPrefix(l, "What stayed with me") {
			s.note("thank-you: %s", l)
		}
	}
	return nil
}

func (s *story) referral(context.Context) error {
	s.at(s.day(5, 19, 0))
	s.say("Tomás introduces Alex to his colleague Lena; Alex forwards that mail to rapport too.")
	body := "---------- Forwarded message ---------\nFrom: Tomás Herrera <tomas@metro-transit.example>\n" +
		"Date: Thu, 5 Mar 2026 at 18:50\nSubject: Lena, meet Alex\n" +
		"To: Alex Example <" + ownerAddress + ">\nCc: Lena Vogel <lena@metro-transit.example>\n\n" +
		"Lena runs user research on our team; Alex is moving into product design. Over to you two!\n\nTomás\n"
	if err := s.deliver(s.mail(ownerName+" <"+ownerAddress+">", rapportAddr, "Fwd: Lena, meet Alex", "", nil, body)); err != nil {
		return err
	}
	if _, err := s.waitHandled("introduction"); err != nil {
		return err
	}
	got, err := s.waitSent(map[string]int{"receipt": 1})
	if err != nil {
		return err
	}
	for _, l := range strings.Split(got["receipt"][0].Body, "\n") {
		if strings.HasPrefix(l, "✓") {
			s.note("receipt: %s", l)
		}
	}
	return nil
}

func (s *story) digest(context.Context) error {
	s.at(s.day(6, 7, 30).Add(time.Second))
	s.say("Friday 07:30: the daily digest.")
	got, err := s.waitSent(map[string]int{"digest": 1})
	if err != nil {
		return err
	}
	d := got["digest"][0]
	// Each item about a contact, its wrapped lines joined.
	var item string
	flush := func() {
		if item != "" {
			s.note("%s", item)
			item = ""
		}
	}
	for _, l := range strings.Split(d.Body, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "  #") && strings.Contains(l, " — "):
			flush()
			item = t
		case item != "" && strings.HasPrefix(l, "    ") && !strings.HasPrefix(t, "reply:") && !strings.HasPrefix(t, `"`):
			item += " " + t
		default:
			flush()
		}
	}
	flush()
	return nil
}
