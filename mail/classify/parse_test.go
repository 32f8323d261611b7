package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return raw
}

// TestParseFixtures checks the kind and the details that matter for each
// fixture under testdata/.
func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file  string
		kind  Kind
		check func(t *testing.T, m *Message)
	}{
		{"ooo_de_exchange.eml", KindAutoReply, func(t *testing.T, m *Message) {
			want(t, "From.Name", m.From.Name, "Jürgen Müller")
			want(t, "Subject", m.Subject, "Automatische Antwort: Kurzes Gespräch über Ihre Arbeit")
			// "bis zum 12.03.2024" is read, but the explicit "ab dem 13.03. … wieder" wins.
			wantTime(t, "ReturnDate", m.AutoReply.ReturnDate, time.Date(2024, 3, 13, 0, 0, 0, 0, time.UTC))
			want(t, "InReplyTo", strings.Join(m.InReplyTo, ","), "20240306090001.1234@owner.example")
		}},
		{"dsn_postfix.eml", KindBounce, func(t *testing.T, m *Message) {
			want(t, "Recipients", strings.Join(m.Bounce.Recipients, ","), "priya.natarajan@hospital.example")
			want(t, "Action", m.Bounce.Action, "failed")
			want(t, "Status", m.Bounce.Status, "5.1.1")
			want(t, "Permanent", m.Bounce.Permanent, true)
			want(t, "OriginalMessageID", m.Bounce.OriginalMessageID, "20240307091240.77@owner.example")
			if !strings.Contains(m.Bounce.Diagnostic, "Recipient address rejected") {
				t.Errorf("Diagnostic = %q, want the folded remote text", m.Bounce.Diagnostic)
			}
		}},
		{"bounce_qmail.eml", KindBounce, func(t *testing.T, m *Message) {
			want(t, "Recipients", strings.Join(m.Bounce.Recipients, ","), "omar.haddad@isp.example")
			want(t, "Permanent", m.Bounce.Permanent, true)
			want(t, "OriginalMessageID", m.Bounce.OriginalMessageID, "qmail-original-42@owner.example")
		}},
		{"dsn_invitation.eml", KindBounce, func(t *testing.T, m *Message) {
			want(t, "Recipients", strings.Join(m.Bounce.Recipients, ","), "sam.lee@corp.example")
			want(t, "OriginalMessageID", m.Bounce.OriginalMessageID, "invite-77@owner.example")
			if m.Calendar != nil {
				t.Errorf("Calendar = %+v, want nil for a bounce", m.Calendar)
			}
		}},
		{"reply_gmail.eml", KindPersonal, func(t *testing.T, m *Message) {
			want(t, "MessageID", m.MessageID, "CAF7x+Ab1zQ@mail.gmail.com")
			if !strings.Contains(m.Text, "Happy to chat — how about Tuesday at 10?") {
				t.Errorf("Text = %q, want the decoded plain part", m.Text)
			}
			wantTime(t, "Date", m.Date, time.Date(2024, 3, 9, 0, 20, 5, 0, time.UTC))
		}},
		{"list.eml", KindBulk, func(t *testing.T, m *Message) { want(t, "Reason", m.Reason, "Precedence: list") }},
		{"arf_complaint.eml", KindBulk, func(t *testing.T, m *Message) { want(t, "Reason", m.Reason, "spam complaint (ARF)") }},
		{"mdn_read.eml", KindAutoReply, func(t *testing.T, m *Message) {
			want(t, "Receipt", m.AutoReply.Receipt, true)
		}},
		{"forward_attached.eml", KindForward, func(t *testing.T, m *Message) {
			f := m.Forward
			want(t, "Attached", f.Attached, true)
			want(t, "From", f.From.Email, "omar@clinic.example")
			want(t, "Cc", len(f.Cc), 1)
			want(t, "Subject", f.Subject, "Introduction")
			want(t, "MessageID", f.MessageID, "orig-omar-1@clinic.example")
			want(t, "Note", f.Note, "Alex, see below: Omar would be glad to talk to you.")
			wantTime(t, "Date", f.Date, time.Date(2024, 3, 11, 16, 45, 0, 0, time.UTC))
		}},
		{"forward_inline_gmail.eml", KindForward, func(t *testing.T, m *Message) {
			want(t, "Attached", m.Forward.Attached, false)
		}},
		{"calendar_request.eml", KindCalendar, func(t *testing.T, m *Message) {
			c := m.Calendar
			want(t, "Method", c.Method, "REQUEST")
			want(t, "UID", c.UID, "7kq2coffee@google.com")
			want(t, "Sequence", c.Sequence, 2)
			want(t, "Organizer", c.Organizer, "sam.lee@corp.example")
			want(t, "Summary", c.Summary, "Coffee chat")
			wantTime(t, "Start", c.Start, time.Date(2024, 3, 19, 9, 0, 0, 0, time.UTC))
		}},
		{"iso2022jp_subject.eml", KindPersonal, func(t *testing.T, m *Message) {
			want(t, "Subject", m.Subject, "情報交換のお願い（来週）")
			want(t, "From.Name", m.From.Name, "山田太郎")
			want(t, "Text", strings.TrimSpace(m.Text), "来週の火曜日はいかがでしょうか。")
		}},
		{"windows1251_body.eml", KindPersonal, func(t *testing.T, m *Message) {
			want(t, "From.Name", m.From.Name, "Иван Петров")
			if !strings.Contains(m.Text, "С удовольствием поговорю") {
				t.Errorf("Text = %q, want the windows-1251 body in UTF-8", m.Text)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := Parse(readFixture(t, tt.file))
			if m.Kind != tt.kind {
				t.Fatalf("Parse(%s).Kind = %s (%s), want %s", tt.file, m.Kind, m.Reason, tt.kind)
			}
			tt.check(t, m)
			checkValid(t, m)
		})
	}
}

