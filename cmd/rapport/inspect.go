package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"rapport/mail/classify"
)

// runInspect prints what the classifier understands of raw messages: one
// block of aligned "key: value" lines per file, or with --json one JSON
// object per line. "-" reads standard input. A file that cannot be read
// is reported on stderr and makes the command fail after the others are
// printed; anything that can be read is printed, even when malformed.
func runInspect(ctx context.Context, a *app, args []string) error {
	fs := a.flags("inspect")
	asJSON := fs.Bool("json", false, "print one JSON object per file, one per line")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("which messages? give one or more .eml files (- for standard input)")
	}
	failed, printed := 0, 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := inspectRead(a, name)
		if err != nil {
			fmt.Fprintf(a.stderr, "rapport inspect: %v\n", err)
			failed++
			continue
		}
		m := classify.Parse(raw)
		if *asJSON {
			if err := writeInspectJSON(a.stdout, name, m); err != nil {
				return err
			}
			continue
		}
		if printed > 0 {
			fmt.Fprintln(a.stdout)
		}
		printInspectFields(a.stdout, inspectFields(name, m))
		printed++
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d file(s) could not be read", failed, len(files))
	}
	return nil
}

// inspectRead reads a file, or standard input for "-".
func inspectRead(a *app, name string) ([]byte, error) {
	if name == "-" {
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return b, nil
	}
	return os.ReadFile(name)
}

// inspectJSON is one line of inspect --json: the file name and the
// classifier's Message.
type inspectJSON struct {
	File string `json:"file"`
	*classify.Message
}

func writeInspectJSON(w io.Writer, name string, m *classify.Message) error {
	enc := json.NewEncoder(w) // one line per object: no indent
	enc.SetEscapeHTML(false)
	if err := enc.Encode(inspectJSON{File: name, Message: m}); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// inspectField is one "key: value" line of the human output.
type inspectField struct{ key, value string }

// inspectFields lists what inspect shows of m, leaving out empty values.
func inspectFields(name string, m *classify.Message) []inspectField {
	var out []inspectField
	add := func(key, value string) {
		if value != "" {
			out = append(out, inspectField{key, value})
		}
	}
	add("file", name)
	add("kind", string(m.Kind))
	add("reason", m.Reason)
	add("from", inspectAddress(m.From))
	add("to", inspectAddresses(m.To))
	add("cc", inspectAddresses(m.Cc))
	add("subject", m.Subject)
	add("date", inspectTime(m.Date))
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
		add("calendar.start", inspectTime(c.Start))
		add("calendar.end", inspectTime(c.End))
		add("calendar.organizer", c.Organizer)
		add("calendar.summary", c.Summary)
		add("calendar.location", c.Location)
		add("calendar.url", c.URL)
	}
	if f := m.Forward; f != nil {
		add("forward.attached", strconv.FormatBool(f.Attached))
		add("forward.from", inspectAddress(f.From))
		add("forward.subject", f.Subject)
		add("forward.date", inspectTime(f.Date))
	}
	return out
}

// printInspectFields prints key: value lines with the values aligned.
func printInspectFields(w io.Writer, fields []inspectField) {
	width := 0
	for _, f := range fields {
		width = max(width, len(f.key))
	}
	for _, f := range fields {
		fmt.Fprintf(w, "%-*s %s\n", width+1, f.key+":", inspectLine(f.value))
	}
}

func inspectAddress(a classify.Address) string {
	switch {
	case a.Email == "":
		return a.Name
	case a.Name == "":
		return a.Email
	}
	return fmt.Sprintf("%s <%s>", a.Name, a.Email)
}

func inspectAddresses(list []classify.Address) string {
	var parts []string
	for _, a := range list {
		parts = append(parts, inspectAddress(a))
	}
	return strings.Join(parts, ", ")
}

// inspectTime shows a time as RFC 3339 with its own offset; "" for zero.
func inspectTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// inspectLine keeps a value on its line, whatever the message put in it.
func inspectLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
