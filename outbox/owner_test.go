package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
)

// outboxRows stores one message in each status given, numbered from 1 in
// that order.
func outboxRows(t *testing.T, statuses ...string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		for _, s := range statuses {
			o := &store.Outgoing{Template: "nudge", Audience: store.AudienceContact, Status: s, MessageID: s + "@rapport.example",
				To: "kim@example.com", Subject: "Re: Your work", Body: "Hi Kim,\n\nStill keen.\n"}
			if err := tx.InsertOutgoing(ctx, o, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCheck(t *testing.T) {
	st := outboxRows(t, store.OutboxDraft, store.OutboxApproved, store.OutboxFailed, store.OutboxUncertain, store.OutboxSent)
	tests := []struct {
		change string
		id     int64
		want   string // the error; "" for allowed
	}{
		{outbox.ChangeApprove, 1, ""},
		{outbox.ChangeApprove, 2, "outbox 2 is approved; only drafts can be approved (it leaves within the send window while rapport run is running)"},
		{outbox.ChangeSkip, 2, ""},
		{outbox.ChangeEdit, 1, ""},
		{outbox.ChangeEdit, 5, "outbox 5 is sent; only drafts and approved messages not yet sending can be edited"},
		{outbox.ChangeResend, 3, ""},
		{outbox.ChangeResend, 1, "outbox 1 is draft; only failed or uncertain messages can be resent (approve it with rapport outbox approve 1)"},
		{outbox.ChangeSent, 4, ""},
		{outbox.ChangeSent, 3, "outbox 3 is failed; only uncertain messages can be confirmed as sent (send it again with rapport outbox resend 3)"},
		{outbox.ChangeSkip, 42, "no outbox message 42 (see rapport outbox list --all)"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.change, tt.id), func(t *testing.T) {
			o, err := outbox.Check(context.Background(), st.Read(), tt.id, tt.change)
			switch {
			case tt.want == "" && (err != nil || o.ID != tt.id):
				t.Fatalf("Check(%d, %s) = %v, %v; want the message", tt.id, tt.change, o, err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Fatalf("Check(%d, %s) error = %v, want %q", tt.id, tt.change, err, tt.want)
			case tt.id == 42 && !errors.Is(err, store.ErrNotFound):
				t.Fatalf("Check() of a missing message: %v does not wrap store.ErrNotFound", err)
			case tt.want != "" && tt.id != 42 && !errors.Is(err, store.ErrOutboxChanged):
				t.Fatalf("Check() refusal %v does not wrap store.ErrOutboxChanged", err)
			}
		})
	}
}

func TestParseEdited(t *testing.T) {
	tests := []struct {
		name, text, subject, body, err string
	}{
		{name: "as written", text: "Subject: Hello\n\nHi Kim,\n", subject: "Hello", body: "Hi Kim,\n"},
		{name: "CRLF and blank lines around", text: "\r\nsubject:  Hello \r\n\r\n\r\nHi\r\n", subject: "Hello", body: "Hi\n"},
		{name: "empty", text: " \n\n", err: "the edited message is empty"},
		{name: "no subject line", text: "Dear Kim\n", err: `the first line must be "Subject: …", not "Dear Kim"`},
		{name: "empty subject", text: "Subject:\n\nHi\n", err: "the subject is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject, body, err := outbox.ParseEdited(tt.text)
			if subject != tt.subject || body != tt.body || (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err {
				t.Errorf("ParseEdited(%q) = %q, %q, %v; want %q, %q, %q", tt.text, subject, body, err, tt.subject, tt.body, tt.err)
			}
		})
	}
	o := &store.Outgoing{Subject: "Re: Work", Body: "Hi\n"}
	if s, b, err := outbox.ParseEdited(outbox.EditText(o)); err != nil || s != o.Subject || b != o.Body {
		t.Errorf("ParseEdited(EditText()) = %q, %q, %v; want the message back", s, b, err)
	}
}

func TestRevise(t *testing.T) {
	tests := []struct {
		name          string
		status        string
		subject, body string
		meanwhile     bool // the message is changed between the read and the save
		want          string
		wantStatus    string
		wantErr       string
	}{
		{name: "line endings only", status: store.OutboxDraft, subject: "Re: Your work", body: "\r\nHi Kim,\r\n\r\nStill keen.\r\n\r\n", want: "", wantStatus: store.OutboxDraft},
		{name: "subject", status: store.OutboxDraft, subject: "Still keen", body: "Hi Kim,\n\nStill keen.\n", want: "subject", wantStatus: store.OutboxDraft},
		{name: "approved stays approved", status: store.OutboxApproved, subject: "Re: Your work", body: "Hi Kim,\n\nStill very keen.", want: "body", wantStatus: store.OutboxApproved},
		{name: "a placeholder makes it a draft", status: store.OutboxApproved, subject: "X", body: "Hi [name]", want: "subject,body", wantStatus: store.OutboxDraft},
		{name: "empty body", status: store.OutboxDraft, subject: "X", body: " \n", wantErr: "the new body is empty, so nothing was saved"},
		{name: "changed meanwhile", status: store.OutboxDraft, subject: "X", body: "Hi", meanwhile: true, wantErr: "outbox 1 was changed elsewhere while you edited it"},
		{name: "no longer editable", status: store.OutboxSent, subject: "X", body: "Hi", wantErr: "outbox 1 is sent; only drafts and approved messages not yet sending can be edited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := outboxRows(t, tt.status)
			was, err := st.Read().Outgoing(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if tt.meanwhile {
				body := "Someone else's words\n"
				if err := st.WithTx(ctx, func(tx *store.Tx) error { _, err := outbox.Edit(ctx, tx, 1, nil, &body, testNow); return err }); err != nil {
					t.Fatal(err)
				}
			}
			var saved *store.Outgoing
			var what []string
			err = st.WithTx(ctx, func(tx *store.Tx) (err error) {
				saved, what, err = outbox.Revise(ctx, tx, was, tt.subject, tt.body, testNow)
				return err
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Revise() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || strings.Join(what, ",") != tt.want || saved.Status != tt.wantStatus {
				t.Fatalf("Revise() = %v, %v, %v; want %q, status %s", saved, what, err, tt.want, tt.wantStatus)
			}
			if stored, _ := st.Read().Outgoing(ctx, 1); tt.want != "" && stored.Body != outbox.SavedBody(tt.body) {
				t.Errorf("stored body %q, want %q", stored.Body, outbox.SavedBody(tt.body))
			}
		})
	}
}

// TestRecordNames pins the JSON names scripts read.
func TestRecordNames(t *testing.T) {
	st := outboxRows(t, store.OutboxDraft)
	o, err := st.Read().Outgoing(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	o.Body += "[what I learned]\n"
	b, err := json.Marshal(outbox.NewRecord(o))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"id":1`, `"template":"nudge"`, `"audience":"contact"`, `"notice":false`, `"status":"draft"`,
		`"to":"kim@example.com"`, `"placeholders":["[what I learned]"]`, `"attempts":0`, `"created_at":"2026-11-17T10:05:00Z"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("NewRecord() JSON lacks %s:\n%s", name, b)
		}
	}
	if strings.Contains(string(b), "sent_at") || strings.Contains(string(b), "not_before") {
		t.Errorf("NewRecord() JSON holds unset times:\n%s", b)
	}
}

// A draft of the drafts send mode is edited where it is: in the owner's
// Drafts folder. rapport edit would change a text that no longer leaves.
func TestEditRefusesADraftInTheDraftsFolder(t *testing.T) {
	ctx := context.Background()
	st := outboxRows(t, store.OutboxDraft, store.OutboxApproved)
	err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.InsertMailboxDraft(ctx, 1, testNow) })
	if err != nil {
		t.Fatal(err)
	}
	body := "Hi Kim,\n\nAnother text.\n"
	err = st.WithTx(ctx, func(tx *store.Tx) error { _, err := outbox.Edit(ctx, tx, 1, nil, &body, testNow); return err })
	if !errors.Is(err, outbox.ErrInDraftsFolder) || !strings.Contains(err.Error(), "outbox 1: this draft is in your Drafts folder: edit it there") {
		t.Fatalf("Edit() of a draft in the Drafts folder = %v; want ErrInDraftsFolder", err)
	}
	if o, _ := st.Read().Outgoing(ctx, 1); o.Body == body {
		t.Fatalf("the refused edit changed the stored text")
	}
	// Any other draft is edited as before.
	if err := st.WithTx(ctx, func(tx *store.Tx) error { _, err := outbox.Edit(ctx, tx, 2, nil, &body, testNow); return err }); err != nil {
		t.Fatalf("Edit() of an ordinary draft: %v", err)
	}
}
