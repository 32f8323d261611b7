package classify

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reply zoo: one answer to the owner's request for a 20-minute
// conversation per mail program and per shape that real answers take
// (top-, bottom- and inline-posted, HTML only, legacy charsets, an
// attachment, a signature with a disclaimer, no threading headers, another
// address). testdata/replyzoo/SOURCES.md says where each shape was learned.
//
// Each request was sent by Alex Kim <alex@owner.example> with the
// Message-ID <req-N@rapport.owner.example>.

const replyZooDir = "testdata/replyzoo"

type zooReply struct {
	file string
	from Address
	// req is N of the request's Message-ID, 0 when the reply carries no
	// threading headers at all.
	req int
	// said is a sentence the sender wrote, as a reader sees it (white space
	// is compared loosely: line breaks, non-breaking spaces).
	said string
	// quoted is how the quoted request begins: Text must not begin with it.
	quoted string
	// subject, when set, is the decoded Subject.
	subject string
}

var replyZoo = []zooReply{
	{file: "gmail_web.eml", from: Address{"Priya Natarajan", "priya.natarajan@example.com"}, req: 1,
		said: "Thursday at 11:00 Pacific works well for me; I'll send a Meet link.", quoted: "Hi Priya,"},
	{file: "gmail_android.eml", from: Address{"Mateo García", "mateo.garcia@example.net"}, req: 2,
		said: "Could we do Wednesday at 18:00 my time (Madrid)?", quoted: "Hi Mateo,"},
	{file: "gmail_ios.eml", from: Address{"Hannah Berg", "hannah.berg@example.org"}, req: 3,
		said: "I’m free Tuesday between 2 and 4pm CET.", quoted: "Hi Hannah,"},
	{file: "outlook_windows_de.eml", from: Address{"Jürgen Weber", "juergen.weber@example.com"}, req: 4,
		said: "Passt Ihnen Donnerstag, 10. Dezember, um 14 Uhr?", quoted: "Hallo Herr Weber,",
		subject: "AW: Kurzes Gespräch über Ihre Arbeit?"},
	{file: "outlook_mac.eml", from: Address{"Marcus Webb", "marcus.webb@example.org"}, req: 5,
		said: "Would Monday the 21st at 4pm GMT suit you?", quoted: "Hi Marcus,"},
	{file: "outlook_web_fr.eml", from: Address{"Camille Dubois", "camille.dubois@example.org"}, req: 6,
		said: "Je suis disponible jeudi à 15 h, heure de Paris : est-ce que ça vous convient ?", quoted: "Bonjour Camille,",
		subject: "RE: Un échange de 20 minutes ?"},
	{file: "apple_mail.eml", from: Address{"Grace Liu", "grace.liu@example.org"}, req: 7,
		said: "How about Friday at 9:00 CET?", quoted: "Hi Grace,"},
	{file: "ios_mail.eml", from: Address{"Daniel Okafor", "daniel.okafor@example.com"}, req: 8,
		said: "Wednesday at 4pm Eastern works, if that’s not too late for you.", quoted: "Hi Daniel,"},
	{file: "samsung_email.eml", from: Address{"Kwame Mensah", "kwame.mensah@example.net"}, req: 9,
		said: "Saturday morning is best for me, around 10am UK time.", quoted: "Hi Kwame,"},
	{file: "thunderbird.eml", from: Address{"Erik Lindqvist", "erik.lindqvist@example.org"}, req: 10,
		said: "I'm around most afternoons next week; Tuesday at 15:00 CET would be ideal.", quoted: "Hi Erik,"},
	{file: "yahoo.eml", from: Address{"Maria Rossi", "maria.rossi@example.com"}, req: 11,
		said: "I can talk on Thursday at 17:30 Rome time, by phone or video.", quoted: "Hi Maria,"},
	{file: "proton.eml", from: Address{"Noor Haddad", "noor.haddad@example.com"}, req: 12,
		said: "Next Monday at 13:00 UTC works for me, if that suits you.", quoted: "Hi Noor,"},
	{file: "fastmail.eml", from: Address{"Oliver Grant", "oliver.grant@example.net"}, req: 13,
		said: "Would Wednesday at 19:00 CET work?", quoted: "Hi Oliver,"},
	{file: "gmx.eml", from: Address{"Katrin Schulz", "katrin.schulz@example.net"}, req: 14,
		said: "Am Mittwoch um 17 Uhr hätte ich Zeit, telefonisch oder per Video.", quoted: "Hallo Frau Schulz,"},
	{file: "zoho.eml", from: Address{"Arjun Mehta", "arjun.mehta@example.com"}, req: 15,
		said: "Friday 2:30 PM IST (10:00 CET) works for me.", quoted: "Hi Arjun,"},
	{file: "html_only.eml", from: Address{"", "chloe.martin@example.org"}, req: 16,
		said: "Monday the 14th at 5pm Eastern is the best slot I have.", quoted: "Hi Chloe,"},
	{file: "turkish_html_only.eml", from: Address{"Ayşe Yılmaz", "ayse.yilmaz@example.com"}, req: 17,
		said: "Perşembe saat 15:00 sizin için uygun mu?", quoted: "Merhaba Ayşe Hanım,",
		subject: "RE: Görüşme İsteği"},
	{file: "japanese_iso2022jp.eml", from: Address{"佐藤 健二", "kenji.sato@example.com"}, req: 18,
		said: "来週の水曜日の午後でしたら大丈夫です。", quoted: "佐藤様",
		subject: "Re: 20分ほどお話を伺えませんか"},
	{file: "russian_koi8r.eml", from: Address{"Ольга Смирнова", "olga.smirnova@example.org"}, req: 19,
		said: "Давайте созвонимся в четверг в 11:00 по Москве.", quoted: "Здравствуйте, Ольга!",
		subject: "Re: Разговор на 20 минут?"},
	{file: "bottom_posted.eml", from: Address{"Ingrid Haugen", "ingrid.haugen@example.org"}, req: 20,
		said: "Friday the 11th at 09:30 CET works for me;", quoted: "Hi Ingrid,"},
	{file: "inline_posted.eml", from: Address{"Sam Carter", "sam.carter@example.com"}, req: 21,
		said: "Next Tuesday or Wednesday after 3pm is easiest.", quoted: "Hi Sam,"},
	{file: "no_threading.eml", from: Address{"Lucas Moreau", "lucas.moreau@example.org"}, req: 0,
		said: "Je peux vous appeler mardi 15 décembre à 10 h si cela vous va.", quoted: "Bonjour Lucas,"},
	{file: "different_address.eml", from: Address{"Fatima Al-Sayed", "fatima@home.example"}, req: 23,
		said: "Thursday at 8:30am, before clinic, would be ideal for a call.", quoted: "Dear Dr Al-Sayed,"},
	{file: "one_word.eml", from: Address{"Ben O'Hara", "ben.ohara@example.com"}, req: 24,
		said: "Sure!", quoted: "Hi Ben,"},
	{file: "attachment_pdf.eml", from: Address{"Elena Popescu", "elena.popescu@example.net"}, req: 25,
		said: "I've attached a one-pager about our team so you can see what we work on.", quoted: "Hi Elena,"},
	{file: "signature_disclaimer.eml", from: Address{"Michael Brennan", "m.brennan@example.com"}, req: 26,
		said: "I can do 20 minutes next Wednesday at 12:30 GMT, and I'll send a Teams invitation.", quoted: "Hi Michael,"},
}

