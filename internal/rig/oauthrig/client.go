package oauthrig

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rapport-mail/rapport/config"
)

// Server returns the settings of a server at addr (host:port, no TLS)
// where user logs in with auth (config.AuthXOAuth2 or
// config.AuthOAuthBearer).
func Server(addr, user, auth string) config.Server {
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	return config.Server{Host: host, Port: p, TLS: config.TLSNone, Username: user, Auth: auth}
}

// TokenCommand writes token in a file of t's and returns a token_command
// that prints it, so that the command, which rapport may log, does not
// hold the token.
func TokenCommand(t testing.TB, token string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return "cat " + path
}
