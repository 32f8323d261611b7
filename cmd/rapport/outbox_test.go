package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
)

// outboxJSON runs outbox list --json with args.
func (e *env) outboxJSON(args ...string) []outbox.Record {
	e.t.Helper()
	var rows []outbox.Record
	out := e.ok(append([]string{"outbox", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		e.t.Fatalf("outbox list --json is not JSON: %v\n%s", err, out)
	}
	return rows
}

// row returns outbox message id as outbox show --json has it.
func (e *env) row(id int64) outbox.Record {
	e.t.Helper()
	var r outbox.Record
	out := e.ok("outbox", "show", strconv.FormatInt(id, 10), "--json")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		e.t.Fatalf("outbox show --json is not JSON: %v\n%s", err, out)
	}
	return r
}

// find returns the ID of the only outbox row to contact made from
// template.
func (e *env) find(contact int64, template string) int64 {
	e.t.Helper()
	var found []int64
	for _, r := range e.outboxJSON("--all") {
		if r.ContactID == contact && r.Template == template {
			found = append(found, r.ID)
		}
	}
	if len(found) != 1 {
		e.t.Fatalf("outbox rows from %s: %v, want one", template, found)
	}
	return found[0]
}

// runStdin runs one command line with stdin as its standard input.
func (e *env) runStdin(stdin string, args ...string) (code int, stdout, stderr string) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, now: func() time.Time { return e.now }}
	code = a.main(context.Background(), args)
	return code, out.String(), errOut.String()
}

// change opens e's database for a test to write what no command does.
func (e *env) change(f func(ctx context.Context, tx *store.Tx) error) {
	e.t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, config.DefaultDatabasePath())
	if err != nil {
		e.t.Fatal(err)
	}
	defer st.Close()
	if err := st.WithTx(ctx, func(tx *store.Tx) error { return f(ctx, tx) }); err != nil {
		e.t.Fatal(err)
	}
}

// insert stores o, with a Message-ID when unset, and returns its ID.
func (e *env) insert(o store.Outgoing) int64 {
	e.t.Helper()
	if o.MessageID == "" {
		o.MessageID = "test-" + strconv.Itoa(int(e.now.UnixNano())) + "-" + o.Status + "@example.com"
	}
	e.change(func(ctx context.Context, tx *store.Tx) error {
		if err := tx.InsertOutgoing(ctx, &o, e.now); err != nil || o.LastError == "" {
			return err
		}
		// InsertOutgoing starts without an error, as the sender records it.
		return tx.MoveOutgoing(ctx, o.ID, []string{o.Status}, store.OutboxChange{To: o.Status, LastError: o.LastError}, e.now)
	})
	return o.ID
}

// TestOutboxApproveFlow drafts a request, finds it in the list, approves
// it and sees it approved, the contact still waiting for the send.
func TestOutboxApproveFlow(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("import", "testdata/Connections.csv")
	e.ok("draft", "jane")

	out := e.ok("outbox", "list")
	wantContains(t, "outbox list", out, "ID", "STATUS", "TEMPLATE", "TO", "SUBJECT",
		"1   draft", "request", "Jane Doe <jane@acme.example>", "Your work at Acme Robotics", "waiting for your approval",
		"notice_approve (notice)")

	out = e.ok("outbox", "approve", "1")
	wantContains(t, "approve", out, `approved outbox 1, request to Jane Doe <jane@acme.example>: "Your work at Acme Robotics"`)
	if r := e.row(1); r.Status != "approved" {
		t.Fatalf("after approve outbox 1 is %s, want approved", r.Status)
	}
	if c := e.listJSON()[0]; c.Status != "drafted" {
		t.Errorf("after approve Jane is %s, want drafted until the request leaves", c.Status)
	}
	code, _, errOut := e.run("outbox", "approve", "1")
	if code != 1 || !strings.Contains(errOut, "outbox 1 is approved; only drafts can be approved") {
		t.Errorf("approving twice: exit %d, %q", code, errOut)
	}
}

