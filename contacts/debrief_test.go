package contacts

import (
	"context"
	"strings"
	"testing"

	"rapport/config"
	"rapport/store"
	"rapport/workflow"
)

func (e *env) debrief(id int64, text string) *Outcome {
	e.t.Helper()
	var out *Outcome
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = e.ctl.Debrief(context.Background(), tx, id, text, now)
		return err
	})
	if err != nil {
		e.t.Fatalf("Debrief() error = %v", err)
	}
	return out
}

// met makes a contact met through the workflow, which drafts the
// thank-you with its placeholder.
func (e *env) met(name, email string) *store.Contact {
	e.t.Helper()
	c := e.contact(name, email, workflow.StatusReplied)
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := e.track.Apply(context.Background(), tx, c, workflow.Event{Kind: workflow.EventMet}, now, store.SourceCLI)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestDebriefAnsweredInline(t *testing.T) {
	for _, mode := range []string{config.SendApprove, config.SendDirect} {
		t.Run(mode, func(t *testing.T) {
			e := setup(t, mode)
			jane := e.met("Jane Doe", "jane@acme.example")
			// Answers written between the quoted questions, as many reply.
			text := "On Thu, rapport wrote:\n> - How did it go?\nVery well.\n> - What did you learn?\n" +
				"How [tram] lines are planned, years ahead.\n\n> - Who did Jane suggest you talk to?\n" +
				"- Ana Ruiz <ana@initech.example>\n- bo@gmail.com\n- Alex Example <alex@owner.example>\n- jane@acme.example\n"
			got := lines(e.debrief(jane.ID, text))
			for _, want := range []string{
				"✓ #1 Jane Doe: your debrief is kept",
				"✓ #2 Ana Ruiz <ana@initech.example>: added, suggested by #1 Jane Doe",
				"✓ #3 bo@gmail.com <bo@gmail.com>: added, suggested by #1 Jane Doe",
				"the thank-you now says what you learned",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("receipt lacks %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, "alex@owner.example") || strings.Count(got, "jane@acme.example") > 0 {
				t.Errorf("the owner or Jane herself became a referral:\n%s", got)
			}
			ana := e.get(2)
			if ana.IntroducedBy != jane.ID || ana.Company != "Initech" || ana.State.Status != workflow.StatusDrafted {
				t.Errorf("Ana = %+v; want introduced by Jane, company guessed, drafted", ana)
			}
			list, _ := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: jane.ID, Audience: store.AudienceContact})
			var thanks *store.Outgoing
			for i := range list {
				if list[i].Template == workflow.TemplateThankYou {
					thanks = &list[i]
				}
			}
			if thanks == nil || !strings.Contains(thanks.Body, "What stayed with me most was how (tram) lines are planned, years ahead.") {
				t.Errorf("thank-you body = %q", thanks.Body)
			}
			if thanks == nil || strings.Contains(thanks.Body, "[what I learned]") {
				t.Fatalf("the thank-you still waits for what was learned: %+v", thanks)
			}
			want := store.OutboxDraft
			if mode == config.SendDirect {
				want = store.OutboxApproved
			}
			if thanks.Status != want {
				t.Fatalf("thank-you %s in %s mode, want %s", thanks.Status, mode, want)
			}
			if c := e.get(jane.ID); !strings.Contains(c.Notes, "debrief: ") {
				t.Fatalf("Jane's notes %q lack the debrief", c.Notes)
			}
		})
	}
}

func TestDebriefWithoutAnAnswer(t *testing.T) {
	e := setup(t, config.SendApprove)
	jane := e.met("Jane Doe", "jane@acme.example")
	out := e.debrief(jane.ID, "On Thu, rapport wrote:\n> - How did it go?\n")
	if out.Changed || len(out.Lines) != 1 || out.Lines[0].OK {
		t.Fatalf("a reply with only the quote: %+v; want one failed line, nothing changed", out)
	}
}

func TestLearnedPart(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"She showed me how budgets work.\n\nAna <a@b.example>", "she showed me how budgets work"},
		{"I learned a lot about EU grants.", "I learned a lot about EU grants"},
		{"NASA hires through contractors.", "NASA hires through contractors"},
		{"How did it go?\nGreat [really].", "great (really)"},
		{"ana@b.example\n\n", ""},
	} {
		if got := learnedPart(tt.in); got != tt.want {
			t.Errorf("learnedPart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
