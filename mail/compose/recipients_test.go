package compose

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestRecipients(t *testing.T) {
	m := sample()
	m.To = []mail.Address{{Name: "Jane", Address: "Jane@ACME.example"}, {Address: "bob@acme.example"}}
	m.Cc = []mail.Address{{Address: "jane@acme.EXAMPLE"}, {Address: "ana@initech.example"}}
	m.Bcc = []mail.Address{{Address: "Jane@acme.example"}, {Address: "me@owner.example"}}
	got, err := Recipients(m)
	want := []string{"Jane@acme.example", "bob@acme.example", "jane@acme.example", "ana@initech.example", "me@owner.example"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Recipients() = %q, %v; want %q", got, err, want)
	}
}

func TestRecipientsErrors(t *testing.T) {
	m := sample()
	m.Bcc = []mail.Address{{Address: "x@y\r\nRCPT TO:<v@x>"}}
	if _, err := Recipients(m); err == nil || !strings.Contains(err.Error(), "Bcc[0]") {
		t.Errorf("Recipients() error = %v, want one naming Bcc[0]", err)
	}
	m = sample()
	m.To = nil
	if _, err := Recipients(m); err == nil || !strings.Contains(err.Error(), "no recipient") {
		t.Errorf("Recipients() error = %v, want no recipient", err)
	}
}

func TestNewMessageID(t *testing.T) {
	form := regexp.MustCompile(`^[a-z2-7]{26}@owner\.example$`)
	seen := map[string]bool{}
	for range 1000 {
		id := NewMessageID("owner.example")
		if !form.MatchString(id) {
			t.Fatalf("NewMessageID() = %q, want the form %s", id, form)
		}
		if seen[id] {
			t.Fatalf("NewMessageID() repeated %q", id)
		}
		seen[id] = true
	}
	tests := []struct{ domain, wantDomain string }{
		{"Owner.Example.", "owner.example"},
		{"alex@owner.example", "owner.example"},
		{"", "rapport.invalid"},
		{"bad domain", "rapport.invalid"},
		{"a..b", "rapport.invalid"},
		{"x>\r\ny", "rapport.invalid"},
	}
	for _, tt := range tests {
		id := NewMessageID(tt.domain)
		if _, d, _ := strings.Cut(id, "@"); d != tt.wantDomain {
			t.Errorf("NewMessageID(%q) = %q, want the domain %q", tt.domain, id, tt.wantDomain)
		}
		if err := checkID("Message-ID", id); err != nil {
			t.Errorf("NewMessageID(%q) = %q, which Bytes refuses: %v", tt.domain, id, err)
		}
	}
}
