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
// after its APPEND to the Drafts folder and before it records the UID.
// After the restart it finds its draft there by its field, records it, and
// appends nothing more: the owner has one draft, not two.
func TestKilledBetweenAppendAndUID(t *testing.T) {
	sink := startSink(t, nil)
	stack := mailstack.Shared(t)
	owner, err := stack.AddUser(fmt.Sprintf("draftcrash%d", userSeq.Add(1)), "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	c := ownerClient(t, stack, owner)
	if err := c.Create("Drafts", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrDrafts}}).Wait(); err != nil {
		if err := c.Create("Drafts", nil).Wait(); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	cfgPath := writeBenchConfig(t, dir, stack, owner, fmt.Sprintf(`
[smtp]
host = "127.0.0.1"
port = %d
tls = "none"

[workflow]
send_mode = "approve"

[workflow.send_modes]
request = "drafts"

[digest]
enabled = false
`, sink.port))

	// A contact whose request waits to be filed in Drafts.
	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, store: st}
	h.track = newHarness(t, "127.0.0.1:1").track
	jane := h.newContact("Jane Doe", "jane@acme.example", workflow.StatusNew)
	req := &store.Outgoing{ContactID: jane.ID, Template: "request", Status: store.OutboxDraft, MessageID: "req-crash@owner.test",
		To: "Jane Doe <jane@acme.example>", Subject: "A short conversation", Body: "Hi Jane,\nwould you have twenty minutes?\n"}
	err = st.WithTx(context.Background(), func(tx *store.Tx) error {
		if err := tx.InsertOutgoing(context.Background(), req, time.Now()); err != nil {
			return err
		}
		return tx.InsertMailboxDraft(context.Background(), req.ID, time.Now())
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	bin := buildBinary(t, "crashtest")
	out := runBinary(t, bin, cfgPath, stack, "RAPPORT_CRASHPOINT=draft-after-append", "")
	if !strings.Contains(out, "crashpoint") {
		t.Fatalf("rapport did not die at draft-after-append:\n%s", out)
	}
	if n := countIn(t, stack, owner, "Drafts"); n != 1 {
		t.Fatalf("after the kill Drafts holds %d messages, want the one appended", n)
	}
	out = runBinary(t, bin, cfgPath, stack, "", "draft put in the Drafts folder")
	if !strings.Contains(out, "found_from_before=true") {
		t.Errorf("the restarted daemon did not find its draft from before:\n%s", out)
	}
	if n := countIn(t, stack, owner, "Drafts"); n != 1 {
		t.Fatalf("after the restart Drafts holds %d messages, want one: the draft is not appended twice", n)
	}
	st, err = store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Read().MailboxDraftOf(context.Background(), req.ID)
	if err != nil || d.State != store.DraftFiled || d.UID == 0 || d.Status != store.OutboxDraft {
		t.Fatalf("after the restart the draft = %+v, %v; want filed with its UID, still a draft", d, err)
	}
	if n := len(sink.messages()); n != 0 {
		t.Fatalf("the SMTP server received %d messages; a drafts-mode request is never sent by rapport", n)
	}
}

// countIn returns how many messages the owner's folder holds.
func countIn(t *testing.T, stack *mailstack.Stack, owner, folder string) uint32 {
	t.Helper()
	c := ownerClient(t, stack, owner)
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return sel.NumMessages
}
