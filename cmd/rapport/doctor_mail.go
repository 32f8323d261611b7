package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strconv"
	"strings"

	"rapport/config"
	"rapport/mail/compose"
	"rapport/transport/imapwatch"
	"rapport/transport/smtpout"
)

// tlsText describes a TLS mode of the configuration for people.
func tlsText(mode string) string {
	switch mode {
	case config.TLSImplicit:
		return "implicit TLS"
	case config.TLSStartTLS:
		return "STARTTLS"
	case config.TLSNone:
		return "no TLS, loopback"
	}
	return mode
}

// certFix is the fix for a TLS failure with the server named table.
func certFix(table string, s config.Server) string {
	return fmt.Sprintf("check %s.tls and %s.port; the server's certificate must be valid for %s "+
		"(for a private CA, point the SSL_CERT_FILE environment variable at its certificate)", table, table, s.Host)
}

// imap checks the [imap] account: connecting, logging in, IDLE and the
// folders rapport uses. It changes nothing on the server.
func (d *doctor) imap(ctx context.Context, cfg *config.Config) {
	c := cfg.IMAP
	p, err := imapwatch.ProbeIMAP(ctx, c, nil, d.timeout)
	var pe *imapwatch.ProbeError
	if err != nil && !errors.As(err, &pe) {
		pe = &imapwatch.ProbeError{Step: imapwatch.StepConnect, Err: err, Reason: err.Error()}
	}
	connect := fmt.Sprintf("imap: connect to %s (%s)", p.Addr, tlsText(c.TLS))
	if pe != nil && (pe.Step == imapwatch.StepConnect || pe.Step == imapwatch.StepTLS) {
		fix := "check imap.host, imap.port and imap.tls, and that this machine may reach the server"
		if pe.Step == imapwatch.StepTLS {
			fix = certFix("imap", c.Server)
		}
		d.list.fail(connect+": "+pe.Reason, fix)
		return
	}
	d.list.pass("imap: connected to %s (%s)", p.Addr, tlsText(c.TLS))
	if pe != nil && pe.Step == imapwatch.StepPassword {
		if c.OAuth() {
			d.list.fail("imap: access token: "+pe.Reason, "fix imap.token_command: it must print a fresh access token")
		} else {
			d.list.fail("imap: password: "+pe.Reason, "fix the password setting of [imap]")
		}
		return
	}
	if pe != nil && pe.Step == imapwatch.StepLogin {
		d.list.fail(fmt.Sprintf("imap: log in as %s: %s", c.Username, pe.Reason), loginFix("imap", c.Server))
		return
	}
	d.list.pass("imap: logged in as %s", c.Username)
	if pe != nil {
		d.list.fail("imap: "+pe.Err.Error(), "")
		return
	}
	if p.IDLE {
		d.list.pass("imap: IDLE supported: new mail is seen at once")
	} else {
		d.list.warn("imap: the server has no IDLE",
			fmt.Sprintf("rapport looks for new mail every %s instead (imap.poll_interval)", c.PollInterval))
	}
	d.list.pass("imap: folders: %s", folderSummary(p, c))
	for _, name := range append([]string{"INBOX"}, c.Folders...) {
		key := "imap.folders"
		if name == "INBOX" {
			key = ""
		}
		d.folder(p, name, "watched folder", key)
	}
	if c.MachineFolder != "" {
		d.folder(p, c.MachineFolder, "machine mail folder", "imap.machine_folder")
	}
	if cfg.SMTP.Host != "" {
		d.sentFolder(p, c)
	}
}

// folderSummary lists INBOX and the folders with a special use, and how
// many others there are: "INBOX, Sent (\Sent), Trash (\Trash) and 4 more".
func folderSummary(p *imapwatch.IMAPProbe, c config.IMAP) string {
	var shown []string
	others := 0
	for _, f := range p.Folders {
		switch {
		case strings.EqualFold(f.Name, "INBOX"):
			shown = append([]string{f.Name}, shown...)
		case f.SpecialUse != "":
			shown = append(shown, fmt.Sprintf("%s (%s)", f.Name, f.SpecialUse))
		default:
			others++
		}
	}
	s := strings.Join(shown, ", ")
	if others > 0 {
		s += fmt.Sprintf(" and %d more", others)
	}
	if !p.SpecialUse {
		s += " (the server marks no special folders: no SPECIAL-USE)"
	}
	return s
}

// folder checks that the folder rapport uses as what, set by key, exists
// and can be selected.
func (d *doctor) folder(p *imapwatch.IMAPProbe, name, what, key string) {
	f, ok := p.Folder(name)
	switch {
	case ok && f.Selectable:
		d.list.pass("imap: %s %q exists", what, f.Name)
	case ok:
		d.list.fail(fmt.Sprintf("imap: %s %q only holds other folders (\\Noselect)", what, name),
			fmt.Sprintf("choose a folder that holds mail in %s", key))
	default:
		fix := "create it in your mail app"
		if key != "" {
			fix += ", or fix " + key
		}
		if similar := similarFolder(p, name); similar != "" {
			fix = fmt.Sprintf("did you mean %q? ", similar) + fix
		}
		d.list.fail(fmt.Sprintf("imap: %s %q does not exist", what, name), fix)
	}
}

// similarFolder returns a folder whose name differs from name only in
// case, "" when there is none.
func similarFolder(p *imapwatch.IMAPProbe, name string) string {
	for _, f := range p.Folders {
		if strings.EqualFold(f.Name, name) {
			return f.Name
		}
	}
	return ""
}

