package outbox

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/textclean"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// Drafter writes the messages the workflow asks for, as outbox rows in the
// transition's own transaction: it is the daemon's and the CLI's
// contacts.Effects. In approve mode a draft waits for the owner, who gets a
// notice_approve; in direct mode it is approved at once, unless it holds a
// placeholder only the owner can fill, when it waits like in approve mode.
// In drafts mode it stays a draft, marked to be filed in the owner's
// Drafts folder (store.InsertMailboxDraft), with no notice. The mode is
// the template's (config.Workflow.ModeFor).
type Drafter struct {
	// Templates returns the templates to write with; an error (a broken
	// override) stops the draft and the transition with it.
	Templates func() (*templates.Set, error)
	Config    *config.Config
	Now       func() time.Time // nil for time.Now
	// Kick, when set, is called once a transaction that approved a message
	// for sending has committed.
	Kick func()
}

func (d *Drafter) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// OwnerData returns the owner's template fields.
func OwnerData(cfg *config.Config) templates.Owner {
	name := textclean.Name(cfg.Owner.Name)
	return templates.Owner{Name: name, FirstName: templates.FirstName(name),
		Background: cfg.Owner.Background, Signature: cfg.Owner.Signature}
}

// ErrNoOwner is matched (errors.Is) by Draft's refusal to write mail to a
// contact while the configuration does not say who the owner is: a
// request would read "My name is ." and leave from no one.
var ErrNoOwner = errors.New("no owner in the configuration")

// ownerMissing returns Draft's refusal when owner.name or owner.addresses
// is not set, naming the keys to set and the command that checks them;
// nil when both are.
func ownerMissing(cfg *config.Config) error {
	var keys []string
	if strings.TrimSpace(cfg.Owner.Name) == "" {
		keys = append(keys, "owner.name")
	}
	if strings.TrimSpace(cfg.Sender().Address) == "" {
		keys = append(keys, "owner.addresses")
	}
	if len(keys) == 0 {
		return nil
	}
	return fmt.Errorf("%w: set %s in the configuration file (mail to contacts goes out in your name, from your address), then run rapport config check",
		ErrNoOwner, strings.Join(keys, " and "))
}

// Draft writes template wd.Template to c; a report back goes to c's
// introducer instead (see reportBack). A contact without an email
// address gets no draft: there is nowhere to send it (the owner reaches
// them some other way), and recording what happened must not fail for it.
// Without owner.name and owner.addresses it writes nothing and returns
// an error matching [ErrNoOwner], which fails the transition with it.
func (d *Drafter) Draft(ctx context.Context, tx *store.Tx, c *store.Contact, wd workflow.Draft) error {
	if wd.Template == workflow.TemplateReportBack {
		return d.reportBack(ctx, tx, c) // to c's introducer, about c
	}
	if c.Email == "" {
		return nil
	}
	if err := ownerMissing(d.Config); err != nil {
		return err
	}
	data, introduction, err := TemplateData(ctx, tx, c, wd.Template, wd.Nudge, OwnerData(d.Config), d.Config.Location())
	if err != nil {
		return err
	}
	// The tracker's error already says which draft for whom.
	set, err := d.Templates()
	if err != nil {
		return err
	}
	msg, err := set.Render(wd.Template, data)
	if err != nil {
		return fmt.Errorf("%w (fix the template, then run rapport templates check)", err)
	}
	o := &store.Outgoing{
		ContactID: c.ID, Template: wd.Template, Audience: store.AudienceContact, Status: store.OutboxDraft,
		MessageID: compose.NewMessageID(d.ownerAddress()),
		To:        (&mail.Address{Name: textclean.Name(c.Name), Address: c.Email}).String(),
		Cc:        addressList(msg.Cc), Bcc: addressList(msg.Bcc), ReplyTo: addressList(msg.ReplyTo),
		Subject: msg.Subject, Body: msg.Body, Nudge: wd.Nudge,
	}
	switch {
	case introduction != nil:
		// The forwarded mail said what its Message-ID was; a malformed one
		// only costs the threading.
		if id := introduction.MessageID; strings.Count(id, "@") == 1 && !strings.ContainsFunc(id, badInID) {
			o.InReplyTo, o.Refs = introduction.MessageID, []string{introduction.MessageID}
		}
	case data.Thread != nil:
		if err := thread(ctx, tx, c.ID, o); err != nil {
			return err
		}
	}
	return d.place(ctx, tx, c, o, func() (templates.Data, error) { return data, nil })
}

