package digest

import (
	"context"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// In the drafts send mode the digest says where a draft is (the owner's
// Drafts folder, not waiting for an approval), and which drafts the owner
// deleted there without sending: those count as skipped.
func TestDigestMailboxDrafts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	jane := f.contact("Jane Doe", "jane@acme.example", workflow.State{Status: workflow.StatusDrafted}, now.Add(-days(3)))
	sam := f.contact("Sam Roe", "sam@acme.example", workflow.State{Status: workflow.StatusDrafted}, now.Add(-days(3)))
	f.tx(func(tx *store.Tx) error {
		for i, c := range []*store.Contact{jane, sam} {
			o := &store.Outgoing{ContactID: c.ID, Template: "request", Status: store.OutboxDraft,
				MessageID: []string{"a@owner.example", "b@owner.example"}[i], To: c.Email, Subject: "A short conversation"}
			if err := tx.InsertOutgoing(ctx, o, now.Add(-days(3))); err != nil {
				return err
			}
			if err := tx.InsertMailboxDraft(ctx, o.ID, now.Add(-days(3))); err != nil {
				return err
			}
			if err := tx.DraftFiled(ctx, o.ID, "Drafts", 1, uint32(i+1), 100, now.Add(-days(3))); err != nil {
				return err
			}
			if c == sam {
				if err := tx.MoveOutgoing(ctx, o.ID, []string{store.OutboxDraft}, store.OutboxChange{To: store.OutboxSkipped}, now.Add(-days(1)/2)); err != nil {
					return err
				}
				if err := tx.DraftDoneWith(ctx, o.ID, store.DraftDeleted, now.Add(-days(1)/2)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin})
	if err != nil {
		t.Fatal(err)
	}
	var today, problems []string
	for _, g := range info.Today {
		for _, it := range g.Items {
			today = append(today, it.Name+": "+it.Text)
		}
	}
	for _, g := range info.Problems {
		for _, it := range g.Items {
			problems = append(problems, it.Name+": "+it.Text)
		}
	}
	if got := strings.Join(today, "\n"); !strings.Contains(got, "Jane Doe: request in your Drafts folder") || strings.Contains(got, "to approve") {
		t.Errorf("today =\n%s\nwant Jane's request shown in the Drafts folder, nothing to approve", got)
	}
	if got := strings.Join(problems, "\n"); !strings.Contains(got, "Sam Roe: request deleted from your Drafts folder without being sent") {
		t.Errorf("problems =\n%s\nwant Sam's deleted draft", got)
	}
}
