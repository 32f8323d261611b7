package outbox

import (
	"context"
	"time"

	"rapport/store"
	"rapport/templates"
	"rapport/workflow"
)

// PreviewData returns the data template name executes with for contact c
// when the owner previews it (rapport templates preview --contact): the
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
