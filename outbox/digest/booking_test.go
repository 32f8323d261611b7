package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// A reply that offers a booking page says so in the replies item, and a
// stranger's booking is a problem of its own.
func TestBookingLinkAndStrangerBooking(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.State{Status: workflow.StatusReplied}, now.Add(-days(1)),
		ev(workflow.EventRequestSent, now.Add(-days(10))), ev(workflow.EventReplyReceived, now.Add(-days(1))))
	f.tx(func(tx *store.Tx) error {
		_, err := tx.RecordMessage(ctx, &store.Message{Key: "r1@acme.example", MessageID: "r1@acme.example", Direction: store.DirectionIn,
			ContactID: jane.ID, Kind: "personal", Sender: "jane@acme.example", Subject: "Re: hello", Date: now.Add(-days(1)),
			Recorded: now.Add(-days(1)), Text: "Hi Alex,\n\nGrab a slot here: https://calendly.com/jane-doe/30min?month=2026-12&x=1.\n\n> Here is mine: https://cal.com/alex/chat\n"})
		return err
	})
	f.tx(func(tx *store.Tx) error {
		return tx.AddProblem(ctx, &store.Problem{At: now.Add(-time.Hour), Kind: store.ProblemBooking,
			Detail: "a booking by someone who is not a contact: add them? Bob Stranger <bob@stranger.example>"})
	})
	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-days(1))})
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]templates.DigestGroup{}
	for _, g := range append(append([]templates.DigestGroup(nil), info.Today...), info.Problems...) {
		groups[g.Key] = g
	}
	replies := groups["replies"].Items
	if len(replies) != 1 || !strings.HasSuffix(replies[0].Text, "; book via link: https://calendly.com/jane-doe/30min?month=2026-12&x=1") {
		t.Errorf("replies = %+v; want Jane's item to end with her booking link (not the owner's, quoted)", replies)
	}
	if g := groups["bookings"]; len(g.Items) != 1 || !strings.Contains(g.Items[0].Text, "add them? Bob Stranger <bob@stranger.example>") {
		t.Errorf("bookings = %+v; want the stranger's booking", g)
	}
}
