package templates

import (
	"math"
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
)

// ReplyProposal is what readReply proposes for the owner to confirm
// about a contact's reply: nothing changes until the owner answers.
type ReplyProposal struct {
	// Meaning is "yes", "no", "later" or "" (nothing clear enough to
	// propose), as classify.ReadReply reads the reply's own words.
	Meaning string
	// Until is the day to ask again for "later", zero when the reply
	// names no day that can be computed; Days counts the days from the
	// reply to it, at least 1, for a `snooze 35d` command.
	Until time.Time
	Days  int
	// Referrals are the people the reply points to (classify.Referrals
	// over its text alone): never the replier or the excluded addresses.
	Referrals []classify.Address
}

// readReplyFunc reads what a reply's body, written at date, reads like
// ({{with readReply .Thread.Body .Thread.Date .Contact.Email}}…): a
// proposal from its own words, never the quote; exclude lists the
// addresses never to propose (the contact's own).
func readReplyFunc(body string, date time.Time, exclude ...string) ReplyProposal {
	r := classify.ReadReply(body, date)
	p := ReplyProposal{Meaning: string(r.Meaning), Until: r.Until}
	if !r.Until.IsZero() && !date.IsZero() {
		day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
		p.Days = max(1, int(math.Round(r.Until.Sub(day).Hours()/24)))
	} else {
		p.Until = time.Time{}
	}
	p.Referrals = classify.Referrals(&classify.Message{Text: body, Date: date}, exclude...)
	return p
}