func want[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestParseHeader checks the decision from the header block alone.
func TestParseHeader(t *testing.T) {
	tests := []struct {
		file string
		kind Kind
	}{
		{"ooo_de_exchange.eml", KindAutoReply},
		{"dsn_postfix.eml", KindBounce},
		{"bounce_qmail.eml", KindBounce},
		{"dsn_invitation.eml", KindBounce},
		{"mdn_read.eml", KindAutoReply},
		{"list.eml", KindBulk},
		{"arf_complaint.eml", KindBulk},
		{"forward_attached.eml", KindForward},
		{"calendar_request.eml", KindCalendar},
		{"reply_gmail.eml", KindPersonal},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := readFixture(t, tt.file)
			head := raw
			if i := strings.Index(string(raw), "\n\n"); i >= 0 {
				head = raw[:i+1]
			}
			m := ParseHeader(head)
			if m.Kind != tt.kind {
				t.Fatalf("ParseHeader(%s).Kind = %s (%s), want %s", tt.file, m.Kind, m.Reason, tt.kind)
			}
			full := Parse(raw)
			want(t, "Subject", m.Subject, full.Subject)
			want(t, "MessageID", m.MessageID, full.MessageID)
		})
	}
	if m := ParseHeader([]byte("X-Failed-Recipients: a@example.com, B@Example.com\nFrom: MAILER-DAEMON@x.example\nSubject: Mail delivery failed\n")); m.Kind != KindBounce || strings.Join(m.Bounce.Recipients, ",") != "a@example.com,b@example.com" {
		t.Errorf("ParseHeader(X-Failed-Recipients) = %s %+v, want a bounce for both addresses", m.Kind, m.Bounce)
	}
}

// TestMalformed checks input that is not a message at all.
func TestMalformed(t *testing.T) {
	tests := []struct {
		name, raw, reason string
	}{
		{"empty", "", "empty message"},
		{"binary", "\x00\x01\x02\x03garbage\xff\xfe", "binary data"},
		{"blank first line", "\r\nFrom: a@example.com\r\n", "empty header"},
		{"no header", "just some text\nwithout any header\n", "no header fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse([]byte(tt.raw))
			if m.Kind != KindMalformed || !strings.Contains(m.Reason, tt.reason) {
				t.Fatalf("Parse(%q) = %s %q, want malformed with %q", tt.raw, m.Kind, m.Reason, tt.reason)
			}
		})
	}
	// Missing From, Message-ID and Date do not make a message malformed.
	if m := Parse([]byte("Subject: hello\n\nbody\n")); m.Kind != KindPersonal || m.Subject != "hello" || !m.Date.IsZero() {
		t.Errorf("Parse(subject only) = %s %q %v, want personal", m.Kind, m.Subject, m.Date)
	}
}

// TestHeaderFields checks that a header cut to HeaderFields() decides as
// the whole header does.
func TestHeaderFields(t *testing.T) {
	keep := headerFieldSet()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			full, part := ParseHeader(raw), ParseHeader(cutHeader(raw, keep))
			if full.Kind != part.Kind || full.Reason != part.Reason || full.Subject != part.Subject || full.MessageID != part.MessageID {
				t.Fatalf("ParseHeader(cut to HeaderFields) = %s %q %q, want %s %q %q as from the whole header",
					part.Kind, part.Reason, part.Subject, full.Kind, full.Reason, full.Subject)
			}
		})
	}
}

func headerFieldSet() map[string]bool {
	keep := map[string]bool{}
	for _, name := range HeaderFields() {
		keep[strings.ToLower(name)] = true
	}
	return keep
}

// cutHeader returns the header of raw with only the fields in keep.
func cutHeader(raw []byte, keep map[string]bool) []byte {
	var cut strings.Builder
	kept := false
	for _, line := range strings.SplitAfter(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n") {
		if strings.TrimRight(line, "\n") == "" {
			break // only an empty line ends a header; " " is a fold
		}
		if line[0] != ' ' && line[0] != '\t' {
			key, _, _ := strings.Cut(line, ":")
			kept = keep[strings.ToLower(strings.TrimSpace(key))]
		}
		if kept {
			cut.WriteString(line)
		}
	}
	return []byte(cut.String())
}

// TestRecoverMalformed checks the last resort: a panic below Parse gives
// KindMalformed with the reason, and keeps the envelope read so far.
func TestRecoverMalformed(t *testing.T) {
	m := &Message{Kind: KindBounce, Subject: "kept", Bounce: &Bounce{}}
	func() {
		defer recoverMalformed(m)
		panic("index out of range \xff")
	}()
	if m.Kind != KindMalformed || !strings.Contains(m.Reason, "parser failure: index out of range") || m.Bounce != nil || m.Subject != "kept" {
		t.Fatalf("after a panic: %+v, want malformed with the reason and the subject kept", m)
	}
	checkValid(t, m)
}
