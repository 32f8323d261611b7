package outbox_test

import (
	"context"
	"html"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// The digest's buttons write to rapport: the first of commands.addresses;
// without one, the owner's address with the subject tag; without either,
// the digest has no buttons and says which lines to write.
func TestDigestCommandAddress(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name             string
		addresses        []string
		tag              string
		wantTo, wantHref string
	}{
		{"commands.addresses", []string{"sam+rapport@owner.example", "x@owner.example"}, "rapport", "sam+rapport@owner.example",
			"mailto:sam+rapport@owner.example?subject=%2312%20send&body=%2312%20send%0D%0A%0D%0A"},
		{"subject tag", nil, "rapport", "sam@owner.example",
			"mailto:sam@owner.example?subject=%5Brapport%5D%20%2312%20send&body=%2312%20send%0D%0A%0D%0A"},
		{"neither", nil, "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			cfg := config.Default()
			cfg.Owner.Name, cfg.Owner.Addresses = "Sam Martin", []string{"sam@owner.example"}
			cfg.Commands.Addresses, cfg.Commands.SubjectTag = tt.addresses, tt.tag
			d := &outbox.Drafter{Config: cfg, Templates: func() (*templates.Set, error) { return set, nil }, Now: func() time.Time { return testNow }}
			info := &templates.DigestInfo{Date: testNow, Waiting: templates.DigestGroup{Key: "waiting"},
				Today: []templates.DigestGroup{{Key: "drafts", Title: "Drafts to approve", Items: []templates.DigestItem{
					{ID: 12, Name: "Jane Doe", Text: "request to approve", Actions: []templates.DigestAction{{Command: "#12 send"}}}}}}}
			var o *store.Outgoing
			err = st.WithTx(ctx, func(tx *store.Tx) (err error) {
				o, err = d.Digest(ctx, tx, info)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if info.CommandTo != tt.wantTo {
				t.Errorf("CommandTo = %q, want %q", info.CommandTo, tt.wantTo)
			}
			if tt.wantHref == "" {
				if strings.Contains(o.HTML, "mailto:") || !strings.Contains(o.HTML, "reply: <code") {
					t.Errorf("without a command address the HTML must show the reply line and no link:\n%s", o.HTML)
				}
				return
			}
			// html/template writes the '+' and '&' as character references.
			if !strings.Contains(html.UnescapeString(o.HTML), `href="`+tt.wantHref+`"`) {
				t.Errorf("HTML lacks the link %s:\n%s", tt.wantHref, o.HTML)
			}
			if !strings.Contains(o.Body, "    reply: #12 send\n") {
				t.Errorf("text part lacks the command line:\n%s", o.Body)
			}
		})
	}
}
