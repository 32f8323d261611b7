package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/internal/rig/fixture"
	"github.com/rapport-mail/rapport/workflow"
)

var rev2 = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}

// mail writes a plain-text answer to the owner (see fixture.Mail).
var mail = fixture.Mail

func TestReplyPushedByIdleChangesStatus(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	if _, ok := h.status(jane.ID).Timers[workflow.TimerNudge]; !ok {
		t.Fatalf("setup: no nudge pending")
	}
	h.start()
	srv.deliver("INBOX", mail("Jane Doe <jane@acme.example>", "Re: A short conversation", "r1@acme.example", "req-1@owner.example", time.Now()), time.Time{})
	got := h.waitHandled()
	if got.contact != jane.ID || got.event != string(workflow.EventReplyReceived) {
		t.Fatalf("handled = %+v, want a reply from #%d", got, jane.ID)
	}
	st := h.status(jane.ID)
	if st.Status != workflow.StatusReplied || len(st.Timers) != 0 {
		t.Fatalf("Jane after her reply: %s, timers %v; want replied and no nudge", st.Status, st.Timers)
	}
	hist, _ := h.store.Read().History(context.Background(), jane.ID)
	last := hist[len(hist)-1]
	if last.Kind != "reply_received" || last.MessageID != "r1@acme.example" || last.Source != "mail" {
		t.Fatalf("last history entry = %+v, want the reply with its Message-ID", last)
	}
}

func TestColleagueOwnerAndBulk(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	h.start()
	now := time.Now()
	// The owner's own copy of the request in a watched folder is never a reply.
	srv.deliver("INBOX", mail("Alex Example <alex@owner.example>", "A short conversation", "req-1b@owner.example", "req-1@owner.example", now), time.Time{})
	// A newsletter from Sam's address is bulk.
	srv.deliver("INBOX", mail("Sam Lee <sam@globex.example>", "Globex news", "news-1@globex.example", "", now, "List-Id: <news.globex.example>", "List-Unsubscribe: <mailto:unsub@globex.example>"), time.Time{})
	// An answer in her thread from another organisation's address is hers:
	// only rapport and Jane had the request's Message-ID, and no nudge may
	// follow an answer. The address becomes one of hers, which the owner
	// can take back.
	srv.deliver("INBOX", mail("Eve <eve@elsewhere.example>", "Re: A short conversation", "e1@elsewhere.example", "req-1@owner.example", now), time.Time{})
	// Her colleague at the same domain answers for her: that counts too.
	srv.deliver("INBOX", mail("Raj <raj@acme.example>", "Re: A short conversation", "raj1@acme.example", "req-1@owner.example", now), time.Time{})
	var events []string
	for range 4 {
		m := h.waitHandled()
		events = append(events, fmt.Sprintf("%d:%s", m.uid, m.event))
	}
	if want := "1: 2: 3:reply_received 4:reply_received"; strings.Join(events, " ") != want {
		t.Fatalf("events = %q, want %q", strings.Join(events, " "), want)
	}
	if s := h.status(jane.ID).Status; s != workflow.StatusReplied {
		t.Fatalf("Jane = %s, want replied", s)
	}
	if id, _ := h.store.Read().ContactIDByEmail(context.Background(), "eve@elsewhere.example"); id != jane.ID {
		t.Fatalf("eve@elsewhere.example belongs to #%d, want Jane's #%d: she answered in Jane's thread", id, jane.ID)
	}
	if id, _ := h.store.Read().ContactIDByEmail(context.Background(), "raj@acme.example"); id != 0 {
		t.Fatalf("raj@acme.example belongs to #%d, want no one: a colleague is not Jane", id)
	}
	if s := h.status(sam.ID).Status; s != workflow.StatusRequested {
		t.Fatalf("Sam = %s, want still requested: a newsletter is not an answer", s)
	}
}

