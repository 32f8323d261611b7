package daemon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// The drafts send mode on Dovecot and Postfix: rapport files its draft in
// the owner's Drafts folder; the owner's mail program opens it, the owner
// edits and sends it (Postfix), and the sent copy lands in Sent, filed by
// the program (Thunderbird) or by the provider (Gmail). rapport records
// what was actually sent and moves the contact once.

// withDrafts creates the owner's Drafts folder, marked \Drafts as
// Dovecot's usual configuration marks it.
func (l *lifeHarness) withDrafts() {
	l.t.Helper()
	c := ownerClient(l.t, l.stack, l.owner)
	err := c.Create("Drafts", &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{imap.MailboxAttrDrafts}}).Wait()
	if err != nil {
		if err = c.Create("Drafts", nil).Wait(); err != nil {
			l.t.Fatal(err)
		}
	}
}

// waitDraft waits until the sender has dealt with the mailbox draft of
// the contact's message from template, and returns it.
func (l *lifeHarness) waitDraft(contact int64, template, state string) *store.MailboxDraft {
	l.t.Helper()
	for {
		select {
		case o := <-l.sent:
			if o.ContactID != contact || o.Template != template {
				continue
			}
			d, err := l.store.Read().MailboxDraftOf(context.Background(), o.ID)
			if err != nil {
				l.t.Fatal(err)
			}
			if d.State == state {
				return d
			}
		case <-time.After(30 * time.Second):
			l.t.Fatalf("the %s draft for #%d never reached %s", template, contact, state)
		}
	}
}

// draftsFolder returns the raw messages in the owner's Drafts folder and
// their flags, as a mail program reads them.
func (l *lifeHarness) draftsFolder(c *imapclient.Client) ([][]byte, [][]imap.Flag) {
	l.t.Helper()
	sel, err := c.Select("Drafts", nil).Wait()
	if err != nil {
		l.t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	bufs, err := c.Fetch(imap.SeqSetNum(seqRange(sel.NumMessages)...), &imap.FetchOptions{Flags: true,
		BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		l.t.Fatal(err)
	}
	var raws [][]byte
	var flags [][]imap.Flag
	for _, b := range bufs {
		raws, flags = append(raws, b.FindBodySection(section)), append(flags, b.Flags)
	}
	return raws, flags
}

func seqRange(n uint32) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i + 1)
	}
	return out
}

// sendDraft is the owner's mail program sending the draft raw after an
// edit: the header fields keep only those keep names (its own Message-ID
// otherwise), the body is replaced, it goes out through Postfix, the
// draft is deleted from Drafts, and with appendSent the program files the
// sent copy; without, the provider does, as Gmail does.
func (l *lifeHarness) sendDraft(c *imapclient.Client, raw []byte, to string, keep []string, body string, appendSent bool) {
	l.t.Helper()
	head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	var b strings.Builder
	kept := map[string]bool{}
	for _, line := range strings.Split(head, "\r\n") {
		name, _, _ := strings.Cut(line, ":")
		for _, k := range append([]string{"From", "To", "Subject", "In-Reply-To", "References"}, keep...) {
			if strings.EqualFold(name, k) {
				b.WriteString(line + "\r\n")
				kept[strings.ToLower(k)] = true
			}
		}
	}
	if !kept["message-id"] {
		b.WriteString("Message-ID: <sent-by-program@owner.test>\r\n")
	}
	fmt.Fprintf(&b, "Date: %s\r\nUser-Agent: Mozilla Thunderbird\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n%s",
		l.clock.Now().Format(time.RFC1123Z), strings.ReplaceAll(body, "\n", "\r\n"))
	sent := []byte(b.String())
	if err := l.stack.Submit(l.owner, "owner-secret", l.owner, []string{to}, sent); err != nil {
		l.t.Fatalf("Submit() error = %v", err)
	}
	// The program deletes the draft it sent.
	if _, err := c.Select("Drafts", nil).Wait(); err != nil {
		l.t.Fatal(err)
	}
	if err := c.Store(imap.SeqSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		l.t.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		l.t.Fatal(err)
	}
	if !appendSent {
		// The provider files the copy as it leaves, from its own session:
		// for the mailbox, an APPEND like any other.
		c = ownerClient(l.t, l.stack, l.owner)
	}
	appendTo(l.t, c, "Sent", sent, imap.FlagSeen)
}

// appendTo appends raw to folder with flags, and waits for the server.
func appendTo(t testing.TB, c *imapclient.Client, folder string, raw []byte, flags ...imap.Flag) {
	t.Helper()
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Flags: flags})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("append to %s: %v", folder, err)
	}
}

