package daemon

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

func TestPulse(t *testing.T) {
	var p pulse
	if late := p.late(); late <= 0 {
		t.Fatalf("a pulse that promised nothing: late() = %v, want > 0", late)
	}
	p.beat(time.Hour)
	if late := p.late(); late > -59*time.Minute {
		t.Fatalf("after beat(1h): late() = %v, want about -1h", late)
	}
	p.beat(-time.Minute)
	if late := p.late(); late < time.Minute {
		t.Fatalf("after beat(-1m): late() = %v, want a minute or more", late)
	}
}

func TestAliveWhileWatchingAndNotWhenStuck(t *testing.T) {
	srv := startMemIMAP(t, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}})
	h := newHarness(t, srv.addr)
	h.start()
	if err := h.daemon.Alive(); err != nil {
		t.Fatalf("Alive() of a daemon watching INBOX = %v, want nil", err)
	}
	// A watcher that went quiet is alive again once it handles mail (or
	// goes round its loop, whichever comes first).
	w := h.daemon.watchers[0]
	w.pulse.beat(-time.Second)
	srv.deliver("INBOX", "From: someone@example.net\r\nTo: alex@owner.example\r\nSubject: hi\r\nMessage-ID: <alive@example.net>\r\n\r\nhello\r\n", time.Time{})
	h.waitHandled()
	if err := h.daemon.Alive(); err != nil {
		t.Fatalf("Alive() after a message was handled = %v, want nil", err)
	}
	// A loop that missed its promise is reported by folder.
	h.stop()
	w.pulse.beat(-time.Minute)
	err := h.daemon.Alive()
	if err == nil || !strings.Contains(err.Error(), "watching INBOX: no sign of life for 1m") {
		t.Fatalf("Alive() with a late watcher = %v, want an error naming INBOX", err)
	}
}