// TestOutboxThankYouNeedsEdit: the thank-you holds placeholders only the
// owner can fill, so it cannot be approved until they are replaced.
func TestOutboxThankYouNeedsEdit(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("mark", "1", "met")
	id := e.find(1, "thank_you")
	ids := strconv.FormatInt(id, 10)

	wantContains(t, "list", e.ok("outbox", "list"), "replace [what I learned]")
	wantContains(t, "show", e.ok("outbox", "show", ids), "Placeholders:", "[what I learned] (replace it: rapport outbox edit "+ids+")")

	code, out, errOut := e.run("outbox", "approve", ids)
	if code != 1 || out != "" {
		t.Fatalf("approve of the thank-you: exit %d, %q; want 1", code, out)
	}
	wantContains(t, "approve stderr", errOut, "draft "+ids+" still holds [what I learned]: replace it before sending (rapport outbox edit "+ids+")")

	// Half done: the owner left a placeholder of their own, so it stays a draft.
	body := strings.Replace(e.row(id).Body, "[what I learned]", "how test rigs are built, and [how it helped]", 1)
	half := writeFile(t, e.dir, "half.txt", body)
	code, out, errOut = e.run("outbox", "edit", ids, "--body-file", half)
	if code != 0 {
		t.Fatalf("edit --body-file: exit %d, %q", code, errOut)
	}
	wantContains(t, "edit", out, "outbox "+ids+": body saved; it is a draft")
	wantContains(t, "edit warning", errOut, "warning: outbox "+ids+" still holds [how it helped], so it stays a draft until you replace it")
	if code, _, errOut := e.run("outbox", "approve", ids); code != 1 || !strings.Contains(errOut, "still holds [how it helped]") {
		t.Fatalf("approve with one placeholder left: exit %d, %q", code, errOut)
	}

	// From standard input, with a new subject too.
	body = strings.Replace(body, "[how it helped]", "changed how I look for work", 1)
	code, out, errOut = e.runStdin(body, "outbox", "edit", ids, "--body-file", "-", "--subject", "Thank you, Kim")
	if code != 0 || errOut != "" {
		t.Fatalf("edit --body-file -: exit %d, %q", code, errOut)
	}
	wantContains(t, "edit", out, "subject and body saved; it is a draft: approve it with rapport outbox approve "+ids)
	e.ok("outbox", "approve", ids)
	if r := e.row(id); r.Status != "approved" || r.Subject != "Thank you, Kim" || !strings.Contains(r.Body, "how test rigs are built") || len(r.Placeholders) != 0 {
		t.Fatalf("after edit and approve = %+v", r)
	}

	// Editing an approved message back to a placeholder makes it a draft.
	again := writeFile(t, e.dir, "again.txt", "Hi Kim,\n\n[one more thing]\n")
	code, _, errOut = e.run("outbox", "edit", ids, "--body-file", again)
	if code != 0 || !strings.Contains(errOut, "still holds [one more thing], so it stays a draft") {
		t.Fatalf("edit of an approved message to a placeholder: exit %d, %q", code, errOut)
	}
	if r := e.row(id); r.Status != "draft" {
		t.Fatalf("approved message edited to hold a placeholder is %s, want draft", r.Status)
	}
	if out := e.ok("outbox", "edit", ids, "--body-file", again); !strings.Contains(out, "unchanged; nothing saved") {
		t.Fatalf("the same body again: %q, want unchanged", out)
	}
}

