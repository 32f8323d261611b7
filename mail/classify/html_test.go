package classify

import (
	"mime"
	"strings"
	"testing"
)

// TestHTMLToText checks the text a reader of the HTML would see, laid out
// as a plain-text mail program writes it.
func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Case mapping that changes byte lengths ("İ" lower-cases to three
		// bytes, "Ⱥ" to three, Kelvin "K" to one) once shifted the offsets
		// the old scanner took from a lower-cased copy.
		{"turkish title", `<html><head><title>RE: Görüşme İsteği İİİİİİİİ</title></head><body>Evet, salı uygun.</body></html>`,
			"Evet, salı uygun."},
		{"turkish title then div", "<html><head><title>RE: Görüşme İsteği</title></head>\n<body dir=ltr><div>Merhaba, salı uygun.</div></body></html>",
			"Merhaba, salı uygun."},
		{"Ⱥ before a script", `<p>ȺȺȺȺȺȺȺȺ</p><script>var secret = 1;</script><p>after</p>`, "ȺȺȺȺȺȺȺȺ\n\nafter"},
		{"ſ in a style", `<style>/* ſſſſ */ p { color: red }</style><div>ſome text</div>`, "ſome text"},
		{"Kelvin sign in an upper-case script", `<P>KKKK</P><SCRIPT>K = "hidden"</SCRIPT><P>shown</P>`, "KKKK\n\nshown"},
		{"İ inside the script", `<script>var t = "İİİİİİİİİİ";</script>visible`, "visible"},
		{"İ in an attribute", `<div title="İİİİİİ"><script>leak()</script>ok</div>`, "ok"},
		{"ẞ around a template", `ẞẞ<template><p>ẞ hidden</p></template> ẞ`, "ẞẞ ẞ"},
		{"noscript dropped", `<noscript>Enable JavaScript İ</noscript><p>Text</p>`, "Text"},
		{"script end tag in another case", `<script>a()</SCRIPT >b`, "b"},
		{"script closed only by a look-alike", `<script>x = "</scripty>"; y()</script>z`, "z"},

		{"entities", `Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#8364;5&nbsp;net &#x1F600; &bogus;`,
			"Tom & Jerry <3 été €5 net 😀 &bogus;"},
		{"comments", `a<!-- hidden -->b<!--[if mso]>mso only<![endif]-->c`, "abc"},
		{"head left open", `<head><title>T</title><meta charset=utf-8><p>Body`, "Body"},
		{"text in the head starts the body", `<head><style>x{}</style>Hello`, "Hello"},
		{"head inside the body", "<p>Hi</p><head> <meta charset=utf-8> there", "Hi\n\nthere"},
		{"unclosed tags", `<div><p>one<p>two<div>three`, "one\n\ntwo\nthree"},
		{"script without end", `<p>before</p><script>alert("x")`, "before"},
		{"unterminated tag", `<p>before</p><script src="x`, "before"},
		{"stray less-than", `a < b and c <= d, 1 <3 you, x<2`, "a < b and c <= d, 1 <3 you, x<2"},
		// A "<" before a letter opens a tag; one the input ends in is
		// dropped, as a browser drops it (a truncated body's last tag).
		{"unterminated tag at the end", `x<y and more`, "x"},
		{"stray end tags", `</p>one</div></blockquote>two`, "one\n\ntwo"},
		{"invalid UTF-8", "caf\xe9 ok", "caf\uFFFD ok"},

		{"gmail lines", `<div dir="ltr"><div>Hi Jane,</div><div><br></div><div>Tuesday works.</div></div>`, "Hi Jane,\n\nTuesday works."},
		{"word paragraphs", `<p class=MsoNormal>Hi Jane,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Tuesday works.<o:p></o:p></p><p class=MsoNormal>Best,</p><p>Bob</p>`,
			"Hi Jane,\n\nTuesday works.\nBest,\n\nBob"},
		{"no-break spaces", `<div>&nbsp;&nbsp;indented</div><div>&nbsp;</div><div>a&nbsp;&nbsp;b</div>`, "indented\n\na b"},
		{"paragraphs and blank runs", "<p>a   </p><br><br><br><p>b\n  c</p>", "a\n\nb c"},
		{"headings", `<h1>Title</h1>text<h2>Sub</h2>more`, "Title\n\ntext\n\nSub\n\nmore"},
		{"pre keeps spaces", "<pre>  a  b\n c   </pre>after", "  a  b\n c\n\nafter"},
		{"lists", `<ul><li>one</li><li>two<ul><li>sub</li></ul></li></ul><ol><li>first`, "- one\n- two\n  - sub\n\n- first"},
		{"empty list item", `<ul><li>a</li><li></li></ul><p>after</p>`, "- a\n\nafter"},
		{"table", `<table><tr><td>Name</td><td>Jane</td></tr><tr><th>Role</th><td>Engineer</td></tr></table>`, "Name Jane\nRole Engineer"},
		{"hr", `above<hr>below`, "above\nbelow"},

		{"link with other text", `See <a href="https://example.com/doc">the doc</a>.`, "See the doc <https://example.com/doc>."},
		{"link showing its address", `<a href="https://www.example.com/">example.com</a>`, "example.com"},
		{"link text is a URL", `<a href="https://tracker.example/r?u=1">https://example.com</a>`, "https://example.com"},
		{"mailto link", `Write to <a href="mailto:jane%40example.com?subject=Hi">Jane</a>`, "Write to Jane <jane@example.com>"},
		{"mailto showing its address", `&lt;<a href="mailto:jane@example.com">jane@example.com</a>&gt;`, "<jane@example.com>"},
		{"javascript link", `<a href="javascript:alert(1)">click</a>`, "click"},
		{"image link", `<a href="https://example.com"><img src="logo.png"></a>text`, "text"},
		{"unclosed link", `<a href="https://example.com/a">first<a href="https://example.com/b">second`,
			"first <https://example.com/a>second <https://example.com/b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlToText(tt.in); got != tt.want {
				t.Errorf("htmlToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestHTMLToTextQuotes checks that the quoted part of a reply comes out
// with "> " before each line, as the readers of Message.Text expect (the
// owner's answer is what stands above the first ">" or "On … wrote:"
// line), in the shapes the common mail programs write.
func TestHTMLToTextQuotes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"gmail reply",
			`<div dir="ltr">Tuesday works.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 4 Mar 2024 at 10:00, Bob &lt;<a href="mailto:bob@example.org">bob@example.org</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Would you have 20 minutes?<div><br></div><div>Bob</div></div></blockquote></div>`,
			"Tuesday works.\n\n> On Mon, 4 Mar 2024 at 10:00, Bob <bob@example.org> wrote:\n>\n> Would you have 20 minutes?\n>\n> Bob"},
		{"gmail reply to a reply",
			`Yes.<div class="gmail_quote gmail_quote_container"><div class="gmail_attr">On Tue, Jane wrote:</div><blockquote class="gmail_quote">Sure?<div class="gmail_quote"><div class="gmail_attr">On Mon, Bob wrote:</div><blockquote class="gmail_quote">Tuesday?</blockquote></div></blockquote></div>`,
			"Yes.\n\n> On Tue, Jane wrote:\n>\n> Sure?\n>\n>> On Mon, Bob wrote:\n>>\n>> Tuesday?"},
		{"apple mail",
			`<html><body dir="auto">Sounds good.<br><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br><blockquote type="cite">On 4 Mar 2024, at 10:00, Bob &lt;bob@example.org&gt; wrote:<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">Would you have 20 minutes?</div></blockquote></body></html>`,
			"Sounds good.\n\nSent from my iPhone\n\n> On 4 Mar 2024, at 10:00, Bob <bob@example.org> wrote:\n>\n> Would you have 20 minutes?"},
		{"thunderbird",
			`<p>Thanks, see you then.</p><div class="moz-cite-prefix">On 04/03/2024 10:00, Bob wrote:<br></div><blockquote type="cite" cite="mid:abc@example.org"><p>Would Tuesday work?</p><blockquote type="cite">Earlier note</blockquote></blockquote>`,
			"Thanks, see you then.\n\nOn 04/03/2024 10:00, Bob wrote:\n\n> Would Tuesday work?\n>\n>> Earlier note"},
		{"nested blockquotes and back",
			`<p>top</p><blockquote>level one<blockquote>level two</blockquote>back one</blockquote>after`,
			"top\n\n> level one\n>\n>> level two\n>\n> back one\n\nafter"},
		{"blockquote left open", `answer<blockquote>quoted<p>still quoted`, "answer\n\n> quoted\n>\n> still quoted"},
		{"outlook on the web",
			`<div>Tuesday is fine.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif"><b>From:</b> Bob &lt;bob@example.org&gt;<br><b>Sent:</b> Monday, March 4, 2024 10:00<br><b>Subject:</b> Coffee</font><div>&nbsp;</div></div><div>Would you have 20 minutes?</div>`,
			"Tuesday is fine.\n\n> From: Bob <bob@example.org>\n> Sent: Monday, March 4, 2024 10:00\n> Subject: Coffee\n>\n> Would you have 20 minutes?"},
		{"outlook quoted again",
			`<div>Yes.</div><div id="x_divRplyFwdMsg"><b>Von:</b> Bob</div><div>Frage?</div>`,
			"Yes.\n\n> Von: Bob\n> Frage?"},
		{"hotmail stopSpelling",
			`Fine by me.<br><br><hr id="stopSpelling">Date: Mon, 4 Mar 2024<br>From: bob@example.org<br><br>Would Tuesday work?`,
			"Fine by me.\n\n> Date: Mon, 4 Mar 2024\n> From: bob@example.org\n>\n> Would Tuesday work?"},
		{"outlook marker inside a quote ends with it",
			`<p>Reply</p><blockquote>Bob's answer<div id="divRplyFwdMsg">From: Ann</div>Ann's question</blockquote><p>Inline note</p>`,
			"Reply\n\n> Bob's answer\n>\n>> From: Ann\n>> Ann's question\n\nInline note"},
		{"yahoo",
			`<div>Sure thing.</div><div id="yahoo_quoted_123" class="yahoo_quoted"><div>On Monday, Bob wrote:</div><div><div>Tuesday?</div></div></div>`,
			"Sure thing.\n\n> On Monday, Bob wrote:\n> Tuesday?"},
		{"yahoo quoting a quote",
			`<div>Ok.</div><div class="ydp1a2b3c4dyahoo_quoted"><div>Earlier</div></div>`,
			"Ok.\n\n> Earlier"},
		{"proton",
			`<div>Agreed.</div><div class="protonmail_quote">On Monday, Bob wrote:<br><blockquote class="protonmail_quote" type="cite">Tuesday?</blockquote></div>`,
			"Agreed.\n\n> On Monday, Bob wrote:\n>\n> Tuesday?"},
		{"indentation is not a quote",
			`<div>My points:</div><blockquote style="margin: 0 0 0 40px; border: none; padding: 0px;"><div>first, second</div></blockquote><div>Thanks</div>`,
			"My points:\n\nfirst, second\n\nThanks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlToText(tt.in); got != tt.want {
				t.Errorf("htmlToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseHTMLOnly checks whole messages whose only body is HTML: what
// they are and the text kept for the readers of the answer.
func TestParseHTMLOnly(t *testing.T) {
	header := "From: Ayşe Yılmaz <ayse@example.com.tr>\r\nTo: owner@example.org\r\n" +
		"Date: Tue, 05 Mar 2024 09:12:00 +0300\r\nMessage-ID: <m1@example.com.tr>\r\n" +
		"In-Reply-To: <n1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n"
	tests := []struct {
		name, subject, body string
		kind                Kind
		text, notText       string // in and not in Message.Text
		fwdFrom             string // Forward.From.Email for a forward
	}{
		{name: "turkish reply", subject: "RE: Görüşme İsteği",
			body: "<html><head><title>RE: Görüşme İsteği</title></head><body><div>Merhaba, salı saat 10 uygun.</div></body></html>",
			kind: KindPersonal, text: "Merhaba, salı saat 10 uygun.", notText: "Görüşme"},
		{name: "gmail forward", subject: "Fwd: Intro",
			body: `<div dir="ltr">FYI<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Jane Doe</strong> <span dir="auto">&lt;<a href="mailto:jane@example.net">jane@example.net</a>&gt;</span><br>Date: Mon, 4 Mar 2024 at 10:00<br>Subject: Intro<br>To: &lt;<a href="mailto:ayse@example.com.tr">ayse@example.com.tr</a>&gt;<br></div><br><br><div dir="ltr">Happy to talk.</div></div></div>`,
			kind: KindForward, text: "FYI", fwdFrom: "jane@example.net"},
		{name: "outlook forward", subject: "FW: Intro",
			body: `<div>See below.</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font><b>From:</b> Jane Doe &lt;jane@example.net&gt;<br><b>Sent:</b> Monday, March 4, 2024 10:00 AM<br><b>To:</b> Ayşe &lt;ayse@example.com.tr&gt;<br><b>Subject:</b> Intro</font><div>&nbsp;</div></div><div>Happy to talk.</div>`,
			kind: KindForward, text: "See below.", fwdFrom: "jane@example.net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := header + "Subject: " + mime.BEncoding.Encode("UTF-8", tt.subject) + "\r\n\r\n" + tt.body + "\r\n"
			m := Parse([]byte(raw))
			if m.Kind != tt.kind {
				t.Fatalf("Kind = %s (%s), want %s; text %q", m.Kind, m.Reason, tt.kind, m.Text)
			}
			if !strings.Contains(m.Text, tt.text) {
				t.Errorf("Text = %q, want it to hold %q", m.Text, tt.text)
			}
			if tt.notText != "" && strings.Contains(m.Text, tt.notText) {
				t.Errorf("Text = %q, holds %q", m.Text, tt.notText)
			}
			if tt.fwdFrom != "" && (m.Forward == nil || m.Forward.From.Email != tt.fwdFrom) {
				t.Errorf("Forward = %+v, want from %s", m.Forward, tt.fwdFrom)
			}
		})
	}
}
