package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// apply applies ev to contact id at at, in a transaction of its own.
func (e *env) apply(id int64, ev workflow.Event, at time.Time) {
	e.t.Helper()
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
		c, err := tx.Contact(context.Background(), id)
		if err != nil {
			return err
		}
		_, err = e.track.Apply(context.Background(), tx, c, ev, at, store.SourceCLI)
		return err
	})
	if err != nil {
		e.t.Fatalf("apply %s to #%d: %v", ev.Kind, id, err)
	}
}

// reportBacks returns the report backs written to contact id, and the
// approval notices about them.
func (e *env) reportBacks(id int64) (notes []store.Outgoing, notices int) {
	e.t.Helper()
	rows, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, o := range rows {
		switch {
		case o.Template == workflow.TemplateReportBack:
			notes = append(notes, o)
		case o.Template == "notice_approve" && strings.Contains(o.Body, "Thank you for introducing me"):
			notices++
		}
	}
	return notes, notices
}

// The owner meets Tomás, whom Ana introduced, answers the debrief, and
// the next morning a report back to Ana says how it went with what they
// learned; it follows the send mode, and never goes to an introducer who
// bounced or was dropped.
func TestReportBackToTheIntroducer(t *testing.T) {
	tests := []struct {
		name      string
		mode      string
		anaAfter  workflow.Status // Ana's status by the next morning
		debrief   string
		want      string // the report back's status; "" for none
		wantWords string
	}{
		{"approve mode, with what they learned", config.SendApprove, workflow.StatusThanked,
			"How did it go? Great.\n\n> What did you learn?\nHe showed me how the city plans new tram lines.\n", store.OutboxDraft,
			"What stayed with me most: he showed me how the city plans new tram lines."},
		{"direct mode, no debrief", config.SendDirect, workflow.StatusThanked, "", store.OutboxApproved, "I met Tomás Herrera"},
		// The owner who sends from their own mail program finds it in Drafts.
		{"drafts mode", config.SendDrafts, workflow.StatusThanked, "", store.OutboxDraft, "I met Tomás Herrera"},
		{"the introducer bounced since", config.SendApprove, workflow.StatusBounced, "", "", ""},
		{"the introducer was dropped since", config.SendDirect, workflow.StatusDropped, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.mode)
			ana := e.contact("Ana Ruiz", "ana@acme.example", workflow.StatusThanked)
			tomas := &store.Contact{Name: "Tomás Herrera", Email: "tomas@globex.example", IntroducedBy: ana.ID, Field: "urban planning",
				State: workflow.State{Status: workflow.StatusScheduled,
					Meeting: &workflow.Meeting{Start: now.Add(-2 * time.Hour), End: now.Add(-90 * time.Minute)}}}
			if err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), tomas) }); err != nil {
				t.Fatal(err)
			}
			e.apply(tomas.ID, workflow.Event{Kind: workflow.EventMet}, now)
			at, ok := e.get(tomas.ID).State.Timers[workflow.TimerReportBack]
			if !ok {
				t.Fatal("met planned no report back")
			}
			e.debriefSaysDue(tomas.ID, "should go out by the end of Thursday 3 December.")
			if notes, _ := e.reportBacks(ana.ID); len(notes) != 0 {
				t.Fatalf("a report back was written at met, before the debrief could come: %q", notes[0].Body)
			}
			if tt.debrief != "" {
				if err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
					_, err := e.ctl.Debrief(context.Background(), tx, tomas.ID, tt.debrief, now)
					return err
				}); err != nil {
					t.Fatal(err)
				}
			}
			switch tt.anaAfter {
			case workflow.StatusBounced:
				e.apply(ana.ID, workflow.Event{Kind: workflow.EventBounceReceived}, now)
			case workflow.StatusDropped:
				e.apply(ana.ID, workflow.Event{Kind: workflow.EventDropped}, now)
			}
			e.apply(tomas.ID, workflow.Event{Kind: workflow.EventTimerFired, Timer: workflow.TimerReportBack}, at)

			notes, notices := e.reportBacks(ana.ID)
			if tt.want == "" {
				if len(notes) != 0 {
					t.Fatalf("a report back went to a %s introducer: %q", tt.anaAfter, notes[0].Body)
				}
				return
			}
			if len(notes) != 1 {
				t.Fatalf("%d report backs to Ana, want 1", len(notes))
			}
			o := notes[0]
			if o.Status != tt.want || !strings.Contains(o.To, "ana@acme.example") || !strings.Contains(o.Body, tt.wantWords) {
				t.Fatalf("report back %s to %s:\n%s\nwant %s, to Ana, saying %q", o.Status, o.To, o.Body, tt.want, tt.wantWords)
			}
			if wantNotice := tt.mode == config.SendApprove; (notices == 1) != wantNotice {
				t.Fatalf("%d approval notices for the report back in %s mode", notices, tt.mode)
			}
			if _, err := e.st.Read().MailboxDraftOf(context.Background(), o.ID); (err == nil) != (tt.mode == config.SendDrafts) {
				t.Fatalf("report back in %s mode: to be filed in the Drafts folder: %v", tt.mode, err == nil)
			}
			// Marked met again the next day (the same meeting): no second note.
			e.apply(tomas.ID, workflow.Event{Kind: workflow.EventThankYouSent}, at)
			e.apply(tomas.ID, workflow.Event{Kind: workflow.EventMet}, at.Add(time.Hour))
			if _, again := e.get(tomas.ID).State.Timers[workflow.TimerReportBack]; again {
				t.Fatal("met again planned a second report back")
			}
		})
	}
}

// debriefSaysDue checks that the debrief notice about contact id tells the
// owner by when the thank-you is due.
func (e *env) debriefSaysDue(id int64, want string) {
	e.t.Helper()
	rows, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id, Audience: store.AudienceOwner})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, o := range rows {
		if o.Template == workflow.NoticeDebrief {
			if !strings.Contains(o.Body, want) {
				e.t.Fatalf("debrief notice lacks %q:\n%s", want, o.Body)
			}
			return
		}
	}
	e.t.Fatalf("no debrief notice about #%d", id)
}
