package templates

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/digest.golden.txt from the digest template")

const goldenDigest = "testdata/digest.golden.txt"

var fixtureZone = time.FixedZone("CET", 1*60*60)

// Hostile text from a contact: it must reach the text part as written and
// the HTML part escaped.
const (
	hostileName  = `</p><script>alert("name")</script> Eve`
	hostileQuote = `</p><script>alert("quote")</script> & <b>bold</b> "quoted"`
	longName     = "Maximilian Alexander von Hohenzollern-Sigmaringen Oppenheimer-Castellanos"
	longAddress  = "christopher.montgomerywashington.the.third@mail.verylongsubdomain.example.org"
)

// digestFixture is a digest with every section and group: items with and
// without a quote, with and without a reply line, without a name or an
// #id, groups with more items than shown, a long name, a long address and
// hostile text.
func digestFixture() *DigestInfo {
	return &DigestInfo{
		CommandTo: "sam+rapport@example.com",
		Date:      time.Date(2026, 12, 2, 0, 0, 0, 0, fixtureZone),
		Since:     time.Date(2026, 12, 1, 7, 30, 0, 0, fixtureZone),
		Today: []DigestGroup{
			{Key: "replies", Title: "Replies waiting for your answer", Items: []DigestItem{
				{ID: 12, Name: "Jane Doe", Text: "replied Tue 1 Dec",
					Quote:   "Happy to talk next week. Would Tuesday at 3 work for you, or is Thursday better? I am free most afternoons.",
					Actions: []DigestAction{{Command: "#12 met"}, {Command: "#12 snooze 3d"}, {Command: "#12 declined"}}},
				{ID: 31, Name: hostileName, Text: "replied Mon 30 Nov", Quote: hostileQuote},
			}, More: 3, All: "list replies"},
			{Key: "drafts", Title: "Drafts waiting for your approval", Items: []DigestItem{
				{ID: 3, Name: "Ana Ruiz", Text: "first request, written Tue 1 Dec", Do: "#3 send"},
				{ID: 4, Name: "Bo Chen", Text: "second nudge, written Tue 1 Dec", Do: "#4 skip"},
			}},
			{Key: "meetings", Title: "Meetings today", Items: []DigestItem{
				{ID: 15, Name: longName, Text: "10:00–10:30, video call", Do: "#15 note …"},
			}},
			{Key: "thank_yous", Title: "Thank-you notes to write", Items: []DigestItem{
				{ID: 9, Name: "Li Wei", Text: "met Mon 30 Nov; the draft waits for what you learned", Do: "#9 snooze 5d"},
			}},
			{Key: "uncertain", Title: "Did these meetings happen?", Items: []DigestItem{
				{ID: 21, Name: "Sara Kim", Text: "planned for Fri 27 Nov", Do: "#21 met"},
			}},
			{Key: "returning", Title: "Back from a pause", Items: []DigestItem{
				{ID: 22, Name: "Noah Berg", Text: "paused until today"},
				{ID: 23, Text: "paused until today, and no name is known"},
			}},
		},
		Waiting: DigestGroup{Key: "waiting", Title: "Requests out", Items: []DigestItem{
			{ID: 5, Name: "Priya Shah", Text: "asked Tue 24 Nov; next nudge Thu 3 Dec"},
			{ID: 7, Name: "Omar Haddad", Text: "nudged Mon 30 Nov; no more nudges"},
		}, More: 4, All: "list waiting"},
		NextToAsk: DigestGroup{Key: "next_to_ask", Title: "Your target companies, in order of interest", Items: []DigestItem{
			{ID: 18, Text: "Acme: write to Raj Patel (Head of Design), warm: introduced by Jane Doe (#12); draft the request with rapport draft 18",
				Actions: []DigestAction{{Command: "#18 status", Label: "status"}}},
			{Text: "Globex: nobody to ask yet: add someone (add Name <address> company: Globex)"},
		}},
		Pipeline: DigestPipeline{
			Stages: []DigestCount{{"identify", 8}, {"arrange", 9}, {"follow-up", 4}, {"closed", 6}},
			Statuses: []DigestCount{{"new", 8}, {"drafted", 2}, {"requested", 3}, {"nudged", 1}, {"replied", 2},
				{"scheduled", 1}, {"met", 1}, {"thanked", 2}, {"keeping in touch", 1}, {"no response", 3},
				{"bounced", 1}, {"dropped", 1}, {"paused", 1}},
			Last30:  DigestFunnel{Requested: 3, ReplyRate: 0, MedianDaysToReply: -1},
			AllTime: DigestFunnel{Requested: 41, Replied: 17, Scheduled: 12, Met: 10, Thanked: 8, ReplyRate: 17.0 / 41, MedianDaysToReply: 2.75},
			Templates: []DigestRate{
				{Label: "request: “Twenty minutes on how you plan bus networks?”", Sent: 24, Replied: 12},
				{Label: "request: “" + hostileQuote + "”", Sent: 9, Replied: 2},
				{Label: "answer to the introduction (8 subjects)", Sent: 8, Replied: 3},
			},
			Referrals: DigestGroup{Key: "referrals", Title: "Referral chains that grew", Items: []DigestItem{
				{ID: 31, Name: hostileName, Text: "introduced by #12 Jane Doe, herself introduced by #7 Omar Haddad"},
			}},
		},
		Problems: []DigestGroup{
			{Key: "bounces", Title: "Mail that bounced", Items: []DigestItem{
				{ID: 40, Name: "Christopher Montgomery-Washington", Text: "mail to " + longAddress + " bounced: 5.1.1 user unknown", Do: "#40 drop"},
			}},
			{Key: "commands", Title: "Commands rapport did not act on", Items: []DigestItem{
				{Text: "a mail from someone@example.net on Tue 1 Dec 18:02 was not authenticated by your provider"},
			}},
			{Key: "templates", Title: "Templates", Items: []DigestItem{
				{Text: "thank_you.txt:3: unknown field .Nmae; the previous templates stay in use"},
			}},
			{Key: "offline", Title: "Mailbox connection", Items: []DigestItem{
				{Text: "no connection for 6 hours, from 01:10 to 07:10"},
			}},
		},
	}
}

