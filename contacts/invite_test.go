package contacts

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func (e *env) invite(cal *classify.Calendar) *Outcome {
	e.t.Helper()
	var out *Outcome
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = e.ctl.Invite(context.Background(), tx, cal, "fwd-1@owner.example", now)
		return err
	})
	if err != nil {
		e.t.Fatalf("Invite() error = %v", err)
	}
	return out
}

// An invitation the owner forwards to rapport is with the one contact
// among its organizer and guests; anything else changes nothing and the
// receipt says what to do instead.
func TestForwardedInvitationFindsItsContact(t *testing.T) {
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	guests := func(addrs ...string) []classify.Attendee {
		var list []classify.Attendee
		for _, a := range addrs {
			list = append(list, classify.Attendee{Email: a, PartStat: "NEEDS-ACTION"})
		}
		return list
	}
	cal := func(uid string, seq int, start time.Time, addrs ...string) *classify.Calendar {
		return &classify.Calendar{Method: "REQUEST", UID: uid, Sequence: seq, Start: start, End: start.Add(time.Hour),
			Organizer: "alex@owner.example", Attendees: guests(addrs...), Location: "Café Einstein"}
	}
	tests := []struct {
		name    string
		cal     *classify.Calendar
		receipt string // the receipt's lines (see lines)
		janeNow workflow.Status
		about   int64 // the contact a reply to the receipt is about
	}{
		{
			name: "the one contact among the guests gets the meeting", cal: cal("i-1", 0, start, "alex@owner.example", "jane@acme.example"),
			receipt: "✓ #1 Jane Doe: replied → scheduled\n", janeNow: workflow.StatusScheduled, about: 1,
		},
		{
			name: "a guest written in capitals beside rapport's own address is still the contact", cal: cal("i-1", 0, start, "ALEX+rapport@owner.example", "Jane@Acme.example"),
			receipt: "✓ #1 Jane Doe: replied → scheduled\n", janeNow: workflow.StatusScheduled, about: 1,
		},
		{
			name: "an invitation with nobody rapport knows changes nothing", cal: cal("i-1", 0, start, "ana@initech.example"),
			receipt: "✗ the invitation is with no contact rapport knows\n    try: add them first (add Name <address>), then forward it again\n",
			janeNow: workflow.StatusReplied,
		},
		{
			name: "an invitation with two contacts changes nothing and names both", cal: cal("i-1", 0, start, "jane@acme.example", "sam@globex.example"),
			receipt: "✗ the invitation is with 2 contacts, so nothing changed\n    #1 Jane Doe <jane@acme.example> (replied)\n    #2 Sam Lee <sam@globex.example> (requested)\n" +
				"    try: write scheduled #id DATE TIME for the one you meet\n",
			janeNow: workflow.StatusReplied,
		},
		{
			name: "an invitation without a time changes nothing", cal: cal("i-1", 0, time.Time{}, "jane@acme.example"),
			receipt: "✗ #1 Jane Doe: the invitation has no meeting time rapport can use\n    try: write scheduled #1 2026-12-03 15:00 instead\n",
			janeNow: workflow.StatusReplied, about: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, config.SendApprove)
			jane := e.contact("Jane Doe", "jane@acme.example", workflow.StatusReplied)
			e.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested)
			out := e.invite(tt.cal)
			if got := lines(out); got != tt.receipt {
				t.Errorf("receipt =\n%s\nwant\n%s", got, tt.receipt)
			}
			if out.Scope() != tt.about {
				t.Errorf("Scope() = %d, want %d", out.Scope(), tt.about)
			}
			c := e.get(jane.ID)
			if c.State.Status != tt.janeNow {
				t.Fatalf("Jane = %s, want %s", c.State.Status, tt.janeNow)
			}
			if tt.janeNow == workflow.StatusScheduled {
				m := c.State.Meeting
				if m == nil || !m.Start.Equal(start) || m.Place != "Café Einstein" {
					t.Errorf("Jane's meeting = %+v, want %s at Café Einstein", m, start)
				}
			}
		})
	}
}

// A forwarded invitation older than the meeting rapport has (a lower
// SEQUENCE of the same UID) changes nothing.
func TestForwardedInvitationOlderThanTheMeeting(t *testing.T) {
	e := setup(t, config.SendApprove)
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	jane := &store.Contact{Name: "Jane Doe", Email: "jane@acme.example", State: workflow.State{Status: workflow.StatusScheduled,
		Meeting: &workflow.Meeting{Start: start, End: start.Add(time.Hour), UID: "i-1", Sequence: 2}}}
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), jane) })
	if err != nil {
		t.Fatal(err)
	}
	old := &classify.Calendar{Method: "REQUEST", UID: "i-1", Sequence: 1, Start: start.Add(24 * time.Hour), End: start.Add(25 * time.Hour),
		Organizer: "alex@owner.example", Attendees: []classify.Attendee{{Email: "jane@acme.example"}}}
	want := "✗ #1 Jane Doe: an older version (sequence 1) of the meeting\n"
	if got := lines(e.invite(old)); got != want {
		t.Errorf("receipt =\n%s\nwant\n%s", got, want)
	}
	if m := e.get(jane.ID).State.Meeting; m == nil || !m.Start.Equal(start) || m.Sequence != 2 {
		t.Fatalf("Jane's meeting = %+v, want the one at %s, sequence 2", m, start)
	}
}
