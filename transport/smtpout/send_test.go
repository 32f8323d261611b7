package smtpout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/mail/compose"
)

// testMessage composes a message whose body needs dot-stuffing.
func testMessage(t *testing.T) (data []byte, from string, rcpts []string) {
	t.Helper()
	m := &compose.Message{
		From:      mail.Address{Name: "Alex Owner", Address: "alex@owner.example"},
		To:        []mail.Address{{Name: "Jane Doe", Address: "jane@acme.example"}},
		Bcc:       []mail.Address{{Address: "archive@owner.example"}},
		Subject:   "Grüße",
		Body:      "Hello Jane,\n.\n..\n.hidden\nBye\n",
		MessageID: compose.NewMessageID("owner.example"),
		Date:      time.Now(),
	}
	data, err := compose.Bytes(m)
	if err != nil {
		t.Fatal(err)
	}
	rcpts, err = compose.Recipients(m)
	if err != nil {
		t.Fatal(err)
	}
	return data, m.From.Address, rcpts
}

// send sends the test message through f with tls = "none".
func send(t *testing.T, ctx context.Context, f *fakeServer, cfg Config) error {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	data, from, rcpts := testMessage(t)
	return s.Send(ctx, from, rcpts, data)
}

// asError returns err as an *Error or fails the test.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Send() error = %v (%T), want an *Error", err, err)
	}
	return e
}