// fixtureData is the data the digest templates get for the fixture.
func fixtureData(g *DigestInfo) Data {
	d := Sample()
	d.Digest = g
	return d
}

// fixtureSections returns the ids of the HTML sections the fixture must
// show, and the #ids of the contacts it names.
func fixtureSections(g *DigestInfo) (sections []string, ids []int64) {
	sections = []string{"digest-today", "digest-waiting", "digest-pipeline", "digest-problems"}
	groups := slices.Concat(g.Today, []DigestGroup{g.Waiting, g.NextToAsk, g.Pipeline.Referrals}, g.Problems)
	for _, gr := range groups {
		if len(gr.Items) > 0 && !slices.Contains(sections, "digest-"+gr.Key) {
			sections = append(sections, "digest-"+gr.Key)
		}
		for _, it := range gr.Items {
			if it.ID != 0 && !slices.Contains(ids, it.ID) {
				ids = append(ids, it.ID)
			}
		}
	}
	return sections, ids
}

func mustRenderDigest(t *testing.T, s *Set, g *DigestInfo) (subject, text, html string) {
	t.Helper()
	subject, text, html, err := s.RenderDigest(fixtureData(g))
	if err != nil {
		t.Fatalf("RenderDigest() error: %v", err)
	}
	return subject, text, html
}

