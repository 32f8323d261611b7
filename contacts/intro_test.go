package contacts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func (e *env) introduce(f *classify.Forward) *Outcome {
	e.t.Helper()
	var out *Outcome
	err := e.st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = e.ctl.Introduce(context.Background(), tx, f, now)
		return err
	})
	if err != nil {
		e.t.Fatalf("Introduce() error = %v", err)
	}
	return out
}

func introduction() *classify.Forward {
	return &classify.Forward{
		From:      classify.Address{Name: "Marc Dubois", Email: "marc@egis.example"},
		To:        []classify.Address{{Name: "Alex Example", Email: "alex@owner.example"}, {Name: "Claire Moreau", Email: "Claire.Moreau@grandlyon.example"}},
		Cc:        []classify.Address{{Email: "sam.lee@gmail.com"}},
		Subject:   "Alex, meet Claire and Sam",
		Date:      time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		MessageID: "intro-1@egis.example",
		Body:      "Claire, Sam: Alex is moving into urban planning.\n",
		Note:      "field: urban planning\nthanks Marc!",
	}
}

func TestIntroductionCreatesTheReferralChain(t *testing.T) {
	e := setup(t, config.SendApprove)
	out := e.introduce(introduction())
	got := lines(out)
	for _, want := range []string{
		"✓ #1 Marc Dubois <marc@egis.example>: introducer, added (no request: they know you)",
		"✓ #2 Claire Moreau <claire.moreau@grandlyon.example>: added, introduced by #1 Marc Dubois",
		`company "Grandlyon" guessed from the address`,
		"reply to the introduction drafted",
		"✓ #3 Sam Lee <sam.lee@gmail.com>: added, introduced by #1 Marc Dubois",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("receipt lacks %q:\n%s", want, got)
		}
	}
	ctx := context.Background()
	marc, claire, sam := e.get(1), e.get(2), e.get(3)
	if marc.State.Status != workflow.StatusNew || marc.IntroducedBy != 0 {
		t.Errorf("introducer %+v; want new, introduced by no one", marc)
	}
	for _, c := range []*store.Contact{claire, sam} {
		if c.IntroducedBy != marc.ID || c.Field != "urban planning" || c.State.Status != workflow.StatusDrafted {
			t.Errorf("#%d %s: introduced by #%d, field %q, %s; want #1, urban planning, drafted", c.ID, c.Name, c.IntroducedBy, c.Field, c.State.Status)
		}
	}
	if sam.Company != "" {
		t.Errorf("a webmail address gave the company %q", sam.Company)
	}
	drafts, err := e.st.Read().ListOutbox(ctx, store.OutboxFilter{ContactID: claire.ID, Audience: store.AudienceContact})
	if err != nil || len(drafts) != 1 {
		t.Fatalf("Claire's drafts = %v, %v; want one", drafts, err)
	}
	d := drafts[0]
	if d.Template != workflow.TemplateIntroReply || d.InReplyTo != "intro-1@egis.example" || !strings.Contains(d.Bcc, "marc@egis.example") ||
		d.Subject != "Re: Alex, meet Claire and Sam" || !strings.Contains(d.Body, "> Claire, Sam: Alex is moving") {
		t.Fatalf("Claire's draft = %+v; want the intro reply in the introduction's thread, Marc in Bcc, the intro quoted", d)
	}
	hist, _ := e.st.Read().History(ctx, marc.ID)
	referrals := 0
	for _, h := range hist {
		if h.Kind == string(workflow.EventReferralAdded) {
			referrals++
		}
	}
	if referrals != 2 {
		t.Errorf("Marc's history has %d referrals, want 2", referrals)
	}

	// Forwarded again, with a correction: nobody is added twice and nothing
	// is drafted again.
	f := introduction()
	f.Note = "role: transport planner\ncompany: Métropole de Lyon\nignore: sam.lee@gmail.com"
	got = lines(e.introduce(f))
	if !strings.Contains(got, "#2 Claire Moreau <claire.moreau@grandlyon.example>: already known (drafted)") || !strings.Contains(got, "left out as you asked: sam.lee@gmail.com") {
		t.Fatalf("second forward: receipt\n%s", got)
	}
	if n, _ := e.st.Read().CountContacts(ctx); n != 3 {
		t.Fatalf("%d contacts after the second forward, want 3", n)
	}
	if c := e.get(2); c.Role != "transport planner" || c.Company != "Métropole de Lyon" {
		t.Fatalf("Claire's role %q, company %q; want those written above the second forward, over the guess", c.Role, c.Company)
	}
	if strings.Contains(got, "alex@owner.example") {
		t.Fatalf("the receipt lists the owner's own address as left out:\n%s", got)
	}
}

func TestOnePersonsOwnMailGetsTheRequest(t *testing.T) {
	e := setup(t, config.SendDirect)
	f := &classify.Forward{From: classify.Address{Name: "Ana Ruiz", Email: "ana@initech.example"},
		To: []classify.Address{{Email: "alex@owner.example"}}, Subject: "Great meeting you", Body: "Hi Alex\n"}
	got := lines(e.introduce(f))
	if !strings.Contains(got, "✓ #1 Ana Ruiz <ana@initech.example>: added") || !strings.Contains(got, "request queued") {
		t.Fatalf("receipt\n%s", got)
	}
	approved, _ := e.st.Read().ListOutbox(context.Background(), store.OutboxFilter{ContactID: 1, Statuses: []string{store.OutboxApproved}})
	if len(approved) != 1 || approved[0].Template != workflow.TemplateRequest {
		t.Fatalf("direct mode queued %+v; want the request", approved)
	}
}

func TestForwardWithNoOneToAdd(t *testing.T) {
	e := setup(t, config.SendApprove)
	f := &classify.Forward{From: classify.Address{Email: "alex@owner.example"}, To: []classify.Address{{Email: "alex+rapport@owner.example"}}, Note: "tz: Mars/Olympus"}
	out := e.introduce(f)
	got := lines(out)
	if out.Changed || !strings.Contains(got, `✗ above the forward: tz: "Mars/Olympus" is not a time zone`) || !strings.Contains(got, "✗ rapport found no one to add") {
		t.Fatalf("receipt\n%s", got)
	}
}
