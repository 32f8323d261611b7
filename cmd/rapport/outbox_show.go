package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/internal/when"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// outboxShow prints every field of message id and its body; with raw,
// the exact bytes the sender would hand to the server now instead.
func outboxShow(ctx context.Context, a *app, s *session, id int64, raw, asJSON bool) error {
	tx := s.store.Read()
	o, err := outbox.Get(ctx, tx, id)
	switch {
	case err != nil:
		return err
	case asJSON:
		return writeJSON(a.stdout, outbox.NewRecord(o))
	case raw:
		from := s.cfg.Sender()
		if from.Address == "" {
			return fmt.Errorf("--raw needs the From address: set owner.addresses in the configuration (then run rapport config check)")
		}
		data, _, err := outbox.Compose(o, from, a.now().In(s.zone))
		if err != nil {
			return fmt.Errorf("%w (fix it with rapport outbox edit %d, or skip it)", err, id)
		}
		_, err = a.stdout.Write(data)
		return err
	}
	var c *store.Contact
	if o.ContactID != 0 {
		if c, err = tx.Contact(ctx, o.ContactID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	printOutgoing(a.stdout, o, c, s.zone)
	return nil
}

// printOutgoing writes the fields of o that are set, then its body.
func printOutgoing(w io.Writer, o *store.Outgoing, c *store.Contact, zone *time.Location) {
	fmt.Fprintf(w, "outbox %d: %s\n", o.ID, o.Status)
	line, flush := fields(w)
	// Its own times are the owner's; when it may leave is also about the
	// contact's day, when it goes to them.
	rule, sendRule := owner(zone), owner(zone)
	if o.Audience != store.AudienceOwner {
		sendRule = forContact(zone, c)
	}
	at := func(r when.Rule, t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return r.Time(t)
	}
	audience := "a contact"
	if o.Audience == store.AudienceOwner {
		audience = "you (a notice)"
	}
	line("Template", o.Template+", to "+audience)
	switch {
	case c != nil:
		line("Contact", fmt.Sprintf("#%d %s (%s)", c.ID, c.Name, c.State.Status.Label()))
	case o.ContactID != 0:
		line("Contact", fmt.Sprintf("#%d (deleted)", o.ContactID))
	}
	if o.About != 0 {
		line("About", fmt.Sprintf("outbox %d", o.About))
	}
	if o.Nudge != 0 {
		line("Nudge", strconv.Itoa(o.Nudge))
	}
	line("Message-ID", "<"+o.MessageID+">")
	if o.InReplyTo != "" {
		line("In-Reply-To", "<"+o.InReplyTo+">")
	}
	if len(o.Refs) > 0 {
		line("References", "<"+strings.Join(o.Refs, "> <")+">")
	}
	line("To", showAddresses(o.To))
	line("Cc", showAddresses(o.Cc))
	line("Bcc", showAddresses(o.Bcc))
	line("Reply-To", showAddresses(o.ReplyTo))
	line("Subject", o.Subject)
	line("Not before", at(sendRule, o.NotBefore))
	line("Attempts", strconv.Itoa(o.Attempts))
	line("Last error", o.LastError)
	line("Created", at(rule, o.Created))
	line("Updated", at(rule, o.Updated))
	line("Sent", at(rule, o.Sent))
	if ph := templates.Placeholders(o.Body); len(ph) > 0 {
		them := "them"
		if len(ph) == 1 {
			them = "it"
		}
		line("Placeholders", strings.Join(ph, ", ")+fmt.Sprintf(" (replace %s: rapport outbox edit %d)", them, o.ID))
	}
	line("Next", outbox.Hint(o))
	flush()
	fmt.Fprintf(w, "\n%s", o.Body)
	if !strings.HasSuffix(o.Body, "\n") {
		fmt.Fprintln(w)
	}
}

// showAddresses writes an address list as stored (names may be RFC 2047
// encoded) for people: "Zoë Ångström <zoe@example.com>". It returns list
// as it is when it does not parse.
func showAddresses(list string) string {
	if list == "" {
		return ""
	}
	addrs, err := mail.ParseAddressList(list)
	if err != nil {
		return list
	}
	parts := make([]string, len(addrs))
	for i, addr := range addrs {
		parts[i] = showAddress(addr)
	}
	return strings.Join(parts, ", ")
}