// TestDigestGolden compares the plain-text digest of the fixture with
// testdata/digest.golden.txt; go test -run TestDigestGolden -update
// rewrites the file.
func TestDigestGolden(t *testing.T) {
	subject, text, _ := mustRenderDigest(t, mustLoad(t, ""), digestFixture())
	got := "Subject: " + subject + "\n\n" + text
	if *update {
		if err := os.WriteFile(goldenDigest, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", goldenDigest)
	}
	want, err := os.ReadFile(goldenDigest)
	if err != nil {
		t.Fatalf("%v (run go test ./templates -run TestDigestGolden -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("digest differs from %s (rerun with -update if the change is meant):\n--- got ---\n%s--- want ---\n%s", goldenDigest, got, want)
	}
}

// TestDigestText checks the form of the plain-text part, for the fixture
// and for a day with nothing to do.
func TestDigestText(t *testing.T) {
	s := mustLoad(t, "")
	nothing := digestFixture()
	nothing.Today, nothing.Nothing = nil, true
	for _, tt := range []struct {
		name        string
		digest      *DigestInfo
		wantSubject string
		want        []string
		dontWant    []string
	}{
		{"fixture", digestFixture(), "rapport: today, Wed 2 Dec — 12 to do", []string{
			"Needs you today\n===============\n\nReplies waiting for your answer\n  #12 Jane Doe — replied Tue 1 Dec\n" +
				"    \"Happy to talk next week. Would Tuesday at 3 work for you, or is\n     Thursday better? I am free most afternoons.\"\n    reply: #12 met\n" +
				"       or: #12 snooze 3d\n       or: #12 declined\n",
			"  #31 " + hostileName + " — replied Mon 30 Nov\n    \"" + hostileQuote + "\"\n  … and 3 more: reply list replies for the whole list\n",
			"  #23 paused until today, and no name is known\n",
			"\nWaiting\n=======\n\nRequests out\n  #5 Priya Shah",
			"  … and 4 more: reply list waiting for the whole list\n",
			"\n              last 30 days      all time\n" +
				"  requested       3 ##########     41 ##########\n" +
				"  replied         0                17 ####\n" +
				"  scheduled       0                12 ###\n" +
				"  met             0                10 ##\n" +
				"  thanked         0                 8 ##\n" +
				"  reply rate     0%               41%\n" +
				"  median wait —                 2.8 days\n",
			"\nReply rate by request\n   50% #####       12 of 24 replied\n       request: “Twenty minutes on how you plan bus networks?”\n",
			"\nReferral chains that grew\n  #31 ",
			"\n    " + longAddress + "\n",
			"\nMailbox connection\n  no connection for 6 hours",
			"Reply with one command per line, such as:\n  #12 met   #7 drop   #9 snooze 5d   #3 send   #4 skip   #15 note …\n",
		}, []string{"Nothing needs you today", "None."}},
		{"nothing to do", nothing, "rapport: today, Wed 2 Dec — nothing to do", []string{
			"Nothing needs you today.\n\nWaiting\n=======\n\nRequests out\n  #5 Priya Shah",
			"\nPipeline\n========\n", "\nProblems\n========\n", "Reply with one command per line",
		}, []string{"Needs you today", "Replies waiting"}},
		{"empty", sparseDigest(), "rapport: today, Tue 3 Mar — nothing to do", []string{
			"Nothing needs you today.\n\nWaiting\n=======\n\n  Nobody: no request is waiting for an answer.\n",
			"  requested       0                 0\n",
			"  reply rate      —                 —\n",
			"\nProblems\n========\n\n  None.\n",
		}, []string{"By stage", "By status", "Referral", "Reply rate by request", "0 #"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subject, text, _ := mustRenderDigest(t, s, tt.digest)
			if subject != tt.wantSubject {
				t.Errorf("subject = %q, want %q", subject, tt.wantSubject)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(text, w) {
					t.Errorf("text holds %q:\n%s", w, text)
				}
			}
			for i, line := range strings.Split(text, "\n") {
				if n := utf8.RuneCountInString(line); n > 72 && len(strings.Fields(line)) > 1 {
					t.Errorf("line %d has %d characters, want at most 72 unless it is one unbreakable word: %q", i+1, n, line)
				}
			}
		})
	}
}

// TestDigestContactLines checks that each contact's first line starts with
// its #id and carries its name whole, and that a reply line is the item's
// command as written.
func TestDigestContactLines(t *testing.T) {
	g := digestFixture()
	_, text, _ := mustRenderDigest(t, mustLoad(t, ""), g)
	lines := strings.Split(text, "\n")
	groups := slices.Concat(g.Today, []DigestGroup{g.Waiting, g.Pipeline.Referrals}, g.Problems)
	for _, gr := range groups {
		for _, it := range gr.Items {
			if it.ID == 0 {
				continue
			}
			head := "  #" + strconv.FormatInt(it.ID, 10) + " "
			i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, head) })
			if i < 0 {
				t.Errorf("no line starts with %q", head)
				continue
			}
			if it.Name != "" && !strings.Contains(strings.Join(strings.Fields(lines[i]+" "+lines[i+1]), " "), it.Name) {
				t.Errorf("the line of #%d = %q, want the name %q", it.ID, lines[i], it.Name)
			}
			if it.Do != "" && !slices.Contains(lines, "    reply: "+it.Do) {
				t.Errorf("no line reply: %s under #%d", it.Do, it.ID)
			}
		}
	}
}