func TestSendDeliversExactBytes(t *testing.T) {
	f := &fakeServer{}
	f.start(t, plainServer)
	s, err := New(f.config(config.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	data, from, rcpts := testMessage(t)
	if err := s.Send(context.Background(), from, rcpts, data); err != nil {
		t.Fatalf("Send() error = %v", err)
	}
	msgs := f.messages()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if !bytes.Equal(got.data, data) {
		t.Errorf("server received\n%q\nwant exactly\n%q", got.data, data)
	}
	if got.from != from || !slices.Equal(got.to, rcpts) {
		t.Errorf("envelope = %s → %v, want %s → %v", got.from, got.to, from, rcpts)
	}
}

func smtpErr(code int, enhanced smtp.EnhancedCode, msg string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: msg}
}

// TestSendClasses scripts the server's answers and checks what each
// failure means for the message.
func TestSendClasses(t *testing.T) {
	tests := []struct {
		name      string
		script    func(f *fakeServer)
		class     Class
		stage     Stage
		code      int
		enhanced  string
		text      string
		refused   []string
		errIsDead bool // the underlying error is a closed connection
	}{
		{"421 on RCPT", func(f *fakeServer) {
			f.onRcpt = func(_ *smtp.Conn, _ string) error {
				return smtpErr(421, smtp.EnhancedCode{4, 3, 2}, "too busy, try later")
			}
		}, Temporary, StageRcpt, 421, "4.3.2", "too busy, try later", []string{"jane@acme.example", "archive@owner.example"}, false},
		{"451 on one RCPT", func(f *fakeServer) {
			f.onRcpt = func(_ *smtp.Conn, to string) error {
				if strings.Contains(to, "archive") {
					return smtpErr(451, smtp.EnhancedCode{4, 7, 1}, "greylisted")
				}
				return nil
			}
		}, Temporary, StageRcpt, 451, "4.7.1", "greylisted", []string{"archive@owner.example"}, false},
		{"452 on MAIL", func(f *fakeServer) {
			f.onMail = func(_ *smtp.Conn, _ string) error { return smtpErr(452, smtp.EnhancedCode{4, 3, 1}, "no space") }
		}, Temporary, StageMail, 452, "4.3.1", "no space", nil, false},
		{"451 after the message", func(f *fakeServer) {
			f.onData = func(_ *smtp.Conn, r io.Reader) error {
				_, _ = io.Copy(io.Discard, r)
				return smtpErr(451, smtp.EnhancedCode{4, 3, 0}, "queue trouble")
			}
		}, Temporary, StageEnd, 451, "4.3.0", "queue trouble", nil, false},
		{"550 on RCPT", func(f *fakeServer) {
			f.onRcpt = func(_ *smtp.Conn, to string) error {
				if to == "jane@acme.example" {
					return smtpErr(550, smtp.EnhancedCode{5, 1, 1}, "user unknown")
				}
				return nil
			}
		}, Permanent, StageRcpt, 550, "5.1.1", "user unknown", []string{"jane@acme.example"}, false},
		{"550 beats 451", func(f *fakeServer) {
			f.onRcpt = func(_ *smtp.Conn, to string) error {
				if to == "jane@acme.example" {
					return smtpErr(451, smtp.EnhancedCode{4, 7, 1}, "greylisted")
				}
				return smtpErr(550, smtp.EnhancedCode{5, 1, 1}, "user unknown")
			}
		}, Permanent, StageRcpt, 550, "5.1.1", "user unknown", []string{"jane@acme.example", "archive@owner.example"}, false},
		{"553 on MAIL", func(f *fakeServer) {
			f.onMail = func(_ *smtp.Conn, _ string) error {
				return smtpErr(553, smtp.EnhancedCode{5, 7, 1}, "sender not owned by user")
			}
		}, Permanent, StageMail, 553, "5.7.1", "sender not owned by user", nil, false},
		{"554 after the message", func(f *fakeServer) {
			f.onData = func(_ *smtp.Conn, r io.Reader) error {
				_, _ = io.Copy(io.Discard, r)
				return smtpErr(554, smtp.EnhancedCode{5, 7, 1}, "spam")
			}
		}, Permanent, StageEnd, 554, "5.7.1", "spam", nil, false},
		{"closed before DATA", func(f *fakeServer) {
			f.onRcpt = func(c *smtp.Conn, _ string) error { return c.Conn().Close() }
		}, Temporary, StageRcpt, 0, "", "", nil, true},
		{"closed after the end of data, no reply", func(f *fakeServer) {
			f.onData = func(c *smtp.Conn, r io.Reader) error {
				_, _ = io.Copy(io.Discard, r)
				return c.Conn().Close()
			}
		}, Ambiguous, StageEnd, 0, "", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{}
			tt.script(f)
			f.start(t, plainServer)
			err := send(t, context.Background(), f, f.config(config.TLSNone))
			e := asError(t, err)
			if e.Class != tt.class || e.Stage != tt.stage {
				t.Errorf("Send() = %s at %s, want %s at %s: %v", e.Class, e.Stage, tt.class, tt.stage, err)
			}
			if e.Code != tt.code || e.Enhanced != tt.enhanced || e.Text != tt.text {
				t.Errorf("reply = %d %q %q, want %d %q %q", e.Code, e.Enhanced, e.Text, tt.code, tt.enhanced, tt.text)
			}
			if !slices.Equal(e.Recipients, tt.refused) {
				t.Errorf("Recipients = %v, want %v", e.Recipients, tt.refused)
			}
			if tt.errIsDead && !isNetwork(e.Err) {
				t.Errorf("Err = %v, want a connection failure", e.Err)
			}
			if n := len(f.messages()); n != 0 {
				t.Errorf("server stored %d messages, want none", n)
			}
			if !strings.HasPrefix(err.Error(), "smtp: send to "+net.JoinHostPort(f.host, fmt.Sprint(f.port))+": "+string(tt.stage)) {
				t.Errorf("error = %q, want it to name the server and the stage", err)
			}
		})
	}
}

