package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
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
			if thanks == nil || !strings.Contains(thanks.Body, "What stayed with me most: how (tram) lines are planned, years ahead.\n") ||
				!strings.Contains(thanks.Body, "for pointing me to Ana Ruiz and bo@gmail.com.") {
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

// thankYou returns the contact's thank-you, as stored.
func (e *env) thankYou(id int64) *store.Outgoing {
	e.t.Helper()
	list, err := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: id, Audience: store.AudienceContact})
	if err != nil {
		e.t.Fatal(err)
	}
	for i := range list {
		if list[i].Template == workflow.TemplateThankYou {
			return &list[i]
		}
	}
	e.t.Fatalf("#%d has no thank-you", id)
	return nil
}

// What the debrief does to the thank-you, for what its answer says: words
// that cannot be quoted to the contact leave the placeholder for the owner
// and the receipt says why; people suggested are thanked for even then;
// a draft the owner edited keeps their words.
func TestDebriefFillsTheThankYou(t *testing.T) {
	tests := []struct {
		name    string
		edit    string // the owner's own thank-you, written before the debrief; "" for none
		answer  string
		receipt []string
		body    []string
		notBody []string
	}{
		{name: "a clause about them in the past is turned to them",
			answer:  "> What did you learn?\nShe showed me how the planning office decides on new tram lines.\n",
			receipt: []string{"the thank-you now says what you learned; approve it"},
			body:    []string{"What stayed with me most: you showed me how the planning office decides on new tram lines.\n"},
			notBody: []string{"[what I learned]", "pointing me to"}},
		{name: "a word is not quoted",
			answer:  "> What did you learn?\nNetworking!\n",
			receipt: []string{"the thank-you still needs what you learned, in your words to them: rapport did not quote your answer, which is a word or two"},
			body:    []string{"What stayed with me most: [what I learned]\n"},
			notBody: []string{"Networking"}},
		{name: "words about them are not quoted, and the people they suggested are thanked for",
			answer: "> What did you learn?\nShe thinks I should learn GIS first.\n\n> Who did Jane suggest you talk to?\nAna Ruiz <ana@initech.example>\n",
			receipt: []string{"rapport did not quote your answer, which speaks of them as he, she or they, or by name",
				"the thank-you now thanks them for the people they suggested; approve it"},
			body:    []string{"What stayed with me most: [what I learned]\n", "Thank you, too, for pointing me to Ana Ruiz. I'll write to Ana soon"},
			notBody: []string{"GIS"}},
		{name: "the owner's own text is kept, its placeholder filled",
			edit:    "Hi Jane,\n\nThanks! I keep thinking about [what I learned].\n\nAlex\n",
			answer:  "> What did you learn?\nMost of the job is listening.\n\n> Who did Jane suggest you talk to?\nAna Ruiz <ana@initech.example>\n",
			receipt: []string{"the thank-you now says what you learned"},
			body:    []string{"Hi Jane,\n\nThanks! I keep thinking about most of the job is listening.\n\nAlex\n"},
			notBody: []string{"pointing me to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, config.SendApprove)
			jane := e.met("Jane Doe", "jane@acme.example")
			if tt.edit != "" {
				id := e.thankYou(jane.ID).ID
				err := e.st.WithTx(context.Background(), func(tx *store.Tx) error {
					_, err := outbox.Edit(context.Background(), tx, id, nil, &tt.edit, now.Add(time.Minute))
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			got := lines(e.debrief(jane.ID, "On Thu, rapport wrote:\n"+tt.answer))
			for _, want := range tt.receipt {
				if !strings.Contains(got, want) {
					t.Errorf("receipt lacks %q:\n%s", want, got)
				}
			}
			body := e.thankYou(jane.ID).Body
			for _, want := range tt.body {
				if !strings.Contains(body, want) {
					t.Errorf("thank-you lacks %q:\n%s", want, body)
				}
			}
			for _, never := range tt.notBody {
				if strings.Contains(body, never) {
					t.Errorf("thank-you holds %q:\n%s", never, body)
				}
			}
		})
	}
}
