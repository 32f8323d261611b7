package outbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/store"
)

// The owner's changes to an outbox message, by name. Each starts from its
// own statuses, and Approve, Skip, Edit and Resend refuse the others with
// a *StatusError, as Check does.
const (
	ChangeApprove = "approve" // a draft goes out (Approve)
	ChangeSkip    = "skip"    // a draft or an approved message is withdrawn (Skip)
	ChangeEdit    = "edit"    // a draft or an approved message gets new words (Edit, Revise)
	ChangeResend  = "resend"  // a failed or uncertain message is approved again (Resend)
	ChangeSent    = "sent"    // an uncertain message arrived after all (contacts.Tracker.MarkSent)
)

var changes = map[string]struct {
	from []string
	only string
}{
	ChangeApprove: {[]string{store.OutboxDraft}, "only drafts can be approved"},
	ChangeSkip:    {[]string{store.OutboxDraft, store.OutboxApproved}, "only drafts and approved messages not yet sending can be skipped"},
	ChangeEdit:    {[]string{store.OutboxDraft, store.OutboxApproved}, "only drafts and approved messages not yet sending can be edited"},
	ChangeResend:  {[]string{store.OutboxFailed, store.OutboxUncertain}, "only failed or uncertain messages can be resent"},
	ChangeSent:    {[]string{store.OutboxUncertain}, "only uncertain messages can be confirmed as sent"},
}

// Pending are the statuses of the messages that need the owner or are
// still on their way: what the owner looks at by default.
var Pending = []string{store.OutboxDraft, store.OutboxApproved, store.OutboxSending, store.OutboxUncertain, store.OutboxFailed}

// StatusError refuses a change to a message that is not in a status the
// change starts from. It wraps store.ErrOutboxChanged.
type StatusError struct {
	Outgoing *store.Outgoing // the message, as it stands
	Only     string          // which messages the change is for: "only drafts can be approved"
}

// Error says so, with what can be done instead: "outbox 12 is sent; only
// drafts can be approved".
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("outbox %d is %s; %s", e.Outgoing.ID, e.Outgoing.Status, e.Only)
	if hint := Hint(e.Outgoing); hint != "" {
		msg += " (" + hint + ")"
	}
	return msg
}

// Unwrap returns store.ErrOutboxChanged: callers that only tell "not in
// the status expected" keep working.
func (e *StatusError) Unwrap() error { return store.ErrOutboxChanged }

// missingError names the message that is not there; it wraps
// store.ErrNotFound.
type missingError int64

func (e missingError) Error() string {
	return fmt.Sprintf("no outbox message %d (see rapport outbox list --all)", int64(e))
}

func (e missingError) Unwrap() error { return store.ErrNotFound }

// Get returns message id, or an error wrapping store.ErrNotFound that
// names it and says where to look. It only reads tx.
func Get(ctx context.Context, tx *store.Tx, id int64) (*store.Outgoing, error) {
	o, err := tx.Outgoing(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, missingError(id)
	}
	return o, err
}

// Check returns message id when change (ChangeApprove …) may start from
// its status; else a *StatusError, or Get's error. It only reads tx.
func Check(ctx context.Context, tx *store.Tx, id int64, change string) (*store.Outgoing, error) {
	o, err := Get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if c, ok := changes[change]; !ok || !slices.Contains(c.from, o.Status) {
		return nil, &StatusError{Outgoing: o, Only: c.only}
	}
	return o, nil
}

// Hint says what the owner can do with o in its status, as a command to
// run; "" when there is nothing to do.
func Hint(o *store.Outgoing) string {
	switch o.Status {
	case store.OutboxDraft:
		return fmt.Sprintf("approve it with rapport outbox approve %d", o.ID)
	case store.OutboxApproved:
		return "it leaves within the send window while rapport run is running"
	case store.OutboxSending:
		return "it is being handed to the mail server"
	case store.OutboxFailed:
		return fmt.Sprintf("send it again with rapport outbox resend %d", o.ID)
	case store.OutboxUncertain:
		return fmt.Sprintf("if it arrived, confirm with rapport outbox sent %d; if not, rapport outbox resend %d", o.ID, o.ID)
	}
	return ""
}

// EditText is message o as the owner edits it in a text editor:
// "Subject: …", a blank line, and the body. ParseEdited reads it back.
func EditText(o *store.Outgoing) string { return "Subject: " + o.Subject + "\n\n" + o.Body }

// ParseEdited reads back text written as EditText writes it: the subject
// from its first line ("Subject: …", blank lines before it allowed), the
// body from what follows the blank lines after it. It refuses an empty
// text, a first line that is no Subject, and an empty subject.
func ParseEdited(text string) (subject, body string, err error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return "", "", errors.New("the edited message is empty")
	}
	first, rest, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	name, value, ok := strings.Cut(first, ":")
	if !ok || !strings.EqualFold(strings.TrimSpace(name), "subject") {
		return "", "", fmt.Errorf("the first line must be \"Subject: …\", not %q", first)
	}
	if subject = strings.TrimSpace(value); subject == "" {
		return "", "", errors.New("the subject is empty")
	}
	return subject, strings.TrimLeft(rest, "\n"), nil
}

// SavedBody is a body as Revise saves it: LF line endings, no blank lines
// before or after, one final line break. Two bodies that differ only
// there are the same text.
func SavedBody(s string) string {
	return strings.Trim(strings.ReplaceAll(s, "\r\n", "\n"), "\n") + "\n"
}

// Revise saves the owner's edit of a message (rapport outbox edit): was
// is the message as it stood when they started, read perhaps outside tx
// (an editor may stay open a long time); subject and body are what they
// made of it, the body saved as SavedBody makes it. It returns the fields
// that changed ("subject", "body") and the message as saved; when nothing
// changed it writes nothing and returns was and no field. It refuses an
// empty body, a message no longer editable (a *StatusError), and one that
// somebody changed meanwhile, saving nothing.
func Revise(ctx context.Context, tx *store.Tx, was *store.Outgoing, subject, body string, now time.Time) (*store.Outgoing, []string, error) {
	if strings.TrimSpace(body) == "" {
		return nil, nil, fmt.Errorf("the new body is empty, so nothing was saved (to withdraw the message: rapport outbox skip %d)", was.ID)
	}
	var newSubject, newBody *string
	var what []string
	if subject != was.Subject {
		newSubject, what = &subject, append(what, "subject")
	}
	if b := SavedBody(body); b != SavedBody(was.Body) {
		newBody, what = &b, append(what, "body")
	}
	if len(what) == 0 {
		return was, nil, nil
	}
	cur, err := Check(ctx, tx, was.ID, ChangeEdit)
	if err != nil {
		return nil, nil, err
	}
	if cur.Subject != was.Subject || cur.Body != was.Body {
		return nil, nil, fmt.Errorf("outbox %d was changed elsewhere while you edited it, so nothing was saved (see rapport outbox show %d)", was.ID, was.ID)
	}
	edited, err := Edit(ctx, tx, was.ID, newSubject, newBody, now)
	return edited, what, err
}
