package smtpout

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
)

func TestSendTLS(t *testing.T) {
	for _, tt := range []struct {
		name   string
		server int
		mode   string
	}{
		{"STARTTLS", startTLSServer, config.TLSStartTLS},
		{"implicit", implicitServer, config.TLSImplicit},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{user: testUser, pass: goodPass}
			f.start(t, tt.server)
			cfg := f.config(tt.mode)
			cfg.Username, cfg.Password = testUser, goodPass
			if err := send(t, context.Background(), f, cfg); err != nil {
				t.Fatalf("Send() error = %v", err)
			}
			if n := len(f.messages()); n != 1 {
				t.Fatalf("server stored %d messages, want 1", n)
			}
		})
	}
}

func TestSendTLSFailures(t *testing.T) {
	untrusted := &tls.Config{RootCAs: x509.NewCertPool()}
	tests := []struct {
		name    string
		server  int
		mode    string
		tls     *tls.Config
		class   Class
		stage   Stage
		errText string
	}{
		{"STARTTLS, untrusted certificate", startTLSServer, config.TLSStartTLS, untrusted, Permanent, StageTLS, "certificate"},
		{"implicit, untrusted certificate", implicitServer, config.TLSImplicit, untrusted, Permanent, StageTLS, "certificate"},
		{"implicit TLS to a plaintext port", plainServer, config.TLSImplicit, nil, Permanent, StageTLS, "tls"},
		{"STARTTLS not offered", plainServer, config.TLSStartTLS, nil, Permanent, StageConnect, "STARTTLS"},
		{"wrong server name", startTLSServer, config.TLSStartTLS, &tls.Config{RootCAs: clientTLS().RootCAs, ServerName: "smtp.example.com"},
			Permanent, StageTLS, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{user: testUser, pass: goodPass}
			f.start(t, tt.server)
			cfg := f.config(tt.mode)
			cfg.Username, cfg.Password = testUser, goodPass
			if tt.tls != nil {
				cfg.TLSConfig = tt.tls
			}
			e := asError(t, send(t, context.Background(), f, cfg))
			if e.Class != tt.class || e.Stage != tt.stage || !strings.Contains(e.Error(), tt.errText) {
				t.Fatalf("Send() = %s at %s (%v), want %s at %s mentioning %q", e.Class, e.Stage, e, tt.class, tt.stage, tt.errText)
			}
			if n := len(f.messages()); n != 0 {
				t.Errorf("server stored %d messages, want none", n)
			}
		})
	}
}
