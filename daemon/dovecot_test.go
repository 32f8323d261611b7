package daemon

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/workflow"
)

func TestMain(m *testing.M) {
	code := mailstack.RunTests(m)
	removeScaleDB() // bench_scale_test.go
	os.Exit(code)
}

var userSeq atomic.Int32

// dovecotHarness runs the daemon against the real Dovecot with a fresh
// mailbox for the owner, over STARTTLS.
func dovecotHarness(t testing.TB) (*harness, *mailstack.Stack, string) {
	t.Helper()
	stack := mailstack.Shared(t)
	name := fmt.Sprintf("owner%d", userSeq.Add(1))
	addr, err := stack.AddUser(name, "owner-secret")
	if err != nil {
		t.Fatalf("AddUser() error = %v", err)
	}
	h := newHarness(t, stack.IMAPAddr)
	h.cfg.Owner.Addresses = []string{addr}
	h.cfg.IMAP.TLS = config.TLSStartTLS
	h.cfg.IMAP.Username, h.cfg.IMAP.Password = addr, "owner-secret"
	h.cfg.IMAP.PollInterval.Duration = time.Minute // IDLE must do the work
	h.tls = stack.TLSConfig()
	return h, stack, addr
}

// ownerClient logs in to the owner's mailbox directly, as their mail app would.
func ownerClient(t testing.TB, stack *mailstack.Stack, addr string) *imapclient.Client {
	t.Helper()
	return ownerClientAs(t, stack, addr, "owner-secret")
}

// ownerClientAs logs in to any user's mailbox.
func ownerClientAs(t testing.TB, stack *mailstack.Stack, addr, password string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialStartTLS(stack.IMAPAddr, &imapclient.Options{TLSConfig: stack.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(addr, password).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDovecotReplyThroughPostfix(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	raw := strings.ReplaceAll(mail("Jane Doe <jane@acme.example>", "Re: A short conversation", "r1@acme.example", "req-1@owner.example", time.Now()),
		"alex@owner.example", owner)
	if err := stack.Deliver("jane@acme.example", []string{owner}, []byte(raw)); err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	if m := h.waitHandled(); m.contact != jane.ID || m.event != string(workflow.EventReplyReceived) {
		t.Fatalf("handled %+v, want Jane's reply", m)
	}
	if s := h.status(jane.ID).Status; s != workflow.StatusReplied {
		t.Fatalf("Jane = %s, want replied", s)
	}
	// The owner still sees the reply as unread in their own client.
	c := ownerClient(t, stack, owner)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{Flags: true}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch flags: %v", err)
	}
	for _, f := range msgs[0].Flags {
		if f == imap.FlagSeen {
			t.Fatalf("rapport marked the reply \\Seen; the owner must still see it as unread")
		}
	}
}

func TestDovecotRestartDuringIdle(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	h.start()
	send := func(id, replyTo string) {
		t.Helper()
		raw := strings.ReplaceAll(mail("Jane Doe <jane@acme.example>", "Re: hi", id, replyTo, time.Now()), "alex@owner.example", owner)
		if err := stack.Deliver("jane@acme.example", []string{owner}, []byte(raw)); err != nil {
			t.Fatalf("Deliver() error = %v", err)
		}
	}
	send("a@acme.example", "req-1@owner.example")
	if m := h.waitHandled(); m.uid != 1 {
		t.Fatalf("first handled UID %d", m.uid)
	}
	// Cut the idle connection; mail arrives before rapport is back.
	if err := stack.RestartDovecot(); err != nil {
		t.Fatalf("RestartDovecot() error = %v", err)
	}
	send("b@acme.example", "a@acme.example")
	h.waitHealthy() // the new session caught up
	if m := h.waitHandled(); m.uid != 2 || m.contact != jane.ID {
		t.Fatalf("after the restart handled %+v, want UID 2 from Jane", m)
	}
	send("c@acme.example", "b@acme.example")
	h.waitOnlyHandled(3)
}

func TestDovecotUIDValidityChange(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	jane := h.contact("Jane Doe", "jane@acme.example", workflow.StatusRequested, "req-1@owner.example")
	sam := h.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested, "req-2@owner.example")
	h.start()
	deliver := func(from, id, replyTo string) {
		raw := strings.ReplaceAll(mail(from, "Re: hi", id, replyTo, time.Now()), "alex@owner.example", owner)
		if err := stack.Deliver("x@example.org", []string{owner}, []byte(raw)); err != nil {
			t.Fatalf("Deliver() error = %v", err)
		}
	}
	deliver("Jane Doe <jane@acme.example>", "j1@acme.example", "req-1@owner.example")
	h.waitHandled()
	h.stop()
	name, _, _ := strings.Cut(owner, "@")
	if err := stack.ResetUIDValidity(name); err != nil {
		t.Fatalf("ResetUIDValidity() error = %v", err)
	}
	deliver("Sam Lee <sam@globex.example>", "s1@globex.example", "req-2@owner.example")
	h.start()
	events := map[int64]string{}
	for range 2 {
		m := h.waitHandled()
		events[m.contact] += m.event + ";"
	}
	if events[jane.ID] != ";" || events[sam.ID] != "reply_received;" {
		t.Fatalf("events after the new UIDVALIDITY = %v; want Jane's reply recognised, Sam's applied", events)
	}
}

func TestDovecotBacklogOfAThousand(t *testing.T) {
	h, stack, owner := dovecotHarness(t)
	const total, fromContacts = 1000, 50
	var ids []int64
	for i := range fromContacts {
		c := h.contact(fmt.Sprintf("Contact %d", i), fmt.Sprintf("c%d@firm%d.example", i, i), workflow.StatusRequested, fmt.Sprintf("req-%d@owner.example", i))
		ids = append(ids, c.ID)
	}
	h.start() // first start on the empty mailbox sets the checkpoint
	h.stop()

	c := ownerClient(t, stack, owner)
	for i := range total {
		var raw string
		if i%(total/fromContacts) == 0 {
			n := i / (total / fromContacts)
			raw = mail(fmt.Sprintf("Contact %d <c%d@firm%d.example>", n, n, n), "Re: hello", fmt.Sprintf("reply-%d@firm.example", i), fmt.Sprintf("req-%d@owner.example", n), time.Now())
		} else {
			raw = mail(fmt.Sprintf("Stranger %d <s%d@random.example>", i, i), "Hello "+strconv.Itoa(i), fmt.Sprintf("other-%d@random.example", i), "", time.Now())
		}
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		cmd.Write([]byte(raw))
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	h.start()
	seen := map[uint32]bool{}
	replies := 0
	for len(seen) < total {
		m := h.waitHandled()
		if seen[m.uid] {
			t.Fatalf("UID %d handled twice", m.uid)
		}
		seen[m.uid] = true
		if m.event == string(workflow.EventReplyReceived) {
			replies++
		}
	}
	if replies != fromContacts {
		t.Fatalf("%d replies applied, want %d", replies, fromContacts)
	}
	for _, id := range ids {
		if s := h.status(id).Status; s != workflow.StatusReplied {
			t.Fatalf("contact #%d = %s after the backlog, want replied", id, s)
		}
	}
	cp, err := h.store.Read().Mailbox(context.Background(), "INBOX")
	if err != nil || cp.LastUID != total {
		t.Fatalf("checkpoint = %+v, %v; want last UID %d", cp, err, total)
	}
}
