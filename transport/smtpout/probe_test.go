package smtpout

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
)

func TestProbe(t *testing.T) {
	tests := []struct {
		name    string
		mode    int
		tls     string
		user    string
		pass    string
		roots   bool // trust the fake server's certificate
		stage   Stage
		mention string
	}{
		{"plain, right password", plainServer, config.TLSNone, testUser, goodPass, true, "", ""},
		{"starttls, right password", startTLSServer, config.TLSStartTLS, testUser, goodPass, true, "", ""},
		{"implicit, right password", implicitServer, config.TLSImplicit, testUser, goodPass, true, "", ""},
		{"wrong password", startTLSServer, config.TLSStartTLS, testUser, badPass, true, StageAuth, "check smtp.username and the password"},
		{"untrusted certificate", implicitServer, config.TLSImplicit, testUser, goodPass, false, StageTLS, "certificate"},
		{"no STARTTLS offered", plainServer, config.TLSStartTLS, testUser, goodPass, true, StageConnect, "STARTTLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{user: testUser, pass: goodPass}
			f.start(t, tt.mode)
			cfg := f.config(tt.tls)
			cfg.Username, cfg.Password = tt.user, tt.pass
			if !tt.roots {
				cfg.TLSConfig = &tls.Config{ServerName: "localhost"}
			}
			s, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Probe(context.Background())
			if len(f.messages()) != 0 {
				t.Errorf("Probe() sent a message")
			}
			if tt.stage == "" {
				if err != nil {
					t.Fatalf("Probe() error = %v, want nil", err)
				}
				return
			}
			e := asError(t, err)
			if e.Stage != tt.stage || !strings.Contains(strings.ToLower(e.Error()), strings.ToLower(tt.mention)) {
				t.Fatalf("Probe() = %v at %s; want stage %s mentioning %q", e, e.Stage, tt.stage, tt.mention)
			}
			printed := fmt.Sprintf("%v %+v %#v", err, e, e)
			for _, secret := range secretForms(testUser, tt.pass) {
				if strings.Contains(printed, secret) {
					t.Errorf("the error shows the password (as %q)", secret)
				}
			}
		})
	}
}

func TestProbeCancelled(t *testing.T) {
	f := &fakeServer{}
	f.start(t, plainServer)
	s, err := New(f.config(config.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Probe(ctx); err == nil {
		t.Fatal("Probe(cancelled) = nil, want an error")
	}
}
