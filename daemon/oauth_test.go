package daemon

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/memimap"
	"github.com/rapport-mail/rapport/internal/rig/oauthrig"
)

const (
	oauthUser = "alex@gmail.example"
	goodToken = "ya29.good-imap-token-Wm4s"
	badToken  = "ya29.expired-imap-token-Hq2v"
)

// tokenForms are the forms of a token that must never be printed.
func tokenForms(token string) []string { return oauthrig.TokenForms(oauthUser, token) }

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDaemonOAuthNeverLogsToken runs the daemon against the OAuth server
// with a good and a bad token, logging at debug level, and checks that
// the log says which mechanism failed but never shows a token.
func TestDaemonOAuthNeverLogsToken(t *testing.T) {
	for _, tt := range []struct {
		name, auth, token string
		want              string // in the log
	}{
		{"xoauth2 right token", config.AuthXOAuth2, goodToken, ""},
		{"xoauth2 wrong token", config.AuthXOAuth2, badToken, "with XOAUTH2: "},
		{"oauthbearer wrong token", config.AuthOAuthBearer, badToken, "with OAUTHBEARER: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := memimap.StartOAuth(t, oauthUser, goodToken, "XOAUTH2", "OAUTHBEARER")
			h := newHarness(t, o.Addr)
			h.cfg.IMAP.Server = oauthrig.Server(o.Addr, oauthUser, tt.auth)
			h.cfg.IMAP.TokenCommand = oauthrig.TokenCommand(t, tt.token)
			var logged syncBuffer
			log := slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			healthy := make(chan string, 16)
			d, err := New(Options{Config: h.cfg, Store: h.store, Tracker: h.track, Log: log, CommandTimeout: 10 * time.Second,
				Healthy: func(folder string) {
					select {
					case healthy <- folder:
					default:
					}
				}})
			if err != nil {
				t.Fatal(err)
			}
			log.Info("starting", "config", h.cfg)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { d.Run(ctx); close(done) }()
			deadline := time.After(30 * time.Second)
		wait:
			for {
				select {
				case <-healthy:
					if tt.want == "" {
						break wait
					}
					t.Fatalf("the daemon caught up with the mailbox with a wrong token")
				case <-time.After(20 * time.Millisecond):
					if tt.want != "" && strings.Contains(logged.String(), tt.want) {
						break wait
					}
				case <-deadline:
					t.Fatalf("neither logged in nor failed to; log:\n%s", logged.String())
				}
			}
			cancel()
			<-done
			out := logged.String()
			for _, secret := range append(tokenForms(goodToken), tokenForms(badToken)...) {
				if strings.Contains(out, secret) {
					t.Fatalf("the log shows a token (as %q):\n%s", secret, out)
				}
			}
			if tt.want != "" && !strings.Contains(out, "imap.token_command") {
				t.Errorf("log = %s\nwant a hint naming imap.token_command", out)
			}
		})
	}
}
