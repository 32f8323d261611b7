package doctor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/transport/imapwatch"
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

// certFix is the fix for a TLS failure with the server of table.
func certFix(table string, s config.Server) string {
	return fmt.Sprintf("check %s.tls and %s.port; the server's certificate must be valid for %s "+
		"(for a private CA, point the SSL_CERT_FILE environment variable at its certificate)", table, table, s.Host)
}

// loginFix is the fix for a login the server of table refused.
func loginFix(table string, s config.Server) string {
	if s.OAuth() {
		return fmt.Sprintf("check %[1]s.username and %[1]s.auth, and that %[1]s.token_command prints a valid access token for mail", table)
	}
	return fmt.Sprintf("check %s.username and the password (many providers want an app password for %s)", table, strings.ToUpper(table))
}

// imap checks the [imap] account with imapwatch.ProbeIMAP: connecting,
// logging in, IDLE and the folders rapport uses. It changes nothing on the
// server.
func (d *doctor) imap(ctx context.Context, cfg *config.Config) {
	c := cfg.IMAP
	p, err := imapwatch.ProbeIMAP(ctx, c, d.opts.TLS, d.opts.Timeout)
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
		d.fail(connect+": "+pe.Reason, fix)
		return
	}
	d.pass("imap: connected to %s (%s)", p.Addr, tlsText(c.TLS))
	if pe != nil && pe.Step == imapwatch.StepPassword {
		if c.OAuth() {
			d.fail("imap: access token: "+pe.Reason, "fix imap.token_command: it must print a fresh access token")
		} else {
			d.fail("imap: password: "+pe.Reason, "fix the password setting of [imap]")
		}
		return
	}
	if pe != nil && pe.Step == imapwatch.StepLogin {
		d.fail(fmt.Sprintf("imap: log in as %s: %s", c.Username, pe.Reason), loginFix("imap", c.Server))
		return
	}
	d.pass("imap: logged in as %s", c.Username)
	if pe != nil {
		d.fail("imap: "+pe.Err.Error(), "")
		return
	}
	d.folders(p, cfg)
}

// folders reports what the probe found after login: IDLE, the folders,
// and whether each folder rapport uses exists.
func (d *doctor) folders(p *imapwatch.IMAPProbe, cfg *config.Config) {
	c := cfg.IMAP
	if p.IDLE {
		d.pass("imap: IDLE supported: new mail is seen at once")
	} else {
		d.warn("imap: the server has no IDLE",
			fmt.Sprintf("rapport looks for new mail every %s instead (imap.poll_interval)", c.PollInterval))
	}
	d.pass("imap: folders: %s", folderSummary(p))
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
func folderSummary(p *imapwatch.IMAPProbe) string {
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

// folder checks that the folder rapport uses as what, set by key ("" for
// INBOX, which no key sets), exists and can be selected.
func (d *doctor) folder(p *imapwatch.IMAPProbe, name, what, key string) {
	f, ok := p.Folder(name)
	switch {
	case ok && f.Selectable:
		d.pass("imap: %s %q exists", what, f.Name)
	case ok:
		d.fail(fmt.Sprintf("imap: %s %q only holds other folders (\\Noselect)", what, name),
			fmt.Sprintf("choose a folder that holds mail in %s", key))
	default:
		fix := "create it in your mail app"
		if key != "" {
			fix += ", or fix " + key
		}
		if similar := similarFolder(p, name); similar != "" {
			fix = fmt.Sprintf("did you mean %q? ", similar) + fix
		}
		d.fail(fmt.Sprintf("imap: %s %q does not exist", what, name), fix)
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
			d.pass("imap: sent folder %q exists (imap.sent_folder)", f.Name)
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
		d.fail(fmt.Sprintf("imap: sent folder %q (imap.sent_folder) does not exist", c.SentFolder), fix)
		return
	}
	if p.SentErr != nil {
		d.fail("imap: "+p.SentErr.Error(), "set imap.sent_folder to the folder your mail app keeps sent mail in")
		return
	}
	how := "by its name"
	if f, ok := p.Folder(p.Sent); ok && f.SpecialUse == `\Sent` {
		how = `the server marks it \Sent`
	}
	d.pass("imap: sent folder %q (%s)", p.Sent, how)
}
