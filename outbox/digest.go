package outbox

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// Digest writes the daily digest info to the owner, approved at once, in
// tx, and returns its outbox row. The digest is a notice about no one:
// a reply to it is read as commands, each naming its contact by #id.
// When info names no command address, Digest fills in the one its
// links send commands to (see config.Config.CommandAddress).
func (d *Drafter) Digest(ctx context.Context, tx *store.Tx, info *templates.DigestInfo) (*store.Outgoing, error) {
	to := d.Config.DigestRecipient()
	if to == "" {
		return nil, fmt.Errorf("write the digest: no recipient (set digest.recipient or owner.addresses)")
	}
	if info.CommandTo == "" {
		info.CommandTo, info.CommandTag = d.Config.CommandAddress()
	}
	set, err := d.Templates()
	if err != nil {
		return nil, fmt.Errorf("write the digest: %w", err)
	}
	subject, text, html, err := set.RenderDigest(templates.Data{Owner: OwnerData(d.Config), Digest: info})
	if err != nil {
		return nil, fmt.Errorf("write the digest: %w (fix the template, then run rapport templates check)", err)
	}
	o := &store.Outgoing{
		Template: "digest", Audience: store.AudienceOwner, Status: store.OutboxApproved,
		MessageID: compose.NewMessageID(d.ownerAddress()),
		To:        (&mail.Address{Name: d.Config.Owner.Name, Address: to}).String(),
		Subject:   subject, Body: text, HTML: html,
	}
	if err := tx.InsertOutgoing(ctx, o, d.now()); err != nil {
		return nil, err
	}
	d.kick(tx)
	return o, nil
}
