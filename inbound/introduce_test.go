package inbound

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	rig "github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// forwardBodiesDir holds forwarded bodies as mail clients write them.
const forwardBodiesDir = "../../shared/corpus/extras/forward-bodies"

// The owner forwards one introduction to rapport, as five mail clients
// write an inline forward and as an attachment: each time John Doe
// introduces Walter and Nicholas to the owner (bessie.berry@acme.com in
// the corpus, one of the owner's addresses here).
func TestForwardedIntroductions(t *testing.T) {
	const subject = "Fwd: Integer consequat non purus"
	inner := "From: John Doe <john.doe@acme.com>\r\nTo: bessie.berry@acme.com\r\nCc: Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\r\n" +
		"Subject: Integer consequat non purus\r\nDate: Wed, 27 Oct 2021 09:31:00 +0200\r\nMessage-ID: <intro-1@acme.com>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWalter, Nicholas: meet Bessie, who is moving into supply chain.\r\n"
	attached := "From: Alex Example <" + owner + ">\r\nTo: " + rapportAddr + "\r\nSubject: " + subject + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n" +
		"Message-ID: <fwd-1@owner.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfield: supply chain\r\n\r\n" +
		"--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=intro.eml\r\n\r\n" + inner + "\r\n--b1--\r\n"
	tests := []struct {
		name string
		file string // an inline forward's body in the corpus, or ""
		raw  []byte // the whole mail, when file is ""
	}{
		{name: "Gmail's inline forward", file: "gmail_en"},
		{name: "Outlook's inline forward", file: "outlook_2013_en"},
		{name: "Apple Mail's inline forward", file: "apple_mail_en"},
		{name: "Thunderbird's inline forward", file: "thunderbird_en"},
		{name: "Yahoo's inline forward", file: "yahoo_en"},
		{name: "a forward as an attachment", raw: proven([]byte(attached))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.raw
			if tt.file != "" {
				body, err := os.ReadFile(filepath.Join(forwardBodiesDir, "crisp-email-forward-parser__"+tt.file+"_body.txt"))
				if os.IsNotExist(err) {
					t.Skipf("corpus %s not present: skipping this client's forward (CI has it)", forwardBodiesDir)
				}
				if err != nil {
					t.Fatal(err)
				}
				raw = proven(rig.OwnerMail(owner, rapportAddr, subject, "fwd-1@owner.example", "", "field: supply chain\n\n"+string(body)))
			}
			f := newOwnerFixture(t, "bessie.berry@acme.com")
			if o := f.handleMail(raw); o.Event != "introduction" {
				t.Fatalf("the forward: %+v; want an introduction", o)
			}
			ctx := context.Background()
			byEmail := func(addr string) *store.Contact {
				c, err := f.store.Read().ContactByEmail(ctx, addr)
				if err != nil {
					t.Fatalf("contact %s: %v", addr, err)
				}
				return c
			}
			john := byEmail("john.doe@acme.com")
			if john.IntroducedBy != 0 || john.State.Status != workflow.StatusNew {
				t.Errorf("John (the introducer) = %s, introduced by #%d; want new, introduced by no one", john.State.Status, john.IntroducedBy)
			}
			for addr, company := range map[string]string{"walter.sheltan@acme.com": "Acme", "nicholas@globex.corp": "Globex"} {
				c := byEmail(addr)
				if c.IntroducedBy != john.ID || c.Company != company || c.Field != "supply chain" || c.State.Status != workflow.StatusDrafted {
					t.Errorf("%s = introduced by #%d, company %q, field %q, %s; want #%d, %q, supply chain, drafted",
						addr, c.IntroducedBy, c.Company, c.Field, c.State.Status, john.ID, company)
				}
			}
			if n, _ := f.store.Read().CountContacts(ctx); n != 3 {
				t.Errorf("%d contacts, want 3: the owner's own addresses are never contacts", n)
			}
			receipts := f.receipts("fwd-1@owner.example")
			if len(receipts) != 1 || receipts[0].To != ownerTo || receipts[0].Subject != "Re: "+subject {
				t.Fatalf("receipts = %+v; want one to %s, Re: %s", receipts, ownerTo, subject)
			}
			wantLines(t, "the receipt", receipts[0].Body, "John Doe <john.doe@acme.com>: introducer, added",
				"Walter Sheltan <walter.sheltan@acme.com>: added, introduced by", "reply to the introduction drafted")
		})
	}
}