// TestReplyZoo checks that every answer in the zoo is read as a person's
// reply to the request: personal, from the sender, threaded to the request
// when the program sent threading headers, and with the sender's own words
// in Text rather than only the quoted request.
func TestReplyZoo(t *testing.T) {
	for _, z := range replyZoo {
		t.Run(strings.TrimSuffix(z.file, ".eml"), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(replyZooDir, z.file))
			if err != nil {
				t.Fatalf("read fixture: %v", err)
			}
			m := Parse(raw)
			checkValid(t, m)
			if m.Kind != KindPersonal {
				t.Errorf("Kind = %s (%s), want personal: a person's answer", m.Kind, m.Reason)
			}
			if m.From != z.from {
				t.Errorf("From = %q <%s>, want %q <%s>", m.From.Name, m.From.Email, z.from.Name, z.from.Email)
			}
			if z.subject != "" && m.Subject != z.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, z.subject)
			}
			checkZooThread(t, m, z.req)
			if !strings.Contains(looseSpace(m.Text), looseSpace(z.said)) {
				t.Errorf("Text does not contain the sender's words %q; Text =\n%s", z.said, zooExcerpt(m.Text))
			}
			if first := firstLine(m.Text); strings.HasPrefix(first, ">") || strings.HasPrefix(first, z.quoted) {
				t.Errorf("Text starts with the quoted request (%q); Text =\n%s", first, zooExcerpt(m.Text))
			}
			// A header-only pass may be provisional, but its bounce and
			// auto_reply answers are trusted: neither may be given here.
			if hk := ParseHeader(raw).Kind; hk == KindBounce || hk == KindAutoReply {
				t.Errorf("ParseHeader Kind = %s, want a provisional personal (or bulk)", hk)
			}
		})
	}
}

// checkZooThread checks In-Reply-To: the request's ID when the fixture has
// threading headers, nothing when it has none.
func checkZooThread(t *testing.T, m *Message, req int) {
	t.Helper()
	if req == 0 {
		if len(m.InReplyTo) != 0 || len(m.References) != 0 {
			t.Errorf("InReplyTo = %q, References = %q; the fixture has neither", m.InReplyTo, m.References)
		}
		return
	}
	id := "req-" + strconv.Itoa(req) + "@rapport.owner.example"
	if !slices.Contains(m.InReplyTo, id) {
		t.Errorf("InReplyTo = %q, want it to hold %s", m.InReplyTo, id)
	}
}

// TestReplyZooComplete keeps the table, the fixtures and SOURCES.md in step:
// a fixture without expectations, or without a named source, is an error.
func TestReplyZooComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(replyZooDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	sources, err := os.ReadFile(filepath.Join(replyZooDir, "SOURCES.md"))
	if err != nil {
		t.Fatalf("read SOURCES.md: %v", err)
	}
	inTable := map[string]bool{}
	for _, z := range replyZoo {
		inTable[z.file] = true
		if !strings.Contains(string(sources), "`"+z.file+"`") {
			t.Errorf("SOURCES.md does not name `%s`", z.file)
		}
	}
	for _, f := range files {
		if !inTable[filepath.Base(f)] {
			t.Errorf("%s has no row in replyZoo", filepath.Base(f))
		}
	}
	if len(files) != len(replyZoo) {
		t.Errorf("%d fixtures, %d table rows", len(files), len(replyZoo))
	}
}

// looseSpace collapses every run of white space (line breaks, format=flowed
// soft breaks, non-breaking spaces) to one space.
func looseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// firstLine returns the first non-blank line of s, trimmed (a leading
// byte-order mark too).
func firstLine(s string) string {
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "\ufeff")); l != "" {
			return l
		}
	}
	return ""
}

// zooExcerpt is the start of a Text for a failure message.
func zooExcerpt(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	if r := []rune(s); len(r) > 600 {
		return string(r[:600]) + "…"
	}
	return s
}
