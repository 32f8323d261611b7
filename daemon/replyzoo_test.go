package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/workflow"
)

// replyZooDir holds answers as mail programs write them (see its
// SOURCES.md): Gmail, Outlook, Apple Mail, iOS, Android, Thunderbird,
// Yahoo, Proton and others; HTML-only, top-, bottom- and inline-posted,
// without threading headers, from another address.
const replyZooDir = "../mail/classify/testdata/replyzoo"

// Every answer of the zoo, delivered by Postfix into Dovecot, is its
// writer's answer: the contact is replied and no nudge is left.
func TestDovecotReplyZooCountsAsAnswers(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(replyZooDir, "*.eml"))
	if err != nil || len(files) < 20 {
		t.Fatalf("the reply zoo has %d fixtures (%v), want at least 20", len(files), err)
	}
	h, stack, owner := dovecotHarness(t)
	contacts := map[int64]string{}
	var raws [][]byte
	var senders []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := classify.Parse(raw)
		email, request := m.From.Email, ""
		if len(m.InReplyTo) > 0 {
			request = m.InReplyTo[0]
		}
		if filepath.Base(f) == "different_address.eml" {
			// Written to at work, answering from home.
			email = "fatima@acme.example"
		}
		c := h.contact(strings.TrimSuffix(filepath.Base(f), ".eml"), email, workflow.StatusRequested, request)
		contacts[c.ID] = filepath.Base(f)
		raws = append(raws, raw)
		senders = append(senders, m.From.Email)
	}
	h.start()
	for i, raw := range raws {
		if err := stack.Deliver(senders[i], []string{owner}, raw); err != nil {
			t.Fatalf("%s: %v", files[i], err)
		}
	}
	for range raws {
		if m := h.waitHandled(); m.event != string(workflow.EventReplyReceived) {
			t.Errorf("%s: handled as %+v, want reply_received", contacts[m.contact], m)
		}
	}
	for id, file := range contacts {
		st := h.status(id)
		if st.Status != workflow.StatusReplied {
			t.Errorf("%s: the contact is %s, want replied", file, st.Status)
		}
		if _, ok := st.Timers[workflow.TimerNudge]; ok {
			t.Errorf("%s: a nudge is still due after the answer", file)
		}
	}
}