// editorScript writes a shell script for $EDITOR that runs cmd on the file.
func editorScript(t *testing.T, e *env, name, cmd string) string {
	t.Helper()
	p := writeFile(t, e.dir, name, "#!/bin/sh\n"+cmd+"\n")
	if err := os.Chmod(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOutboxEditInEditor(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	t.Setenv("TMPDIR", filepath.Join(e.dir, "tmp"))
	if err := os.Mkdir(filepath.Join(e.dir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("mark", "1", "met")
	ids := strconv.FormatInt(e.find(1, "thank_you"), 10)
	before := e.row(e.find(1, "thank_you"))

	t.Setenv("EDITOR", "true")
	wantContains(t, "untouched edit", e.ok("outbox", "edit", ids), "outbox "+ids+" unchanged; nothing saved")

	t.Setenv("EDITOR", editorScript(t, e, "fill.sh",
		`sed -i -e 's/\[what I learned\]/how rigs are tested/' -e 's/\[how it helped\]/helped/' -e 's/^Subject: .*/Subject: Thanks, Kim/' "$1"`))
	code, out, errOut := e.run("outbox", "edit", ids)
	if code != 0 || errOut != "" {
		t.Fatalf("edit in the editor: exit %d, %q", code, errOut)
	}
	wantContains(t, "edit", out, "subject and body saved")
	r := e.row(before.ID)
	if r.Subject != "Thanks, Kim" || len(r.Placeholders) != 0 || !strings.Contains(r.Body, "how rigs are tested") ||
		r.Body != outbox.SavedBody(strings.NewReplacer("[what I learned]", "how rigs are tested", "[how it helped]", "helped").Replace(before.Body)) {
		t.Fatalf("after the editor: subject %q, body %q", r.Subject, r.Body)
	}

	t.Setenv("EDITOR", editorScript(t, e, "garble.sh", `echo "Dear Kim" > "$1"`))
	code, _, errOut = e.run("outbox", "edit", ids)
	if code != 1 || !strings.Contains(errOut, `the first line must be "Subject: …"`) || !strings.Contains(errOut, "your text is kept in ") {
		t.Fatalf("edit without a Subject line: exit %d, %q", code, errOut)
	}
	kept := strings.TrimSuffix(errOut[strings.Index(errOut, "your text is kept in ")+len("your text is kept in "):], ")\n")
	if b, err := os.ReadFile(kept); err != nil || string(b) != "Dear Kim\n" {
		t.Fatalf("kept file %s = %q, %v", kept, b, err)
	}
	if got := e.row(before.ID); got.Subject != r.Subject || got.Body != r.Body {
		t.Fatalf("a refused edit changed the message: %+v", got)
	}

	t.Setenv("EDITOR", "false")
	if code, _, errOut := e.run("outbox", "edit", ids); code != 1 || !strings.Contains(errOut, `the editor "false" failed`) {
		t.Fatalf("failing editor: exit %d, %q", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(e.dir, "tmp", "*")); len(left) != 1 {
		t.Errorf("temporary files left: %v, want only the kept one", left)
	}
}

func TestOutboxSkipResendSent(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("import", "testdata/Connections.csv")
	e.ok("draft", "jane") // outbox 1, notice 2
	e.ok("draft", "3")    // outbox 3, notice 4

	out := e.ok("outbox", "skip", "3")
	wantContains(t, "skip", out, "skipped outbox 3, request to Zoë Ångström <zoe@atlanta.example>")
	if r := e.row(3); r.Status != "skipped" {
		t.Fatalf("after skip outbox 3 is %s", r.Status)
	}
	if code, _, errOut := e.run("outbox", "skip", "3"); code != 1 || !strings.Contains(errOut, "outbox 3 is skipped; only drafts and approved messages not yet sending can be skipped") {
		t.Fatalf("skip twice: exit %d, %q", code, errOut)
	}
	for _, r := range e.outboxJSON() {
		if r.ID == 3 {
			t.Errorf("outbox list shows the skipped message: %+v", r)
		}
	}

	// A failed message, as the sender leaves it, is sent again on the
	// owner's word.
	failed := e.insert(store.Outgoing{ContactID: 1, Template: "nudge", Status: store.OutboxFailed, To: "jane@acme.example",
		Subject: "Re: Your work", Body: "Hi again\n", LastError: "550 5.7.1 rejected:\nmessage looks like spam, try again later from a better host please"})
	fid := strconv.FormatInt(failed, 10)
	wantContains(t, "list", e.ok("outbox", "list"), fid+"   failed", "550 5.7.1 rejected: message looks like spam, try again late…")
	wantContains(t, "resend", e.ok("outbox", "resend", fid), "outbox "+fid+" (nudge) approved again")
	if r := e.row(failed); r.Status != "approved" || r.LastError != "resent by the owner" {
		t.Fatalf("after resend = %+v", r)
	}
	if code, _, errOut := e.run("outbox", "resend", fid); code != 1 || !strings.Contains(errOut, "outbox "+fid+" is approved; only failed or uncertain messages can be resent") {
		t.Fatalf("resend of an approved message: exit %d, %q", code, errOut)
	}

	// Jane's request went out but the sender could not tell: the owner
	// confirms it arrived, and Jane moves on to requested.
	e.ok("outbox", "approve", "1")
	e.change(func(ctx context.Context, tx *store.Tx) error {
		return tx.MoveOutgoing(ctx, 1, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxUncertain, LastError: "connection lost after DATA"}, e.now)
	})
	wantContains(t, "list", e.ok("outbox", "list", "--status", "uncertain"), "1   uncertain", "connection lost after DATA")
	out = e.ok("outbox", "sent", "1")
	wantContains(t, "sent", out, "outbox 1 recorded as sent", "#1 Jane Doe: requested")
	if c := e.listJSON()[0]; c.Status != "requested" {
		t.Fatalf("after outbox sent Jane is %s, want requested", c.Status)
	}
	if r := e.row(1); r.Status != "sent" || r.SentAt == nil || !r.SentAt.Equal(e.now) {
		t.Fatalf("after outbox sent = %+v", r)
	}
	if code, _, errOut := e.run("outbox", "sent", "1"); code != 1 || !strings.Contains(errOut, "outbox 1 is sent; only uncertain messages can be confirmed as sent") {
		t.Fatalf("sent twice: exit %d, %q", code, errOut)
	}

	// The workflow refuses when the contact moved on meanwhile: the mail
	// still counts as sent, and the note says why the contact stayed.
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("draft", "kim")
	kim := e.find(4, "request")
	e.ok("outbox", "approve", strconv.FormatInt(kim, 10))
	e.change(func(ctx context.Context, tx *store.Tx) error {
		return tx.MoveOutgoing(ctx, kim, []string{store.OutboxApproved}, store.OutboxChange{To: store.OutboxUncertain, LastError: "timeout"}, e.now)
	})
	e.ok("mark", "kim", "drop")
	out = e.ok("outbox", "sent", strconv.FormatInt(kim, 10))
	wantContains(t, "sent after drop", out, "recorded as sent", "#4 Kim Park: dropped",
		`note: the contact's status did not change: cannot apply "request sent" to a contact in status "dropped"`)
	if r := e.row(kim); r.Status != "sent" {
		t.Fatalf("confirmed message is %s, want sent", r.Status)
	}
}

func TestOutboxShow(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("import", "testdata/Connections.csv")
	e.ok("draft", "jane")
	req := e.row(1)

	out := e.ok("outbox", "show", "1")
	wantContains(t, "show", out, "outbox 1: draft\n", "Template:", "request, to a contact", "Contact:", "#1 Jane Doe (drafted)",
		"Message-ID:", "<"+req.MessageID+">", `To:          Jane Doe <jane@acme.example>`, "Subject:     Your work at Acme Robotics",
		"Created:     Mon 23 Nov 2026 10:30 CET", "Next:        approve it with rapport outbox approve 1",
		"\n\nHi Jane,\n", "My name is Alex Example.")
	wantContains(t, "show notice", e.ok("outbox", "show", "2"), "notice_approve, to you (a notice)", "About:", "outbox 1",
		"To:          Alex Example <alex@example.com>")

	raw := e.ok("outbox", "show", "1", "--raw")
	wantContains(t, "raw", raw, "Message-ID: <"+req.MessageID+">\r\n", "Subject: Your work at Acme Robotics\r\n",
		"To: \"Jane Doe\" <jane@acme.example>\r\n", "From: \"Alex Example\" <alex@example.com>\r\n",
		"Date: Mon, 23 Nov 2026 10:30:00 +0100\r\n", "Content-Transfer-Encoding: quoted-printable\r\n", "\r\n\r\nHi Jane,\r\n")

	// Bcc is an envelope recipient only: shown to the owner, never in the
	// bytes.
	id := e.insert(store.Outgoing{ContactID: 1, Template: "intro_reply", Status: store.OutboxDraft,
		To: `"Jane Doe" <jane@acme.example>`, Bcc: "archive@example.com", Subject: "Hello", Body: "Hi\n"})
	ids := strconv.FormatInt(id, 10)
	wantContains(t, "show with Bcc", e.ok("outbox", "show", ids), "Bcc:         archive@example.com")
	raw = e.ok("outbox", "show", ids, "--raw")
	if strings.Contains(strings.ToLower(raw), "bcc") || strings.Contains(raw, "archive@example.com") {
		t.Fatalf("show --raw writes the Bcc:\n%s", raw)
	}
	wantContains(t, "raw with Bcc", raw, "To: \"Jane Doe\" <jane@acme.example>\r\n", "Subject: Hello\r\n")

	if r := e.row(id); r.Bcc != "archive@example.com" || r.Notice || r.Audience != "contact" {
		t.Errorf("show --json = %+v", r)
	}
}

func TestOutboxListFilters(t *testing.T) {
	e := newEnv(t)
	writeOwnerConfig(t, e, "")
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	for _, o := range []store.Outgoing{
		{Status: store.OutboxApproved, NotBefore: at},
		{Status: store.OutboxSent},
		{Status: store.OutboxSkipped},
		{Status: store.OutboxSending},
		{Status: store.OutboxDraft},
	} {
		o.ContactID, o.Template, o.To, o.Subject, o.Body = 1, "nudge", "kim@example.com", "Re: "+o.Status, "Hi\n"
		e.insert(o)
	}
	out := e.ok("outbox", "list")
	wantContains(t, "list", out, "not before Tue 24 Nov 2026 09:00 CET", "Re: sending", "Re: draft")
	for _, gone := range []string{"Re: sent", "Re: skipped"} {
		if strings.Contains(out, gone) {
			t.Errorf("outbox list shows %q:\n%s", gone, out)
		}
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"approved", "sending", "draft"}},
		{[]string{"--all"}, []string{"approved", "sent", "skipped", "sending", "draft"}},
		{[]string{"--status", "sent,Skipped"}, []string{"sent", "skipped"}},
		{[]string{"--status", "cancelled"}, nil},
	} {
		var got []string
		for _, r := range e.outboxJSON(tt.args...) {
			got = append(got, r.Status)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("outbox list %v = %v, want %v", tt.args, got, tt.want)
		}
	}
	if code, out, errOut := e.run("outbox", "list", "--status", "cancelled"); code != 0 || out != "" || !strings.Contains(errOut, "nothing in the outbox in those statuses") {
		t.Errorf("empty list: exit %d, %q, %q", code, out, errOut)
	}
}

func TestOutboxErrors(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("draft", "kim") // outbox 1, and its notice 2
	e.ok("add", "--name", "Lee Chan", "--email", "lee@example.com")
	e.ok("draft", "lee") // outbox 3
	e.ok("outbox", "approve", "3")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"outbox"}, 2, "give a subcommand: list, show"},
		{[]string{"outbox", "send", "1"}, 2, `unknown subcommand "send"`},
		{[]string{"outbox", "show"}, 2, "show takes one outbox ID"},
		{[]string{"outbox", "show", "#1"}, 2, `"#1" is not an outbox ID`},
		{[]string{"outbox", "show", "1", "--raw", "--json"}, 2, "--raw and --json do not go together"},
		{[]string{"outbox", "approve"}, 2, "give the ID of each message to approve"},
		{[]string{"outbox", "resend", "1", "2"}, 2, "resend takes one outbox ID"},
		{[]string{"outbox", "list", "--raw"}, 2, "--raw does not go with outbox list"},
		{[]string{"outbox", "approve", "1", "--subject", "x"}, 2, "--subject does not go with outbox approve"},
		{[]string{"outbox", "list", "--status", "queued"}, 2, `unknown status "queued"`},
		{[]string{"outbox", "list", "--status", "sent", "--all"}, 2, "--status and --all do not go together"},
		{[]string{"outbox", "edit", "1", "--subject", " "}, 2, "--subject is empty"},
		{[]string{"outbox", "show", "42"}, 1, "no outbox message 42 (see rapport outbox list --all)"},
		{[]string{"outbox", "approve", "42"}, 1, "no outbox message 42"},
		{[]string{"outbox", "edit", "42", "--subject", "x"}, 1, "no outbox message 42"},
		{[]string{"outbox", "skip", "42"}, 1, "no outbox message 42"},
		{[]string{"outbox", "resend", "42"}, 1, "no outbox message 42"},
		{[]string{"outbox", "sent", "42"}, 1, "no outbox message 42"},
		{[]string{"outbox", "approve", "3"}, 1, "outbox 3 is approved; only drafts can be approved"},
		{[]string{"outbox", "resend", "1"}, 1, "outbox 1 is draft; only failed or uncertain messages can be resent (approve it with rapport outbox approve 1)"},
		{[]string{"outbox", "sent", "1"}, 1, "outbox 1 is draft; only uncertain messages can be confirmed as sent"},
		{[]string{"outbox", "edit", "1", "--body-file", "/nonexistent/body.txt"}, 1, "read the new body (--body-file)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := e.run(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("rapport %v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
			}
		})
	}
	// No configuration since the draft was written: no From address.
	if err := os.Remove(filepath.Join(e.dir, "config", "rapport", "config.toml")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := e.run("outbox", "show", "1", "--raw"); code != 1 || !strings.Contains(errOut, "--raw needs the From address: set owner.addresses") {
		t.Errorf("outbox show 1 --raw without an owner address: exit %d, %q", code, errOut)
	}
	writeOwner(t, e)
	e.ok("outbox", "skip", "1")
	for _, args := range [][]string{{"approve", "1"}, {"edit", "1", "--subject", "x"}} {
		code, _, errOut := e.run(append([]string{"outbox"}, args...)...)
		if code != 1 || !strings.Contains(errOut, "outbox 1 is skipped; only") {
			t.Errorf("outbox %v of a skipped message: exit %d, %q", args, code, errOut)
		}
	}
	// Several IDs: the good ones are done, the bad ones named.
	e.ok("mark", "kim", "met")
	ty := e.find(1, "thank_you")
	code, out, errOut := e.run("outbox", "approve", strconv.FormatInt(ty, 10), "1", "99")
	if code != 1 || out != "" {
		t.Fatalf("approve of three bad IDs: exit %d, %q", code, out)
	}
	wantContains(t, "stderr", errOut, "still holds [what I learned]", "outbox 1 is skipped", "no outbox message 99", "3 of 3 not approved")
}
