package outbox

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// Receipt mails the owner rapport's answer to their mail m: what each
// command line or introduced person became. about is the one contact the
// mail concerned, or 0: a reply to the receipt is then scoped to it. The
// receipt answers m in its thread, and is written in tx like any notice,
// so that it goes out once the changes it reports have committed.
func (d *Drafter) Receipt(ctx context.Context, tx *store.Tx, m *classify.Message, about int64, info templates.ReceiptInfo) error {
	to := d.Config.DigestRecipient()
	if to == "" {
		return nil
	}
	data := templates.Data{Owner: OwnerData(d.Config), Receipt: &info}
	if about > 0 {
		c, err := tx.Contact(ctx, about)
		if err != nil {
			return err
		}
		if data, err = ContactData(ctx, tx, c, data.Owner, d.Config.Location()); err != nil {
			return err
		}
		data.Receipt = &info
	}
	set, err := d.Templates()
	if err != nil {
		return fmt.Errorf("write the receipt: %w", err)
	}
	msg, err := set.Render("receipt", data)
	if err != nil {
		return fmt.Errorf("write the receipt: %w (fix the template, then run rapport templates check)", err)
	}
	o := &store.Outgoing{
		ContactID: about, Template: "receipt", Audience: store.AudienceOwner, Status: store.OutboxApproved,
		MessageID: compose.NewMessageID(d.ownerAddress()),
		To:        (&mail.Address{Name: d.Config.Owner.Name, Address: to}).String(),
		Subject:   msg.Subject, Body: msg.Body,
	}
	if id := m.MessageID; id != "" && strings.Count(id, "@") == 1 && !strings.ContainsFunc(id, badInID) {
		o.InReplyTo = id
		for _, r := range m.References {
			if strings.Count(r, "@") == 1 && !strings.ContainsFunc(r, badInID) {
				o.Refs = append(o.Refs, r)
			}
		}
		o.Refs = append(o.Refs, id)
	}
	if err := tx.InsertOutgoing(ctx, o, d.now()); err != nil {
		return err
	}
	d.kick(tx)
	return nil
}
