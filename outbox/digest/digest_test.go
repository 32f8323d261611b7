package digest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	now       = time.Date(2026, 12, 2, 7, 30, 0, 0, berlin) // a Wednesday
)

// fixture is a pipeline with something in every part of the digest.
type fixture struct {
	t  *testing.T
	st *store.Store
}

func newFixture(t testing.TB) *fixture {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &fixture{t: t.(*testing.T), st: st}
}

func (f *fixture) tx(fn func(tx *store.Tx) error) {
	f.t.Helper()
	if err := f.st.WithTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

// contact stores a contact in state s, updated at updated, with history
// entries of the given kinds at the given times.
func (f *fixture) contact(name, email string, s workflow.State, updated time.Time, history ...store.Entry) *store.Contact {
	f.t.Helper()
	c := &store.Contact{Name: name, Email: email, State: s, CreatedAt: updated, UpdatedAt: updated}
	ctx := context.Background()
	f.tx(func(tx *store.Tx) error {
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		for _, e := range history {
			e.ContactID = c.ID
			if err := tx.AppendHistory(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	return c
}

// ev is an entry of kind at at, moving the contact into the status the
// kind leads to in these histories, as Tracker.Apply records it: the
// funnel's milestones follow the statuses (see store.AppendHistory).
func ev(kind workflow.EventKind, at time.Time) store.Entry {
	to := map[workflow.EventKind]workflow.Status{
		workflow.EventRequestSent:    workflow.StatusRequested,
		workflow.EventNudgeSent:      workflow.StatusNudged,
		workflow.EventReplyReceived:  workflow.StatusReplied,
		workflow.EventMet:            workflow.StatusMet,
		workflow.EventBounceReceived: workflow.StatusBounced,
	}[kind]
	return store.Entry{Kind: string(kind), At: at, To: to, Source: store.SourceMail}
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func TestBuildEverySection(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Replied, with her reply recorded.
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.State{Status: workflow.StatusReplied}, now.Add(-days(1)),
		ev(workflow.EventRequestSent, now.Add(-days(10))), ev(workflow.EventReplyReceived, now.Add(-days(1))))
	f.tx(func(tx *store.Tx) error {
		_, err := tx.RecordMessage(ctx, &store.Message{Key: "r1@acme.example", MessageID: "r1@acme.example", Direction: store.DirectionIn,
			ContactID: jane.ID, Kind: "personal", Sender: "jane@acme.example", Subject: "Re: hello", Date: now.Add(-days(1)),
			Recorded: now.Add(-days(1)), Text: "Hi Alex,\n\nHappy to talk next week.\n\n> quoted\n"})
		return err
	})
	// A draft waiting, and an uncertain send.
	sam := f.contact("Sam Lee", "sam@globex.example", workflow.State{Status: workflow.StatusDrafted}, now.Add(-days(2)))
	f.tx(func(tx *store.Tx) error {
		for _, o := range []*store.Outgoing{
			{ContactID: sam.ID, Template: workflow.TemplateRequest, Audience: store.AudienceContact, Status: store.OutboxDraft,
				MessageID: "d1@owner.example", To: "sam@globex.example", Subject: "Your path into logistics", Body: "Hi Sam"},
			{ContactID: jane.ID, Template: workflow.TemplateNudge, Audience: store.AudienceContact, Status: store.OutboxUncertain,
				MessageID: "u1@owner.example", To: "jane@acme.example", Subject: "Re: hello", Body: "Hi again"},
			// A notice to the owner that a crash left uncertain.
			{ContactID: jane.ID, Template: "notice_reply", Audience: store.AudienceOwner, Status: store.OutboxUncertain,
				MessageID: "u2@owner.example", To: "alex@owner.example", Subject: "rapport: Jane Doe replied (#1)", Body: "Jane replied"},
		} {
			if err := tx.InsertOutgoing(ctx, o, now.Add(-days(2))); err != nil {
				return err
			}
		}
		return nil
	})
	// A meeting this afternoon and one the day after tomorrow (left out).
	meet := now.Add(7 * time.Hour)
	f.contact("Ana Ruiz", "ana@initech.example", workflow.State{Status: workflow.StatusScheduled,
		Meeting: &workflow.Meeting{Start: meet, End: meet.Add(30 * time.Minute), Place: "Café Einstein"}}, now.Add(-days(3)))
	later := now.Add(days(3))
	f.contact("Later Meeting", "later@x.example", workflow.State{Status: workflow.StatusScheduled,
		Meeting: &workflow.Meeting{Start: later, End: later.Add(time.Hour)}}, now.Add(-days(3)))
	// Met, thank-you due.
	f.contact("Bo Chen", "bo@y.example", workflow.State{Status: workflow.StatusMet,
		Meeting: &workflow.Meeting{Start: now.Add(-days(1)), End: now.Add(-days(1) + time.Hour)}}, now.Add(-days(1)),
		ev(workflow.EventRequestSent, now.Add(-days(20))), ev(workflow.EventReplyReceived, now.Add(-days(16))), ev(workflow.EventMet, now.Add(-days(1))))
	// Waiting: one back from an absence tomorrow, one plain.
	ret := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	f.contact("Kim Park", "kim@z.example", workflow.State{Status: workflow.StatusRequested, ReturnDate: ret,
		Timers: map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(days(2))}}, now.Add(-days(6)),
		ev(workflow.EventRequestSent, now.Add(-days(6))))
	f.contact("Lee Wong", "lee@w.example", workflow.State{Status: workflow.StatusNudged,
		Timers: map[workflow.TimerKind]time.Time{workflow.TimerNoResponse: now.Add(days(4))}}, now.Add(-days(3)),
		ev(workflow.EventRequestSent, now.Add(-days(40))), ev(workflow.EventNudgeSent, now.Add(-days(3))))
	// A bounce and a referral since the last digest, and problems.
	bounced := f.contact("Old Address", "old@gone.example", workflow.State{Status: workflow.StatusBounced}, now.Add(-time.Hour),
		ev(workflow.EventBounceReceived, now.Add(-time.Hour)))
	f.tx(func(tx *store.Tx) error {
		return tx.AppendHistory(ctx, &store.Entry{ContactID: jane.ID, Kind: string(workflow.EventReferralAdded), At: now.Add(-2 * time.Hour),
			Detail: "introduced #3", Source: store.SourceMail})
	})
	for _, p := range []store.Problem{
		{At: now.Add(-3 * time.Hour), Kind: store.ProblemUnauthenticated, Detail: "mail from alex@owner.example (\"met #1\") ignored"},
		{At: now.Add(-4 * time.Hour), Kind: store.ProblemDraft, Detail: "the nudge step of #2 could not run"},
		{At: now.Add(-5 * time.Hour), Kind: store.ProblemOffline, Detail: "no connection to INBOX for 1h40m"},
		{At: now.Add(-5 * time.Hour), Kind: store.ProblemUnreadable, Detail: "#1 Jane Doe: mail from jane@acme.example: over the size limit"},
		{At: now.Add(-6 * time.Hour), Kind: store.ProblemIgnored, Detail: "your answer to \"rapport: approve\": outbox 4 was already sent"},
		{At: now.Add(-7 * time.Hour), Kind: store.ProblemSoftBounce, Detail: "#6 Kim Lee: soft bounce 1 of 3, the mail did not arrive: kim@example.org, 4.2.2: 452 4.2.2 Mailbox full"},
		{At: now.Add(-days(3)), Kind: store.ProblemOffline, Detail: "before the last digest"},
	} {
		f.tx(func(tx *store.Tx) error { return tx.AddProblem(ctx, &p) })
	}

	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-days(1))})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]templates.DigestGroup{}
	var order []string
	for _, g := range append(append(append([]templates.DigestGroup(nil), info.Today...), info.Waiting, info.Pipeline.Referrals), info.Problems...) {
		got[g.Key] = g
		order = append(order, g.Key)
	}
	if want := "replies drafts meetings thank_yous uncertain returning waiting referrals bounces soft_bounces commands templates offline unreadable ignored"; strings.Join(order, " ") != want {
		t.Fatalf("groups %v, want %s", order, want)
	}
	// do is the item's commands, "|" between them.
	check := func(key string, id int64, text, quote, do string) {
		t.Helper()
		for _, it := range got[key].Items {
			var cmds []string
			for _, a := range it.Actions {
				cmds = append(cmds, a.Command)
			}
			if it.ID == id && strings.Contains(it.Text, text) && strings.Contains(it.Quote, quote) && strings.Join(cmds, "|") == do {
				return
			}
		}
		t.Errorf("%s lacks #%d %q %q %q: %+v", key, id, text, quote, do, got[key].Items)
	}
	check("replies", jane.ID, "replied Tue 1 Dec", "Happy to talk next week.", "#1 met|#1 snooze 3d|#1 declined")
	check("drafts", sam.ID, `request to approve: "Your path into logistics"`, "", "#2 send|#2 skip")
	check("meetings", 3, "meeting today at 14:30 CET, Café Einstein", "", "#3 met")
	check("thank_yous", 5, "met Tue 1 Dec", "", "")
	check("uncertain", jane.ID, `nudge "Re: hello" may have left`, "", "")
	check("uncertain", jane.ID, `rapport's "rapport: Jane Doe replied (#1)" to you may not have arrived: look in your inbox`, "", "")
	check("unreadable", 0, "over the size limit", "", "")
	check("ignored", 0, "was already sent", "", "")
	check("returning", 6, "back from their absence Thu 3 Dec; the nudge follows Fri 4 Dec 07:30 CET", "", "")
	check("waiting", 6, "asked 6 days ago (Thu 26 Nov); nudge Fri 4 Dec 07:30 CET", "", "")
	check("waiting", 7, "nudged 3 days ago (Sun 29 Nov); no answer expected after Sun 6 Dec", "", "")
	check("referrals", jane.ID, "introduced #3 Ana Ruiz", "", "")
	check("bounces", bounced.ID, "mail to old@gone.example bounced", "", "")
	check("soft_bounces", 0, "soft bounce 1 of 3, the mail did not arrive: kim@example.org", "", "")
	if g := got["offline"]; len(g.Items) != 1 || !strings.Contains(g.Items[0].Text, "1h40m") {
		t.Errorf("offline = %+v; want only the time since the last digest", g)
	}
	if len(got["meetings"].Items) != 1 {
		t.Errorf("meetings = %+v; want only today's and tomorrow's", got["meetings"].Items)
	}
	p := info.Pipeline
	if p.AllTime.Requested != 4 || p.AllTime.Replied != 2 || p.AllTime.Met != 1 || p.AllTime.ReplyRate != 0.5 || p.AllTime.MedianDaysToReply != 6.5 {
		t.Errorf("all-time funnel = %+v; want 4 requested, 2 replied (9 and 4 days: median 6.5), 1 met", p.AllTime)
	}
	if p.Last30.Requested != 3 || p.Last30.Replied != 2 {
		t.Errorf("30-day funnel = %+v; want the 40-day-old request left out", p.Last30)
	}
	if info.Nothing {
		t.Errorf("Nothing = true with replies waiting")
	}
}

