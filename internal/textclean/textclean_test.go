package textclean

import "testing"

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"  Jane\r\nBcc: x@y  ":     "Jane Bcc: x@y",
		"a\tb\x00c\x7fd\u0085e":    "a b c d e",
		"Zoë\u00a0Ångström\u2028王": "Zoë Ångström 王",
		"bad \xff\xfe bytes":       "bad \uFFFD bytes",
		"":                         "",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
