package classify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDecodeHeaderText(t *testing.T) {
	tests := []struct {
		name, in, fallback, want string
	}{
		{"plain", "Hello there", "", "Hello there"},
		{"q word", "=?iso-8859-1?q?J=FCrgen?= M", "", "Jürgen M"},
		{"b word", "=?UTF-8?B?0J/RgNC40LLQtdGC?=", "", "Привет"},
		{"space between words dropped", "=?utf-8?q?a?= =?utf-8?q?b?=", "", "ab"},
		{"utf-8 split across b words", "=?UTF-8?B?ww==?= =?UTF-8?B?pA==?=", "", "ä"},
		{"utf-8 bytes split across q words", "=?utf-8?q?=C3?= =?utf-8?q?=A4?=", "", "ä"},
		{"text around words", "Re: =?utf-8?q?caf=C3=A9?= tomorrow", "", "Re: café tomorrow"},
		{"unknown charset keeps utf-8", "=?x-unknown?q?caf=C3=A9?=", "", "café"},
		{"unknown charset 8-bit", "=?NONE?B?VEVTVA=?=", "", "TEST"},
		{"broken word kept", "=?utf-8?q?unterminated", "", "=?utf-8?q?unterminated"},
		{"raw 8-bit in declared charset", "caf\xe9", "iso-8859-1", "café"},
		{"raw 8-bit without charset", "caf\xe9", "", "café"},
		{"rfc 2231 language", "=?utf-8*en?q?hi?=", "", "hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeHeaderText(tt.in, tt.fallback)
			if got != tt.want {
				t.Fatalf("decodeHeaderText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestToUTF8(t *testing.T) {
	tests := []struct {
		name, charset, in, want string
	}{
		{"windows-1251", "windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет"},
		{"koi8-r", "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", "Привет"},
		{"shift_jis alias cp932", "cp932", "\x82\xa0", "あ"},
		{"gb2312", "gb2312", "\xc4\xe3\xba\xc3", "你好"},
		{"big5", "big5", "\xa7\x41\xa6\x6e", "你好"},
		{"iso-2022-jp", "ISO-2022-JP", "\x1b$B$\"\x1b(B", "あ"},
		{"x-mac-cyrillic", "x-mac-cyrillic", "\x8f\xf0\xe8\xe2\xe5\xf2", "Привет"},
		{"utf-7", "unicode-1-1-utf-7", "Hi +AGEAYgBj-!", "Hi abc!"},
		{"utf-16le", "utf-16le", "h\x00i\x00", "hi"},
		{"unknown label, valid utf-8", "fakescii", "café", "café"},
		{"unknown label, 8-bit", "fakescii", "caf\xe9", "café"},
		{"lying utf-8", "utf-8", "caf\xe9", "café"},
		{"quoted label", `"iso-8859-1"`, "caf\xe9", "café"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toUTF8([]byte(tt.in), tt.charset); got != tt.want {
				t.Fatalf("toUTF8(%q, %s) = %q, want %q", tt.in, tt.charset, got, tt.want)
			}
		})
	}
}

func TestDecodeTransfer(t *testing.T) {
	tests := []struct {
		name, cte, in, want string
	}{
		{"base64", "base64", "aGVsbG8g\r\nd29ybGQ=", "hello world"},
		{"base64 garbage ignored", "BASE64", "aGVs*bG8=\n!!", "hello"},
		{"base64 missing padding", "base64", "aGVsbG8", "hello"},
		{"qp", "quoted-printable", "caf=C3=A9 =\r\nau lait", "café au lait"},
		{"qp lower-case hex", "quoted-printable", "caf=c3=a9", "café"},
		{"qp stray equals kept", "quoted-printable", "a=b =zz", "a=b =zz"},
		{"qp soft break with spaces", "quoted-printable", "a= \nb", "ab"},
		{"7bit untouched", "7bit", "a=C3", "a=C3"},
		{"unknown untouched", "x-uuencode", "begin 644", "begin 644"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(decodeTransfer(tt.cte, []byte(tt.in))); got != tt.want {
				t.Fatalf("decodeTransfer(%s, %q) = %q, want %q", tt.cte, tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitMultipart(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
		ok         bool
	}{
		{"crlf", "pre\r\n--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue", []string{"\r\none", "\r\ntwo"}, true},
		{"lf and padding", "--b  \n\none\n--b--\n", []string{"\none"}, true},
		{"missing final delimiter", "--b\n\none\n--b\n\ntwo\n", []string{"\none", "\ntwo\n"}, true},
		{"prefix boundary is not a delimiter", "--b\n\none\n--bb\nstill one\n--b--\n", []string{"\none\n--bb\nstill one"}, true},
		{"no delimiter", "just text\n", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := splitMultipart([]byte(tt.body), "b")
			var gs []string
			for _, g := range got {
				gs = append(gs, string(g))
			}
			if ok != tt.ok || strings.Join(gs, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("splitMultipart(%q) = %q, %v; want %q, %v", tt.body, gs, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzDecodeHeaderText(f *testing.F) {
	f.Add("=?utf-8?q?caf=C3=A9?= =?iso-2022-jp?b?GyRCJCIbKEI=?=", "")
	f.Add("caf\xe9 =?x?b?", "windows-1252")
	f.Fuzz(func(t *testing.T, s, cs string) {
		if got := decodeHeaderText(s, cs); !utf8.ValidString(got) {
			t.Fatalf("decodeHeaderText(%q, %q) = %q, not UTF-8", s, cs, got)
		}
	})
}

func FuzzReturnDate(f *testing.F) {
	f.Add("I am back on 5 May, until Friday, bis zum 12.03.2024, jusqu'au 3 mars, hasta el 15 de enero.")
	f.Add("for two weeks; 10-31 July; 04/05/2024; tomorrow; next week")
	sent := time.Date(2024, 3, 6, 10, 0, 0, 0, time.FixedZone("", 3600))
	day := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		d := returnDate(text, sent)
		if d.IsZero() {
			return
		}
		if d.Before(day) || d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 {
			t.Fatalf("returnDate(%q) = %v, want midnight UTC on or after %v", text, d, day)
		}
	})
}
