package textclean

import "testing"

func TestName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Tomás Herrera", "Tomás Herrera"},
		{"utf-8 q", "=?utf-8?q?Tom=C3=A1s_Herrera?=", "Tomás Herrera"},
		{"upper-case labels", "=?UTF-8?Q?Tom=C3=A1s_Herrera?=", "Tomás Herrera"},
		{"base64", "=?utf-8?b?VG9tw6FzIEhlcnJlcmE=?=", "Tomás Herrera"},
		{"windows-1252", "=?windows-1252?q?Ren=E9_Roy?=", "René Roy"},
		{"iso-8859-2", "=?iso-8859-2?q?=A3ukasz_Nowak?=", "Łukasz Nowak"},
		{"an alias only real mail uses", "=?latin1?q?Ren=E9?= Roy", "René Roy"},
		{"a language suffix", "=?utf-8*en?q?Ren=C3=A9?= Roy", "René Roy"},
		{"shift_jis under its Windows name", "=?cp932?b?k++UZw==?=", "難波"},
		{"adjacent words join", "=?utf-8?q?Tom=C3=A1s?= =?utf-8?q?_Herrera?=", "Tomás Herrera"},
		{"a word beside text", "Herrera, =?utf-8?q?Tom=C3=A1s?=", "Herrera, Tomás"},
		{"an unknown charset is kept", "=?x-klingon?q?Worf?= Son", "=?x-klingon?q?Worf?= Son"},
		{"a malformed word is kept", "=?utf-8?q?Tom", "=?utf-8?q?Tom"},
		{"no line break survives", "=?utf-8?q?Jane=0D=0ABcc:_x@y.example?=", "Jane Bcc: x@y.example"},
		{"invalid bytes become U+FFFD", "=?utf-8?q?Ana=FF?=", "Ana\uFFFD"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.in); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMailbox(t *testing.T) {
	tests := []struct {
		name, in, addr, want string
	}{
		{"name and address", "Tomás Herrera", "tomas@example.org", "Tomás Herrera <tomas@example.org>"},
		{"an encoded name is decoded, not quoted", "=?utf-8?q?Herrera=2C_Tom=C3=A1s?=", "tomas@example.org", "Herrera, Tomás <tomas@example.org>"},
		{"no name", "", "tomas@example.org", "tomas@example.org"},
		{"no address", "Tomás", "", "Tomás"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mailbox(tt.in, tt.addr); got != tt.want {
				t.Errorf("Mailbox(%q, %q) = %q, want %q", tt.in, tt.addr, got, tt.want)
			}
		})
	}
}

func TestDecodeWordsKeepsLines(t *testing.T) {
	in := "Re: =?utf-8?q?caf=C3=A9?=\nsecond line"
	if got, want := DecodeWords(in), "Re: café\nsecond line"; got != want {
		t.Errorf("DecodeWords(%q) = %q, want %q", in, got, want)
	}
}
