package inbound

import (
	"context"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
)

// Head is what the caller knows of a message before fetching its body.
type Head struct {
	Parsed  *classify.Message // its header, parsed alone (classify.ParseHeader)
	Payload bool              // its structure holds a delivery report, a calendar or an attached message
	TooBig  bool              // over the size cap: its body will not be fetched whatever Worth says
}

// Worth decides for a batch of messages, from their headers and
// structure, whose bodies are worth fetching: those that may concern a
// contact (their thread or their address), the owner's answers and mail
// to rapport, and bounces, invitations and forwards. Mail from strangers
// is judged on its header alone. It asks read once for the whole batch;
// the answer only saves fetching, Handle decides the effects again.
func (in *Handler) Worth(ctx context.Context, read *store.Tx, heads []Head) ([]bool, error) {
	worth := make([]bool, len(heads))
	var open []int // decided by the database
	var addrs, refs []string
	for i, h := range heads {
		hdr := h.Parsed
		owner := in.IsOwner(hdr.From.Email)
		switch {
		case h.TooBig:
		case h.Payload:
			// Checked first: a report or invitation may look like bulk mail
			// by its headers, and the owner's own mail may carry a forward.
			worth[i] = true
		case owner && (len(hdr.InReplyTo) > 0 || in.forRapport(hdr)):
			// The owner answering something, perhaps a notice, or writing
			// to rapport: read it.
			worth[i] = true
		case !owner && classify.SchedulingSender(hdr.From.Email):
			// A scheduling service's confirmation, which may look like
			// bulk mail, names whoever booked in its body, never in From.
			worth[i] = true
		case owner || hdr.Kind == classify.KindBulk:
		case hdr.Kind == classify.KindBounce || machineSender(hdr.From.Email):
			worth[i] = true
		default:
			open = append(open, i)
			addrs = append(addrs, ascii.Lower(hdr.From.Email))
			refs = append(refs, threadKeys(hdr)...)
		}
	}
	if len(open) == 0 {
		return worth, nil
	}
	contacts, err := read.ContactAddresses(ctx, addrs)
	if err != nil {
		return nil, err
	}
	threads, err := read.ThreadKeys(ctx, refs)
	if err != nil {
		return nil, err
	}
	for _, i := range open {
		hdr := heads[i].Parsed
		worth[i] = contacts[ascii.Lower(hdr.From.Email)]
		for _, k := range threadKeys(hdr) {
			worth[i] = worth[i] || threads[k]
		}
	}
	return worth, nil
}

// machineSender reports addresses that send delivery reports.
func machineSender(addr string) bool {
	local, _, _ := strings.Cut(ascii.Lower(addr), "@")
	return local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon"
}