// TestDigestHTML checks the HTML part: every value escaped, no resource
// or link that leaves the message, all CSS inline but for the dark-mode
// rules, and a section and a contact item for every part of the fixture.
func TestDigestHTML(t *testing.T) {
	g := digestFixture()
	_, _, page := mustRenderDigest(t, mustLoad(t, ""), g)
	for _, bad := range []string{"<script", "alert(\"", "<b>bold", "<img", "src=", "url(", "@import", "http:", "https:", "<link", "<iframe", "<form", "javascript:"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("HTML holds %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;/p&gt;&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; Eve",
		"&lt;/p&gt;&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &#34;quoted&#34;",
		longAddress,
		"overflow-wrap:anywhere",
		"max-width:600px",
		`<meta name="color-scheme" content="light dark">`,
		"… and 3 more", "… and 4 more",
		">reply rate<", ">median time to answer<",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(href[1], "mailto:") {
			t.Errorf("HTML links to %q; only mailto: links may appear", href[1])
		}
	}
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(page, -1)
	if len(styles) != 1 {
		t.Fatalf("HTML has %d <style> elements, want one for dark mode", len(styles))
	}
	css := regexp.MustCompile(`(?s)@media \(prefers-color-scheme: dark\) \{.*\}`).ReplaceAllString(styles[0][1], "")
	if strings.TrimSpace(css) != ":root { color-scheme: light dark; supported-color-schemes: light dark; }" {
		t.Errorf("<style> holds more than the color scheme and the dark-mode rules: %q", css)
	}
	sections, ids := fixtureSections(g)
	for _, s := range sections {
		if n := strings.Count(page, `id="`+s+`"`); n != 1 {
			t.Errorf("HTML has %d elements with id %q, want 1", n, s)
		}
	}
	for _, id := range ids {
		item := regexp.MustCompile(`<li data-contact-id="` + strconv.FormatInt(id, 10) + `"[^>]*>\s*<strong[^>]*>#` + strconv.FormatInt(id, 10) + `</strong>`)
		if !item.MatchString(page) {
			t.Errorf("HTML has no item for #%d with data-contact-id and the visible #%d", id, id)
		}
	}

	nothing := digestFixture()
	nothing.Today, nothing.Nothing = nil, true
	_, _, page = mustRenderDigest(t, mustLoad(t, ""), nothing)
	for _, want := range []string{"Nothing needs you today.", `id="digest-today"`, `id="digest-waiting"`, `id="digest-pipeline"`, `id="digest-problems"`} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML with nothing to do lacks %q", want)
		}
	}
}

// TestDigestHTMLFile checks digest.html as written, as TestFiles does the
// others.
func TestDigestHTMLFile(t *testing.T) {
	b, err := Default.ReadFile("digest.html")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(s, "\r") || !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
		t.Errorf("digest.html must have LF line ends and end with exactly one newline")
	}
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d has trailing white space", i+1)
		}
	}
	if !strings.HasPrefix(s, "<!DOCTYPE html>\n") {
		t.Errorf("digest.html does not start with <!DOCTYPE html>")
	}
}

func TestRenderDigestErrors(t *testing.T) {
	s := mustLoad(t, "")
	d := Sample()
	d.Digest = nil
	if _, _, _, err := s.RenderDigest(d); err == nil || !strings.Contains(err.Error(), "Data.Digest is nil") {
		t.Errorf("RenderDigest(no digest) error = %v, want one naming Data.Digest", err)
	}
	var none *Set
	if _, _, _, err := none.RenderDigest(Sample()); err == nil {
		t.Errorf("RenderDigest() on a nil Set error = nil, want one")
	}
	// A date that was never set fails with the file and line, not "Mon 1 Jan".
	d = Sample()
	d.Digest.Date = time.Time{}
	if _, _, _, err := s.RenderDigest(d); err == nil || !strings.Contains(err.Error(), "digest.txt (built-in):1: ") {
		t.Errorf("RenderDigest(zero date) error = %v, want digest.txt (built-in):1 named", err)
	}

	// Render gives the HTML part the digest's subject.
	m, err := s.Render("digest.html", fixtureData(digestFixture()))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "rapport: today, Wed 2 Dec — 12 to do" || !strings.HasPrefix(m.Body, "<!DOCTYPE html>") {
		t.Errorf("Render(digest.html) = %q, %.40q…; want the digest's subject and the page", m.Subject, m.Body)
	}
}

