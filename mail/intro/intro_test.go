package intro

import (
	"testing"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/mail/classify"
)

func addr(name, email string) classify.Address { return classify.Address{Name: name, Email: email} }

func TestRead(t *testing.T) {
	owner := []string{"alex@owner.example"}
	// "Jane, meet Alex; Alex, meet Sam": Jane introduces Sam to the owner.
	f := &classify.Forward{From: addr("Jane Doe", "jane@acme.example"),
		To:   []classify.Address{addr("Alex Example", "Alex@Owner.example"), addr("Sam Roe", "sam@robotics-lab.co.uk")},
		Cc:   []classify.Address{addr("", "bob.smith@gmail.com"), addr("Sam Roe", "SAM@robotics-lab.co.uk")},
		Note: "role: controls engineer\nfield: robotics\ntz: Europe/London\nignore: bob.smith@gmail.com\nThanks Jane!"}
	in := Read(f, owner)
	if in.Introducer == nil || in.Introducer.Email != "jane@acme.example" || in.Introducer.Company != "Acme" || in.Introducer.Role != "" {
		t.Fatalf("introducer = %+v, want Jane of Acme without the owner's fields", in.Introducer)
	}
	if len(in.People) != 1 {
		t.Fatalf("people = %+v, want Sam alone", in.People)
	}
	sam := in.People[0]
	if sam.Email != "sam@robotics-lab.co.uk" || sam.Company != "Robotics Lab" || !sam.Guessed || sam.Role != "controls engineer" ||
		sam.Field != "robotics" || sam.TimeZone != "Europe/London" {
		t.Errorf("Sam = %+v", sam)
	}
	if len(in.Ignored) != 2 {
		t.Errorf("ignored = %v, want the owner and Bob", in.Ignored)
	}

	// A mail from someone the owner met, forwarded: they are the contact.
	in = Read(&classify.Forward{From: addr("", "kim.park@gmail.com"), To: []classify.Address{addr("", "alex@owner.example")},
		Note: "company: Initech\ntz: Mars/Olympus"}, owner)
	if in.Introducer != nil || len(in.People) != 1 || in.People[0].Name != "Kim Park" || in.People[0].Company != "Initech" || in.People[0].Guessed {
		t.Errorf("a forwarded mail of one person = %+v", in)
	}
	if len(in.Problems) != 1 {
		t.Errorf("problems = %v, want the bad time zone", in.Problems)
	}

	// Webmail says nothing of a company; the owner's own mail adds no one.
	in = Read(&classify.Forward{From: addr("Alex", "alex@owner.example"), To: []classify.Address{addr("Lee", "lee@yahoo.com")}}, owner)
	if in.Introducer != nil || len(in.People) != 1 || in.People[0].Company != "" {
		t.Errorf("the owner's own mail forwarded = %+v", in)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("jane@acme.example", "sam@lab.co.uk", "company: x\nignore: <a@b>, c\ntz: UTC")
	f.Add("éva@ölf.example", "ß@x.y", "")
	f.Fuzz(func(t *testing.T, from, to, note string) {
		in := Read(&classify.Forward{From: addr("", from), To: []classify.Address{addr("", to)}, Note: note}, []string{"alex@owner.example"})
		for _, p := range in.People {
			// Each input valid on its own: two invalid halves can join
			// into a valid whole ("0\xe9" + "\x89\x9e").
			valid := utf8.ValidString(from) && utf8.ValidString(to) && utf8.ValidString(note)
			if valid && (!utf8.ValidString(p.Name) || !utf8.ValidString(p.Company)) {
				t.Fatalf("valid input gave invalid UTF-8: %+v", p)
			}
		}
	})
}
