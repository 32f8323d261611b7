package smtpout

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/rapport-mail/rapport/config"
)

const (
	testUser = "alex@owner.example"
	goodPass = "correct horse battery"
	badPass  = "Wr0ng-Pa55word!"
)

// secretForms are the password and the base64 forms PLAIN and LOGIN send.
func secretForms(user, pass string) []string {
	return []string{pass, base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass)),
		base64.StdEncoding.EncodeToString([]byte(pass))}
}

func TestSendAuth(t *testing.T) {
	tests := []struct {
		name     string
		user     string
		pass     string
		authFail func(username, password string) error
		class    Class
		stage    Stage
		code     int
	}{
		{"right password", testUser, goodPass, nil, 0, "", 0},
		{"wrong password", testUser, badPass, nil, Permanent, StageAuth, 535},
		{"wrong password, echoed by the server", testUser, badPass, func(u, p string) error {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8},
				Message: fmt.Sprintf("bad login %s / %s (%s)", u, p, base64.StdEncoding.EncodeToString([]byte("\x00"+u+"\x00"+p)))}
		}, Permanent, StageAuth, 535},
		{"temporary auth failure", testUser, badPass, func(string, string) error {
			return &smtp.SMTPError{Code: 454, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "auth backend down"}
		}, Temporary, StageAuth, 454},
		{"no username but AUTH required", "", "", nil, Permanent, StageMail, 502}, // go-smtp says 502 5.7.0
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{user: testUser, pass: goodPass, authFail: tt.authFail}
			f.start(t, plainServer)
			cfg := f.config(config.TLSNone)
			cfg.Username, cfg.Password = tt.user, tt.pass
			err := send(t, context.Background(), f, cfg)
			if tt.class == 0 {
				if err != nil || len(f.messages()) != 1 {
					t.Fatalf("Send() error = %v, %d messages stored; want delivered", err, len(f.messages()))
				}
				return
			}
			e := asError(t, err)
			if e.Class != tt.class || e.Stage != tt.stage || e.Code != tt.code {
				t.Fatalf("Send() = %s at %s, %d; want %s at %s, %d: %v", e.Class, e.Stage, e.Code, tt.class, tt.stage, tt.code, e)
			}
			printed := fmt.Sprintf("%v %+v %#v %s", err, e, e, e.Err)
			for _, secret := range secretForms(testUser, badPass) {
				if strings.Contains(printed, secret) {
					t.Errorf("the error shows the password (as %q):\n%s", secret, printed)
				}
			}
			if tt.stage == StageAuth && !strings.Contains(err.Error(), "check smtp.username and the password") && tt.class == Permanent {
				t.Errorf("error = %q, want a hint to check the login", err)
			}
		})
	}
}

func TestSendRedactsEchoedPassword(t *testing.T) {
	f := &fakeServer{user: testUser, pass: goodPass, authFail: func(u, p string) error {
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad password " + p}
	}}
	f.start(t, plainServer)
	cfg := f.config(config.TLSNone)
	cfg.Username, cfg.Password = testUser, badPass
	e := asError(t, send(t, context.Background(), f, cfg))
	if want := "bad password [redacted]"; e.Text != want || !strings.Contains(e.Error(), want) {
		t.Fatalf("Text = %q, error = %q; want %q", e.Text, e.Error(), want)
	}
}

func TestConfigAndSenderNeverPrintPassword(t *testing.T) {
	cfg := Config{Host: "smtp.example.com", Port: 587, TLS: config.TLSStartTLS, Username: testUser, Password: goodPass}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("smtp", "config", cfg, "sender", s)
	printed := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", cfg, cfg, cfg, cfg, s, s, s) + logged.String()
	if strings.Contains(printed, goodPass) {
		t.Fatalf("the password is printed:\n%s", printed)
	}
	if !strings.Contains(printed, "[redacted]") || !strings.Contains(printed, testUser) {
		t.Errorf("printed forms lack the redaction mark or the user:\n%s", printed)
	}
}