// TestLoadDigest checks overrides of the digest's two files: they load
// like any other, their mistakes are reported with file and line, and
// .Digest is for them only.
func TestLoadDigest(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "digest.txt", "Subject: Digest {{date \"2 Jan\" .Digest.Date}}\n\n{{range .Digest.Today}}{{.Title}}: {{len .Items}}\n{{end}}Done.\n")
	write(t, dir, "digest.html", "<!DOCTYPE html>\n<p>{{range .Digest.Today}}{{range .Items}}#{{.ID}} {{.Name}} {{end}}{{end}}</p>\n")
	s := mustLoad(t, dir)
	if got := s.Overrides(); !slices.Equal(got, []string{"digest", "digest.html"}) {
		t.Errorf("Overrides() = %v, want [digest digest.html]", got)
	}
	g := digestFixture()
	subject, text, page, err := s.RenderDigest(fixtureData(g))
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Digest 2 Dec" || !strings.HasPrefix(text, "Replies waiting for your answer: 2\n") || !strings.HasSuffix(text, "Done.\n") {
		t.Errorf("RenderDigest() = %q, %q; want the override's", subject, text)
	}
	if !strings.Contains(page, "#31 &lt;/p&gt;&lt;script&gt;") {
		t.Errorf("RenderDigest() html = %q, want the override's, escaped", page)
	}

	tests := []struct {
		name, file, content string
		line                int
		want                string
	}{
		{"unknown field in the HTML", "digest.html", "<!DOCTYPE html>\n<p>\n{{.Digest.Nothng}}</p>\n", 3,
			"unknown field .Nothng; did you mean .Nothing?"},
		{"syntax error in the HTML", "digest.html", "<p>\n{{.Digest.Nothing}\n</p>\n", 2, "bad character U+007D '}'"},
		{"HTML that cannot be escaped", "digest.html", "<p>\n{{if .Digest.Nothing}}<a href=\"{{end}}\">x</a></p>\n", 2,
			"branches end in different contexts"},
		{"nil field in the HTML for an empty digest", "digest.html", "<p>\n\n{{(index .Digest.Today 0).Title}}</p>\n", 3,
			"index out of range"},
		{"a header the digest cannot have", "digest.txt", "Subject: Digest\nBcc: me@example.com\n\nHi.\n", 2,
			"the digest goes to you (digest.recipient), so only its Subject is used: remove this Bcc line"},
		{"digest data in another notice", "notice_reply.txt", "Subject: Hello\n\n{{.Digest.Nothing}}\n", 3,
			"nil pointer evaluating *templates.DigestInfo.Nothing; .Digest is set only for digest and digest.html: leave it out of notice_reply"},
		{"misspelt HTML file", "digets.html", "<p>x</p>\n", 0, `no template is called "digets.html", so this file would be ignored; did you mean digest.html?`},
		{"HTML file named as text", "digest.html.txt", "<p>x</p>\n", 0, "did you mean digest.html?"},
		{"unknown HTML file", "index.html", "<p>x</p>\n", 0, "(with .txt, but digest.html as it is), or remove it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := write(t, dir, tt.file, tt.content)
			_, err := Load(dir)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load() error = %v, want a *LoadError", err)
			}
			for _, p := range le.Problems {
				if p.File == path && p.Line == tt.line && strings.Contains(p.Msg, tt.want) {
					return
				}
			}
			t.Errorf("Load() problems:\n%v\nwant %s:%d: …%s…", err, path, tt.line, tt.want)
		})
	}
}

