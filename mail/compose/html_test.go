package compose

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"slices"
	"strings"
	"testing"
)

// altParts parses b, which must be a multipart/alternative message of a
// text/plain and a text/html part, both UTF-8 and quoted-printable, with
// net/mail and mime/multipart (which share no code with go-mail), and
// returns the decoded parts and the boundary.
func altParts(t testing.TB, b []byte) (plain, html, boundary string) {
	t.Helper()
	msg := parseStd(t, b)
	if cte := msg.Header["Content-Transfer-Encoding"]; len(cte) != 0 {
		t.Fatalf("top-level Content-Transfer-Encoding = %q, want none\n%q", cte, b)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative with a boundary\n%q", msg.Header.Get("Content-Type"), err, b)
	}
	boundary = params["boundary"]
	r := multipart.NewReader(msg.Body, boundary)
	var got []string
	for _, want := range []string{"text/plain", "text/html"} {
		p, err := r.NextRawPart() // raw: decode here, and see the header
		if err != nil {
			t.Fatalf("part %s: %v\n%q", want, err, b)
		}
		ct, cp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil || ct != want || !strings.EqualFold(cp["charset"], "utf-8") {
			t.Fatalf("part Content-Type = %q (%v), want %s; charset=utf-8", p.Header.Get("Content-Type"), err, want)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Fatalf("%s part Content-Transfer-Encoding = %q, want quoted-printable", want, cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatalf("%s part does not decode: %v\n%q", want, err, b)
		}
		got = append(got, string(body))
	}
	if p, err := r.NextRawPart(); err != io.EOF {
		t.Fatalf("after the two parts: %v, %v; want the end", p, err)
	}
	return got[0], got[1], boundary
}

// crlf is how a cleaned body reads back: CRLF line endings.
func crlf(s string) string { return strings.ReplaceAll(cleanBody(s), "\n", "\r\n") }

func TestBytesHTMLLayout(t *testing.T) {
	m := sample()
	m.HTML = "<p>Hello <b>Jane</b>,</p>\n<p>Would you have 20 minutes? Grüße = 🙏</p>\n"
	b := mustBytes(t, m)
	checkLines(t, b, 78)
	msg := parseStd(t, b)
	if got, w := headerKeys(msg.Header), wantKeys(m); !slices.Equal(got, w) {
		t.Errorf("header fields = %v, want %v", got, w)
	}
	if n := bytes.Count(bytes.ToLower(b), []byte("mime-version:")); n != 1 || msg.Header.Get("Mime-Version") != "1.0" {
		t.Errorf("%d MIME-Version fields (%q), want one, 1.0\n%s", n, msg.Header.Get("Mime-Version"), b)
	}
	plain, html, boundary := altParts(t, b)
	if plain != crlf(m.Body) {
		t.Errorf("text/plain part = %q, want %q", plain, crlf(m.Body))
	}
	if html != crlf(m.HTML) {
		t.Errorf("text/html part = %q, want %q", html, crlf(m.HTML))
	}
	if !strings.HasPrefix(boundary, "rapport-") || len(boundary) != len("rapport-")+26 {
		t.Errorf("boundary = %q, want rapport- and 26 random characters", boundary)
	}
	if n := strings.Count(string(b), boundary); n != 4 {
		t.Errorf("boundary occurs %d times, want 4 (parameter, two delimiters, close)", n)
	}
	if !strings.HasSuffix(string(b), "\r\n--"+boundary+"--\r\n") {
		t.Errorf("bytes do not end with the close delimiter and CRLF:\n%q", b)
	}
	if _, _, other := altParts(t, mustBytes(t, m)); other == boundary {
		t.Errorf("two renderings share the boundary %q, want a random one each", boundary)
	}
}

func TestBytesHTMLBody(t *testing.T) {
	oneLine := "<p>" + strings.Repeat("x", 4993) + "</p>" // 5000 characters, no line break
	tests := []struct {
		name, body, html string
		lineLimit        int
	}{
		{"LF", "a\nb\n", "<p>a</p>\n<p>b</p>\n", 76},
		{"CRLF", "a\r\nb", "<p>a</p>\r\n<p>b</p>", 76},
		{"CR", "a\rb\r", "<p>a</p>\r<p>b</p>\r", 76},
		{"just a line break", "", "\n", 76},
		{"5000-character line", "x", oneLine, 76},
		{"long line of entities", "x", strings.Repeat("&amp;=é", 900), 76},
		{"non-ASCII", "Grüße, عبد الله 🙏", "<p dir=rtl>عبد الله — Grüße 🙏</p>", 76},
		{"invalid UTF-8", "caf\xe9", "<p>caf\xe9\xff\xfe</p>", 76},
		{"NULs and controls", "a\x00b", "<p>\x00a\x00\x01\x7f\x1b[31m</p>\x00", 76},
		{"SMTP end of data", "a\r\n.\r\nb", "<p>a</p>\r\n.\r\nQUIT\r\n.\n..\r\n", 76},
		{"delimiter-like lines", "--rapport-\n--\n", "--rapport-\r\n--rapport---\r\n--\r\n----\r\n\r\n--rapport-abc--\r\n", 76},
		{"a part header in the body", "x", "\r\n\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n", 76},
		{"quoted-printable-like text", "=3D =\n", "=3D =C3=A9 =\r\n=?UTF-8?q?x?= =\n", 76},
		{"trailing white space", "a \n", "<p>a</p> \t\n \n", 76},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			m.Body, m.HTML = tt.body, tt.html
			b := mustBytes(t, m)
			checkLines(t, b, 998)
			_, body, _ := strings.Cut(string(b), "\r\n\r\n")
			checkLines(t, []byte(body), tt.lineLimit)
			plain, html, boundary := altParts(t, b)
			if plain != crlf(tt.body) {
				t.Errorf("text/plain part = %q, want %q", plain, crlf(tt.body))
			}
			if html != crlf(tt.html) {
				t.Errorf("text/html part = %q, want %q\n%s", html, crlf(tt.html), b)
			}
			if n := strings.Count(strings.ToLower(string(b)), boundary); n != 4 {
				t.Errorf("boundary %q occurs %d times, want 4", boundary, n)
			}
			e := parseJW(t, b)
			if string(e.Text) != crlf(tt.body) || string(e.HTML) != crlf(tt.html) {
				t.Errorf("jordan-wright Text, HTML = %q, %q; want %q, %q", e.Text, e.HTML, crlf(tt.body), crlf(tt.html))
			}
		})
	}
}

