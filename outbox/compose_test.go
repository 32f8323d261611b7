package outbox

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
)

// An outgoing message with HTML is sent as multipart/alternative, its
// body as the text/plain part and its HTML as the text/html part; one
// without stays a single text/plain body.
func TestComposeHTML(t *testing.T) {
	owner := mail.Address{Name: "Alex Owner", Address: "alex@owner.example"}
	date := time.Date(2026, 11, 3, 7, 0, 0, 0, time.UTC)
	o := &store.Outgoing{ID: 7, Template: "digest", Audience: store.AudienceOwner, MessageID: "d1@owner.example",
		To: "Alex Owner <alex@owner.example>", Subject: "Your day", Body: "Needs you today\n",
		HTML: "<h1>Needs you today</h1>\n"}
	tests := []struct {
		name     string
		html     string
		wantType string
	}{
		{"with HTML", o.HTML, "multipart/alternative"},
		{"without HTML", "", "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := *o
			o.HTML = tt.html
			data, rcpts, err := Compose(&o, owner, date)
			if err != nil {
				t.Fatalf("Compose() error = %v", err)
			}
			if len(rcpts) != 1 || rcpts[0] != "alex@owner.example" {
				t.Errorf("Compose() recipients = %q, want the owner", rcpts)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if err != nil || mt != tt.wantType {
				t.Fatalf("Content-Type = %q (%v), want %s", msg.Header.Get("Content-Type"), err, tt.wantType)
			}
			if tt.html == "" {
				return
			}
			r := multipart.NewReader(msg.Body, params["boundary"])
			for _, want := range []struct{ typ, body string }{{"text/plain", "Needs you today\r\n"}, {"text/html", "<h1>Needs you today</h1>\r\n"}} {
				p, err := r.NextPart() // decodes quoted-printable
				if err != nil {
					t.Fatalf("part %s: %v", want.typ, err)
				}
				body, _ := io.ReadAll(p)
				if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, want.typ+";") || string(body) != want.body {
					t.Errorf("part = %q %q, want %s %q", ct, body, want.typ, want.body)
				}
			}
		})
	}
}

// Every message to the owner carries the fields that keep automatic
// responders quiet; every message to a contact carries none, so that
// their answers come.
func TestComposeAutomatic(t *testing.T) {
	owner := mail.Address{Name: "Alex Owner", Address: "alex@owner.example"}
	date := time.Date(2026, 11, 3, 7, 0, 0, 0, time.UTC)
	fields := []string{"Auto-Submitted", "X-Auto-Response-Suppress", "Precedence"}
	tests := []struct {
		template, audience string
		want               []string // the values of fields, or nil for none
	}{
		{"notice_bounce", store.AudienceOwner, []string{"auto-generated", "All", "bulk"}},
		{"notice_approve", store.AudienceOwner, []string{"auto-generated", "All", "bulk"}},
		{"prep_brief", store.AudienceOwner, []string{"auto-generated", "All", "bulk"}},
		{"receipt", store.AudienceOwner, []string{"auto-generated", "All", "bulk"}},
		{"digest", store.AudienceOwner, []string{"auto-generated", "All", "bulk"}},
		{"request", store.AudienceContact, nil},
		{"nudge", store.AudienceContact, nil},
		{"thank_you", store.AudienceContact, nil},
		// A row stored before audiences were written reads as a contact's.
		{"request", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.template+"/"+tt.audience, func(t *testing.T) {
			to := "Jane Doe <jane@acme.example>"
			if tt.audience == store.AudienceOwner {
				to = "Alex Owner <alex@owner.example>"
			}
			o := &store.Outgoing{ID: 3, Template: tt.template, Audience: tt.audience, MessageID: "m3@owner.example",
				To: to, Subject: "Hello", Body: "Hello\n"}
			data, _, err := Compose(o, owner, date)
			if err != nil {
				t.Fatalf("Compose() error = %v", err)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range fields {
				got := msg.Header[f]
				switch {
				case tt.want == nil && len(got) > 0:
					t.Errorf("%s = %q, want none on mail to a contact", f, got)
				case tt.want != nil && (len(got) != 1 || got[0] != tt.want[i]):
					t.Errorf("%s = %q, want [%q]", f, got, tt.want[i])
				}
			}
		})
	}
}
