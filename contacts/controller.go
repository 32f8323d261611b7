package contacts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Controller applies the owner's commands and introductions.
type Controller struct {
	Config  *config.Config
	Tracker *Tracker // its Effects draft the requests and notices
	// Drafter asks the owner again about a draft rapport changed for them
	// (the thank-you a debrief filled in); nil to not ask.
	Drafter *outbox.Drafter
	// Kick, when set, is called once a transaction that approved a message
	// for sending has committed.
	Kick func()
}

// Outcome is what one mail to rapport did.
type Outcome struct {
	Lines []templates.ReceiptLine
	Help  bool // the receipt should carry the command help
	// About is the only contact the mail changed or asked about, 0 when it
	// concerned none or several: a reply to its receipt is scoped to it.
	About int64
	// Changed reports that something was written besides the receipt.
	Changed bool
}

// about notes that the mail concerned contact id.
func (o *Outcome) about(id int64) {
	switch o.About {
	case 0:
		o.About = id
	case id:
	default:
		o.About = -1
	}
}

// Scope returns the one contact the mail concerned, or 0.
func (o *Outcome) Scope() int64 {
	if o.About < 0 {
		return 0
	}
	return o.About
}

func (o *Outcome) ok(cmd, text string, details ...string) {
	o.Lines = append(o.Lines, templates.ReceiptLine{Command: cmd, OK: true, Text: text, Details: details})
}

func (o *Outcome) fail(cmd, text, hint string, details ...string) {
	o.Lines = append(o.Lines, templates.ReceiptLine{Command: cmd, Text: text, Hint: hint, Details: details})
}

// label names a contact in a receipt: "#12 Jane Doe".
func label(c *store.Contact) string {
	return fmt.Sprintf("#%d %s", c.ID, short(c.Name, 80))
}

// change says what an applied event did: "#12 Jane Doe: replied → met".
func change(c *store.Contact, e store.Entry) string {
	if e.From == e.To {
		return fmt.Sprintf("%s: %s (still %s)", label(c), workflow.EventKind(e.Kind).Label(), e.To.Label())
	}
	return fmt.Sprintf("%s: %s → %s", label(c), e.From.Label(), e.To.Label())
}

// apply applies ev to c and reports it; a refusal is a failed line, not
// an error.
func (ctl *Controller) apply(ctx context.Context, tx *store.Tx, o *Outcome, cmd string, c *store.Contact, ev workflow.Event, now time.Time) error {
	if SameTier(c, ev) {
		o.ok(cmd, TierChange(c, ctl.Tracker.Policy(), ctl.zone())+" (already; nothing changed)")
		return nil
	}
	res, err := ctl.Tracker.Apply(ctx, tx, c, ev, now, store.SourceMail)
	var refused *workflow.TransitionError
	if errors.As(err, &refused) {
		o.fail(cmd, fmt.Sprintf("%s: %s", label(c), refused.Error()), "")
		return nil
	}
	if err != nil {
		return err
	}
	o.Changed = true
	switch ev.Kind {
	case workflow.EventTierSet:
		o.ok(cmd, TierChange(c, ctl.Tracker.Policy(), ctl.zone()))
		return nil
	case workflow.EventGoOn, workflow.EventHold:
		o.ok(cmd, HoldChange(c, ev.Kind, ctl.zone()))
		return nil
	}
	o.ok(cmd, change(c, res.Entry))
	return nil
}

// zone is the owner's time zone.
func (ctl *Controller) zone() *time.Location { return ctl.Tracker.Zone() }

// ownerAddresses are the addresses that are the owner's or rapport's,
// never a contact's.
func (ctl *Controller) ownerAddresses() []string {
	list := append([]string(nil), ctl.Config.Owner.Addresses...)
	list = append(list, ctl.Config.Commands.Addresses...)
	if r := ctl.Config.DigestRecipient(); r != "" {
		list = append(list, r)
	}
	for i, a := range list {
		list[i] = ascii.Lower(a)
	}
	return list
}

// short returns s on one line, cut to n runes.
func short(s string, n int) string {
	s = textclean.OneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
