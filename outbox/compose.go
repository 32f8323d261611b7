package outbox

import (
	"fmt"
	"net/mail"
	"time"

	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/store"
)

// Compose writes o as the bytes to send on date, from the owner, and
// returns them with the envelope recipients (To, Cc and Bcc). Mail to the
// owner (notices, receipts, the digest) is marked automatic, so that no
// out-of-office or vacation responder answers it (compose.Message's
// Automatic); mail to a contact is not.
func Compose(o *store.Outgoing, from mail.Address, date time.Time) ([]byte, []string, error) {
	m := &compose.Message{From: from, Subject: o.Subject, Body: o.Body, HTML: o.HTML, MessageID: o.MessageID,
		InReplyTo: o.InReplyTo, References: o.Refs, Date: date, Automatic: o.Audience == store.AudienceOwner}
	for _, l := range []struct {
		field string
		src   string
		dst   *[]mail.Address
	}{{"To", o.To, &m.To}, {"Cc", o.Cc, &m.Cc}, {"Bcc", o.Bcc, &m.Bcc}, {"Reply-To", o.ReplyTo, &m.ReplyTo}} {
		if l.src == "" {
			continue
		}
		list, err := mail.ParseAddressList(l.src)
		if err != nil {
			return nil, nil, fmt.Errorf("outgoing message %d: %s %q: %w", o.ID, l.field, l.src, err)
		}
		for _, a := range list {
			*l.dst = append(*l.dst, *a)
		}
	}
	data, err := compose.Bytes(m)
	if err != nil {
		return nil, nil, fmt.Errorf("outgoing message %d: %w", o.ID, err)
	}
	rcpts, err := compose.Recipients(m)
	if err != nil {
		return nil, nil, fmt.Errorf("outgoing message %d: %w", o.ID, err)
	}
	return data, rcpts, nil
}
