package compose

import (
	"flag"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite compose/testdata/golden from what Bytes renders now")

// goldenMessages are plain-text messages whose bytes are pinned in
// testdata/golden: adding features (the HTML part) must not change a byte
// of what a message without them renders.
func goldenMessages() map[string]*Message {
	full := &Message{
		From:       mail.Address{Name: "Zoë Owner", Address: "zoe@owner.example"},
		To:         []mail.Address{{Name: "عبد الله", Address: "abd@acme.example"}, {Name: `Doe, "JD"`, Address: "jd@acme.example"}},
		Cc:         []mail.Address{{Name: "Eve\r\nBcc: victim@x", Address: "eve@acme.example"}},
		Bcc:        []mail.Address{{Address: "hidden@owner.example"}},
		ReplyTo:    []mail.Address{{Name: "Zoë", Address: "zoe+replies@owner.example"}},
		Subject:    "Re: Grüße — 20 minutes about robotics? 🙏 " + strings.Repeat("x", 80),
		Body:       "Hello,\r\n\r\nthank you — it was great.\n.\n" + strings.Repeat("long line ", 20) + "\ncaf\xe9 a=b \n-- \nZoë",
		MessageID:  "ty1@owner.example",
		InReplyTo:  "r1@acme.example",
		References: []string{"req1@owner.example", "r1@acme.example", "has space@x"},
		Date:       testDate,
	}
	// A notice to the owner: the same bytes as a message to a contact,
	// plus the fields that keep automatic responders from answering.
	notice := &Message{
		From:      mail.Address{Name: "Alex Owner", Address: "alex@owner.example"},
		To:        []mail.Address{{Name: "Alex Owner", Address: "alex@owner.example"}},
		Subject:   "rapport: mail to Jane Doe (#7) bounced",
		Body:      "Mail to Jane Doe (#7) could not be delivered to jane@acme.example.\n",
		MessageID: "n1@owner.example",
		Date:      testDate,
		Automatic: true,
	}
	return map[string]*Message{"sample": sample(), "full": full, "notice": notice}
}

func TestBytesGolden(t *testing.T) {
	for name, m := range goldenMessages() {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "golden", name+".eml")
			b := mustBytes(t, m)
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != string(want) {
				t.Errorf("Bytes() =\n%q\nwant (%s)\n%q", b, path, want)
			}
		})
	}
}
