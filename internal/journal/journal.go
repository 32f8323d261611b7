// Package journal writes rapport's log lines so that systemd's journal
// files each one at its own priority.
//
// A service whose standard error is connected to the journal may start
// each line with a priority prefix, "<3>" for an error up to "<7>" for
// debugging (sd-daemon(3)); the journal strips the prefix and files the
// line at that priority, so that "journalctl -p warning" shows warnings
// and errors and hides the rest. Without the prefix every line is filed
// at the stream's default, info. systemd says that standard error is the
// journal's by setting JOURNAL_STREAM to its device and inode numbers
// (systemd.exec(5)); anywhere else (a terminal, a file, a test) the lines
// stay as they were.
package journal

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
)

// Priority prefixes of sd-daemon(3), the syslog levels.
const (
	prefixErr     = "<3>"
	prefixWarning = "<4>"
	prefixInfo    = "<6>"
	prefixDebug   = "<7>"
)

// prefix returns the journal's priority prefix for a slog level: errors
// and above are errors, warnings warnings, info info, and anything below
// info debugging.
func prefix(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return prefixErr
	case l >= slog.LevelWarn:
		return prefixWarning
	case l >= slog.LevelInfo:
		return prefixInfo
	}
	return prefixDebug
}

// Options configure New.
type Options struct {
	// JSON writes JSON lines instead of slog's text lines.
	JSON bool
	// Level is the lowest level logged; nil means slog.LevelInfo.
	Level slog.Leveler
}

// New returns a logger writing one line per record to w: text, or JSON
// with o.JSON. When w is the journal's stream (Attached), each line starts
// with its priority prefix and carries no time, which the journal records
// itself; otherwise the lines are slog's own. It does no I/O but a
// stat(2) of w when w is a file.
func New(w io.Writer, o Options) *slog.Logger {
	return slog.New(NewHandler(w, o, Attached(w)))
}

// NewHandler returns the handler of New, with priority prefixes and
// without times when journal is set, as slog's own otherwise. Like slog's
// handlers it is safe for concurrent use and makes one Write per record.
func NewHandler(w io.Writer, o Options, journal bool) slog.Handler {
	opts := &slog.HandlerOptions{Level: o.Level}
	if !journal {
		if o.JSON {
			return slog.NewJSONHandler(w, opts)
		}
		return slog.NewTextHandler(w, opts)
	}
	opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	pw := &prefixWriter{w: w}
	var inner slog.Handler
	if o.JSON {
		inner = slog.NewJSONHandler(pw, opts)
	} else {
		inner = slog.NewTextHandler(pw, opts)
	}
	return &handler{inner: inner, pw: pw}
}

// handler hands each record to slog's handler, whose single Write goes
// through pw with the record's prefix. The prefix is set and the record
// written under pw's lock, so that concurrent records keep their own.
type handler struct {
	inner slog.Handler
	pw    *prefixWriter // shared with every handler derived by WithAttrs and WithGroup
}

// Enabled implements slog.Handler.
func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

// Handle implements slog.Handler.
func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	h.pw.mu.Lock()
	defer h.pw.mu.Unlock()
	h.pw.prefix = prefix(r.Level)
	return h.inner.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	return &handler{inner: h.inner.WithAttrs(as), pw: h.pw}
}

// WithGroup implements slog.Handler.
func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{inner: h.inner.WithGroup(name), pw: h.pw}
}

// prefixWriter writes each line it is given with the prefix of the
// record being handled. slog's handlers write a record in one call, as
// one line: a value holding a newline is quoted, so no line of a record
// goes out without its prefix.
type prefixWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    bytes.Buffer
}

// Write writes the prefix and p in one Write, so that the journal reads
// them as one line even when others write to the same stream.
func (pw *prefixWriter) Write(p []byte) (int, error) {
	pw.buf.Reset()
	pw.buf.WriteString(pw.prefix)
	pw.buf.Write(p)
	if _, err := pw.w.Write(pw.buf.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Attached reports whether w is the journal's stream: JOURNAL_STREAM is
// set to "DEVICE:INODE" and, when w is a file, the file is that stream
// (a shell started by a service and writing elsewhere inherits the
// variable, so the numbers are checked where they can be). A writer that
// is not a file is taken at the variable's word.
func Attached(w io.Writer) bool {
	return attached(w, os.Getenv("JOURNAL_STREAM"))
}

func attached(w io.Writer, env string) bool {
	dev, ino, ok := parseStream(env)
	if !ok {
		return false
	}
	f, isFile := w.(*os.File)
	if !isFile {
		return true
	}
	fdev, fino, err := devIno(f)
	if err != nil {
		return false
	}
	return fdev == dev && fino == ino
}

// PrintError writes text to w as one or more lines, each with the error
// priority prefix when w is the journal's stream (Attached): an error
// printed outside the logger (a command that fails before its logging
// starts, or the error it ends with) is filed as an error too. Write
// errors are ignored, as fmt.Fprintln's are where it is used.
func PrintError(w io.Writer, text string) {
	if !Attached(w) {
		_, _ = io.WriteString(w, text+"\n")
		return
	}
	var b bytes.Buffer
	for line := range bytes.Lines([]byte(text)) {
		b.WriteString(prefixErr)
		b.Write(bytes.TrimRight(line, "\n"))
		b.WriteByte('\n')
	}
	_, _ = w.Write(b.Bytes())
}
