package outbox

import (
	"fmt"
	"strings"
	"testing"
)

func TestPickRecipient(t *testing.T) {
	tests := []struct {
		name    string
		list    []string
		contact string
		want    string
	}{
		{"the contact's, whatever its case", []string{"a@x.example", "jane@acme.example"}, "Jane@ACME.example", "jane@acme.example"},
		{"else the first", []string{"jd@acme.example", "j@acme.example"}, "jane@acme.example", "jd@acme.example"},
		{"none named", nil, "jane@acme.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pickRecipient(tt.list, tt.contact); got != tt.want {
				t.Errorf("pickRecipient(%q, %q) = %q, want %q", tt.list, tt.contact, got, tt.want)
			}
		})
	}
}

func TestRefusedBounceIgnoresOtherErrors(t *testing.T) {
	if b := RefusedBounce(fmt.Errorf("dial: connection refused"), "jane@acme.example"); b != nil {
		t.Errorf("RefusedBounce(plain error) = %+v, want nil", b)
	}
	if b := ReportedBounce(nil, "jane@acme.example"); b != nil {
		t.Errorf("ReportedBounce(nil) = %+v, want nil", b)
	}
}

func TestStatusMeaning(t *testing.T) {
	tests := []struct {
		code string
		want string // a part of the meaning; "" for none
	}{
		{"5.1.1", "no such mailbox"},
		{"5.1.2", "domain does not exist"},
		{"5.1.10", "no such mailbox"}, // Exchange Online's RecipientNotFound; RFC 7505's null MX
		{"5.2.2", "mailbox is full"},
		{"5.2.1", "disabled"},
		{"5.7.1", "refused it by policy"},
		{"5.7.26", "sender authentication"},
		{"5.7.99", "security or policy"},
		{"5.1.0", "a problem with the address"},
		{"4.2.2", "mailbox is full (a temporary failure"},
		{"4.4.7", "tried for too long and given up"},
		{"550", "mailbox is unavailable"},
		{"553", "misspelt"},
		{"5.0.0", ""},
		{"5.5.9", ""},
		{"", ""},
		{"user unknown", ""},
		{"9.1.1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got := StatusMeaning(tt.code)
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("StatusMeaning(%q) = %q, want it to hold %q", tt.code, got, tt.want)
			}
		})
	}
	if got := StatusMeaning("4.4.7"); strings.Contains(got, "temporary") {
		t.Errorf("StatusMeaning(4.4.7) = %q: an expired delivery is over, not temporary", got)
	}
}

// The server's words are cut short in a notice, at a space, and marked.
func TestShorten(t *testing.T) {
	long := strings.Repeat("word ", 200)
	got := shorten(long, maxDiagnostic)
	if n := len([]rune(got)); n > maxDiagnostic || !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
		t.Errorf("shorten() = %d characters ending %q, want at most %d ending in a word and …", n, got[len(got)-12:], maxDiagnostic)
	}
	if got := shorten("short words", maxDiagnostic); got != "short words" {
		t.Errorf("shorten(short) = %q, want it unchanged", got)
	}
}