// sentFolder checks the folder rapport files sent mail in and looks in
// after an interrupted send.
func (d *doctor) sentFolder(p *imapwatch.IMAPProbe, c config.IMAP) {
	if c.SentFolder != "" {
		if f, ok := p.Folder(c.SentFolder); ok && f.Selectable {
			d.list.pass("imap: sent folder %q exists (imap.sent_folder)", f.Name)
			return
		}
		fix := "set imap.sent_folder to the folder your mail app keeps sent mail in"
		for _, f := range p.Folders {
			if f.SpecialUse == `\Sent` {
				fix = fmt.Sprintf("set imap.sent_folder = %q, the folder the server marks \\Sent, or leave it out", f.Name)
				break
			}
		}
		if similar := similarFolder(p, c.SentFolder); similar != "" {
			fix = fmt.Sprintf("did you mean %q? ", similar) + fix
		}
		d.list.fail(fmt.Sprintf("imap: sent folder %q (imap.sent_folder) does not exist", c.SentFolder), fix)
		return
	}
	if p.SentErr != nil {
		d.list.fail("imap: "+p.SentErr.Error(), "set imap.sent_folder to the folder your mail app keeps sent mail in")
		return
	}
	how := "by its name"
	if f, ok := p.Folder(p.Sent); ok && f.SpecialUse == `\Sent` {
		how = `the server marks it \Sent`
	}
	d.list.pass("imap: sent folder %q (%s)", p.Sent, how)
}

// smtp checks the [smtp] account: connecting and logging in, without
// sending anything; then, with sendTest, sends one short message there.
func (d *doctor) smtp(ctx context.Context, cfg *config.Config, sendTest string) {
	s := cfg.SMTP
	password := ""
	// Without a username, a local relay that takes mail without a login;
	// with OAuth, the sender gets the token itself.
	if s.Username != "" && !s.OAuth() {
		var err error
		if password, err = s.Secret(ctx); err != nil {
			d.list.fail("smtp: password: "+err.Error(), "fix the password setting of [smtp]")
			return
		}
		d.list.secrets = append(d.list.secrets, password)
	}
	sc := smtpout.FromConfig(s, password)
	sc.Timeout, sc.DataTimeout = d.timeout, d.timeout
	sender, err := smtpout.New(sc)
	if err != nil {
		d.list.fail(err.Error(), "fix [smtp]")
		return
	}
	connect := fmt.Sprintf("smtp: connect to %s (%s)", sender.Addr(), tlsText(s.TLS))
	err = sender.Probe(ctx)
	var se *smtpout.Error
	if err != nil && !errors.As(err, &se) {
		d.list.fail(connect+": "+err.Error(), "")
		return
	}
	if se != nil && se.Stage != smtpout.StageAuth {
		fix := "check smtp.host, smtp.port and smtp.tls (465 takes implicit TLS, 587 STARTTLS), and that this machine may reach the server"
		if se.Stage == smtpout.StageTLS {
			fix = certFix("smtp", s.Server)
		}
		d.list.fail(connect+": "+smtpReason(se), fix)
		return
	}
	d.list.pass("smtp: connected to %s (%s)", sender.Addr(), tlsText(s.TLS))
	if se != nil {
		d.list.fail(fmt.Sprintf("smtp: log in as %s: %s", s.Username, smtpReason(se)), loginFix("smtp", s.Server))
		return
	}
	if s.Username != "" {
		d.list.pass("smtp: logged in as %s", s.Username)
	} else {
		d.list.pass("smtp: no login: a relay on this machine")
	}
	if sendTest != "" {
		d.sendTest(ctx, cfg, sender, sendTest)
	}
}

// loginFix is the fix for a login the server in table refused.
func loginFix(table string, s config.Server) string {
	if s.OAuth() {
		return fmt.Sprintf("check %[1]s.username and %[1]s.auth, and that %[1]s.token_command prints a valid access token for mail", table)
	}
	return fmt.Sprintf("check %s.username and the password (many providers want an app password for %s)", table, strings.ToUpper(table))
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
	if len(cfg.Owner.Addresses) == 0 {
		d.list.fail("smtp: no test message sent: no owner.addresses to send from", "set owner.addresses")
		return
	}
	from := cfg.Owner.Addresses[0]
	host, _ := os.Hostname()
	now := d.a.now()
	// The subject does not start with the command tag, so that the daemon
	// never takes the test for a command.
	m := &compose.Message{
		From:    mail.Address{Name: cfg.Owner.Name, Address: from},
		To:      []mail.Address{{Address: addr}},
		Subject: "Test message from rapport doctor",
		// A test, not a person's mail: no responder should answer it.
		Automatic: true,
		Body:      fmt.Sprintf("This message tests rapport's mail settings: %s sent it through %s at %s.\nIt needs no answer.\n", hostOr(host), sender.Addr(), now.Format("2006-01-02 15:04:05 -0700")),
		MessageID: compose.NewMessageID(from),
		Date:      now,
	}
	data, err := compose.Bytes(m)
	if err != nil {
		d.list.fail("smtp: no test message sent: "+err.Error(), "check owner.addresses")
		return
	}
	if err := sender.Send(ctx, from, []string{addr}, data); err != nil {
		var se *smtpout.Error
		fix := ""
		if errors.As(err, &se) {
			switch se.Stage {
			case smtpout.StageMail:
				fix = fmt.Sprintf("the server refused %s as the sender: put an address your account may send from first in owner.addresses", from)
			case smtpout.StageRcpt:
				fix = "the server refused the address: check it"
			}
			err = errors.New(smtpReason(se))
		}
		d.list.fail(fmt.Sprintf("smtp: send a test message to %s: %v", addr, err), fix)
		return
	}
	d.list.pass("smtp: sent a test message to %s (Message-ID <%s>); look for it there", addr, m.MessageID)
}

func hostOr(host string) string {
	if host == "" {
		return "this machine"
	}
	return host
}