// Groups are capped, with the count of what was left out.
func TestBuildCapsGroups(t *testing.T) {
	f := newFixture(t)
	for i := range 13 {
		f.contact("Waiting "+string(rune('A'+i)), "", workflow.State{Status: workflow.StatusRequested}, now.Add(-days(i+1)))
	}
	info, err := Build(context.Background(), f.st.Read(), Options{Now: now, Zone: berlin, Max: 5})
	if err != nil {
		t.Fatal(err)
	}
	if g := info.Waiting; len(g.Items) != 5 || g.More != 8 || g.Items[0].Name != "Waiting M" {
		t.Fatalf("waiting = %d items, %d more, first %q; want 5, 8 more, the longest waiting first", len(g.Items), g.More, g.Items[0].Name)
	}
	if !info.Nothing {
		t.Fatalf("Nothing = false with only contacts waiting")
	}
}

// Broken template edits are a problem the digest reports, first.
func TestBuildReportsBrokenTemplates(t *testing.T) {
	f := newFixture(t)
	info, err := Build(context.Background(), f.st.Read(), Options{Now: now, Zone: berlin,
		TemplateError: errors.New("templates/nudge.txt:3: unknown field .Nmae\nmore")})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Problems) != 1 || info.Problems[0].Key != "templates" ||
		!strings.Contains(info.Problems[0].Items[0].Text, "templates/nudge.txt:3: unknown field .Nmae (run rapport templates check)") {
		t.Fatalf("problems = %+v; want the template error", info.Problems)
	}
}
