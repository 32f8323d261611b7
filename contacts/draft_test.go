package contacts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func TestDraftRequest(t *testing.T) {
	tests := []struct {
		name       string
		mode       string
		email      string
		status     workflow.Status
		intro      bool
		noOwner    bool // the configuration names no owner
		wantErr    func(error) bool
		wantRow    string // template/status of the row returned; "" for none
		wantStatus workflow.Status
	}{
		{name: "approve mode: a draft waits", mode: config.SendApprove, email: "ana@initech.example", status: workflow.StatusNew,
			wantRow: "request/draft", wantStatus: workflow.StatusDrafted},
		{name: "direct mode: queued at once", mode: config.SendDirect, email: "ana@initech.example", status: workflow.StatusNew,
			wantRow: "request/approved", wantStatus: workflow.StatusDrafted},
		{name: "an introduction is answered", mode: config.SendApprove, email: "ana@initech.example", status: workflow.StatusNew, intro: true,
			wantRow: "intro_reply/draft", wantStatus: workflow.StatusDrafted},
		{name: "no address", mode: config.SendApprove, status: workflow.StatusNew,
			wantErr: func(err error) bool { return errors.Is(err, ErrNoAddress) }, wantStatus: workflow.StatusNew},
		{name: "no owner in the configuration: nothing stored", mode: config.SendDirect, email: "ana@initech.example", status: workflow.StatusNew, noOwner: true,
			wantErr: func(err error) bool {
				return errors.Is(err, outbox.ErrNoOwner) && strings.Contains(err.Error(), "owner.name and owner.addresses") &&
					strings.Contains(err.Error(), "rapport config check")
			}, wantStatus: workflow.StatusNew},
		{name: "the workflow refuses, unwrapped", mode: config.SendApprove, email: "ana@initech.example", status: workflow.StatusDropped,
			wantErr: func(err error) bool {
				var refused *workflow.TransitionError
				return errors.As(err, &refused) && err == error(refused)
			}, wantStatus: workflow.StatusDropped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, tt.mode)
			if tt.noOwner {
				e.ctl.Config.Owner = config.Owner{}
			}
			c := e.contact("Ana Ruiz", tt.email, tt.status)
			ctx := context.Background()
			var o *store.Outgoing
			err := e.st.WithTx(ctx, func(tx *store.Tx) (err error) {
				o, err = e.track.DraftRequest(ctx, tx, c, tt.intro, "by hand", now, store.SourceCLI)
				if tt.wantErr != nil && tt.wantErr(err) {
					return nil // the savepoint must leave tx usable: commit it
				}
				return err
			})
			if err != nil {
				t.Fatalf("DraftRequest() error = %v", err)
			}
			got := ""
			if o != nil {
				got = o.Template + "/" + o.Status
			}
			if got != tt.wantRow || c.State.Status != tt.wantStatus || e.get(c.ID).State.Status != tt.wantStatus {
				t.Errorf("DraftRequest() = %q, contact %s (stored %s); want %q, %s", got, c.State.Status, e.get(c.ID).State.Status, tt.wantRow, tt.wantStatus)
			}
			if tt.wantRow == "" {
				if rows, _ := e.st.Read().ListOutbox(ctx, store.OutboxFilter{}); len(rows) != 0 {
					t.Errorf("a refused draft wrote %d outbox rows", len(rows))
				}
			}
		})
	}
}

func TestDraftRequestAgainReturnsTheNewDraft(t *testing.T) {
	e := setup(t, config.SendApprove)
	c := e.contact("Ana Ruiz", "ana@initech.example", workflow.StatusNew)
	ctx := context.Background()
	var ids []int64
	for range 2 {
		err := e.st.WithTx(ctx, func(tx *store.Tx) error {
			o, err := e.track.DraftRequest(ctx, tx, c, false, "", now, store.SourceCLI)
			if err == nil {
				ids = append(ids, o.ID)
			}
			return err
		})
		if err != nil {
			t.Fatalf("DraftRequest() error = %v", err)
		}
	}
	first, _ := e.st.Read().Outgoing(ctx, ids[0])
	if ids[1] <= ids[0] || first.Status != store.OutboxCancelled {
		t.Fatalf("drafted twice: rows %v, the first %s; want a new row and the first cancelled", ids, first.Status)
	}
	// The owner is asked about the new draft only: the notice about the
	// first, not yet sent, is withdrawn with it.
	notices, err := e.st.Read().ListOutbox(ctx, store.OutboxFilter{Audience: store.AudienceOwner})
	if err != nil {
		t.Fatal(err)
	}
	var queued []int64
	for _, n := range notices {
		if n.Template == "notice_approve" && n.Status != store.OutboxCancelled {
			queued = append(queued, n.About)
		}
	}
	if len(queued) != 1 || queued[0] != ids[1] {
		t.Fatalf("approval notices still to go are about drafts %v; want only the new draft %d", queued, ids[1])
	}
}
