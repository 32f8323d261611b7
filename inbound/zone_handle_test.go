package inbound

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// A contact's time zone, learned from the UTC offsets of the mail they
// write (see zoneEvidence and package zoneguess), unless the owner set it.

// zoneEntries returns the contact's history entries about its time zone.
func zoneEntries(t *testing.T, f *fixture, id int64) (zone []store.Entry, all []store.Entry) {
	t.Helper()
	all, err := f.store.Read().History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Kind == store.EntryEdited && strings.HasPrefix(e.Detail, "time zone") {
			zone = append(zone, e)
		}
	}
	return zone, all
}

func TestZoneLearnedFromTheirMail(t *testing.T) {
	eastAustralia := time.FixedZone("", 10*3600)
	tests := []struct {
		name    string
		email   string
		handSet string      // a zone the owner set before, or ""
		dates   []time.Time // their mail, in the order it arrives
		zone    string
		learned bool
		history []string // the details of the zone's history entries
		offsets []int    // the offsets kept, oldest first
	}{
		{
			name: "winter mail at +0100 from a German address teaches Europe/Berlin", email: "hans@firma.de",
			dates: []time.Time{time.Date(2026, 1, 15, 10, 0, 0, 0, cet)},
			zone:  "Europe/Berlin", learned: true, offsets: []int{3600},
			history: []string{"time zone learned: Europe/Berlin (from the +0100 of their mail)"},
		},
		{
			name: "winter mail at +0100 from a French address teaches Europe/Paris", email: "lea@societe.fr",
			dates: []time.Time{time.Date(2026, 1, 15, 11, 0, 0, 0, cet)},
			zone:  "Europe/Paris", learned: true, offsets: []int{3600},
			history: []string{"time zone learned: Europe/Paris (from the +0100 of their mail)"},
		},
		{
			name: "summer mail at +0200 confirms the zone and writes nothing more", email: "hans@firma.de",
			dates: []time.Time{time.Date(2026, 1, 15, 10, 0, 0, 0, cet), time.Date(2026, 7, 15, 10, 0, 0, 0, cest)},
			zone:  "Europe/Berlin", learned: true, offsets: []int{3600, 7200},
			history: []string{"time zone learned: Europe/Berlin (from the +0100 of their mail)"},
		},
		{
			name: "July at +1000 is Sydney; January at +1000 too refines it to Brisbane, which keeps no summer time", email: "kim@example.com",
			dates: []time.Time{time.Date(2026, 7, 1, 9, 0, 0, 0, eastAustralia), time.Date(2026, 1, 20, 9, 0, 0, 0, eastAustralia)},
			zone:  "Australia/Brisbane", learned: true, offsets: []int{36000, 36000},
			history: []string{"time zone learned: Australia/Sydney (from the +1000 of their mail)",
				"time zone learned: Australia/Brisbane, was Australia/Sydney (from the +1000 of their mail)"},
		},
		{
			name: "hand-set zone is kept, and the offset kept for later", email: "jane@firma.de", handSet: "America/New_York",
			dates: []time.Time{time.Date(2026, 1, 15, 10, 0, 0, 0, cet)},
			zone:  "America/New_York", learned: false, offsets: []int{3600},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.h.Now = func() time.Time { return time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC) }
			ctx := context.Background()
			c := f.contact("Contact", tt.email, workflow.StatusRequested, "req-1@owner.example")
			if tt.handSet != "" {
				c.TimeZone = tt.handSet
				if err := f.store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateContact(ctx, c, time.Now()) }); err != nil {
					t.Fatal(err)
				}
			}
			var ids []string
			for i, date := range tt.dates {
				id := fmt.Sprintf("m%d@%s", i+1, strings.SplitN(tt.email, "@", 2)[1])
				ids = append(ids, id)
				inReplyTo := "req-1@owner.example"
				if i > 0 {
					inReplyTo = ids[i-1]
				}
				o := f.handle(mail("Contact <"+tt.email+">", "Re: A short conversation", id, inReplyTo, date))[0]
				if o.ContactID != c.ID || o.Event != string(workflow.EventReplyReceived) {
					t.Fatalf("mail %d: %+v; want it %s's, a reply", i+1, o, tt.email)
				}
			}
			got, err := f.store.Read().Contact(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TimeZone != tt.zone || got.TimeZoneLearned != tt.learned || got.State.Status != workflow.StatusReplied {
				t.Errorf("contact = %s, zone %q (learned %v); want replied, %q (learned %v)", got.State.Status, got.TimeZone, got.TimeZoneLearned, tt.zone, tt.learned)
			}
			zone, all := zoneEntries(t, f, c.ID)
			var details []string
			for _, e := range zone {
				details = append(details, e.Detail)
				// Each says which mail taught it, and comes before the
				// event that mail applied: the event's timers already
				// count in the zone.
				if e.From != e.To || e.Source != store.SourceMail || !strings.Contains(e.Why, tt.email) || !slices.Contains(ids, e.MessageID) {
					t.Errorf("zone entry = %+v; want a change of no status, by mail, from %s, naming one of %v", e, tt.email, ids)
				}
				for _, other := range all {
					if other.MessageID == e.MessageID && other.Kind == string(workflow.EventReplyReceived) && other.ID < e.ID {
						t.Errorf("the reply %+v was applied before the zone it taught", other)
					}
				}
			}
			if !slices.Equal(details, tt.history) {
				t.Errorf("zone history = %q\nwant %q", details, tt.history)
			}
			obs, err := f.store.Read().ZoneObservations(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var offsets []int
			for _, o := range obs {
				offsets = append(offsets, o.Offset)
			}
			if !slices.Equal(offsets, tt.offsets) {
				t.Errorf("offsets kept = %v, want %v", offsets, tt.offsets)
			}
		})
	}
}

