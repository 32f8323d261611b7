package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
)

// editSource is where outbox edit takes the new text from: the flags, or
// the owner's editor when neither is given.
type editSource struct {
	subject  *string // --subject, nil when not given
	bodyFile string  // --body-file: a path, "-" for standard input, "" when not given
}

// editFlags checks --subject and --body-file; set says which were given.
func editFlags(set map[string]bool, subject, bodyFile string) (editSource, error) {
	var e editSource
	if set["subject"] {
		subject = strings.TrimSpace(subject)
		switch {
		case subject == "":
			return e, usagef("--subject is empty; a message needs a subject")
		case strings.ContainsAny(subject, "\r\n"):
			return e, usagef("--subject must be one line")
		}
		e.subject = &subject
	}
	if set["body-file"] && bodyFile == "" {
		return e, usagef("--body-file needs a FILE, or - for standard input")
	}
	e.bodyFile = bodyFile
	return e, nil
}

// outboxEdit replaces the subject and/or body of message id, from the
// flags or from the owner's editor, through outbox.Revise. The editor
// runs outside any transaction; Revise checks that nobody changed the
// message meanwhile. The editor's file is kept when its text is not
// saved, and said where.
func outboxEdit(ctx context.Context, a *app, s *session, id int64, src editSource) error {
	o, err := outbox.Check(ctx, s.store.Read(), id, outbox.ChangeEdit)
	if err != nil {
		return err
	}
	subject, body, kept := o.Subject, o.Body, ""
	switch {
	case src.subject == nil && src.bodyFile == "":
		if subject, body, kept, err = editInEditor(a, o); err != nil {
			return err
		}
	case src.bodyFile == "-":
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return fmt.Errorf("read the new body (--body-file): %w", err)
		}
		body = string(b)
	case src.bodyFile != "":
		b, err := os.ReadFile(src.bodyFile)
		if err != nil {
			return fmt.Errorf("read the new body (--body-file): %w", err)
		}
		body = string(b)
	}
	if src.subject != nil {
		subject = *src.subject
	}
	var edited *store.Outgoing
	var what []string
	err = s.store.WithTx(ctx, func(tx *store.Tx) (err error) {
		edited, what, err = outbox.Revise(ctx, tx, o, subject, body, a.now())
		return err
	})
	if err != nil {
		return keptErr(err, kept)
	}
	if kept != "" {
		os.Remove(kept)
	}
	if len(what) == 0 {
		fmt.Fprintf(a.stdout, "outbox %d unchanged; nothing saved\n", id)
		return nil
	}
	state := fmt.Sprintf("it is a draft: approve it with rapport outbox approve %d", id)
	ph := templates.Placeholders(edited.Body)
	switch {
	case edited.Status == store.OutboxApproved:
		state = "still approved: it leaves within the send window while rapport run is running"
	case len(ph) > 0:
		state = "it is a draft"
	}
	fmt.Fprintf(a.stdout, "outbox %d: %s saved; %s\n", id, strings.Join(what, " and "), state)
	if len(ph) > 0 {
		fmt.Fprintf(a.stderr, "warning: outbox %d still holds %s, so it stays a draft until you replace %s (rapport outbox edit %d)\n",
			id, strings.Join(ph, ", "), map[bool]string{true: "it", false: "them"}[len(ph) == 1], id)
	}
	return nil
}

// keptErr adds where the owner's text was kept to err.
func keptErr(err error, kept string) error {
	if kept == "" {
		return err
	}
	return fmt.Errorf("%w\n(your text is kept in %s)", err, kept)
}

// chooseEditor returns the owner's editor, as other Unix programs
// (git, crontab, less) choose it: $VISUAL, the full-screen editor, else
// $EDITOR, else vi.
func chooseEditor() string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(os.Getenv(v)); e != "" {
			return e
		}
	}
	return "vi"
}

// editInEditor opens the owner's editor (chooseEditor) on a temporary
// file holding o as outbox.EditText writes it, and reads it back with
// outbox.ParseEdited. It returns the file's path, which the caller
// removes once the text is saved; it removes the file itself when the
// editor fails.
func editInEditor(a *app, o *store.Outgoing) (subject, body, path string, err error) {
	f, err := os.CreateTemp("", fmt.Sprintf("rapport-outbox-%d-*.txt", o.ID))
	if err != nil {
		return "", "", "", fmt.Errorf("create a file to edit: %w", err)
	}
	path = f.Name()
	_, err = f.WriteString(outbox.EditText(o))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", "", "", fmt.Errorf("write %s: %w", path, err)
	}
	editor := chooseEditor()
	// Through the shell, so that the variable may hold arguments ("code --wait").
	// Not bound to ctx: Ctrl-C in the editor must not kill it.
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = a.stdin, a.stdout, a.stderr
	if err := cmd.Run(); err != nil {
		os.Remove(path)
		return "", "", "", fmt.Errorf("the editor %q failed: %w; nothing saved (set $VISUAL or $EDITOR to the editor you use)", editor, err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return "", "", "", fmt.Errorf("read back %s: %w", path, err)
	}
	if subject, body, err = outbox.ParseEdited(string(text)); err != nil {
		return "", "", "", keptErr(fmt.Errorf("%w, so nothing was saved", err), path)
	}
	return subject, body, path, nil
}
