package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The status command prints times as the command line does: in the
// owner's zone with its label, and the contact's clock beside it when it
// reads otherwise.
func TestStatusTimesCarryTheOwnersZoneAndTheContactsClock(t *testing.T) {
	e := setup(t, "approve")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e.track = New(workflow.DefaultPolicy(berlin), e.ctl.Drafter)
	e.ctl.Tracker = e.track
	start := time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC)
	c := &store.Contact{Name: "Jane Doe", Email: "jane@acme.example", TimeZone: "America/New_York",
		State: workflow.State{Status: workflow.StatusScheduled, Meeting: &workflow.Meeting{Start: start, End: start.Add(30 * time.Minute)}}}
	err = e.st.WithTx(context.Background(), func(tx *store.Tx) error {
		if err := tx.InsertContact(context.Background(), c); err != nil {
			return err
		}
		return tx.AppendHistory(context.Background(), &store.Entry{ContactID: c.ID, At: start.Add(-48 * time.Hour),
			Kind: string(workflow.EventMeetingScheduled), From: workflow.StatusReplied, To: workflow.StatusScheduled, Source: store.SourceMail})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(e.commands("", "status #1", 0))
	for _, want := range []string{
		"meeting Tue 8 Dec 2026 15:00–15:30 CET (09:00–09:30 EST for Jane)",
		"2026-12-06 15:00 CET meeting scheduled",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status reply lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "14:00") {
		t.Errorf("status reply prints a UTC time without its zone:\n%s", got)
	}
}
