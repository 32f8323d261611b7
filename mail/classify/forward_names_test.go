package classify

import "testing"

// A forwarded header block is body text that mail programs copy as they
// received it, encoded words and all: the people it names are stored as
// contacts, so their names must come out decoded, whatever the charset or
// quoting.
func TestForwardedNamesAreDecoded(t *testing.T) {
	tests := []struct {
		name, to, wantName, wantEmail string
	}{
		{"utf-8 in quotes", `"=?utf-8?q?Tom=C3=A1s_Herrera?=" <tomas@example.org>`, "Tomás Herrera", "tomas@example.org"},
		{"iso-8859-2", `=?iso-8859-2?q?=A3ukasz_Nowak?= <lukasz@example.org>`, "Łukasz Nowak", "lukasz@example.org"},
		{"windows-1252", `=?windows-1252?q?Ren=E9_Roy?= <rene@example.net>`, "René Roy", "rene@example.net"},
		{"Outlook's mailto", `=?utf-8?q?Tom=C3=A1s_Herrera?= [mailto:tomas@example.org]`, "Tomás Herrera", "tomas@example.org"},
		{"a word beside text", `Herrera, =?utf-8?q?Tom=C3=A1s?= <tomas@example.org>`, "Herrera, Tomás", "tomas@example.org"},
		{"a name alone", `=?utf-8?q?Tom=C3=A1s_Herrera?=`, "Tomás Herrera", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: Sam Martin <sam@example.com>\r\nTo: rapport@example.com\r\nSubject: Fwd: Introduction\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\nFor you.\r\n\r\n" +
				"---------- Forwarded message ---------\r\n" +
				"From: =?windows-1252?q?In=E8s_Garcia?= <ines@example.org>\r\n" +
				"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n" +
				"Subject: =?utf-8?q?Pr=C3=A9sentation?=\r\n" +
				"To: Sam Martin <sam@example.com>, " + tt.to + "\r\n\r\nHello both,\r\n\r\nInès\r\n"
			m := Parse([]byte(raw))
			if m.Forward == nil {
				t.Fatalf("Parse() found no forward (kind %v)", m.Kind)
			}
			f := m.Forward
			if f.From.Name != "Inès Garcia" || f.Subject != "Présentation" {
				t.Errorf("forward From %+v, Subject %q; want Inès Garcia and Présentation", f.From, f.Subject)
			}
			if len(f.To) != 2 || f.To[1].Name != tt.wantName || f.To[1].Email != tt.wantEmail {
				t.Fatalf("forward To = %+v, want Sam Martin and {%s %s}", f.To, tt.wantName, tt.wantEmail)
			}
		})
	}
}
