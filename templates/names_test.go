package templates

import (
	"strings"
	"testing"
)

// Render decodes names that still hold RFC 2047 encoded words, whoever
// built the data: the owner reads "Tomás Herrera", never
// "=?utf-8?q?Tom=C3=A1s_Herrera?=".
func TestRenderDecodesEncodedNames(t *testing.T) {
	set, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	const encoded = "=?utf-8?q?Tom=C3=A1s_Herrera?="
	tests := []struct {
		name string
		edit func(d *Data)
		want string
	}{
		{"prep_brief", func(d *Data) { d.Contact.Name = encoded }, "Who: Tomás Herrera <claire.moreau@example.org>"},
		{"prep_brief", func(d *Data) { d.Messages[1].From = encoded + " <tomas@example.org>" }, "From Tomás Herrera <tomas@example.org>, "},
		{"notice_reply", func(d *Data) { d.Contact.Name = encoded }, "Tomás Herrera <claire.moreau@example.org> (#42"},
		{"nudge", func(d *Data) { d.Thread.From = encoded + " <tomas@example.org>" }, ", Tomás Herrera <tomas@example.org> wrote:"},
		{"receipt", func(d *Data) { d.Receipt.Results[2].Text = "#43 " + encoded + ": added" }, "#43 Tomás Herrera: added"},
		{"request", func(d *Data) { d.Owner.Name = encoded; d.IntroducedBy.Name = "=?iso-8859-1?q?Ren=E9_Roy?=" }, "René Roy suggested I get in touch with you. My name is Tomás Herrera."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Sample()
			tt.edit(&d)
			m, err := set.Render(tt.name, d)
			if err != nil {
				t.Fatalf("Render(%s) error = %v", tt.name, err)
			}
			text := m.Subject + "\n" + m.Body
			if !strings.Contains(text, tt.want) || strings.Contains(text, "=?") {
				t.Errorf("Render(%s) does not say %q, or still holds an encoded word:\n%s", tt.name, tt.want, text)
			}
		})
	}
}
