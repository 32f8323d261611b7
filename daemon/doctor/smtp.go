package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strconv"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/mail/compose"
	"github.com/rapport-mail/rapport/transport/smtpout"
)

// smtp checks the [smtp] account: connecting and logging in, without
// sending anything; then, with Options.SendTest, sends one short message.
func (d *doctor) smtp(ctx context.Context, cfg *config.Config) {
	s := cfg.SMTP
	password := ""
	// Without a username, a local relay that takes mail without a login;
	// with OAuth, the sender gets the token itself.
	if s.Username != "" && !s.OAuth() {
		var err error
		if password, err = s.Secret(ctx); err != nil {
			d.fail("smtp: password: "+err.Error(), "fix the password setting of [smtp]")
			return
		}
		d.secrets = append(d.secrets, password)
	}
	sc := smtpout.FromConfig(s, password)
	sc.Timeout, sc.DataTimeout, sc.TLSConfig = d.opts.Timeout, d.opts.Timeout, d.opts.TLS
	sender, err := smtpout.New(sc)
	if err != nil {
		d.fail(err.Error(), "fix [smtp]")
		return
	}
	connect := fmt.Sprintf("smtp: connect to %s (%s)", sender.Addr(), tlsText(s.TLS))
	err = sender.Probe(ctx)
	var se *smtpout.Error
	if err != nil && !errors.As(err, &se) {
		d.fail(connect+": "+err.Error(), "")
		return
	}
	if se != nil && se.Stage != smtpout.StageAuth {
		fix := "check smtp.host, smtp.port and smtp.tls (465 takes implicit TLS, 587 STARTTLS), and that this machine may reach the server"
		if se.Stage == smtpout.StageTLS {
			fix = certFix("smtp", s.Server)
		}
		d.fail(connect+": "+smtpReason(se), fix)
		return
	}
	d.pass("smtp: connected to %s (%s)", sender.Addr(), tlsText(s.TLS))
	if se != nil {
		d.fail(fmt.Sprintf("smtp: log in as %s: %s", s.Username, smtpReason(se)), loginFix("smtp", s.Server))
		return
	}
	if s.Username != "" {
		d.pass("smtp: logged in as %s", s.Username)
	} else {
		d.pass("smtp: no login: a relay on this machine")
	}
	if d.opts.SendTest != "" {
		d.sendTest(ctx, cfg, sender, d.opts.SendTest)
	}
}

// smtpReason is what the server said, or what went wrong without a reply.
func smtpReason(e *smtpout.Error) string {
	s := "failed"
	switch {
	case e.Code != 0:
		s = strconv.Itoa(e.Code)
		if e.Enhanced != "" {
			s += " " + e.Enhanced
		}
		if e.Text != "" {
			s += " " + e.Text
		}
	case e.Err != nil:
		s = e.Err.Error()
	}
	if e.OAuthError != "" {
		s += "; OAuth error " + e.OAuthError
	}
	return s
}

// sendTest sends one short message to addr, from the owner's first address.
func (d *doctor) sendTest(ctx context.Context, cfg *config.Config, sender *smtpout.Sender, addr string) {
	from := cfg.Sender()
	if from.Address == "" {
		d.fail("smtp: no test message sent: no owner.addresses to send from", "set owner.addresses")
		return
	}
	host, _ := os.Hostname()
	if host == "" {
		host = "this machine"
	}
	now := d.opts.Now()
	// The subject does not start with the command tag, so that the daemon
	// never takes the test for a command.
	m := &compose.Message{
		From:    from,
		To:      []mail.Address{{Address: addr}},
		Subject: "Test message from rapport doctor",
		// A test, not a person's mail: no responder should answer it.
		Automatic: true,
		Body: fmt.Sprintf("This message tests rapport's mail settings: %s sent it through %s at %s.\nIt needs no answer.\n",
			host, sender.Addr(), now.Format("2006-01-02 15:04:05 -0700")),
		MessageID: compose.NewMessageID(from.Address),
		Date:      now,
	}
	data, err := compose.Bytes(m)
	if err != nil {
		d.fail("smtp: no test message sent: "+err.Error(), "check owner.addresses")
		return
	}
	if err := sender.Send(ctx, from.Address, []string{addr}, data); err != nil {
		var se *smtpout.Error
		fix := ""
		if errors.As(err, &se) {
			switch se.Stage {
			case smtpout.StageMail:
				fix = fmt.Sprintf("the server refused %s as the sender: put an address your account may send from first in owner.addresses", from.Address)
			case smtpout.StageRcpt:
				fix = "the server refused the address: check it"
			}
			err = errors.New(smtpReason(se))
		}
		d.fail(fmt.Sprintf("smtp: send a test message to %s: %v", addr, err), fix)
		return
	}
	d.pass("smtp: sent a test message to %s (Message-ID <%s>); look for it there", addr, m.MessageID)
}
