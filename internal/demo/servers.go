package demo

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"
)

// mailbox is the owner's in-process IMAP server (go-imap's memory
// backend) and an in-process SMTP server that keeps every message it is
// given: messages to the owner land in their INBOX, as a provider would
// deliver them; every message is saved in dir as a numbered .eml file.
type mailbox struct {
	owner, password string
	imapAddr        string
	smtpHost        string
	smtpPort        int
	user            *imapmemserver.User
	dir             string

	mu    sync.Mutex
	inbox int64    // messages delivered to the INBOX
	n     int      // messages saved so far
	files []string // their names, in order
	// said is called with each message that crossed the wire, for the
	// narration: who it was from and to, its subject, the file name, and
	// whether rapport sent it (over SMTP) or the story delivered it.
	said func(from, to, subject, file string, byRapport bool)

	close func()
}

func startMailbox(owner, password, dir string) (*mailbox, error) {
	m := &mailbox{owner: strings.ToLower(owner), password: password, dir: dir}
	mem := imapmemserver.New()
	m.user = imapmemserver.NewUser(owner, password)
	for _, f := range []string{"INBOX", "Sent"} {
		if err := m.user.Create(f, nil); err != nil {
			return nil, err
		}
	}
	mem.AddUser(m.user)
	imapSrv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only
		Logger:       log.New(io.Discard, "", 0),
	})
	imapLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go imapSrv.Serve(imapLn)

	smtpSrv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{m: m}, nil }))
	smtpSrv.Domain = "localhost"
	smtpSrv.ErrorLog = log.New(io.Discard, "", 0)
	smtpSrv.ReadTimeout, smtpSrv.WriteTimeout = time.Minute, time.Minute
	smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		imapSrv.Close()
		return nil, err
	}
	done := make(chan struct{})
	go func() { defer close(done); smtpSrv.Serve(smtpLn) }()
	host, port, _ := net.SplitHostPort(smtpLn.Addr().String())
	m.imapAddr, m.smtpHost = imapLn.Addr().String(), host
	m.smtpPort, _ = strconv.Atoi(port)
	m.close = func() {
		smtpSrv.Close()
		<-done
		imapSrv.Close()
	}
	return m, nil
}

// deliver puts a message in the owner's INBOX, as their provider would,
// and saves it.
func (m *mailbox) deliver(raw []byte, at time.Time, byRapport bool) error {
	m.save(raw, byRapport)
	m.mu.Lock()
	m.inbox++
	m.mu.Unlock()
	_, err := m.user.Append("INBOX", imap.LiteralReader(literal{bytes.NewReader(raw), int64(len(raw))}), &imap.AppendOptions{Time: at})
	return err
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

// save writes raw as the next .eml file and tells the narration.
func (m *mailbox) save(raw []byte, byRapport bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	from, to, subject := headerOf(raw, "From"), headerOf(raw, "To"), headerOf(raw, "Subject")
	name := fmt.Sprintf("%02d-%s.eml", m.n, slug(subject))
	if err := os.WriteFile(filepath.Join(m.dir, name), raw, 0o600); err == nil {
		m.files = append(m.files, name)
	}
	if m.said != nil {
		m.said(from, to, subject, name, byRapport)
	}
}

// session is one SMTP transaction: the message is saved, and delivered to
// the INBOX when it is for the owner.
type session struct {
	m       *mailbox
	toOwner bool
}

func (s *session) Mail(string, *smtp.MailOptions) error { return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.toOwner = s.toOwner || strings.EqualFold(to, s.m.owner)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.toOwner {
		return s.m.deliver(raw, time.Now(), true)
	}
	s.m.save(raw, true)
	return nil
}

func (s *session) Reset()        { s.toOwner = false }
func (s *session) Logout() error { return nil }

// headerOf returns a header field's value as written, unfolded.
func headerOf(raw []byte, name string) string {
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	var value []string
	in := false
	for _, l := range strings.Split(string(head), "\r\n") {
		switch {
		case in && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")):
			value = append(value, strings.TrimSpace(l))
		case len(l) > len(name) && strings.EqualFold(l[:len(name)+1], name+":"):
			in, value = true, []string{strings.TrimSpace(l[len(name)+1:])}
		default:
			if in {
				return decodeWords(strings.TrimSpace(strings.Join(value, " ")))
			}
		}
	}
	return decodeWords(strings.TrimSpace(strings.Join(value, " ")))
}

// slug makes a file name part of a subject.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "message"
	}
	return out
}

// decodeWords decodes RFC 2047 encoded words ("=?utf-8?q?Tom=C3=A1s?=").
func decodeWords(s string) string {
	out, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

// inboxCount returns how many messages were delivered to the INBOX.
func (m *mailbox) inboxCount() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.inbox
}
