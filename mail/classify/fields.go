package classify

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Field is one labelled value of a Message, as "rapport inspect" shows it.
type Field struct {
	// Key is the value's JSON name; a detail of a part is dotted below the
	// part's name ("bounce.status").
	Key string
	// Value is never "". It is the text as the message gave it, which may
	// hold line breaks.
	Value string
}

// Fields lists what a person would look at in m, in a fixed order: the
// kind and its reason, the envelope, then the details of a bounce, an
// automatic answer, a calendar part and a forward, when m has them. Empty
// values are left out. Addresses are written "Name <email>", times in RFC
// 3339 with their own UTC offset, dates as YYYY-MM-DD, lists joined.
func Fields(m *Message) []Field {
	var out []Field
	add := func(key, value string) {
		if value != "" {
			out = append(out, Field{key, value})
		}
	}
	add("kind", string(m.Kind))
	add("reason", m.Reason)
	add("from", fieldAddress(m.From))
	add("to", fieldAddresses(m.To))
	add("cc", fieldAddresses(m.Cc))
	add("subject", m.Subject)
	add("date", fieldTime(m.Date))
	add("message_id", m.MessageID)
	add("in_reply_to", strings.Join(m.InReplyTo, " "))
	add("references", strings.Join(m.References, " "))
	if b := m.Bounce; b != nil {
		add("bounce.recipients", strings.Join(b.Recipients, ", "))
		add("bounce.action", b.Action)
		add("bounce.status", b.Status)
		add("bounce.permanent", strconv.FormatBool(b.Permanent))
		add("bounce.diagnostic", b.Diagnostic)
		add("bounce.original_message_id", b.OriginalMessageID)
	}
	if r := m.AutoReply; r != nil {
		if !r.ReturnDate.IsZero() {
			add("auto_reply.return_date", r.ReturnDate.Format(time.DateOnly))
		}
		if r.Receipt {
			add("auto_reply.receipt", "true")
		}
	}
	if c := m.Calendar; c != nil {
		add("calendar.method", c.Method)
		add("calendar.uid", c.UID)
		add("calendar.sequence", strconv.Itoa(c.Sequence))
		add("calendar.status", c.Status)
		add("calendar.start", fieldTime(c.Start))
		add("calendar.end", fieldTime(c.End))
		add("calendar.organizer", c.Organizer)
		add("calendar.summary", c.Summary)
		add("calendar.location", c.Location)
		add("calendar.url", c.URL)
	}
	if f := m.Forward; f != nil {
		add("forward.attached", strconv.FormatBool(f.Attached))
		add("forward.from", fieldAddress(f.From))
		add("forward.subject", f.Subject)
		add("forward.date", fieldTime(f.Date))
	}
	return out
}

func fieldAddress(a Address) string {
	switch {
	case a.Email == "":
		return a.Name
	case a.Name == "":
		return a.Email
	}
	return fmt.Sprintf("%s <%s>", a.Name, a.Email)
}

func fieldAddresses(list []Address) string {
	var parts []string
	for _, a := range list {
		parts = append(parts, fieldAddress(a))
	}
	return strings.Join(parts, ", ")
}

// fieldTime is t in RFC 3339 with its own offset; "" for the zero time.
func fieldTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
