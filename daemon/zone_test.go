package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"rapport/store"
	"rapport/workflow"
)

// zoneMail builds a raw message dated date, in date's offset, with body
// as its text; extra holds more header lines.
func zoneMail(from, subject, id, inReplyTo string, date time.Time, body string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: Alex Example <alex@owner.example>\r\nSubject: %s\r\n", from, subject)
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <%s>\r\n", date.Format(time.RFC1123Z), id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(body + "\r\n")
	return b.String()
}

// fixedClock makes the daemon's clock read now.
func fixedClock(h *harness, now time.Time) {
	h.now = func() time.Time { return now }
}

// zoneEntries returns the contact's history entries about its time zone.
func zoneEntries(t *testing.T, h *harness, id int64) (zone []store.Entry, all []store.Entry) {
	t.Helper()
	hist, err := h.store.Read().History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range hist {
		if e.Kind == store.EntryEdited && strings.HasPrefix(e.Detail, "time zone") {
			zone = append(zone, e)
		}
	}
	return zone, hist
}

func (h *harness) contactNow(id int64) *store.Contact {
	h.t.Helper()
	c, err := h.store.Read().Contact(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

var (
	cet  = time.FixedZone("", 3600)
	cest = time.FixedZone("", 7200)
)

func TestZoneLearnedFromTheirMail(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	fixedClock(h, time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
	hans := h.contact("Hans Weber", "hans@firma.de", workflow.StatusRequested, "req-h@owner.example")
	lea := h.contact("Léa Martin", "lea@societe.fr", workflow.StatusRequested, "req-l@owner.example")
	h.start()

	// Winter mail at +0100: central Europe, in the country of the domain.
	srv.deliver("INBOX", mail("Hans Weber <hans@firma.de>", "Re: A short conversation", "h1@firma.de", "req-h@owner.example",
		time.Date(2026, 1, 15, 10, 0, 0, 0, cet)), time.Time{})
	srv.deliver("INBOX", mail("Léa Martin <lea@societe.fr>", "Re: A short conversation", "l1@societe.fr", "req-l@owner.example",
		time.Date(2026, 1, 15, 11, 0, 0, 0, cet)), time.Time{})
	for range 2 {
		if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
			t.Fatalf("handled %+v, want a reply", m)
		}
	}
	for _, tt := range []struct {
		id   int64
		want string
	}{{hans.ID, "Europe/Berlin"}, {lea.ID, "Europe/Paris"}} {
		c := h.contactNow(tt.id)
		if c.TimeZone != tt.want || !c.TimeZoneLearned {
			t.Fatalf("%s's zone = %q (learned %v), want %s learned", c.Name, c.TimeZone, c.TimeZoneLearned, tt.want)
		}
		if c.State.Status != workflow.StatusReplied {
			t.Fatalf("%s = %s, want replied", c.Name, c.State.Status)
		}
	}
	zone, hist := zoneEntries(t, h, hans.ID)
	want := store.Entry{Kind: store.EntryEdited, From: workflow.StatusRequested, To: workflow.StatusRequested,
		Detail: "time zone learned: Europe/Berlin (from the +0100 of their mail)", MessageID: "h1@firma.de", Source: store.SourceMail}
	if len(zone) != 1 {
		t.Fatalf("zone history = %+v, want one entry", zone)
	}
	got := zone[0]
	if got.Kind != want.Kind || got.From != want.From || got.To != want.To || got.Detail != want.Detail ||
		got.MessageID != want.MessageID || got.Source != want.Source || !strings.Contains(got.Why, "hans@firma.de") {
		t.Fatalf("zone entry = %+v\nwant %+v", got, want)
	}
	if last := hist[len(hist)-1]; last.Kind != string(workflow.EventReplyReceived) || last.ID < got.ID {
		t.Fatalf("history ends with %+v; want the reply after the zone", last)
	}

	// Summer mail at +0200 confirms it: nothing changes, nothing is written.
	srv.deliver("INBOX", mail("Hans Weber <hans@firma.de>", "Re: A short conversation", "h2@firma.de", "h1@firma.de",
		time.Date(2026, 7, 15, 10, 0, 0, 0, cest)), time.Time{})
	h.waitHandled()
	if c := h.contactNow(hans.ID); c.TimeZone != "Europe/Berlin" || !c.TimeZoneLearned {
		t.Fatalf("zone after summer mail = %q (learned %v), want Europe/Berlin", c.TimeZone, c.TimeZoneLearned)
	}
	if zone, _ := zoneEntries(t, h, hans.ID); len(zone) != 1 {
		t.Fatalf("zone history after summer mail = %+v, want still one entry", zone)
	}
	obs, err := h.store.Read().ZoneObservations(context.Background(), hans.ID)
	if err != nil || len(obs) != 2 || obs[0].Offset != 3600 || obs[1].Offset != 7200 {
		t.Fatalf("observations = %+v, %v; want +0100 then +0200", obs, err)
	}
}

func TestZoneRefinedByMoreMail(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	fixedClock(h, time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
	kim := h.contact("Kim Ng", "kim@example.com", workflow.StatusRequested, "req-k@owner.example")
	h.start()
	brisbane := time.FixedZone("", 10*3600)
	// July at +1000 is eastern Australia: Sydney first.
	srv.deliver("INBOX", mail("Kim Ng <kim@example.com>", "Re: hello", "k1@example.com", "req-k@owner.example",
		time.Date(2026, 7, 1, 9, 0, 0, 0, brisbane)), time.Time{})
	h.waitHandled()
	if c := h.contactNow(kim.ID); c.TimeZone != "Australia/Sydney" {
		t.Fatalf("zone after July mail = %q, want Australia/Sydney", c.TimeZone)
	}
	// January at +1000 too: no daylight saving, so Queensland.
	srv.deliver("INBOX", mail("Kim Ng <kim@example.com>", "Re: hello", "k0@example.com", "k1@example.com",
		time.Date(2026, 1, 20, 9, 0, 0, 0, brisbane)), time.Time{})
	h.waitHandled()
	if c := h.contactNow(kim.ID); c.TimeZone != "Australia/Brisbane" || !c.TimeZoneLearned {
		t.Fatalf("zone after January mail = %q (learned %v), want Australia/Brisbane", c.TimeZone, c.TimeZoneLearned)
	}
	zone, _ := zoneEntries(t, h, kim.ID)
	if len(zone) != 2 || zone[1].Detail != "time zone learned: Australia/Brisbane, was Australia/Sydney (from the +1000 of their mail)" {
		t.Fatalf("zone history = %+v", zone)
	}
}

func TestZoneSetByHandIsKept(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	fixedClock(h, time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	jane := h.contact("Jane Doe", "jane@firma.de", workflow.StatusRequested, "req-j@owner.example")
	jane.TimeZone = "America/New_York" // she works for the firm from New York
	if err := h.store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateContact(ctx, jane, time.Now()) }); err != nil {
		t.Fatal(err)
	}
	h.start()
	srv.deliver("INBOX", mail("Jane Doe <jane@firma.de>", "Re: A short conversation", "j1@firma.de", "req-j@owner.example",
		time.Date(2026, 1, 15, 10, 0, 0, 0, cet)), time.Time{})
	if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("handled %+v, want her reply", m)
	}
	if c := h.contactNow(jane.ID); c.TimeZone != "America/New_York" || c.TimeZoneLearned {
		t.Fatalf("zone = %q (learned %v), want America/New_York as set by hand", c.TimeZone, c.TimeZoneLearned)
	}
	if zone, _ := zoneEntries(t, h, jane.ID); len(zone) != 0 {
		t.Fatalf("zone history = %+v, want none", zone)
	}
	// The date is still kept, should the owner clear the zone.
	if obs, err := h.store.Read().ZoneObservations(ctx, jane.ID); err != nil || len(obs) != 1 {
		t.Fatalf("observations = %+v, %v; want the one", obs, err)
	}
}

// The zone learned from a message already counts for that message's
// event: an automatic reply moves the nudge to the day after the return,
// in the contact's zone.
func TestZoneLearnedBeforeTheEvent(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	// Friday 23:30 in London is already Saturday in Berlin.
	now := time.Date(2026, 1, 16, 23, 30, 0, 0, time.UTC)
	fixedClock(h, now)
	ctx := context.Background()
	hans := &store.Contact{Name: "Hans Weber", Email: "hans@firma.de"}
	sent := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	err := h.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := h.track.Add(ctx, tx, hans, sent.Add(-time.Hour), store.SourceCLI, "test"); err != nil {
			return err
		}
		if _, err := h.track.Apply(ctx, tx, hans, workflow.Event{Kind: workflow.EventRequestSent, MessageID: "req-h@owner.example"}, sent, store.SourceCLI); err != nil {
			return err
		}
		_, err := tx.RecordMessage(ctx, &store.Message{Key: "req-h@owner.example", MessageID: "req-h@owner.example", Direction: store.DirectionOut, ContactID: hans.ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := h.contactNow(hans.ID).State
	h.start()
	srv.deliver("INBOX", zoneMail("Hans Weber <hans@firma.de>", "Abwesenheitsnotiz: A short conversation", "a1@firma.de", "req-h@owner.example",
		now.In(cet), "I am out of the office and back on Monday 26 January 2026.", "Auto-Submitted: auto-replied"), time.Time{})
	if m := h.waitHandled(); m.event != string(workflow.EventAutoReplyReceived) {
		t.Fatalf("handled %+v, want an automatic reply", m)
	}
	got := h.contactNow(hans.ID)
	if got.TimeZone != "Europe/Berlin" || got.State.ReturnDate.IsZero() {
		t.Fatalf("after the automatic reply: zone %q, return %v; want Europe/Berlin and a return date", got.TimeZone, got.State.ReturnDate)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	ev := workflow.Event{Kind: workflow.EventAutoReplyReceived, ReturnDate: got.State.ReturnDate}
	utc := workflow.DefaultPolicy(time.UTC)
	inBerlin := utc
	inBerlin.Calendar = utc.Calendar.In(berlin)
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
