package smtpout

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/tlsfail"
)

// Sender sends messages through one SMTP server. It is safe for concurrent
// use: each Send opens its own connection and closes it before returning.
type Sender struct {
	cfg   Config
	addr  string // host:port
	tls   *tls.Config
	scrub scrubber
}

// New checks cfg and returns a Sender for it. It does no I/O: a wrong
// password or an unreachable server shows at the first Send.
func New(cfg Config) (*Sender, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.DataTimeout == 0 {
		cfg.DataTimeout = DefaultDataTimeout
	}
	host := strings.Trim(cfg.Host, "[]")
	t := &tls.Config{}
	if cfg.TLSConfig != nil {
		t = cfg.TLSConfig.Clone()
	}
	if t.ServerName == "" {
		t.ServerName = host
	}
	if t.MinVersion == 0 {
		t.MinVersion = tls.VersionTLS12
	}
	return &Sender{
		cfg:   cfg,
		addr:  net.JoinHostPort(host, strconv.Itoa(cfg.Port)),
		tls:   t,
		scrub: newScrubber(cfg.Username, cfg.Password),
	}, nil
}

// Addr returns the server's "host:port".
func (s *Sender) Addr() string { return s.addr }

// String implements fmt.Stringer without the password.
func (s *Sender) String() string { return "smtpout.Sender" + s.cfg.String() }

// GoString implements fmt.GoStringer without the password.
func (s *Sender) GoString() string { return s.String() }

// Send delivers data, unchanged, to rcpts with from as the envelope sender,
// in one SMTP transaction on a new connection. data should be a whole
// message with CRLF line endings ending in CRLF (compose.Bytes makes
// one): go-mail's DATA writer sends a bare LF as CRLF and adds a final CRLF
// when data lacks one, so other data does not arrive byte for byte.
//
// It blocks until the server has answered the end of the message, an error
// occurs, or ctx is done; it closes the connection before returning. It
// returns nil when the server accepted the message for every recipient,
// and otherwise an *Error whose Class says what the failure means: a
// refused recipient refuses the whole message, and a connection lost or
// ctx done after the end of the message was sent is Ambiguous.
//
// With an OAuth Config.Auth it first calls Config.Token for a fresh
// access token, used for this connection only; a failure to get one is
// a Temporary error at StageAuth.
func (s *Sender) Send(ctx context.Context, from string, rcpts []string, data []byte) error {
	return s.SendMarked(ctx, from, rcpts, data, nil)
}

// SendMarked is Send with a last word before the point of no return:
// beforeEnd, when not nil, is called once the whole message has been
// written and before the end-of-data mark is, the last moment at which the
// server cannot have the message. A caller records there, durably, that
// from now on the message may have left, so that a crash before that
// record is known to have sent nothing. When beforeEnd returns an error,
// the mark is never written, the connection is closed (the server
// discards what it got) and SendMarked returns a Temporary error at
// StageData wrapping it.
func (s *Sender) SendMarked(ctx context.Context, from string, rcpts []string, data []byte, beforeEnd func() error) error {
	if err := checkEnvelope(from, rcpts, data); err != nil {
		return s.fail(Permanent, StageMail, err)
	}
	sc, p, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer p.close()
	if err := s.transact(ctx, sc, from, rcpts, data, beforeEnd); err != nil {
		return err
	}
	// Delivered; a failed QUIT changes nothing.
	if sc.UpdateDeadline(s.cfg.Timeout) == nil {
		_ = sc.Quit()
	}
	return nil
}

// progress records how far connecting went, for the error's Stage, and
// holds the connection so that Send can close it whatever happens.
type progress struct {
	stage Stage
	conn  *ctxConn
	// mech is the SASL mechanism AUTH uses, once chosen; oauth is set
	// when it is OAuth's, whose Auth is then oauth.
	mech  string
	oauth *oauthAuth
	// scrub removes this Send's access token from errors.
	scrub scrubber
}

func (p *progress) close() {
	if p.conn != nil {
		_ = p.conn.Close()
	}
}

// annotate adds what p knows about AUTH to e, a failure to connect or log
// in, and removes the access token from it.
func (p *progress) annotate(e *Error) {
	if e.Stage == StageAuth {
		e.Mechanism = p.mech
		if p.oauth != nil {
			e.OAuth = true
			e.OAuthError = string(p.oauth.Failure)
		}
	}
	e.Err, e.Text, e.OAuthError = p.scrub.err(e.Err), p.scrub.text(e.Text), p.scrub.text(e.OAuthError)
}

