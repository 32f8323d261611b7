package outbox

import (
	"context"
	"fmt"
	"net/mail"
	"time"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// PreviewData returns the data template name executes with for contact c
// when the owner previews it (rapport templates preview --contact): for
// report_back, c is the person met and the data is ReportBackData's; else the
// Drafter's own TemplateData, with what only the moment of writing knows
// made up from c: the next nudge; for notice_approve, the request drafted
// for c from set, the first mail that waits for approval; for
// notice_bounce, a made-up refusal of c's address, as the notice would
// show it. The receipt and the digest are about no one contact: they get
// the sample's. It only reads tx.
func PreviewData(ctx context.Context, tx *store.Tx, set *templates.Set, c *store.Contact, name string, owner templates.Owner, zone *time.Location) (templates.Data, error) {
	nudge := 0
	if name == workflow.TemplateNudge {
		nudge = c.State.Nudges + 1
	}
	if name == workflow.TemplateReportBack {
		// c is the person met; the note is to whoever introduced them.
		d, by, err := ReportBackData(ctx, tx, c, owner, zone)
		if err == nil && by == nil {
			err = fmt.Errorf("#%d %s was introduced by no one: a report back goes to whoever introduced the contact you met", c.ID, c.Name)
		}
		return d, err
	}
	d, _, err := TemplateData(ctx, tx, c, name, nudge, owner, zone)
	if err != nil {
		return d, err
	}
	switch name {
	case "notice_approve":
		req, _, err := TemplateData(ctx, tx, c, workflow.TemplateRequest, 0, owner, zone)
		if err != nil {
			return d, err
		}
		m, err := set.Render(workflow.TemplateRequest, req)
		if err != nil {
			return d, err
		}
		d.Draft = &templates.DraftInfo{Subject: m.Subject, Body: m.Body}
	case "notice_bounce":
		d.Bounce = bounceInfo(c, &workflow.Bounce{Recipient: c.Email, Status: "5.1.1",
			Diagnostic: "550 5.1.1 <" + c.Email + ">: Recipient address rejected (an example: the server's own words appear here)"})
	case "receipt":
		d.Receipt = templates.Sample().Receipt
	case "digest", "digest.html":
		d.Digest = templates.Sample().Digest
	}
	return d, nil
}

// Preview is a template rendered as it would be sent: the message, with
// whom it is from and to.
type Preview struct {
	From, To mail.Address
	*templates.Message
	// SampleOwner says the owner is the sample's, for there is none in the
	// configuration.
	SampleOwner bool
}

// Preview renders template name with set for contact c, with the data of
// PreviewData (read from tx) and addressed as the Drafter addresses it:
// mail to a contact is from the owner to them, a notice from the owner to
// the digest's recipient. With c nil the contact is the sample's and tx
// is not read, and the sample is the thank-you as drafted, before the
// debrief says what the owner learned. With no owner in the
// configuration the owner is the sample's.
func (d *Drafter) Preview(ctx context.Context, tx *store.Tx, set *templates.Set, c *store.Contact, name string) (*Preview, error) {
	data, p := templates.Sample(), &Preview{SampleOwner: d.Config.Owner.Name == ""}
	// As drafted: what the owner learned comes with their debrief, which
	// writes the thank-you again (Redraft).
	data.Learned = ""
	if !p.SampleOwner {
		data.Owner = OwnerData(d.Config)
	}
	if c != nil {
		var err error
		if data, err = PreviewData(ctx, tx, set, c, name, data.Owner, d.Config.Location()); err != nil {
			return nil, err
		}
	}
	m, err := set.Render(name, data)
	if err != nil {
		return nil, err
	}
	p.Message = m
	p.From = mail.Address{Name: data.Owner.Name, Address: d.ownerAddress()}
	p.To = mail.Address{Name: data.Contact.Name, Address: data.Contact.Email}
	if !templates.ToContact(name) {
		p.To = mail.Address{Name: data.Owner.Name, Address: d.Config.DigestRecipient()}
	}
	return p, nil
}
