package mailstack

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// OwnerConfig writes, in dir, a rapport configuration for owner, one of
// the stack's users: IMAP over implicit TLS and submission with
// STARTTLS, each password in a file of its own, the stack's authserv-id
// trusted for commands, and the database beside it (NAME.db). imapExtra
// is added to the [imap] table as it is. It returns the file's path
// (NAME.toml).
func (s *Stack) OwnerConfig(t testing.TB, dir, name, owner, imapPassword, smtpPassword, imapExtra string) string {
	t.Helper()
	write := func(file, content string) string {
		path := filepath.Join(dir, file)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	port := func(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }
	imapPW := write(name+"-imap-password", imapPassword+"\n")
	smtpPW := write(name+"-smtp-password", smtpPassword+"\n")
	return write(name+".toml", fmt.Sprintf(`[owner]
name = "Owen Doctor"
addresses = [%q]
time_zone = "Europe/Berlin"

[imap]
host = "127.0.0.1"
port = %s
tls = "implicit"
username = %q
password_file = %q
%s
[smtp]
host = "127.0.0.1"
port = %s
tls = "starttls"
username = %q
password_file = %q

[commands]
authserv_ids = [%q]

[paths]
database = %q
`, owner, port(s.IMAPSAddr), owner, imapPW, imapExtra, port(s.SubmissionAddr), owner, smtpPW,
		AuthServID, filepath.Join(dir, name+".db")))
}