// TestDigestHelpers checks the helpers the digest uses, as the package
// documentation describes them.
func TestDigestHelpers(t *testing.T) {
	wraps := []struct {
		name, indent, in string
		width            int
		want             string
	}{
		{"short", "  ", "  #12 Jane Doe — replied", 72, "  #12 Jane Doe — replied"},
		{"at the width", "    ", "aaaa bbbb", 9, "aaaa bbbb"},
		{"one over", "    ", "aaaa bbbb", 8, "aaaa\n    bbbb"},
		{"keeps leading spaces", "   ", "  one two three", 10, "  one two\n   three"},
		{"long word alone", "  ", "mail to " + longAddress + " bounced", 40, "mail to\n  " + longAddress + "\n  bounced"},
		{"never splits an #id", "    ", "  #12345 x", 6, "  #12345\n    x"},
		{"dash stays with the word before", "    ", "  #12 Jane — replied", 12, "  #12 Jane —\n    replied"},
		{"arrow stays with the word before", "  ", "3 requested → 1 replied", 13, "3 requested →\n  1 replied"},
		{"each line", "  ", "a b c\nd e f", 3, "a b\n  c\nd e\n  f"},
		{"counts characters, not bytes", " ", "éééé éééé", 9, "éééé éééé"},
		{"empty", "  ", "", 72, ""},
		{"spaces only", "  ", "   ", 72, ""},
	}
	for _, tt := range wraps {
		t.Run("wrap "+tt.name, func(t *testing.T) {
			got, err := wrapFunc(tt.width, tt.indent, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("wrap(%d, %q, %q) = %q, %v; want %q", tt.width, tt.indent, tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := wrapFunc(0, "", "x"); err == nil {
		t.Errorf("wrap(0, …) error = nil, want one")
	}
	for _, tt := range []struct {
		f    float64
		want string
	}{{0, "0%"}, {5.0 / 12, "42%"}, {1, "100%"}, {0.005, "1%"}, {-0.001, "0%"}} {
		if got := percentFunc(tt.f); got != tt.want {
			t.Errorf("percent(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	for _, tt := range []struct {
		f    float64
		want string
	}{{-1, "—"}, {0, "0 days"}, {0.25, "0.3 days"}, {1, "1 day"}, {1.04, "1 day"}, {2.75, "2.8 days"}, {3, "3 days"}} {
		if got := daysFunc(tt.f); got != tt.want {
			t.Errorf("days(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	if got := addFunc(1, 2, 3); got != 6 {
		t.Errorf("add(1, 2, 3) = %d, want 6", got)
	}
	if got := addFunc(); got != 0 {
		t.Errorf("add() = %d, want 0", got)
	}
}

// TestDigestHostile checks that broken text in the digest keeps both parts
// in form: one line per item, no control characters.
func TestDigestHostile(t *testing.T) {
	g := digestFixture()
	g.Today[0].Items[0].Name = "Jane\r\nBcc: x@example.com\x00"
	g.Today[0].Items[0].Quote = "line one\nline two\xff"
	g.Today[0].Title = "Replies\r\n\r\nSubject: hi"
	g.Pipeline.Stages[0].Label = "identify\n"
	subject, text, page := mustRenderDigest(t, mustLoad(t, ""), g)
	if problems := wellFormed(&Message{Subject: subject, Body: text}); len(problems) > 0 {
		t.Errorf("text part malformed: %s\n%s", strings.Join(problems, "; "), text)
	}
	if problems := wellFormed(&Message{Subject: subject, Body: page}); len(problems) > 0 {
		t.Errorf("HTML part malformed: %s", strings.Join(problems, "; "))
	}
	for _, want := range []string{"\nReplies Subject: hi\n  #12 Jane Bcc: x@example.com — replied Tue 1 Dec\n", "    \"line one line two\uFFFD\"\n", "By stage: identify 8,"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// ExampleSet_RenderDigest shows the two parts of the sample's digest.
func ExampleSet_RenderDigest() {
	s, err := Load("")
	if err != nil {
		panic(err)
	}
	subject, text, html, err := s.RenderDigest(Sample())
	if err != nil {
		panic(err)
	}
	fmt.Println(subject)
	for _, line := range strings.Split(text, "\n")[:5] {
		fmt.Println(line)
	}
	fmt.Println(strings.HasPrefix(html, "<!DOCTYPE html>"))
	// Output:
	// rapport: today, Tue 3 Mar — 6 to do
	// Needs you today
	// ===============
	//
	// Replies waiting for your answer
	//   #43 Lena Vogel — replied Mon 2 Mar
	// true
}
