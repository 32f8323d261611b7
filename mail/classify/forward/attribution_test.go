package forward

import "testing"

func TestAttributionLanguages(t *testing.T) {
	const body = "\n\n    Hello Sam,\n    glad to help.\n"
	tests := []struct {
		name, line, fromName, from string
	}{
		{"en", `On 02/01/2026 15:04, "Jo Kim" <jo.kim@example.com> wrote:`, "Jo Kim", "jo.kim@example.com"},
		{"de", `Am 02.01.26, 15:04 schrieb "Jo Kim" <jo.kim@example.com>:`, "Jo Kim", "jo.kim@example.com"},
		{"fr", `Le 02/01/2026 15:04, « Jo Kim » <jo.kim@example.com> a écrit :`, "Jo Kim", "jo.kim@example.com"},
		{"es", `El 2/1/26 15:04, "Jo Kim" <jo.kim@example.com> escribió:`, "Jo Kim", "jo.kim@example.com"},
		{"cs", `Dne 02.01.2026 15:04, Jo Kim <jo.kim@example.com> napsal(a):`, "Jo Kim", "jo.kim@example.com"},
		{"pl", `Dnia 2.01.2026, o godz. 15:04, „Jo Kim” <jo.kim@example.com> napisał:`, "Jo Kim", "jo.kim@example.com"},
		{"nl", `Op 02-01-2026 15:04 heeft Jo Kim <jo.kim@example.com> geschreven:`, "", "jo.kim@example.com"},
		{"fi", `Jo Kim <jo.kim@example.com> kirjoitti 2.1.2026 kello 15.04:`, "Jo Kim", "jo.kim@example.com"},
		{"ru", `02.01.2026, 15:04 пользователь "Jo Kim" <jo.kim@example.com> написал:`, "Jo Kim", "jo.kim@example.com"},
		{"sv", `Den 2026-01-02 15:04 skrev "Jo Kim" <jo.kim@example.com> följande:`, "Jo Kim", "jo.kim@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := FromText(tt.line + body)
			if !ok {
				t.Fatalf("FromText(%q) found no forward", tt.line)
			}
			if o.From.Address != tt.from || o.From.Name != tt.fromName {
				t.Fatalf("FromText().From = %q <%s>, want %q <%s>", o.From.Name, o.From.Address, tt.fromName, tt.from)
			}
			if !o.Ambiguous || o.Body != "Hello Sam,\nglad to help." {
				t.Fatalf("FromText() = Ambiguous %v, Body %q", o.Ambiguous, o.Body)
			}
		})
	}
}

func TestAttributionNotForward(t *testing.T) {
	tests := []struct{ name, text string }{
		{"reply above quote", "Sounds good.\n\nOn Mon, Jan 5, 2026 at 3:04 PM Jo Kim <jo.kim@example.com> wrote:\n> Tuesday?\n"},
		{"reply below quote", "On Mon, Jan 5, 2026 at 3:04 PM Jo Kim <jo.kim@example.com> wrote:\n> Tuesday?\n\nYes, Tuesday.\n"},
		{"nothing quoted", "On Mon, Jan 5, 2026 at 3:04 PM Jo Kim <jo.kim@example.com> wrote:\n"},
		{"no address", "On Monday Jo wrote:\n    Tuesday?\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if o, ok := FromText(tt.text); ok {
				t.Fatalf("FromText() = %+v, true; want false", o)
			}
		})
	}
}
