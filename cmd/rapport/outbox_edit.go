package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"rapport/outbox"
	"rapport/store"
	"rapport/templates"
)

// editSource is where outbox edit takes the new text from: the flags, or
// the owner's editor when neither is given.
type editSource struct {
	subject  *string // --subject, nil when not given
	bodyFile string  // --body-file: a path, "-" for standard input, "" when not given
}

func (e editSource) editor() bool { return e.subject == nil && e.bodyFile == "" }

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
	if set["body-file"] {
		if bodyFile == "" {
			return e, usagef("--body-file needs a FILE, or - for standard input")
		}
		e.bodyFile = bodyFile
	}
	return e, nil
}

const editOnly = "only drafts and approved messages not yet sending can be edited"

// outboxEdit replaces the subject and/or body of message id, from the
// flags or from the owner's editor. The editor runs outside any
// transaction; the save checks that nobody changed the message meanwhile.
func outboxEdit(ctx context.Context, a *app, s *session, id int64, src editSource) error {
	o, err := outboxRow(ctx, s.store.Read(), id, editable, editOnly)
	if err != nil {
		return err
	}
	subject, body := o.Subject, o.Body
	kept := "" // the editor's file, kept when what it holds cannot be saved
	if src.editor() {
		if subject, body, kept, err = editInEditor(a, o); err != nil {
			return err
		}
	} else {
		if src.subject != nil {
			subject = *src.subject
		}
		if src.bodyFile != "" {
			if body, err = readBodyFile(a, src.bodyFile); err != nil {
				return err
			}
		}
	}
	if strings.TrimSpace(body) == "" {
		return keptErr(fmt.Errorf("the new body is empty, so nothing was saved (to withdraw the message: rapport outbox skip %d)", id), kept)
	}
	var newSubject, newBody *string
	var what []string
	if subject != o.Subject {
		newSubject = &subject
		what = append(what, "subject")
	}
	if b := normBody(body); b != normBody(o.Body) {
		newBody = &b
		what = append(what, "body")
	}
	if len(what) == 0 {
		if kept != "" {
			os.Remove(kept)
		}
		fmt.Fprintf(a.stdout, "outbox %d unchanged; nothing saved\n", id)
		return nil
	}
	var edited *store.Outgoing
	err = s.store.WithTx(ctx, func(tx *store.Tx) error {
		cur, err := outboxRow(ctx, tx, id, editable, editOnly)
		if err != nil {
			return err
		}
		if cur.Subject != o.Subject || cur.Body != o.Body {
			return fmt.Errorf("outbox %d was changed elsewhere while you edited it, so nothing was saved (see rapport outbox show %d)", id, id)
		}
		edited, err = outbox.Edit(ctx, tx, id, newSubject, newBody, a.now())
		return changeErr(id, err)
	})
	if err != nil {
		return keptErr(err, kept)
	}
	if kept != "" {
		os.Remove(kept)
	}
	fmt.Fprintf(a.stdout, "outbox %d: %s saved; %s\n", id, strings.Join(what, " and "), editedState(edited))
	if ph := templates.Placeholders(edited.Body); len(ph) > 0 {
		fmt.Fprintf(a.stderr, "warning: outbox %d still holds %s, so it stays a draft until you replace %s (rapport outbox edit %d)\n",
			id, strings.Join(ph, ", "), map[bool]string{true: "it", false: "them"}[len(ph) == 1], id)
	}
	return nil
}

// editedState says where an edited message stands.
func editedState(o *store.Outgoing) string {
	if o.Status == store.OutboxApproved {
		return "still approved: it leaves within the send window while rapport run is running"
	}
	if len(templates.Placeholders(o.Body)) > 0 {
		return "it is a draft"
	}
	return fmt.Sprintf("it is a draft: approve it with rapport outbox approve %d", o.ID)
}

// keptErr adds where the owner's text was kept to err.
func keptErr(err error, kept string) error {
	if kept == "" {
		return err
	}
	return fmt.Errorf("%w\n(your text is kept in %s)", err, kept)
}

// readBodyFile reads a new body from path, or from standard input for "-".
func readBodyFile(a *app, path string) (string, error) {
	var (
		b   []byte
		err error
	)
	if path == "-" {
		b, err = io.ReadAll(a.stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", fmt.Errorf("read the new body (--body-file): %w", err)
	}
	return string(b), nil
}

// editInEditor opens $EDITOR (vi when unset) on a temporary file holding
// "Subject: …", a blank line and the body, and reads it back. It returns
// the file's path, which the caller removes once the text is saved; it
// removes the file itself when the editor fails.
func editInEditor(a *app, o *store.Outgoing) (subject, body, path string, err error) {
	f, err := os.CreateTemp("", fmt.Sprintf("rapport-outbox-%d-*.txt", o.ID))
	if err != nil {
		return "", "", "", fmt.Errorf("create a file to edit: %w", err)
	}
	path = f.Name()
	_, err = f.WriteString("Subject: " + o.Subject + "\n\n" + o.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", "", "", fmt.Errorf("write %s: %w", path, err)
	}
	editor := strings.TrimSpace(os.Getenv("EDITOR"))
	if editor == "" {
		editor = "vi"
	}
	// Through the shell, so that EDITOR may hold arguments ("code --wait").
	// Not bound to ctx: Ctrl-C in the editor must not kill it.
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = a.stdin, a.stdout, a.stderr
	if err := cmd.Run(); err != nil {
		os.Remove(path)
		return "", "", "", fmt.Errorf("the editor %q failed: %w; nothing saved (set $EDITOR to the editor you use)", editor, err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return "", "", "", fmt.Errorf("read back %s: %w", path, err)
	}
	if subject, body, err = parseEdited(string(text)); err != nil {
		return "", "", "", keptErr(fmt.Errorf("%w, so nothing was saved", err), path)
	}
	return subject, body, path, nil
}

// parseEdited reads "Subject: …" off the top of text; what follows the
// blank line after it is the body.
func parseEdited(text string) (subject, body string, err error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return "", "", errors.New("the edited message is empty")
	}
	first, rest, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	name, value, ok := strings.Cut(first, ":")
	if !ok || !strings.EqualFold(strings.TrimSpace(name), "subject") {
		return "", "", fmt.Errorf("the first line must be \"Subject: …\", not %q", first)
	}
	subject = strings.TrimSpace(value)
	if subject == "" {
		return "", "", errors.New("the subject is empty")
	}
	return subject, strings.TrimLeft(rest, "\n"), nil
}

// normBody is a body as it is saved: LF line endings, no blank lines
// before or after, one final line break. Two bodies that differ only
// there are the same text.
func normBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Trim(s, "\n") + "\n"
}
