package daemon

import (
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/transport/smtpout"
)

// smtpSink is an in-process SMTP server on loopback whose answers a test
// scripts, for the faults a real server cannot be made to show on demand.
type smtpSink struct {
	// answer says how to treat the nth transaction (from 0): "ok",
	// "451" (refuse the data for now), "550" (refuse the recipient),
	// "drop" (read the whole message, then close without answering) or
	// "421" (read the whole message, answer 421 and close, as a server
	// shutting down does: the message is not taken).
	answer func(n int) string

	mu       sync.Mutex
	n        int
	received [][]byte
	host     string
	port     int
}

func startSink(t testing.TB, answer func(n int) string) *smtpSink {
	t.Helper()
	k := &smtpSink{answer: answer}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &sinkSession{k: k, conn: c}, nil
	}))
	s.Domain = "localhost"
	s.ErrorLog = log.New(io.Discard, "", 0)
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	k.host = host
	k.port, _ = strconv.Atoi(port)
	done := make(chan struct{})
	go func() { defer close(done); s.Serve(ln) }()
	t.Cleanup(func() { s.Close(); ln.Close(); <-done })
	return k
}

// mailer returns a real smtpout sender for the sink.
func (k *smtpSink) mailer(t testing.TB) Mailer {
	t.Helper()
	m, err := smtpout.New(smtpout.Config{Host: k.host, Port: k.port, TLS: config.TLSNone,
		Timeout: 10 * time.Second, DataTimeout: 10 * time.Second, HELO: "rapport.test"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// messages returns what the sink accepted, or read before dropping.
func (k *smtpSink) messages() [][]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([][]byte(nil), k.received...)
}

type sinkSession struct {
	k      *smtpSink
	conn   *smtp.Conn
	answer string
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.answer = "ok"
	if s.k.answer != nil {
		s.answer = s.k.answer(s.k.n)
	}
	s.k.n++
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.answer == "550" {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "user unknown"}
	}
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch s.answer {
	case "451":
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	case "421":
		// Said and closed at once, before go-smtp could answer anything
		// else; what it then writes goes nowhere.
		s.conn.Conn().Write([]byte("421 4.3.2 Service shutting down, closing transmission channel\r\n"))
		s.conn.Conn().Close()
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Service shutting down"}
	case "drop":
		s.k.mu.Lock()
		s.k.received = append(s.k.received, b)
		s.k.mu.Unlock()
		s.conn.Conn().Close() // the message was read; the answer never comes
		return io.ErrUnexpectedEOF
	}
	s.k.mu.Lock()
	s.k.received = append(s.k.received, b)
	s.k.mu.Unlock()
	return nil
}

func (s *sinkSession) Reset()        {}
func (s *sinkSession) Logout() error { return nil }