// auth returns the SMTP AUTH of one Send: nil without a Username; the
// password mechanisms through chooser; or, with an OAuth Config.Auth, the
// mechanism with a token fresh from Config.Token.
func (s *Sender) auth(ctx context.Context, p *progress) (smtp.Auth, error) {
	if s.cfg.Username == "" {
		return nil, nil
	}
	started := func(mech string) { p.stage, p.mech = StageAuth, mech }
	mech := s.cfg.oauth()
	if mech == "" {
		return &chooser{user: s.cfg.Username, pass: s.cfg.Password, clearOK: s.cfg.TLS == config.TLSNone, started: started}, nil
	}
	token, err := s.cfg.Token(ctx)
	if err == nil && token == "" {
		err = errors.New("the token is empty")
	}
	if err != nil {
		p.stage, p.mech = StageAuth, mech
		e := s.fail(Temporary, StageAuth, fmt.Errorf("get an access token: %w", withCtx(ctx, err)))
		p.annotate(e)
		return nil, e
	}
	a := newOAuthAuth(mech, s.cfg.Username, token, started)
	p.oauth, p.scrub = a, a.secrets(token)
	return a, nil
}

// client returns a go-mail Client for one connection: our dialer (which
// watches ctx and does implicit TLS itself), the TLS policy of cfg.TLS
// and, with a Username, AUTH as auth returns it. With OAuth it runs
// Config.Token, and a failure is an *Error at StageAuth.
func (s *Sender) client(ctx context.Context, p *progress) (*gomail.Client, error) {
	auth, err := s.auth(ctx, p)
	if err != nil {
		return nil, err
	}
	dial := func(dialCtx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		raw, err := d.DialContext(dialCtx, "tcp", s.addr)
		if err != nil {
			return nil, err
		}
		// Watch Send's ctx, not dialCtx, which go-mail cancels once
		// connected.
		p.conn = watch(ctx, raw)
		if s.cfg.TLS != config.TLSImplicit {
			return p.conn, nil
		}
		p.stage = StageTLS
		tc := tls.Client(p.conn, s.tls)
		if err := tc.HandshakeContext(dialCtx); err != nil {
			return nil, err
		}
		p.stage = StageConnect
		return tc, nil
	}
	policy := gomail.NoTLS // implicit TLS is done by dial; "none" has none
	if s.cfg.TLS == config.TLSStartTLS {
		policy = gomail.TLSMandatory
	}
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(s.tls),
		// The envelope is ASCII; do not ask for SMTPUTF8.
		gomail.WithoutSMTPUTF8(),
	}
	if s.cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(s.cfg.HELO))
	}
	if auth != nil {
		opts = append(opts, gomail.WithSMTPAuthCustom(auth))
	}
	return gomail.NewClient(strings.Trim(s.cfg.Host, "[]"), opts...)
}

// connectError classifies a failure to connect, greet, start TLS or log
// in. Nothing was sent: a reply code decides, a lost connection is
// Temporary, anything else (a certificate that does not verify, no
// STARTTLS, no usable AUTH mechanism) is Permanent.
func (s *Sender) connectError(p *progress, err error) error {
	stage := p.stage
	if tlsfail.Is(err) {
		stage = StageTLS
	}
	class := Permanent
	if code, _, _, ok := reply(err); ok {
		class = replyClass(code, Permanent)
	} else if isNetwork(err) {
		class = Temporary
	}
	e := s.fail(class, stage, err)
	p.annotate(e)
	return e
}