func TestFirstStartReadsOnlyTheLookbackWindow(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	waiting := h.contact("Wai Ting", "wai@acme.example", workflow.StatusRequested, "req-w@owner.example")
	fresh := h.contact("Fresh Contact", "fresh@globex.example", workflow.StatusNew, "")
	old := h.contact("Old Timer", "old@initech.example", workflow.StatusRequested, "req-o@owner.example")
	now := time.Now()
	srv.deliver("INBOX", mail("Old Timer <old@initech.example>", "Re: hello", "o1@initech.example", "", now.AddDate(0, 0, -90)), now.AddDate(0, 0, -90))
	srv.deliver("INBOX", mail("Fresh Contact <fresh@globex.example>", "Lunch?", "f1@globex.example", "", now.AddDate(0, 0, -5)), now.AddDate(0, 0, -5))
	srv.deliver("INBOX", mail("Wai Ting <wai@acme.example>", "Sure", "w1@acme.example", "", now.AddDate(0, 0, -3)), now.AddDate(0, 0, -3))
	h.start()
	if s := h.status(waiting.ID).Status; s != workflow.StatusReplied {
		t.Fatalf("a contact rapport waits on who answered 3 days ago = %s, want replied", s)
	}
	if s := h.status(fresh.ID).Status; s != workflow.StatusNew {
		t.Fatalf("a new contact's older mail turned them %s; want new", s)
	}
	if s := h.status(old.ID).Status; s != workflow.StatusRequested {
		t.Fatalf("mail older than the window changed a contact to %s", s)
	}
	cp, err := h.store.Read().Mailbox(context.Background(), "INBOX")
	if err != nil || cp.LastUID != 3 {
		t.Fatalf("checkpoint = %+v, %v; want last UID 3", cp, err)
	}
}

func TestRestartNeitherLosesNorRepeats(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	srv.deliver("INBOX", mail("Jane Doe <jane@acme.example>", "Re: hi", "r1@acme.example", "req-1@owner.example", time.Now()), time.Time{})
	h.waitHandled()
	h.stop()
	// Mail that arrives while rapport is down is handled once on restart.
	srv.deliver("INBOX", mail("Jane Doe <jane@acme.example>", "Re: hi again", "r2@acme.example", "r1@acme.example", time.Now()), time.Time{})
	h.start()
	if m := h.waitHandled(); m.uid != 2 {
		t.Fatalf("after the restart, handled UID %d; want only UID 2", m.uid)
	}
	hist, _ := h.store.Read().History(context.Background(), jane.ID)
	replies := 0
	for _, e := range hist {
		if e.Kind == "reply_received" {
			replies++
		}
	}
	if replies != 2 {
		t.Fatalf("%d replies in the history, want exactly 2", replies)
	}
}

func TestNewUIDValidityIsResyncedByMessageID(t *testing.T) {
	srv := startMemIMAP(t, rev2)
	h := newHarness(t, srv.addr)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	first := mail("Jane Doe <jane@acme.example>", "Re: hi", "r1@acme.example", "req-1@owner.example", time.Now())
	h.start()
	srv.deliver("INBOX", first, time.Time{})
	h.waitHandled()
	h.stop()
	before, _ := h.store.Read().Mailbox(context.Background(), "INBOX")

	// The server rebuilds the mailbox: new UIDVALIDITY, the old message
	// again, and a new one.
	if err := srv.user.Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := srv.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	srv.deliver("INBOX", first, time.Time{})
	srv.deliver("INBOX", mail("Sam Lee <sam@globex.example>", "Re: hello", "s1@globex.example", "req-2@owner.example", time.Now()), time.Time{})
	h.start()
	a, b := h.waitHandled(), h.waitHandled()
	if a.event != "" || b.event != string(workflow.EventReplyReceived) || b.contact != sam.ID {
		t.Fatalf("after the new UIDVALIDITY: %+v then %+v; want Jane's reply skipped and Sam's applied", a, b)
	}
	after, _ := h.store.Read().Mailbox(context.Background(), "INBOX")
	if after.UIDValidity == before.UIDValidity {
		t.Fatalf("checkpoint kept UIDVALIDITY %d", before.UIDValidity)
	}
	hist, _ := h.store.Read().History(context.Background(), jane.ID)
	if n := len(hist); hist[n-1].Kind != "reply_received" || hist[n-2].Kind == "reply_received" {
		t.Fatalf("Jane's history %+v: the reply must be applied once", hist)
	}
}