// The zone learned from a message already counts for that message's
// event: an automatic reply moves the nudge to after the return, counted
// in the contact's zone.
func TestZoneLearnedBeforeTheEvent(t *testing.T) {
	f := newFixture(t)
	// Friday 23:30 in London is already Saturday in Berlin.
	now := time.Date(2026, 1, 16, 23, 30, 0, 0, time.UTC)
	f.h.Now = func() time.Time { return now }
	ctx := context.Background()
	hans := &store.Contact{Name: "Hans Weber", Email: "hans@firma.de"}
	sent := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	err := f.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := f.track.Add(ctx, tx, hans, sent.Add(-time.Hour), store.SourceCLI, "test"); err != nil {
			return err
		}
		if _, err := f.track.Apply(ctx, tx, hans, workflow.Event{Kind: workflow.EventRequestSent, MessageID: "req-h@owner.example"}, sent, store.SourceCLI); err != nil {
			return err
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: "req-h@owner.example", MessageID: "req-h@owner.example", Direction: store.DirectionOut, ContactID: hans.ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := f.status(hans.ID)
	raw := mail("Hans Weber <hans@firma.de>", "Abwesenheitsnotiz: A short conversation", "a1@firma.de", "req-h@owner.example", now.In(cet), "Auto-Submitted: auto-replied")
	raw = strings.Replace(raw, "Happy to talk! How about Thursday?", "I am out of the office and back on Monday 26 January 2026.", 1)
	if o := f.handle(raw)[0]; o.Event != string(workflow.EventAutoReplyReceived) {
		t.Fatalf("handled %+v, want an automatic reply", o)
	}
	got, err := f.store.Read().Contact(ctx, hans.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeZone != "Europe/Berlin" || got.State.ReturnDate.IsZero() {
		t.Fatalf("after the automatic reply: zone %q, return %v; want Europe/Berlin and a return date", got.TimeZone, got.State.ReturnDate)
	}
	ev := workflow.Event{Kind: workflow.EventAutoReplyReceived, ReturnDate: got.State.ReturnDate}
	utc := workflow.DefaultPolicy(time.UTC)
	inBerlin := utc
	inBerlin.Calendar = utc.Calendar.In(berlin(t))
	wantState, _, err := workflow.Apply(before, ev, now, inBerlin)
	if err != nil {
		t.Fatal(err)
	}
	utcState, _, err := workflow.Apply(before, ev, now, utc)
	if err != nil {
		t.Fatal(err)
	}
	wantNudge, utcNudge := wantState.Timers[workflow.TimerNudge], utcState.Timers[workflow.TimerNudge]
	if wantNudge.Equal(utcNudge) {
		t.Fatalf("setup: the nudge is %v in either zone; the test proves nothing", wantNudge)
	}
	if nudge := got.State.Timers[workflow.TimerNudge]; !nudge.Equal(wantNudge) {
		t.Fatalf("nudge = %v, want %v (counted in Berlin), not %v (in UTC)", nudge, wantNudge, utcNudge)
	}
}
