package classify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hiddenMarker is put at the start of a script, style or title around the
// fuzzed text: it must never reach the text a reader sees.
const hiddenMarker = "HIDDENSCRIPTMARKER"

// FuzzHTMLToText feeds htmlToText arbitrary text, alone and inside a
// script, a style and a title: it must not panic, must return valid UTF-8
// laid out as promised (no trailing spaces, no blank line at either end or
// two in a row), and what stands in a script, style or title must not show.
// That last is checked by difference: the marker placed before the fuzzed
// text inside the element, where it cannot change where the element ends,
// must change nothing in the output.
func FuzzHTMLToText(f *testing.F) {
	// Text whose case mapping changes its length in bytes, which broke the
	// old scanner's offsets: Turkish dotted İ (2 bytes, lower-cases to 3),
	// Ⱥ (2 to 3), capital ẞ (3 to 2), the Kelvin sign (3 to 1), long ſ (2,
	// upper-cases to 1).
	for _, s := range []string{
		"İ", "Ⱥ", "ẞ", "K", "ſ", "ΣΊΣΥΦΟΣ ς", "RE: Görüşme İsteği", "Straße STRASSE ẞ", "İSTANBUL ıi",
		"<title>RE: Görüşme İsteği</title><p>Evet</p>",
		"<script>İİİİİİİİ</script><p>Evet</p>",
		"<style>p{}/*ȺȺȺȺ*/</style>ȺȺ<SCRIPT>KKKK</SCRIPT>x",
		"</script><p>after ſſ</p><script>more",
		"</SCRİPT>shown?", "</scrıpt>", "</style >x", "</title\tx>y",
		"<!--<script>",
		"<blockquote>İ<div class=gmail_quote>Ⱥ<blockquote class=gmail_quote>ẞ</blockquote></div>",
		"<div id=divRplyFwdMsg>K</div><hr id=stopSpelling>ſ",
		"<a href=\"mailto:İ@ẞ.example\">K</a><a href=https://ſ.example>ſ</a>",
		"<pre> İ \n\n\n Ⱥ </pre><ul><li>ẞ<li><ol><li>K",
		"a < b <3 <", "<", "<p", "&", "&#", "&#x110000;", "&amp", "\x00<b>\x00</b>", "\xff\xfe<p>\xc3",
		"<plaintext>", "<textarea><script>x</script>", "<xmp>", "<template>", "<head>", "<noscript>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkLayout(t, s, htmlToText(s))
		for _, tag := range []string{"script", "style", "title"} {
			before := "<html><head></head><body><p>İ Ⱥ ẞ K ſ</p><" + tag + ">"
			after := "</" + tag + "><p>end ſ</p></body></html>"
			with := htmlToText(before + hiddenMarker + s + after)
			without := htmlToText(before + s + after)
			checkLayout(t, s, with)
			if strings.Contains(with, hiddenMarker) && !strings.Contains(without, hiddenMarker) {
				t.Fatalf("the contents of <%s> show: htmlToText(...%q...) = %q", tag, s, with)
			}
			if with != without {
				t.Fatalf("text inside <%s> changed the output: %q vs %q (fuzzed %q)", tag, with, without, s)
			}
		}
	})
}

// checkLayout fails unless out is valid UTF-8 laid out as htmlToText
// promises.
func checkLayout(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("htmlToText(%q) = %q: not valid UTF-8", in, out)
	}
	if strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") || strings.Contains(out, "\n\n\n") {
		t.Fatalf("htmlToText(%q) = %q: blank line at an end or two in a row", in, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(l, " ") || strings.HasSuffix(l, "\t") {
			t.Fatalf("htmlToText(%q) = %q: line %q ends in a space", in, out, l)
		}
	}
}
