package templates

import (
	"math"
	"strings"
	"time"
	"unicode"

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
	// over its text and the people it copied): never the replier or the
	// excluded addresses.
	Referrals []Referral
}

// Referral is a person a reply points to.
type Referral struct {
	Name  string // as the reply gave it; "" when it gave none
	Email string
	// AddName is the name an add command can take for them: Name, else
	// the words of the address's local part ("maria lopez" for
	// maria.lopez@…), for the owner to correct.
	AddName string
}

// readReplyFunc reads what a reply's body, written at date and copied to
// cc (Thread.Cc), reads like ({{with readReply .Thread.Body .Thread.Date
// .Thread.Cc .Contact.Email}}…): a proposal from its own words, never the
// quote; exclude lists the addresses never to propose (the contact's
// own).
func readReplyFunc(body string, date time.Time, cc []string, exclude ...string) ReplyProposal {
	r := classify.ReadReply(body, date)
	p := ReplyProposal{Meaning: string(r.Meaning), Until: r.Until}
	if !r.Until.IsZero() && !date.IsZero() {
		day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
		p.Days = max(1, int(math.Round(r.Until.Sub(day).Hours()/24)))
	} else {
		p.Until = time.Time{}
	}
	m := &classify.Message{Text: body, Date: date}
	for _, s := range cc {
		if a, ok := mailbox(s); ok {
			m.Cc = append(m.Cc, a)
		}
	}
	for _, a := range classify.Referrals(m, exclude...) {
		r := Referral{Name: a.Name, Email: a.Email, AddName: a.Name}
		if r.AddName == "" {
			r.AddName = localWords(a.Email)
		}
		p.Referrals = append(p.Referrals, r)
	}
	return p
}

// localWords returns the letters and digits of an address's local part,
// its separators (. _ - +) as spaces: a name to start from.
func localWords(addr string) string {
	local, _, _ := strings.Cut(addr, "@")
	return strings.Join(strings.FieldsFunc(local, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// mailbox reads "Name <address>" or a bare address, as Thread.Cc holds
// them; ok is false when there is no address.
func mailbox(s string) (classify.Address, bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		name := strings.Trim(strings.TrimSpace(s[:i]), `"`)
		addr := strings.TrimSpace(s[i+1 : len(s)-1])
		return classify.Address{Name: name, Email: addr}, strings.Contains(addr, "@")
	}
	return classify.Address{Email: s}, strings.Contains(s, "@") && !strings.ContainsAny(s, " <>")
}
