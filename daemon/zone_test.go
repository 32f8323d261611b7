package daemon

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/workflow"
)

// A contact's winter mail, delivered by Postfix into Dovecot with its Date
// as they wrote it, teaches their time zone from its UTC offset. How a
// zone is learned, refined, and kept when set by hand is decided in
// package inbound and tested there on a database alone.
func TestZoneLearnedFromMailThroughPostfix(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	hans := h.contact("Hans Weber", "hans@firma.de", workflow.StatusRequested, "req-h@owner.example")
	h.start()
	winter := time.Date(2026, 1, 15, 10, 0, 0, 0, time.FixedZone("", 3600))
	h.deliverFrom(stack, "hans@firma.de", owner,
		[]byte(mail("Hans Weber <hans@firma.de>", "Re: A short conversation", "h1@firma.de", "req-h@owner.example", winter)))
	h.wantHandled("Hans's reply", hans, string(workflow.EventReplyReceived))
	if c := h.read(hans.ID); c.TimeZone != "Europe/Berlin" || !c.TimeZoneLearned || c.State.Status != workflow.StatusReplied {
		t.Fatalf("Hans = %s, zone %q (learned %v); want replied, Europe/Berlin learned from his +0100", c.State.Status, c.TimeZone, c.TimeZoneLearned)
	}
}
