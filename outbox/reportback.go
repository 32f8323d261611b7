package outbox

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"time"

	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// ReportBackData returns the data report_back executes with for met, a
// contact the owner met: their introducer as .Contact (the mail is to
// them), met as .Met, the meeting with met, and what the owner learned
// from met since the meeting began, as words to the introducer
// ([templates.LearnedAbout]; empty when the debrief has not come or
// cannot be quoted). It also returns the introducer, nil (with no error)
// when met has none, or no longer.
func ReportBackData(ctx context.Context, tx *store.Tx, met *store.Contact, owner templates.Owner, zone *time.Location) (templates.Data, *store.Contact, error) {
	if met.IntroducedBy == 0 {
		return templates.Data{}, nil, nil
	}
	by, err := tx.Contact(ctx, met.IntroducedBy)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return templates.Data{}, nil, nil
	case err != nil:
		return templates.Data{}, nil, err
	}
	d, err := ContactData(ctx, tx, by, owner, zone)
	if err != nil {
		return d, nil, err
	}
	// A new conversation with the introducer, about someone else's meeting.
	d.Thread, d.Messages, d.Meeting = nil, nil, MeetingData(met, met.State.Meeting, zone)
	p := Person(met)
	d.Met = &p
	var since time.Time
	if m := met.State.Meeting; m != nil {
		since = m.Start
	}
	said, err := tx.LastLearned(ctx, met.ID, since)
	if err != nil {
		return d, nil, err
	}
	d.Learned, _ = templates.LearnedAbout(said)
	return d, by, nil
}

// reportBack writes report_back to the introducer of met, as Draft writes
// any mail (waiting for approval, or approved at once in direct mode). An
// introducer who is gone, has no address, bounced or was dropped gets
// nothing, and that is no error: the workflow checked when it planned
// the note, and the store may have changed since.
func (d *Drafter) reportBack(ctx context.Context, tx *store.Tx, met *store.Contact) error {
	if err := ownerMissing(d.Config); err != nil {
		return err
	}
	data, by, err := ReportBackData(ctx, tx, met, OwnerData(d.Config), d.Config.Location())
	if err != nil || by == nil {
		return err
	}
	if st := by.State.Status; by.Email == "" || st == workflow.StatusBounced || st == workflow.StatusDropped {
		return nil
	}
	set, err := d.Templates()
	if err != nil {
		return err
	}
	msg, err := set.Render(workflow.TemplateReportBack, data)
	if err != nil {
		return fmt.Errorf("%w (fix the template, then run rapport templates check)", err)
	}
	o := &store.Outgoing{
		ContactID: by.ID, Template: workflow.TemplateReportBack, Audience: store.AudienceContact, Status: store.OutboxDraft,
		MessageID: compose.NewMessageID(d.ownerAddress()),
		To:        (&mail.Address{Name: textclean.Name(by.Name), Address: by.Email}).String(),
		Cc:        addressList(msg.Cc), Bcc: addressList(msg.Bcc), ReplyTo: addressList(msg.ReplyTo),
		Subject: msg.Subject, Body: msg.Body,
	}
	return d.place(ctx, tx, by, o, func() (templates.Data, error) {
		return ContactData(ctx, tx, by, OwnerData(d.Config), d.Config.Location())
	})
}