func TestSendErrorText(t *testing.T) {
	f := &fakeServer{onRcpt: func(_ *smtp.Conn, to string) error {
		if to == "jane@acme.example" {
			return smtpErr(550, smtp.EnhancedCode{5, 1, 1}, "user unknown")
		}
		return nil
	}}
	f.start(t, plainServer)
	err := send(t, context.Background(), f, f.config(config.TLSNone))
	want := fmt.Sprintf("smtp: send to 127.0.0.1:%d: rcpt to <jane@acme.example>: 550 5.1.1 user unknown "+
		"(the address was refused; the message was not sent)", f.port)
	if err == nil || err.Error() != want {
		t.Fatalf("Send() error = %v\nwant %s", err, want)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	f := &fakeServer{host: "127.0.0.1", port: port}
	e := asError(t, send(t, context.Background(), f, f.config(config.TLSNone)))
	if e.Class != Temporary || e.Stage != StageConnect {
		t.Fatalf("Send() = %s at %s, want temporary at connect: %v", e.Class, e.Stage, e)
	}
}

// The server hangs after the end of data: the wait for its reply times out
// and the message may have been delivered.
func TestSendNoReplyAfterDataTimesOut(t *testing.T) {
	got := make(chan struct{})
	release := make(chan struct{})
	f := &fakeServer{onData: func(_ *smtp.Conn, r io.Reader) error {
		_, _ = io.Copy(io.Discard, r)
		close(got)
		<-release
		return nil
	}}
	f.start(t, plainServer)
	t.Cleanup(func() { close(release) }) // before the server closes
	cfg := f.config(config.TLSNone)
	cfg.DataTimeout = 200 * time.Millisecond
	e := asError(t, send(t, context.Background(), f, cfg))
	if e.Class != Ambiguous || e.Stage != StageEnd || !errors.Is(e, os.ErrDeadlineExceeded) {
		t.Fatalf("Send() = %s at %s (%v), want ambiguous at end of data after a timeout", e.Class, e.Stage, e)
	}
	select {
	case <-got:
	default:
		t.Fatal("the server did not receive the whole message")
	}
}

func TestSendCancelled(t *testing.T) {
	t.Run("before DATA", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := &fakeServer{onRcpt: func(*smtp.Conn, string) error { cancel(); return nil }}
		f.start(t, plainServer)
		e := asError(t, send(t, ctx, f, f.config(config.TLSNone)))
		if e.Class != Temporary || !errors.Is(e, context.Canceled) {
			t.Fatalf("Send() = %s at %s (%v), want temporary, cancelled", e.Class, e.Stage, e)
		}
		if n := len(f.messages()); n != 0 {
			t.Errorf("server stored %d messages, want none", n)
		}
	})
	t.Run("waiting for the reply to the message", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		release := make(chan struct{})
		f := &fakeServer{onData: func(_ *smtp.Conn, r io.Reader) error {
			_, _ = io.Copy(io.Discard, r)
			cancel()
			<-release
			return nil
		}}
		f.start(t, plainServer)
		t.Cleanup(func() { close(release) })
		e := asError(t, send(t, ctx, f, f.config(config.TLSNone)))
		if e.Class != Ambiguous || e.Stage != StageEnd || !errors.Is(e, context.Canceled) {
			t.Fatalf("Send() = %s at %s (%v), want ambiguous at end of data, cancelled", e.Class, e.Stage, e)
		}
	})
	t.Run("already", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f := &fakeServer{}
		f.start(t, plainServer)
		e := asError(t, send(t, ctx, f, f.config(config.TLSNone)))
		if e.Class != Temporary || e.Stage != StageConnect || !errors.Is(e, context.Canceled) {
			t.Fatalf("Send() = %s at %s (%v), want temporary at connect, cancelled", e.Class, e.Stage, e)
		}
	})
}

// The server drops the connection while a large message is still being
// written: the end of data never left, so the message was not delivered.
func TestSendConnectionLostDuringData(t *testing.T) {
	f := &fakeServer{onData: func(c *smtp.Conn, r io.Reader) error {
		_, _ = io.CopyN(io.Discard, r, 4096)
		return c.Conn().Close()
	}}
	f.start(t, plainServer)
	s, err := New(f.config(config.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	// Far more than the socket buffers of both ends hold.
	line := strings.Repeat("x", 70) + "\r\n"
	data := []byte("Subject: big\r\n\r\n" + strings.Repeat(line, 64<<20/len(line)))
	e := asError(t, s.Send(context.Background(), "alex@owner.example", []string{"jane@acme.example"}, data))
	if e.Class != Temporary || e.Stage != StageData {
		t.Fatalf("Send() = %s at %s (%v), want temporary at data", e.Class, e.Stage, e)
	}
}

func TestSendEnvelopeErrors(t *testing.T) {
	// Nothing listens: an envelope error must be found before connecting.
	f := &fakeServer{host: "127.0.0.1", port: 1}
	s, err := New(f.config(config.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("Subject: x\r\n\r\nx\r\n")
	tests := []struct {
		name  string
		from  string
		rcpts []string
		data  []byte
	}{
		{"no sender", "", []string{"a@b"}, data},
		{"sender with brackets", "<a@b>", []string{"a@b"}, data},
		{"no recipients", "a@b", nil, data},
		{"recipient with CRLF", "a@b", []string{"a@b\r\nRCPT TO:<v@x>"}, data},
		{"recipient without @", "a@b", []string{"ab"}, data},
		{"no data", "a@b", []string{"a@b"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := asError(t, s.Send(context.Background(), tt.from, tt.rcpts, tt.data))
			if e.Class != Permanent {
				t.Fatalf("Send() = %s (%v), want permanent", e.Class, e)
			}
		})
	}
}