// A boundary found anywhere in the message (any case, any part, any
// header) is never used: Bytes draws another, and gives up with an error
// rather than send a message a reader would cut in the wrong place.
func TestBytesHTMLBoundaryCollision(t *testing.T) {
	orig := newBoundary
	t.Cleanup(func() { newBoundary = orig })
	draw := func(list ...string) {
		newBoundary = func() string {
			b := list[0]
			if len(list) > 1 {
				list = list[1:]
			}
			return b
		}
	}

	m := sample()
	m.Subject = "about rapport-insubject"
	m.Body = "text with rapport-inplain"
	m.HTML = "<p>RAPPORT-INHTML</p>"
	draw("rapport-inhtml", "rapport-insubject", "rapport-inplain", "rapport-fresh")
	b := mustBytes(t, m)
	plain, html, boundary := altParts(t, b)
	if boundary != "rapport-fresh" || plain != crlf(m.Body) || html != crlf(m.HTML) {
		t.Errorf("boundary = %q, parts %q, %q; want rapport-fresh and the parts intact\n%s", boundary, plain, html, b)
	}

	draw("rapport-inhtml")
	if _, err := Bytes(m); err == nil || !strings.HasPrefix(err.Error(), "compose: ") || !strings.Contains(err.Error(), "boundary") {
		t.Errorf("Bytes() with only colliding boundaries: error = %v, want one about the boundary", err)
	}
}

// Without HTML nothing changes: one text/plain body, no boundary drawn.
func TestBytesNoHTMLDrawsNoBoundary(t *testing.T) {
	orig := newBoundary
	t.Cleanup(func() { newBoundary = orig })
	newBoundary = func() string { t.Fatal("newBoundary() called for a message without HTML"); return "" }
	b := mustBytes(t, sample())
	if strings.Contains(string(b), "multipart") {
		t.Errorf("a message without HTML is multipart:\n%s", b)
	}
}
