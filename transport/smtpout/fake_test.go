package smtpout

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// fakeServer is a scriptable go-smtp server on 127.0.0.1. Set its fields,
// then call start; nil hooks accept.
type fakeServer struct {
	onMail func(c *smtp.Conn, from string) error
	onRcpt func(c *smtp.Conn, to string) error
	// onData reads the message; nil stores it in msgs.
	onData func(c *smtp.Conn, r io.Reader) error
	// user and pass, when set, make MAIL require AUTH PLAIN with them;
	// authFail, when set, is the error for wrong credentials.
	user, pass string
	authFail   func(username, password string) error

	host string
	port int

	mu   sync.Mutex
	msgs []received
}

// received is one message the fake server accepted.
type received struct {
	from string
	to   []string
	data []byte
}

// tlsMode of the fake server.
const (
	plainServer    = iota // no TLS at all
	startTLSServer        // offers STARTTLS
	implicitServer        // TLS from the first byte
)

// start serves on a new loopback port until the test ends.
func (f *fakeServer) start(t *testing.T, mode int) {
	t.Helper()
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		base := &fakeSession{f: f, conn: c}
		if f.user != "" {
			return &fakeAuthSession{base}, nil
		}
		return base, nil
	}))
	s.Domain = "localhost"
	s.AllowInsecureAuth = mode == plainServer
	s.ErrorLog = log.New(io.Discard, "", 0)
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case startTLSServer:
		s.TLSConfig = serverTLS(t)
	case implicitServer:
		ln = tls.NewListener(ln, serverTLS(t))
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	f.host = host
	f.port, _ = strconv.Atoi(port)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ln)
	}()
	t.Cleanup(func() {
		// Closing ln too ends Serve even if it had not yet registered ln
		// when Close ran.
		_ = s.Close()
		_ = ln.Close()
		<-done
	})
}

// config returns a Config for the fake server.
func (f *fakeServer) config(tlsMode string) Config {
	return Config{Host: f.host, Port: f.port, TLS: tlsMode, Timeout: 10 * time.Second, DataTimeout: 10 * time.Second,
		TLSConfig: clientTLS(), HELO: "client.test"}
}

// messages returns what the server has accepted so far.
func (f *fakeServer) messages() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.msgs...)
}

type fakeSession struct {
	f      *fakeServer
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (s *fakeSession) Reset()        { s.from, s.to = "", nil }
func (s *fakeSession) Logout() error { return nil }

func (s *fakeSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.f.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	if s.f.onMail != nil {
		if err := s.f.onMail(s.conn, from); err != nil {
			return err
		}
	}
	s.from = from
	return nil
}

func (s *fakeSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.f.onRcpt != nil {
		if err := s.f.onRcpt(s.conn, to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *fakeSession) Data(r io.Reader) error {
	if s.f.onData != nil {
		return s.f.onData(s.conn, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.msgs = append(s.f.msgs, received{from: s.from, to: s.to, data: b})
	return nil
}

// fakeAuthSession is a fakeSession that offers AUTH PLAIN.
type fakeAuthSession struct{ *fakeSession }

func (s *fakeAuthSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *fakeAuthSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username == s.f.user && password == s.f.pass {
			s.authed = true
			return nil
		}
		if s.f.authFail != nil {
			return s.f.authFail(username, password)
		}
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
	}), nil
}

// serverTLS returns a server configuration with a new self-signed
// certificate for localhost and 127.0.0.1, which clientTLS trusts.
func serverTLS(t *testing.T) *tls.Config {
	t.Helper()
	testCert.once.Do(func() { testCert.cert, testCert.pool, testCert.err = newCert() })
	if testCert.err != nil {
		t.Fatal(testCert.err)
	}
	return &tls.Config{Certificates: []tls.Certificate{testCert.cert}}
}

// clientTLS trusts serverTLS's certificate (made on first use).
func clientTLS() *tls.Config {
	testCert.once.Do(func() { testCert.cert, testCert.pool, testCert.err = newCert() })
	return &tls.Config{RootCAs: testCert.pool}
}

var testCert struct {
	once sync.Once
	cert tls.Certificate
	pool *x509.CertPool
	err  error
}

func newCert() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smtpout test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
