package inbound

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// An address that only Unicode case folding makes equal to the owner's or
// a contact's (the Kelvin sign, U+212A, folds to k) is another mailbox:
// its mail is neither the owner's nor the contact's, even in a batch where
// the real address also wrote.
func TestLookAlikeAddressIsAStranger(t *testing.T) {
	f := newFixture(t)
	kai := f.contact("Kai Example", "kai@acme.example", workflow.StatusRequested, "req-1@owner.example")
	f.h.Owner = OwnerSet([]string{"Kim@Owner.example"})
	date := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	froms := []string{"KIM@owner.example", "\u212aim@owner.example", "KAI@acme.example", "\u212aai@acme.example"}
	var raws []string
	for i, from := range froms {
		raws = append(raws, mail(from, "Hello", "m"+string(rune('1'+i))+"@x.example", "", date))
	}
	out := f.handle(raws...)
	for i, want := range []struct {
		note    string
		contact int64
	}{{noOwner, 0}, {noStranger, 0}, {"", kai.ID}, {noStranger, 0}} {
		o := out[i]
		if o.ContactID != want.contact || want.note != "" && o.Note != want.note {
			t.Errorf("mail from %q: contact #%d, note %q; want #%d, %q", froms[i], o.ContactID, o.Note, want.contact, want.note)
		}
	}
}