func TestDovecotDraftEditedAndSent(t *testing.T) {
	tests := []struct {
		name string
		keep []string // the header fields the program keeps of the draft
		// appendSent: the program files the sent copy (Thunderbird);
		// else the provider does (Gmail).
		appendSent bool
	}{
		// An edited draft loses fields the program does not know (as
		// Thunderbird drops an extension's), and gets a new Message-ID.
		{"field dropped, a new Message-ID, the copy filed by the program", nil, true},
		// Gmail files what it sends in Sent itself.
		{"field kept, the copy filed by the provider", []string{outbox.DraftField}, false},
		{"the draft's Message-ID kept", []string{"Message-ID"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
			l := newLife(t, time.UTC, start)
			l.cfg.Workflow.SendModes = config.SendModes{Request: config.SendDrafts}
			l.withSent()
			l.withDrafts()
			janeAddr := l.person("jane")
			jane := l.newContact("Jane Doe", janeAddr, workflow.StatusNew)
			l.start()
			err := l.store.WithTx(context.Background(), func(tx *store.Tx) error {
				_, err := l.track.Apply(context.Background(), tx, jane, workflow.Event{Kind: workflow.EventRequestDrafted}, l.clock.Now(), store.SourceCLI)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			d := l.waitDraft(jane.ID, workflow.TemplateRequest, store.DraftFiled)

			// The owner's program shows it in Drafts, marked as a draft.
			c := ownerClient(t, l.stack, l.owner)
			raws, flags := l.draftsFolder(c)
			if len(raws) != 1 || !strings.Contains(string(raws[0]), outbox.DraftField+": "+d.MessageID) ||
				!strings.Contains(fmt.Sprint(flags[0]), `\Draft`) {
				t.Fatalf("Drafts holds %d messages (flags %v), want rapport's draft flagged \\Draft", len(raws), flags)
			}
			if n := len(l.contactDrafts(jane.ID)); n != 1 {
				t.Fatalf("rapport's mail to Jane = %v, want the one draft", l.contactDrafts(jane.ID))
			}

			l.at(start.Add(2 * time.Hour))
			l.sendDraft(c, raws[0], janeAddr, tt.keep, "Hi Jane,\nI rewrote this myself: twenty minutes on Thursday?\nAlex\n", tt.appendSent)
			l.waitEvent(string(workflow.EventRequestSent))

			if got := l.mailbox(janeAddr, 1); !strings.Contains(got[0].Text, "I rewrote this myself") {
				t.Fatalf("Jane received %q, want the owner's edited text", got[0].Text)
			}
			if c := l.contact(jane.ID); c.State.Status != workflow.StatusRequested {
				t.Fatalf("Jane = %s, want requested", c.State.Status)
			}
			if hist := strings.Join(l.history(jane.ID), " "); strings.Count(hist, "request_sent") != 1 || strings.Contains(hist, "sent_by_hand") {
				t.Fatalf("Jane's timeline = %s; want one request_sent", hist)
			}
			row, err := l.store.Read().Outgoing(context.Background(), d.ID)
			if err != nil || row.Status != store.OutboxSent || !strings.Contains(row.Body, "I rewrote this myself") {
				t.Fatalf("the draft's row = %+v, %v; want it sent with the text as sent", row, err)
			}
			conv, err := l.store.Read().Conversation(context.Background(), jane.ID, 10)
			if err != nil || len(conv) != 1 || !strings.Contains(conv[0].Text, "I rewrote this myself") {
				t.Fatalf("conversation = %+v, %v; want the one mail, as sent", conv, err)
			}
			if raws, _ := l.draftsFolder(c); len(raws) != 0 {
				t.Fatalf("Drafts holds %d messages, want none", len(raws))
			}
		})
	}
}

// A nudge waiting in Drafts is withdrawn when the contact answers first:
// rapport deletes its untouched copy, and nothing else in the folder.
func TestDovecotObsoleteDraftWithdrawn(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
	l := newLife(t, time.UTC, start)
	l.cfg.Workflow.SendModes = config.SendModes{Nudge: config.SendDrafts}
	l.withSent()
	l.withDrafts()
	// The owner's own draft of something else sits in the folder too.
	c := ownerClient(t, l.stack, l.owner)
	mine := "From: " + l.owner + "\r\nTo: mum@family.example\r\nSubject: Sunday\r\nMessage-ID: <mine@owner.test>\r\n\r\nLunch?\r\n"
	appendTo(t, c, "Drafts", []byte(mine), imap.FlagDraft)
	l.start()
	janeAddr := l.person("jane")
	jane, request := l.requested("Jane Doe", janeAddr)
	due := l.contact(jane.ID).State.Timers[workflow.TimerNudge]
	l.at(due.Add(time.Second))
	l.waitFired(jane.ID, workflow.TimerNudge)
	d := l.waitDraft(jane.ID, workflow.TemplateNudge, store.DraftFiled)
	if raws, _ := l.draftsFolder(c); len(raws) != 2 {
		t.Fatalf("Drafts holds %d messages, want the owner's and the nudge", len(raws))
	}

	l.at(due.Add(time.Hour))
	l.contactWrites("Jane Doe <"+janeAddr+">", "Re: "+request.Subject, "r1@jane.example", request.MessageID, "Happy to talk.\n")
	l.waitEvent(string(workflow.EventReplyReceived))
	got := l.waitDraft(jane.ID, workflow.TemplateNudge, store.DraftDone)
	if got.ID != d.ID || got.Outcome != store.DraftWithdrawn || got.Status != store.OutboxCancelled {
		t.Fatalf("nudge draft = %s %s %q, want cancelled and withdrawn", got.Status, got.State, got.Outcome)
	}
	raws, _ := l.draftsFolder(c)
	if len(raws) != 1 || !strings.Contains(string(raws[0]), "mine@owner.test") {
		t.Fatalf("Drafts holds %d messages, want only the owner's own draft", len(raws))
	}
	if hist := strings.Join(l.history(jane.ID), " "); strings.Contains(hist, "nudge_sent") {
		t.Fatalf("Jane's timeline = %s; want no nudge", hist)
	}
}
