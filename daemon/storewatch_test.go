package daemon

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// A message approved by another process (a rapport command, with its own
// connection to the database) leaves at once: the daemon watches the
// database's files and does not wait for its own next look, which is
// minutes away while it watches, and half a minute when it cannot.
func TestApprovalByAnotherProcessLeavesAtOnce(t *testing.T) {
	srv := startMemIMAP(t, nil)
	sink := startSink(t, nil)
	h := newHarness(t, srv.addr)
	h.cfg.Workflow.SendWindow = config.SendWindow{Days: "Mon-Sun", Hours: "00:00-24:00"}
	h.cfg.Workflow.MinGap.Duration = time.Millisecond
	h.cfg.Workflow.DailyCap = 1000
	h.mailer = sink.mailer(t)
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	sam := h.newContact("Sam Roe", "sam@firm.example", workflow.StatusNew)
	first := h.queue(jane, "request", "A short conversation")
	h.start()
	// Once the first message is sent the sender has looked, and sleeps.
	if o := h.waitSent(first.ID); o.Status != store.OutboxSent {
		t.Fatalf("the first message is %s (%s), want sent", o.Status, o.LastError)
	}

	ctx := context.Background()
	cli, err := store.Open(ctx, h.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	second := &store.Outgoing{ContactID: sam.ID, Template: "request", Status: store.OutboxApproved,
		MessageID: fmt.Sprintf("request-%d@owner.example", sam.ID), To: "Sam Roe <sam@firm.example>",
		Subject: "A short conversation", Body: "Hello Sam,\n\nA short note.\n"}
	if err := cli.WithTx(ctx, func(tx *store.Tx) error { return tx.InsertOutgoing(ctx, second, time.Now()) }); err != nil {
		t.Fatal(err)
	}
	// Well before the sender's own look, even the half-minute one.
	deadline := time.After(lookEvery / 2)
	for {
		select {
		case o := <-h.sent:
			if o.ID != second.ID {
				continue
			}
			if o.Status != store.OutboxSent {
				t.Fatalf("the approved message is %s (%s), want sent", o.Status, o.LastError)
			}
			if n := len(sink.messages()); n != 2 {
				t.Fatalf("the server received %d messages, want 2", n)
			}
			return
		case <-deadline:
			t.Fatalf("the message approved by another process was not sent within %s: the sender was not told", lookEvery/2)
		}
	}
}
