package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name    string
		server  Server
		want    string
		wantErr string // substring of the error; "" for success
	}{
		{"password", Server{Password: "hunter2"}, "hunter2", ""},
		{"file", Server{PasswordFile: write("pw", "s3cret\n")}, "s3cret", ""},
		{"file with crlf", Server{PasswordFile: write("crlf", "s3cret\r\n")}, "s3cret", ""},
		{"file keeps spaces", Server{PasswordFile: write("spaces", " s3 cret \n")}, " s3 cret ", ""},
		{"empty file", Server{PasswordFile: write("empty", "\n")}, "", "is empty"},
		{"missing file", Server{PasswordFile: filepath.Join(dir, "nope")}, "", "no such file"},
		{"command", Server{PasswordCommand: "printf 's3cret\\n'"}, "s3cret", ""},
		{"command first line", Server{PasswordCommand: "printf 's3cret\\nlogin: alex\\n'"}, "s3cret", ""},
		{"command no newline", Server{PasswordCommand: "printf s3cret"}, "s3cret", ""},
		{"command failing", Server{PasswordCommand: "printf 'leak%s' ed-secret; echo 'gpg: decryption failed' >&2; exit 2"}, "", "exit status 2: gpg: decryption failed"},
		{"command silent", Server{PasswordCommand: "true"}, "", "printed no password"},
		{"none", Server{}, "", "no password set"},
		{"two", Server{Password: "a", PasswordCommand: "echo b"}, "", "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.server.Secret(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Secret() = %q, %v, want an error with %q", got, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "leaked-secret") {
					t.Fatalf("Secret() error = %v, want no stdout in it", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Secret() = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

func TestSecretCommandStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Server{PasswordCommand: "sleep 30"}.Secret(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Secret() = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Secret() took %v, want it stopped with ctx", d)
	}
}
