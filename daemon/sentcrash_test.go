package daemon

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The real binary (built with -tags crashtest) is killed with SIGKILL
// once the owner's hand-written request in Sent is applied but before it
// is committed with the Sent folder's checkpoint. After the restart it is
// applied exactly once: the contact is requested, with one entry in the
// timeline.
func TestKilledWhileApplyingMailSentByHand(t *testing.T) {
	stack := mailstack.Shared(t)
	owner, err := stack.AddUser(fmt.Sprintf("sentcrash%d", userSeq.Add(1)), "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	c := ownerClient(t, stack, owner)
	if err := c.Create("Sent", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfgPath := writeBenchConfig(t, dir, stack, owner, "\n[digest]\nenabled = false\n")
	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, store: st}
	h.track = newHarness(t, "127.0.0.1:1").track
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	st.Close()

	bin := buildBinary(t, "crashtest")
	// The first start reads the empty Sent folder and keeps its checkpoint.
	runBinary(t, bin, cfgPath, stack, "", `msg="lookback window read" folder=\Sent`)

	raw := fmt.Sprintf("From: Bench Owner <%s>\r\nTo: Jane Doe <jane@acme.example>\r\nSubject: Twenty minutes?\r\nDate: %s\r\n"+
		"Message-ID: <hand-crash@owner.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHi Jane,\r\nwould you have twenty minutes?\r\n",
		owner, time.Now().Format(time.RFC1123Z))
	cmd := c.Append("Sent", int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}})
	if _, err := cmd.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}

	out := runBinary(t, bin, cfgPath, stack, "RAPPORT_CRASHPOINT=sent-before-commit", "")
	if !strings.Contains(out, "crashpoint") {
		t.Fatalf("rapport did not die at sent-before-commit:\n%s", out)
	}
	if s := readContact(t, dir, jane.ID).State.Status; s != workflow.StatusNew {
		t.Fatalf("after the kill Jane = %s, want new: nothing was committed", s)
	}
	runBinary(t, bin, cfgPath, stack, "", "mail the owner sent by hand applied")

	got := readContact(t, dir, jane.ID)
	if got.State.Status != workflow.StatusRequested {
		t.Fatalf("after the restart Jane = %s, want requested", got.State.Status)
	}
	st, err = store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hist, err := st.Read().History(context.Background(), jane.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range hist {
		if e.Kind == string(workflow.EventRequestSent) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the owner's request is %d times in Jane's timeline, want once", n)
	}
}

// readContact opens the binary's database and reads one contact.
func readContact(t *testing.T, dir string, id int64) *store.Contact {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Read().Contact(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