// transact runs MAIL, RCPT and DATA on sc.
func (s *Sender) transact(ctx context.Context, sc *smtp.Client, from string, rcpts []string, data []byte, beforeEnd func() error) error {
	// step starts a step with a fresh deadline, or says why it cannot.
	step := func(stage Stage) error {
		if err := ctx.Err(); err != nil {
			return s.fail(Temporary, stage, err)
		}
		if err := sc.UpdateDeadline(s.cfg.Timeout); err != nil {
			return s.fail(Temporary, stage, err)
		}
		return nil
	}
	if err := step(StageMail); err != nil {
		return err
	}
	if err := sc.Mail("<" + from + ">"); err != nil {
		return s.txError(StageMail, withCtx(ctx, err))
	}
	if err := s.recipients(ctx, sc, step, rcpts); err != nil {
		return err
	}
	if err := step(StageData); err != nil {
		return err
	}
	w, err := sc.Data()
	if err != nil {
		return s.txError(StageData, withCtx(ctx, err))
	}
	dc, ok := w.(*smtp.DataCloser)
	if !ok {
		return s.fail(Permanent, StageData, fmt.Errorf("go-mail's smtp.Client.Data returned a %T, not an *smtp.DataCloser", w))
	}
	if err := step(StageData); err != nil {
		return err
	}
	if _, err := dc.Write(data); err != nil {
		return s.fail(Temporary, StageData, withCtx(ctx, err))
	}
	if beforeEnd != nil {
		// Whatever of the message is still buffered leaves with the mark,
		// never without it: until then the server cannot deliver it.
		if err := beforeEnd(); err != nil {
			return s.fail(Temporary, StageData, fmt.Errorf("not ending the message: %w", err))
		}
	}
	// Writes the end-of-data mark and flushes. go-mail's DataCloser.Close
	// ignores this error; we need it: when the write fails, the mark did
	// not entirely leave, so the server cannot have accepted the message.
	if err := dc.WriteCloser.Close(); err != nil {
		return s.fail(Temporary, StageData, withCtx(ctx, err))
	}
	// From here on the server may have the message.
	if err := sc.UpdateDeadline(s.cfg.DataTimeout); err != nil {
		return s.fail(Ambiguous, StageEnd, err)
	}
	if _, _, err := sc.Text.ReadResponse(2); err != nil {
		if code, _, _, ok := reply(err); ok {
			return s.fail(replyClass(code, Ambiguous), StageEnd, err)
		}
		return s.fail(Ambiguous, StageEnd, withCtx(ctx, err))
	}
	return nil
}

// recipients sends RCPT for each recipient. When the server refuses any,
// it resets the transaction and returns an error listing the refused ones:
// Permanent if any refusal was 5xx, else Temporary.
func (s *Sender) recipients(ctx context.Context, sc *smtp.Client, step func(Stage) error, rcpts []string) error {
	var refused []string
	var worst error
	worstClass := Temporary
	for _, r := range rcpts {
		if err := step(StageRcpt); err != nil {
			return err
		}
		err := sc.Rcpt("<" + r + ">")
		if err == nil {
			continue
		}
		code, _, _, ok := reply(err)
		if !ok {
			return s.txError(StageRcpt, withCtx(ctx, err))
		}
		refused = append(refused, r)
		if c := replyClass(code, Temporary); worst == nil || c == Permanent && worstClass != Permanent {
			worst, worstClass = err, c
		}
	}
	if worst == nil {
		return nil
	}
	if step(StageRcpt) == nil {
		_ = sc.Reset()
	}
	e := s.fail(worstClass, StageRcpt, worst)
	e.Recipients = refused
	return e
}

// txError classifies a failure before the end of the message was sent:
// by the reply code, or Temporary without one, since the server cannot
// have accepted a message it did not receive in full.
func (s *Sender) txError(stage Stage, err error) error {
	if code, _, _, ok := reply(err); ok {
		return s.fail(replyClass(code, Temporary), stage, err)
	}
	return s.fail(Temporary, stage, err)
}

// withCtx adds ctx's cause to err when ctx is done: the connection then
// fails with a deadline error that would hide why.
func withCtx(ctx context.Context, err error) error {
	if ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", context.Cause(ctx), err)
}

// fail builds the *Error for err, with the password scrubbed from it. An
// err that is an *Error already is returned as it is.
func (s *Sender) fail(class Class, stage Stage, err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	e := &Error{Class: class, Stage: stage, Server: s.addr, Err: s.scrub.err(err)}
	if code, enhanced, text, ok := reply(err); ok {
		e.Code, e.Enhanced, e.Text = code, enhanced, s.scrub.text(text)
	}
	return e
}

// checkEnvelope refuses what no server should see: no sender, no
// recipient, no data, or an address that would break the command line.
func checkEnvelope(from string, rcpts []string, data []byte) error {
	if len(rcpts) == 0 {
		return errors.New("no recipients")
	}
	if len(data) == 0 {
		return errors.New("no message data")
	}
	for _, a := range append([]string{from}, rcpts...) {
		if a == "" || strings.ContainsAny(a, "<> \t\r\n") || !strings.Contains(a, "@") {
			return fmt.Errorf("invalid envelope address %q (want a bare local@domain)", a)
		}
	}
	return nil
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// connect opens a session: connected, TLS started and logged in as
// configured. On success the caller closes the returned progress when
// done; on failure the error is an *Error and nothing is left open.
func (s *Sender) connect(ctx context.Context) (*smtp.Client, *progress, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, s.fail(Temporary, StageConnect, err)
	}
	p := &progress{stage: StageConnect}
	client, err := s.client(ctx, p)
	if err != nil {
		p.close()
		return nil, nil, s.fail(Permanent, StageConnect, err)
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		err = s.connectError(p, withCtx(ctx, err))
		p.close()
		return nil, nil, err
	}
	return sc, p, nil
}