// place inserts o, mail to contact c, as the send mode of its kind says
// (config.Workflow.ModeFor): approved at once in direct mode when no
// placeholder is left; to be filed in the owner's Drafts folder in drafts
// mode, with no notice (the owner finds it there, placeholders and all,
// and sends it from their own mail program); else a draft, with a
// notice_approve to the owner whose data notice gives.
func (d *Drafter) place(ctx context.Context, tx *store.Tx, c *store.Contact, o *store.Outgoing, notice func() (templates.Data, error)) error {
	mode := d.Config.Workflow.ModeFor(o.Template)
	direct := mode == config.SendDirect && len(templates.Placeholders(o.Body)) == 0
	if direct {
		o.Status = store.OutboxApproved
	}
	now := d.now()
	if err := tx.InsertOutgoing(ctx, o, now); err != nil {
		return err
	}
	if mode == config.SendDrafts {
		if err := tx.InsertMailboxDraft(ctx, o.ID, now); err != nil {
			return err
		}
		d.kick(tx)
		return nil
	}
	if direct {
		d.kick(tx)
		return nil
	}
	data, err := notice()
	if err != nil {
		return err
	}
	data.Draft = &templates.DraftInfo{Subject: o.Subject, Body: o.Body}
	return d.notice(ctx, tx, c, "notice_approve", data, o.ID, now)
}

// Notify writes the notice n about c to the owner. A bounce notice names
// the address, status and server's words of n.Bounce, and the contact's
// stored address when n.Bounce names none.
func (d *Drafter) Notify(ctx context.Context, tx *store.Tx, c *store.Contact, n workflow.Notify) error {
	data, err := ContactData(ctx, tx, c, OwnerData(d.Config), d.Config.Location())
	if err != nil {
		return err
	}
	if n.Meeting != nil {
		data.Meeting = MeetingData(c, n.Meeting, d.Config.Location())
	}
	name := "notice_" + n.Notice
	switch n.Notice {
	case workflow.NoticePrepBrief, workflow.NoticeDebrief:
		name = n.Notice
		if n.Notice == workflow.NoticeDebrief {
			data.ThankYouBy = d.thankYouBy(c)
		}
	case workflow.NoticeBounce:
		data.Bounce = bounceInfo(c, n.Bounce)
	case workflow.NoticeReply:
		held, err := tx.ContactsHeldBy(ctx, c.ID)
		if err != nil {
			return err
		}
		for i := range held {
			data.Held = append(data.Held, Person(&held[i]))
		}
		// The Cc is not recorded with the message: only the reply being
		// applied knows it, and it is the thread's last message.
		if data.Thread != nil && len(n.Copied) > 0 {
			data.Thread.Cc = n.Copied
		}
	}
	return d.notice(ctx, tx, c, name, data, 0, d.now())
}

// notice writes the notice template name to the owner, approved at once.
// Without an owner address there is no one to write to, and no notice.
func (d *Drafter) notice(ctx context.Context, tx *store.Tx, c *store.Contact, name string, data templates.Data, about int64, now time.Time) error {
	if d.Config.DigestRecipient() == "" {
		return nil
	}
	set, err := d.Templates()
	if err != nil {
		return fmt.Errorf("write %s about #%d: %w", name, c.ID, err)
	}
	msg, err := set.Render(name, data)
	if err != nil {
		return fmt.Errorf("write %s about #%d: %w (fix the template, then run rapport templates check)", name, c.ID, err)
	}
	o := &store.Outgoing{
		ContactID: c.ID, Template: name, Audience: store.AudienceOwner, Status: store.OutboxApproved,
		MessageID: compose.NewMessageID(d.ownerAddress()),
		To:        (&mail.Address{Name: d.Config.Owner.Name, Address: d.Config.DigestRecipient()}).String(),
		Subject:   msg.Subject, Body: msg.Body, About: about,
	}
	if err := tx.InsertOutgoing(ctx, o, now); err != nil {
		return err
	}
	d.kick(tx)
	return nil
}

func (d *Drafter) kick(tx *store.Tx) {
	if d.Kick != nil {
		tx.OnCommit(d.Kick)
	}
}

func (d *Drafter) ownerAddress() string { return d.Config.Sender().Address }

// thread makes o answer the last message sent to the contact, keeping the
// chain of references.
func thread(ctx context.Context, tx *store.Tx, contactID int64, o *store.Outgoing) error {
	last, err := lastSent(ctx, tx, contactID)
	if err != nil || last == nil {
		return err
	}
	o.InReplyTo = last.MessageID
	o.Refs = append(append([]string(nil), last.Refs...), last.MessageID)
	return nil
}

// badInID reports characters a Message-ID must not hold.
func badInID(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>()[]\",;:`, r) }

// addressList writes addresses as a header would hold them.
func addressList(list []*mail.Address) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}

// AskApproval mails the owner a notice_approve for the draft o, as drafted
// or as the owner last edited it.
func (d *Drafter) AskApproval(ctx context.Context, tx *store.Tx, o *store.Outgoing) error {
	c, err := tx.Contact(ctx, o.ContactID)
	if err != nil {
		return err
	}
	data, err := ContactData(ctx, tx, c, OwnerData(d.Config), d.Config.Location())
	if err != nil {
		return err
	}
	data.Draft = &templates.DraftInfo{Subject: o.Subject, Body: o.Body}
	return d.notice(ctx, tx, c, "notice_approve", data, o.ID, d.now())
}
