package config

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// redacted replaces a secret that is set, when printing or logging.
const redacted = "[redacted]"

func redact(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// LogValue implements slog.LogValuer, logging every field but the
// password, which shows as "[redacted]" when set.
func (s Server) LogValue() slog.Value { return slog.GroupValue(s.attrs()...) }

func (s Server) attrs() []slog.Attr {
	return []slog.Attr{
		slog.String("host", s.Host),
		slog.Int("port", s.Port),
		slog.String("tls", s.TLS),
		slog.String("username", s.Username),
		slog.String("auth", s.Auth),
		slog.String("password", redact(s.Password)),
		slog.String("password_command", s.PasswordCommand),
		slog.String("password_file", s.PasswordFile),
		slog.String("password_credential", s.PasswordCredential),
		slog.String("token_command", s.TokenCommand),
	}
}

// String implements fmt.Stringer like %+v, with the password redacted.
// Commands, file paths and credential names are shown: they are where
// the secret is, not the secret.
func (s Server) String() string {
	return fmt.Sprintf("{Host:%s Port:%d TLS:%s Username:%s Auth:%s Password:%s PasswordCommand:%s PasswordFile:%s "+
		"PasswordCredential:%s TokenCommand:%s}",
		s.Host, s.Port, s.TLS, s.Username, s.Auth, redact(s.Password), s.PasswordCommand, s.PasswordFile,
		s.PasswordCredential, s.TokenCommand)
}

// GoString implements fmt.GoStringer like %#v, with the password redacted.
func (s Server) GoString() string {
	return fmt.Sprintf("config.Server{Host:%q, Port:%d, TLS:%q, Username:%q, Auth:%q, Password:%q, PasswordCommand:%q, "+
		"PasswordFile:%q, PasswordCredential:%q, TokenCommand:%q}",
		s.Host, s.Port, s.TLS, s.Username, s.Auth, redact(s.Password), s.PasswordCommand, s.PasswordFile,
		s.PasswordCredential, s.TokenCommand)
}

// Format implements fmt.Formatter so that every verb, not only %v and %s,
// prints the redacted forms: %#v gives GoString, the others String.
func (s Server) Format(f fmt.State, verb rune) { format(f, verb, s) }

// LogValue implements slog.LogValuer with the password redacted.
func (m IMAP) LogValue() slog.Value {
	return slog.GroupValue(append(m.Server.attrs(), slog.Any("folders", m.Folders),
		slog.String("lookback", m.Lookback.String()), slog.String("poll_interval", m.PollInterval.String()),
		slog.Int("max_message_mib", m.MaxMessageMiB), slog.String("keyword", m.Keyword),
		slog.String("machine_folder", m.MachineFolder), slog.String("sent_folder", m.SentFolder), slog.Bool("save_sent", m.SaveSent))...)
}

// String implements fmt.Stringer with the password redacted.
func (m IMAP) String() string {
	return fmt.Sprintf("{Server:%s Folders:%v Lookback:%s PollInterval:%s MaxMessageMiB:%d Keyword:%q MachineFolder:%q SentFolder:%q SaveSent:%t}",
		m.Server, m.Folders, m.Lookback, m.PollInterval, m.MaxMessageMiB, m.Keyword, m.MachineFolder, m.SentFolder, m.SaveSent)
}

// GoString implements fmt.GoStringer with the password redacted.
func (m IMAP) GoString() string {
	return fmt.Sprintf("config.IMAP{Server:%#v, Folders:%#v, Lookback:%#v, PollInterval:%#v, MaxMessageMiB:%d, Keyword:%q, MachineFolder:%q, SentFolder:%q, SaveSent:%t}",
		m.Server, m.Folders, m.Lookback, m.PollInterval, m.MaxMessageMiB, m.Keyword, m.MachineFolder, m.SentFolder, m.SaveSent)
}

// Format implements fmt.Formatter with the password redacted.
func (m IMAP) Format(f fmt.State, verb rune) { format(f, verb, m) }

// LogValue implements slog.LogValuer with the password redacted.
func (m SMTP) LogValue() slog.Value { return m.Server.LogValue() }

// String implements fmt.Stringer with the password redacted.
func (m SMTP) String() string { return fmt.Sprintf("{Server:%s}", m.Server) }

// GoString implements fmt.GoStringer with the password redacted.
func (m SMTP) GoString() string { return fmt.Sprintf("config.SMTP{Server:%#v}", m.Server) }

// Format implements fmt.Formatter with the password redacted.
func (m SMTP) Format(f fmt.State, verb rune) { format(f, verb, m) }

// LogValue implements slog.LogValuer. It logs where the configuration
// came from and its settings, without passwords, and leaves out the owner's
// background and signature, which are prose.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("path", c.Path),
		slog.Group("owner",
			slog.String("name", c.Owner.Name),
			slog.Any("addresses", c.Owner.Addresses),
			slog.String("time_zone", c.Owner.TimeZone)),
		slog.Any("imap", c.IMAP),
		slog.Any("smtp", c.SMTP),
		slog.Any("workflow", c.Workflow),
		slog.Any("digest", c.Digest),
		slog.Any("paths", c.Paths),
	)
}

type printable interface {
	fmt.Stringer
	fmt.GoStringer
}

// format writes v's String or, for %#v, GoString, honouring %q.
func format(f fmt.State, verb rune, v printable) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, v.GoString())
	case verb == 'q':
		io.WriteString(f, strconv.Quote(v.String()))
	default:
		io.WriteString(f, v.String())
	}
}
