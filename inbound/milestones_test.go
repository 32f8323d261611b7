package inbound

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/outbox/digest"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The roads by mail into each step of the digest's funnel: a calendar
// invitation as the first answer, the owner's mail commands, and the
// ordinary reply, meeting and thank-you. Each test reads the contact's
// milestones and the funnel of the digest the owner would get.

// askedAt is when the contacts of these tests were sent their request:
// three days before ownerNow.
var askedAt = ownerNow.Add(-3 * 24 * time.Hour)

// asked adds a contact whose request left at askedAt, recorded in their
// thread as reqID so that their answers are matched to it.
func (f *ownerFixture) asked(name, email, reqID string) *store.Contact {
	f.t.Helper()
	c := &store.Contact{Name: name, Email: email}
	ctx := context.Background()
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := f.track.Add(ctx, tx, c, askedAt.Add(-time.Hour), store.SourceCLI, "test"); err != nil {
			return err
		}
		ev := workflow.Event{Kind: workflow.EventRequestSent, MessageID: reqID}
		if _, err := f.track.Apply(ctx, tx, c, ev, askedAt, store.SourceMail); err != nil {
			return err
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: reqID, MessageID: reqID, Direction: store.DirectionOut,
			ContactID: c.ID, Date: askedAt, Recorded: askedAt})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// steps says which steps of the funnel a contact reached.
type steps struct{ requested, replied, scheduled, met, thanked bool }

// wantSteps checks that contact id, the only one of the fixture, reached
// exactly the steps of want: its milestones are kept, the digest's
// all-time funnel counts it at each of them, and a reply is timed from
// the request (replyDays, when it replied).
func (f *ownerFixture) wantSteps(t *testing.T, id int64, want steps, replyDays float64) {
	t.Helper()
	ctx := context.Background()
	m, err := f.store.Read().Milestones(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got := steps{!m.Requested.IsZero(), !m.Replied.IsZero(), !m.Scheduled.IsZero(), !m.Met.IsZero(), !m.Thanked.IsZero()}
	if got != want {
		t.Errorf("milestones = %+v; reached %+v, want %+v", m, got, want)
	}
	if want.replied && math.Abs(m.ReplyDays-replyDays) > 0.001 {
		t.Errorf("reply time = %.3f days; want %.3f", m.ReplyDays, replyDays)
	}
	info, err := digest.Build(ctx, f.store.Read(), digest.Options{Now: ownerNow, Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	one := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	fu := info.Pipeline.AllTime
	gotN := [5]int{fu.Requested, fu.Replied, fu.Scheduled, fu.Met, fu.Thanked}
	wantN := [5]int{one(want.requested), one(want.replied), one(want.scheduled), one(want.met), one(want.thanked)}
	if gotN != wantN {
		t.Errorf("digest funnel requested, replied, scheduled, met, thanked = %v; want %v", gotN, wantN)
	}
}

// A calendar invitation is often the first answer to a request: it is a
// reply as well as the meeting arranged.
func TestInvitationAsTheFirstAnswerCountsAsReplied(t *testing.T) {
	f := newOwnerFixture(t)
	jane := f.asked("Jane Doe", "jane@acme.example", "req-1@owner.example")
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	e := rig.Event{
		Method: "REQUEST", UID: "coffee-1@acme.example", Zone: rig.GoogleBerlin,
		Start:     "DTSTART;TZID=Europe/Berlin:" + rig.Wall(start.In(berlin(t))),
		End:       "DTEND;TZID=Europe/Berlin:" + rig.Wall(start.Add(time.Hour).In(berlin(t))),
		Organizer: "jane@acme.example",
		Attendees: []string{rig.Attendee("jane@acme.example", "ACCEPTED"), rig.Attendee(owner, "NEEDS-ACTION")},
		Summary:   "Coffee with Alex", Date: ownerNow,
	}
	o := f.handleMail(rig.GoogleMail(janeFrom, owner, "Invitation: Coffee with Alex", "inv-1@acme.example", e))
	if o.Event != string(workflow.EventMeetingScheduled) {
		t.Fatalf("the invitation: %+v; want meeting_scheduled", o)
	}
	f.wantSteps(t, jane.ID, steps{requested: true, replied: true, scheduled: true}, 3)
}

// The owner's mail commands move a contact along the funnel as the
// command line does; every one that means an answer counts as a reply.
func TestMailCommandsCountTheirSteps(t *testing.T) {
	tests := []struct {
		name  string
		lines []string // command lines, each in a mail of its own
		want  steps
	}{
		{"met while waiting", []string{"#1 met"},
			steps{requested: true, replied: true, scheduled: true, met: true}},
		{"scheduled while waiting", []string{"#1 scheduled 2026-12-03 15:00"},
			steps{requested: true, replied: true, scheduled: true}},
		{"scheduled, then met", []string{"#1 scheduled 2026-12-03 15:00", "#1 met"},
			steps{requested: true, replied: true, scheduled: true, met: true}},
		{"declined: a no is an answer", []string{"#1 declined"},
			steps{requested: true, replied: true}},
		{"paused and resumed: no answer", []string{"#1 pause", "#1 resume"},
			steps{requested: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOwnerFixture(t)
			jane := f.asked("Jane Doe", "jane@acme.example", "req-1@owner.example")
			for i, line := range tt.lines {
				raw := proven(rig.OwnerMail(owner, rapportAddr, "rapport", fmt.Sprintf("cmd-%d@owner.example", i), "", line+"\n"))
				if o := f.handleMail(raw); o.Event != "commands" {
					t.Fatalf("%q: %+v; want commands", line, o)
				}
			}
			f.wantSteps(t, jane.ID, tt.want, 3)
		})
	}
}

// The ordinary road: a reply by mail, the meeting, the thank-you sent.
func TestReplyMeetingAndThankYouCountEveryStep(t *testing.T) {
	f := newOwnerFixture(t)
	jane := f.asked("Jane Doe", "jane@acme.example", "req-1@owner.example")
	ctx := context.Background()
	if o := f.handleMail([]byte(mail(janeFrom, "Re: hello", "r1@acme.example", "req-1@owner.example", ownerNow))); o.Event != string(workflow.EventReplyReceived) {
		t.Fatalf("Jane's reply: %+v; want reply_received", o)
	}
	f.wantSteps(t, jane.ID, steps{requested: true, replied: true}, 3)
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.Contact(ctx, jane.ID)
		if err != nil {
			return err
		}
		_, err = f.track.Apply(ctx, tx, c, workflow.Event{Kind: workflow.EventMet}, ownerNow.Add(time.Hour), store.SourceCLI)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := f.store.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceContact})
	if err != nil || len(drafts) != 1 || drafts[0].Template != workflow.TemplateThankYou {
		t.Fatalf("outbox to contacts = %+v, %v; want the thank-you draft", drafts, err)
	}
	err = f.store.WithTx(ctx, func(tx *store.Tx) error {
		note, err := f.track.MarkSent(ctx, tx, &drafts[0], []string{store.OutboxDraft}, ownerNow.Add(2*time.Hour), store.SourceMail)
		if note != "" {
			return fmt.Errorf("sending the thank-you: %s", note)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.wantSteps(t, jane.ID, steps{requested: true, replied: true, scheduled: true, met: true, thanked: true}, 3)
}
