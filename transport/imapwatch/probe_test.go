package imapwatch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
)

// probeConfig is the [imap] table for a stack user over the given address
// and TLS mode.
func probeConfig(t *testing.T, addr, tlsMode, user, password string) config.IMAP {
	t.Helper()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(port)
	return config.IMAP{Server: config.Server{Host: host, Port: n, TLS: tlsMode, Username: user, Password: password}}
}

func TestProbeIMAPDovecot(t *testing.T) {
	stack := mailstack.Shared(t)
	name := fmt.Sprintf("probe%d", userSeq.Add(1))
	user, err := stack.AddUser(name, "probe-secret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name, addr, tls string
	}{
		{"implicit", stack.IMAPSAddr, config.TLSImplicit},
		{"starttls", stack.IMAPAddr, config.TLSStartTLS},
		{"none", stack.IMAPAddr, config.TLSNone},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ProbeIMAP(ctx, probeConfig(t, tt.addr, tt.tls, user, "probe-secret"), stack.TLSConfig(), 10*time.Second)
			if err != nil {
				t.Fatalf("ProbeIMAP() error = %v", err)
			}
			if !p.Connected || !p.LoggedIn || !p.IDLE || !p.SpecialUse {
				t.Errorf("ProbeIMAP() = %+v, want connected, logged in, IDLE and SPECIAL-USE", p)
			}
			for name, use := range map[string]string{"INBOX": "", "Sent": `\Sent`, "Drafts": `\Drafts`, "Junk": `\Junk`, "Trash": `\Trash`, "Archive": `\Archive`} {
				if f, ok := p.Folder(name); !ok || f.SpecialUse != use || !f.Selectable {
					t.Errorf("Folder(%q) = %+v, %v; want selectable with special use %q (folders %+v)", name, f, ok, use, p.Folders)
				}
			}
			if _, ok := p.Folder("inbox"); !ok {
				t.Errorf(`Folder("inbox") not found: INBOX is case-insensitive`)
			}
			if p.Sent != "Sent" || p.SentErr != nil {
				t.Errorf("Sent = %q, %v; want the \\Sent folder", p.Sent, p.SentErr)
			}
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		p, err := ProbeIMAP(ctx, probeConfig(t, stack.IMAPSAddr, config.TLSImplicit, user, "Wr0ng-Pa55word!"), stack.TLSConfig(), 10*time.Second)
		var pe *ProbeError
		if !errors.As(err, &pe) || pe.Step != StepLogin || !p.Connected || p.LoggedIn {
			t.Fatalf("ProbeIMAP() = %+v, %v; want connected, then a login error", p, err)
		}
		if !strings.HasPrefix(pe.Reason, "NO [AUTHENTICATIONFAILED]") {
			t.Errorf("Reason = %q, want the server's reply", pe.Reason)
		}
		if strings.Contains(err.Error(), "Wr0ng-Pa55word!") {
			t.Errorf("the error shows the password: %v", err)
		}
	})
	t.Run("password command fails", func(t *testing.T) {
		cfg := probeConfig(t, stack.IMAPSAddr, config.TLSImplicit, user, "")
		cfg.PasswordCommand = "echo 'vault locked' >&2; exit 3"
		p, err := ProbeIMAP(ctx, cfg, stack.TLSConfig(), 10*time.Second)
		var pe *ProbeError
		if !errors.As(err, &pe) || pe.Step != StepPassword || !p.Connected || p.LoggedIn || !strings.Contains(err.Error(), "vault locked") {
			t.Fatalf("ProbeIMAP() = %+v, %v; want connected, then a password error with the command's stderr", p, err)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		p, err := ProbeIMAP(ctx, probeConfig(t, stack.IMAPSAddr, config.TLSImplicit, user, "probe-secret"),
			&tls.Config{ServerName: "localhost"}, 10*time.Second)
		var pe *ProbeError
		if !errors.As(err, &pe) || pe.Step != StepTLS || p.Connected {
			t.Fatalf("ProbeIMAP() = %+v, %v; want a TLS error", p, err)
		}
	})
	t.Run("configured sent folder", func(t *testing.T) {
		cfg := probeConfig(t, stack.IMAPSAddr, config.TLSImplicit, user, "probe-secret")
		cfg.SentFolder = "Sent Items"
		p, err := ProbeIMAP(ctx, cfg, stack.TLSConfig(), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Folder("Sent Items"); p.Sent != "Sent Items" || ok {
			t.Errorf("Sent = %q, Folder found = %v; want the configured name, not found", p.Sent, ok)
		}
	})
	t.Run("nothing listens", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		_, err = ProbeIMAP(ctx, probeConfig(t, addr, config.TLSImplicit, user, "probe-secret"), stack.TLSConfig(), 5*time.Second)
		var pe *ProbeError
		if !errors.As(err, &pe) || pe.Step != StepConnect {
			t.Fatalf("ProbeIMAP() error = %v, want a connect error", err)
		}
	})
	t.Run("silent server", func(t *testing.T) {
		// Accepts and never greets: the probe gives up after its timeout.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
			}
		}()
		start := time.Now()
		_, err = ProbeIMAP(ctx, probeConfig(t, ln.Addr().String(), config.TLSNone, user, "probe-secret"), nil, 300*time.Millisecond)
		var pe *ProbeError
		if !errors.As(err, &pe) || pe.Step != StepConnect || !errors.Is(err, errNoAnswer) {
			t.Fatalf("ProbeIMAP() error = %v, want no answer at connect", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("ProbeIMAP() took %v with a 300ms timeout", d)
		}
	})
}
